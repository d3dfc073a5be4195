"""Cases: neural-network functions (activations, crossentropies, l2_normalize, in_top_k, bias and batch
normalisation). Procedural checks (dropout, epsilon at call time, finiteness) are in ``nn_checks``."""
import numpy as np

from ..model import FLOATS, NO_GRADIENT, Case, ErrorCase, T, boolean, fixed, float_of, same
from ..reference import nn as ref
from .inputs import A0, A234, A35, EMPTY_0x3, MIXED_SIGNS
from .nn_checks import CHECKS
from .nn_relu import CASES as RELU_CASES

_rng = np.random.default_rng(20261123)
LARGE = np.array([-1e4, -50.0, -10.0, -1.0, -1e-3, 0.0, 1e-3, 1.0, 10.0, 50.0, 1e4])
INTS = np.array([[-3, -1, 0, 2, 5], [4, -4, 1, 1, 0]])
_INF, _NAN = np.inf, np.nan
NONFINITE = np.array([[_INF, 1.0, 2.0], [_NAN, 1.0, 2.0], [-_INF, 1.0, 2.0], [-_INF, -_INF, -_INF], [1.0, 2.0, 3.0],
                      [_INF, _INF, 0.0], [-_INF, _INF, 1.0], [-_INF, 0.0, -_INF]])

CASES = []

# --- activations: every one on the same inputs, including +-1e4 (finite results, no NaN) --------------------------
ACTIVATIONS = ("relu", "elu", "softplus", "softsign", "sigmoid", "hard_sigmoid", "tanh")
for fn in ACTIVATIONS + ("softmax",):
    reference = getattr(ref, fn)
    CASES += [
        Case(fn, (T(MIXED_SIGNS),), {}, reference, FLOATS, same, "matrix"),
        Case(fn, (T(A234),), {}, reference, FLOATS, same, "rank3"),
        Case(fn, (T(LARGE),), {}, reference, FLOATS, same, "large-values"),
        Case(fn, (T(LARGE.reshape(1, -1)),), {}, reference, FLOATS, same, "large-values-row"),
        Case(fn, (T(EMPTY_0x3),), {}, reference, FLOATS, same, "size0"),
        Case(fn, (T(INTS),), {}, reference, ("int32", "int64"), float_of, "int-input"),
        Case(fn, (T(A35, as_numpy=True),), {}, reference, ("float32",), same, "numpy-input"),
        Case(fn, (T(A35, variable=True),), {}, reference, ("float32",), same, "variable-input"),
    ]
    if fn != "softmax":
        CASES += [Case(fn, (T(A0),), {}, reference, FLOATS, same, "scalar"),
                  ErrorCase(fn, ("not a number",), {}, TypeError, "string-input")]

CASES += RELU_CASES
CASES += [
    Case("elu", (T(MIXED_SIGNS),), {"alpha": 0.5}, ref.elu, FLOATS, same, "alpha=0.5"),
    Case("elu", (T(LARGE), 2.0), {}, ref.elu, FLOATS, same, "alpha-positional-large"),
    Case("elu", (T(np.array([-1e-6, -1e-9, 1e-9])),), {}, ref.elu, ("float32", "float64"), same, "tiny"),
    Case("softplus", (T(np.array([-100.0, -30.0, -1e-8, 1e-8, 30.0, 100.0])),), {}, ref.softplus,
         ("float32", "float64"), same, "tails"),
    Case("sigmoid", (T(np.array([-100.0, -30.0, 30.0, 100.0])),), {}, ref.sigmoid, ("float32", "float64"), same,
         "tails"),
    Case("hard_sigmoid", (T(np.array([-3.0, -2.5, -1.0, 0.0, 1.0, 2.5, 3.0])),), {}, ref.hard_sigmoid, FLOATS,
         same, "corners"),
]

# softmax: axes, size-1 and size-0 axes, stability.
CASES += [
    Case("softmax", (T(A35),), {"axis": 0}, ref.softmax, FLOATS, same, "axis=0"),
    Case("softmax", (T(A234), 1), {}, ref.softmax, FLOATS, same, "rank3-axis=1-positional"),
    Case("softmax", (T(A234),), {"axis": -3}, ref.softmax, FLOATS, same, "rank3-axis=-3"),
    Case("softmax", (T(np.array([[0.5], [-2.0]])),), {}, ref.softmax, FLOATS, same, "size1-axis"),
    Case("softmax", (T(np.zeros((3, 0))),), {}, ref.softmax, FLOATS, same, "size0-axis"),
    Case("softmax", (T(np.array([0.5, -1.0, 2.0])),), {}, ref.softmax, FLOATS, same, "vector"),
    Case("softmax", (T(np.array([[1e4, 1e4 - 1.0, -1e4], [-1e4, -1e4, -1e4]])),), {}, ref.softmax,
         ("float32", "float64"), same, "stable"),
    # non-finite rows: NaN or +inf anywhere in a row gives NaN across it; -inf entries are 0 (NaN if all are -inf)
    Case("softmax", (T(NONFINITE),), {}, ref.softmax, FLOATS, same, "non-finite-rows", properties=NO_GRADIENT),
    Case("softmax", (T(NONFINITE.T),), {"axis": 0}, ref.softmax, FLOATS, same, "non-finite-axis=0",
         properties=NO_GRADIENT),
    Case("softmax", (T(np.stack([NONFINITE, NONFINITE[::-1]]).transpose(0, 2, 1)),), {"axis": 1}, ref.softmax,
         FLOATS, same, "non-finite-rank3-axis=1", properties=NO_GRADIENT),
    Case("softmax", (T(np.array([-np.inf, 0.0, np.nan])),), {}, lambda x: np.full(3, np.nan), FLOATS, same,
         "non-finite-vector", properties=NO_GRADIENT),
    ErrorCase("softmax", (T(A35),), {"axis": 2}, ValueError, "axis-out-of-range"),
    ErrorCase("softmax", (T(A35),), {"axis": [0, 1]}, TypeError, "list-axis"),
    ErrorCase("softmax", (T(A0),), {}, ValueError, "scalar"),
]

# --- crossentropies ------------------------------------------------------------------------------------------------
# The probability tables of the Keras tests (4x2 and 2x3), unnormalised probabilities, logits, soft targets.
P42 = np.array([[0.7, 0.3], [0.1, 0.9], [0.45, 0.55], [0.99, 0.01]])
T42 = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
P23 = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])
T23 = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
UNNORMALISED = _rng.uniform(0.1, 2.0, (4, 5)).round(3)
ONE_HOT = np.eye(5)[[3, 0, 4, 1]]
SOFT = _rng.dirichlet(np.ones(5), 4).round(3)
LOGITS = _rng.uniform(-4.0, 4.0, (4, 5)).round(2)
PROBS_234 = _rng.uniform(0.05, 1.0, (2, 3, 4)).round(3)
ONE_HOT_234 = np.eye(3)[_rng.integers(0, 3, (2, 4))].transpose(0, 2, 1)  # classes on axis 1
CCE = ref.categorical_crossentropy
CASES += [
    Case("categorical_crossentropy", (T(T42), T(P42)), {}, CCE, FLOATS, same, "keras-4x2"),
    Case("categorical_crossentropy", (T(T23), T(P23)), {}, CCE, FLOATS, same, "keras-2x3"),
    Case("categorical_crossentropy", (T(T42), T(P42)), {"from_logits": True}, CCE, FLOATS, same,
         "keras-4x2-from_logits"),
    Case("categorical_crossentropy", (T(T23), T(P23), True), {}, CCE, FLOATS, same, "keras-2x3-from_logits"),
    Case("categorical_crossentropy", (T(ONE_HOT), T(UNNORMALISED)), {}, CCE, FLOATS, same, "normalises"),
    Case("categorical_crossentropy", (T(SOFT), T(UNNORMALISED)), {}, CCE, FLOATS, same, "soft-target"),
    Case("categorical_crossentropy", (T(SOFT), T(LOGITS)), {"from_logits": True}, CCE, FLOATS, same,
         "logits-soft-target"),
    Case("categorical_crossentropy", (T(ONE_HOT.T), T(UNNORMALISED.T)), {"axis": 0}, CCE, FLOATS, same, "axis=0"),
    Case("categorical_crossentropy", (T(ONE_HOT.T), T(LOGITS.T)), {"axis": 0, "from_logits": True}, CCE, FLOATS,
         same, "axis=0-from_logits"),
    Case("categorical_crossentropy", (T(ONE_HOT_234), T(PROBS_234)), {"axis": 1}, CCE, FLOATS, same,
         "rank3-axis=1"),
    Case("categorical_crossentropy", (T(ONE_HOT_234), T(PROBS_234), False, -2), {}, CCE, FLOATS, same,
         "rank3-axis=-2-positional"),
    Case("categorical_crossentropy", (T(T23), T(np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]))), {}, CCE, FLOATS,
         same, "clipped-zeros"),
    Case("categorical_crossentropy", (T(ONE_HOT, "int32"), T(UNNORMALISED)), {}, CCE, FLOATS, same, "int-target"),
    Case("categorical_crossentropy", (T(T42, as_numpy=True), T(P42)), {}, CCE, ("float32",), same, "numpy-target"),
    Case("categorical_crossentropy", (T(T42, variable=True), T(P42, as_numpy=True)), {}, CCE, FLOATS, same,
         "variable-target-numpy-output"),
    Case("categorical_crossentropy", (T(T42, "float64"), T(P42)), {}, CCE, FLOATS, same, "target-in-output-dtype"),
    Case("categorical_crossentropy", (T(np.array([1.0, 0.0, 0.0])), T(np.array([1e4, 0.0, -1e4]))),
         {"from_logits": True}, CCE, ("float32", "float64"), same, "large-logits"),
    ErrorCase("categorical_crossentropy", (T(np.ones((4, 3))), T(np.ones((4, 2)))), {}, ValueError,
              "shape-mismatch"),
    ErrorCase("categorical_crossentropy", (T(T42), T(P42)), {"axis": 2}, ValueError, "axis-out-of-range"),
]

SCCE = ref.sparse_categorical_crossentropy
LABELS = np.array([3, 0, 4, 1])
LABELS_24 = _rng.integers(0, 3, (2, 4))
PROBS_243 = _rng.uniform(0.05, 1.0, (2, 4, 3)).round(3)
CASES += [
    Case("sparse_categorical_crossentropy", (T(LABELS, "int32"), T(UNNORMALISED)), {}, SCCE, FLOATS, same,
         "int32-target"),
    Case("sparse_categorical_crossentropy", (T(LABELS, "int64"), T(LOGITS)), {"from_logits": True}, SCCE, FLOATS,
         same, "int64-target-from_logits"),
    Case("sparse_categorical_crossentropy", (T(np.array([1, 0]), "int64"), T(P23)), {}, SCCE, FLOATS, same,
         "keras-2x3"),
    Case("sparse_categorical_crossentropy", (T(np.array([1, 0]), "int64"), T(P23), True), {}, SCCE, FLOATS, same,
         "keras-2x3-from_logits"),
    Case("sparse_categorical_crossentropy", (T(LABELS),), {"output": T(UNNORMALISED)}, SCCE, FLOATS, same,
         "float-target"),
    Case("sparse_categorical_crossentropy", (T(LABELS.reshape(4, 1), "int32"), T(UNNORMALISED)), {}, SCCE, FLOATS,
         same, "target-(batch,1)"),
    Case("sparse_categorical_crossentropy", (T(LABELS_24, "int32"), T(PROBS_243)), {}, SCCE, FLOATS, same,
         "rank3"),
    Case("sparse_categorical_crossentropy", (T(LABELS_24, "int32"), T(PROBS_234)), {"axis": 1}, SCCE, FLOATS, same,
         "rank3-axis=1"),
    Case("sparse_categorical_crossentropy", (T(LABELS_24, "int64"), T(PROBS_234 * 4 - 2)),
         {"axis": -2, "from_logits": True}, SCCE, FLOATS, same, "rank3-axis=-2-from_logits"),
    Case("sparse_categorical_crossentropy", (T(np.array([4]), "int32"), T(LOGITS.T[:, :1])), {"axis": 0}, SCCE,
         FLOATS, same, "axis=0"),
    Case("sparse_categorical_crossentropy", (T(np.array([1, 2]), "int32"), T(np.array([[0.0, 1.0, 0.0]] * 2))), {},
         SCCE, FLOATS, same, "clipped-zeros"),
    Case("sparse_categorical_crossentropy", (T(np.array([0, 5, -1, 2]), "int32"), T(UNNORMALISED)), {}, SCCE,
         FLOATS, same, "out-of-range-nan"),
    Case("sparse_categorical_crossentropy", (T(np.array([0, 2]), "int32"), T(np.array([[1e4, 0.0, -1e4]] * 2))),
         {"from_logits": True}, SCCE, ("float32", "float64"), same, "large-logits"),
    Case("sparse_categorical_crossentropy", (T(np.zeros((0,)), "int32"), T(np.zeros((0, 3)))), {}, SCCE, FLOATS,
         same, "size0-batch"),
    Case("sparse_categorical_crossentropy", (T(LABELS, "int64", as_numpy=True), T(UNNORMALISED, variable=True)), {},
         SCCE, FLOATS, same, "numpy-target-variable-output"),
    ErrorCase("sparse_categorical_crossentropy", (T(np.array([0, 1, 2]), "int32"), T(P42)), {}, ValueError,
              "target-shape-mismatch"),
    ErrorCase("sparse_categorical_crossentropy", (T(np.array([0, 1]), "int32"), T(P23)), {"axis": 2}, ValueError,
              "axis-out-of-range"),
]

BCE = ref.binary_crossentropy
P_EDGES = np.array([[0.0, 0.0], [1e-9, 0.5], [0.999, 0.25]])
T_EDGES = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.5]])
CASES += [
    Case("binary_crossentropy", (T(T42), T(P42)), {}, BCE, FLOATS, same, "keras-4x2"),
    Case("binary_crossentropy", (T(T23), T(P23)), {}, BCE, FLOATS, same, "keras-2x3"),
    Case("binary_crossentropy", (T(T42), T(P42), True), {}, BCE, FLOATS, same, "keras-4x2-from_logits"),
    Case("binary_crossentropy", (T(T23), T(P23)), {"from_logits": True}, BCE, FLOATS, same, "keras-2x3-from_logits"),
    Case("binary_crossentropy", (T(SOFT), T(LOGITS)), {"from_logits": True}, BCE, FLOATS, same, "soft-logits"),
    Case("binary_crossentropy", (T(T_EDGES), T(P_EDGES)), {}, BCE, FLOATS, same, "clipped-low"),
    Case("binary_crossentropy", (T(np.array([0.0, 1.0, 0.5])), T(np.array([1.0, 1.0, 1.0]))), {}, BCE,
         ("float64",), same, "clipped-high"),
    Case("binary_crossentropy", (T(np.array([1.0, 0.0, 1.0, 0.0])), T(np.array([1e4, 1e4, -1e4, -1e4]))),
         {"from_logits": True}, BCE, FLOATS, same, "large-logits"),
    Case("binary_crossentropy", (T(T42, "int32"), T(P42)), {}, BCE, FLOATS, same, "int-target"),
    Case("binary_crossentropy", (T(np.array(1.0)), T(np.array(0.3))), {}, BCE, FLOATS, same, "scalar"),
    Case("binary_crossentropy", (T(PROBS_234.round()), T(PROBS_234)), {}, BCE, FLOATS, same, "rank3"),
    Case("binary_crossentropy", (T(EMPTY_0x3), T(EMPTY_0x3)), {}, BCE, FLOATS, same, "size0"),
    Case("binary_crossentropy", (T(T42, as_numpy=True), T(P42, variable=True)), {}, BCE, FLOATS, same,
         "numpy-target-variable-output"),
    ErrorCase("binary_crossentropy", (T(np.ones((4, 1))), T(np.ones((4, 2)))), {}, ValueError, "shape-mismatch"),
]

# --- crossentropies of empty inputs (a size-0 batch or class axis), from probabilities and from logits -------------
def _no_classes(target, output, from_logits=False, axis=-1):
    """The loss of an empty class axis: a sum of no terms, 0 for each row (no rows: shape (0,))."""
    return np.zeros(np.delete(np.shape(output), axis))


def _no_rows(target, output, from_logits=False):
    return np.zeros((0,))


for shape in ((0, 0), (0, 3), (2, 0)):
    for logits in (False, True):
        label = f"empty-{shape[0]}x{shape[1]}{'-from_logits' if logits else ''}"
        reference = _no_classes if 0 in shape[1:] or shape[0] == 0 else CCE
        CASES += [
            Case("categorical_crossentropy", (T(np.zeros(shape)), T(np.zeros(shape))), {"from_logits": logits},
                 reference, FLOATS, same, label),
            Case("binary_crossentropy", (T(np.zeros(shape)), T(np.zeros(shape))), {"from_logits": logits}, BCE,
                 FLOATS, same, label),
        ]
        if shape[0] == 0:
            CASES.append(Case("sparse_categorical_crossentropy", (T(np.zeros((0,)), "int32"), T(np.zeros(shape))),
                              {"from_logits": logits}, _no_rows, FLOATS, same, label))
CASES += [Case("categorical_crossentropy", (T(np.zeros((0, 2))), T(np.zeros((0, 2)))), {"from_logits": True, "axis": 0},
               _no_classes, FLOATS, same, "empty-class-axis=0-from_logits")]

# --- l2_normalize, in_top_k ----------------------------------------------------------------------------------------
L2 = ref.l2_normalize
CASES += [
    Case("l2_normalize", (T(MIXED_SIGNS),), {}, L2, FLOATS, same, "all"),
    Case("l2_normalize", (T(MIXED_SIGNS),), {"axis": -1}, L2, FLOATS, same, "axis=-1"),
    Case("l2_normalize", (T(MIXED_SIGNS), 0), {}, L2, FLOATS, same, "axis=0-positional"),
    Case("l2_normalize", (T(A234),), {"axis": [0, 2]}, L2, FLOATS, same, "list-axis"),
    Case("l2_normalize", (T(np.array([[0.0, 0.0], [3.0, 4.0]])),), {"axis": 1}, L2, FLOATS, same, "zero-row"),
    Case("l2_normalize", (T(np.array([[300.0, 400.0], [1e-4, 0.0]])),), {"axis": 1}, L2, FLOATS, same,
         "large-and-tiny"),
    Case("l2_normalize", (T(INTS),), {"axis": 1}, L2, ("int32",), float_of, "int-input"),
    Case("l2_normalize", (T(EMPTY_0x3),), {"axis": 1}, L2, FLOATS, same, "size0"),
    ErrorCase("l2_normalize", (T(A35),), {"axis": 2}, ValueError, "axis-out-of-range"),
]

PREDICTIONS = _rng.uniform(0.0, 1.0, (20, 10)).round(4)
TARGETS = _rng.integers(0, 10, 20)
TIED = PREDICTIONS.copy()
for _row in TIED:  # half of the classes share the value of class 0 (the Keras test)
    _row[_rng.choice(10, 5, replace=False)] = _row[0]
SPECIAL = np.array([[0.1, 0.5, 0.5, 0.2], [0.3, np.nan, 0.1, 0.0], [0.1, 0.2, np.inf, 0.0], [0.4, 0.3, 0.2, 0.1]])
for k in range(0, 12):
    CASES.append(Case("in_top_k", (T(PREDICTIONS), T(TARGETS, "int32"), k), {}, ref.in_top_k, FLOATS, boolean,
                      f"k={k}"))
for k in (1, 3, 5, 6, 10):
    CASES.append(Case("in_top_k", (T(TIED), T(np.zeros(20), "int64"), k), {}, ref.in_top_k, FLOATS, boolean,
                      f"ties-k={k}"))
CASES += [
    Case("in_top_k", (T(SPECIAL), T(np.array([2, 0, 1, 7]), "int32")), {"k": 1}, ref.in_top_k, FLOATS, boolean,
         "nan-inf-out-of-range"),
    Case("in_top_k", (T(SPECIAL[[0]]), T(np.array([1]), "int64"), -1), {}, ref.in_top_k, ("float32",), boolean,
         "negative-k"),
    Case("in_top_k", (T(PREDICTIONS), T(TARGETS, "int32"), 10 ** 30), {}, ref.in_top_k, ("float32",), boolean,
         "huge-k"),
    Case("in_top_k", (T(PREDICTIONS), T(TARGETS, "int32"), -10 ** 30), {}, ref.in_top_k, ("float32",), boolean,
         "huge-negative-k"),
    Case("in_top_k", (T(np.zeros((0, 4))), T(np.zeros(0), "int32"), 2), {}, ref.in_top_k, ("float32",), boolean,
         "size0-batch"),
    Case("in_top_k", (T(PREDICTIONS, variable=True), T(TARGETS, "int64", as_numpy=True), 3), {}, ref.in_top_k,
         FLOATS, boolean, "variable-and-numpy"),
    Case("in_top_k", (T(np.round(PREDICTIONS * 10)), T(TARGETS, "int32"), 3), {}, ref.in_top_k, ("int32", "int64"),
         boolean, "integer-predictions"),
    ErrorCase("in_top_k", (T(PREDICTIONS), T(TARGETS, "float32"), 1), {}, TypeError, "float-targets"),
    ErrorCase("in_top_k", (T(PREDICTIONS), T(TARGETS, "int32"), 1.5), {}, TypeError, "float-k"),
    ErrorCase("in_top_k", (T(PREDICTIONS), T(TARGETS[:5], "int32"), 1), {}, ValueError, "batch-mismatch"),
    ErrorCase("in_top_k", (T(PREDICTIONS[0]), T(TARGETS[:1], "int32"), 1), {}, ValueError, "rank1-predictions"),
]

# --- bias_add ------------------------------------------------------------------------------------------------------
def _v(shape):
    return _rng.uniform(-1.0, 1.0, shape).round(2)


for shape in ((4, 3), (2, 5, 3), (2, 4, 5, 3), (2, 3, 4, 2, 3), (2, 1, 2, 1, 2, 3)):
    x = _v(shape)
    channels_first = np.moveaxis(x, -1, 1)
    CASES += [
        Case("bias_add", (T(x), T(_v(shape[-1:]))), {"data_format": "channels_last"}, ref.bias_add, FLOATS, same,
             f"rank{len(shape)}-channels_last"),
        Case("bias_add", (T(channels_first), T(_v(shape[-1:]))), {"data_format": "channels_first"}, ref.bias_add,
             FLOATS, same, f"rank{len(shape)}-channels_first"),
    ]
    if len(shape) > 2:
        CASES += [
            Case("bias_add", (T(x), T(_v(shape[1:]))), {"data_format": "channels_last"}, ref.bias_add, FLOATS, same,
                 f"rank{len(shape)}-full-bias-channels_last"),
            Case("bias_add", (T(channels_first), T(_v(shape[1:]))), {"data_format": "channels_first"},
                 ref.bias_add, FLOATS, same, f"rank{len(shape)}-full-bias-channels_first"),
        ]
CASES += [
    # The Keras test: x (20, 6, 10) channels_first with a bias (10, 6), reshaped (not transposed) to (6, 10).
    Case("bias_add", (T(_v((20, 6, 10))), T(_v((10, 6)))), {"data_format": "channels_first"}, ref.bias_add, FLOATS,
         same, "keras-(20,6,10)-channels_first"),
    Case("bias_add", (T(_v((20, 10, 6))), T(_v((10, 6)))), {"data_format": "channels_last"}, ref.bias_add, FLOATS,
         same, "keras-(20,10,6)-channels_last"),
    Case("bias_add", (T(_v((2, 4, 3))), T(_v((3,)))), {}, ref.bias_add, FLOATS, same, "default-data_format"),
    Case("bias_add", (T(_v((2, 3, 4))), T(_v((3,))), "channels_first"), {}, ref.bias_add, FLOATS, same,
         "positional-data_format"),
    Case("bias_add", (T(_v((2, 3, 4))), T(_v((4,)))), {"data_format": "Channels_Last"}, ref.bias_add, ("float32",),
         same, "mixed-case-data_format"),
    Case("bias_add", (T(np.zeros((0, 3))), T(_v((3,)))), {"data_format": "channels_last"}, ref.bias_add, FLOATS,
         same, "size0-batch"),
    Case("bias_add", (T(_v((2, 3))), T(_v((3,)), "float64")), {}, ref.bias_add, ("float32",), fixed("float64"),
         "mixed-dtypes-promote"),
    Case("bias_add", (T(_v((2, 4, 3)), variable=True), T(_v((3,)), variable=True)), {}, ref.bias_add, FLOATS, same,
         "variables"),
    Case("bias_add", (T(_v((2, 3, 4)), as_numpy=True), T(_v((3,)), as_numpy=True), "channels_first"), {},
         ref.bias_add, ("float32",), same, "numpy-inputs"),
    ErrorCase("bias_add", (T(np.ones((2, 3, 4))), T(np.ones((1, 1, 4)))), {}, ValueError, "bias-rank-3"),
    ErrorCase("bias_add", (T(np.ones((2, 3, 4))), T(np.ones(3))), {"data_format": "channels_last"}, ValueError,
              "bias-length"),
    ErrorCase("bias_add", (T(np.ones((2, 3, 4))), T(np.ones(4))), {"data_format": "channels_first"}, ValueError,
              "bias-length-channels_first"),
    ErrorCase("bias_add", (T(np.ones((2, 3, 4))), T(np.ones((3, 4)))), {"data_format": "channels_first"},
              ValueError, "full-bias-not-reshapeable-order"),
    ErrorCase("bias_add", (T(np.ones((2, 3))), T(np.ones(3))), {"data_format": "channels_middle"}, ValueError,
              "invalid-data_format"),
    ErrorCase("bias_add", (T(np.ones(3)), T(np.ones(3))), {}, ValueError, "rank1-x"),
]

# --- batch_normalization, normalize_batch_in_training --------------------------------------------------------------
X4 = _v((2, 3, 4, 5))
POSITIVE = _rng.uniform(0.1, 2.0, (5,)).round(2)
BN = ref.batch_normalization
CASES += [
    Case("batch_normalization", (T(_v((4, 5))), T(_v(5)), T(POSITIVE), T(_v(5)), T(_v(5) + 1.0)), {}, BN, FLOATS,
         same, "2d"),
    Case("batch_normalization", (T(X4), T(_v(5)), T(POSITIVE), T(_v(5)), T(_v(5))), {"axis": -1}, BN, FLOATS,
         same, "4d-axis=-1"),
    Case("batch_normalization", (T(X4), T(_v(3)), T(POSITIVE[:3]), T(_v(3)), T(_v(3))), {"axis": 1}, BN, FLOATS,
         same, "4d-axis=1"),
    Case("batch_normalization", (T(X4), T(_v(4)), T(POSITIVE[:4]), T(_v(4)), T(_v(4)), 2, 0.01), {}, BN, FLOATS,
         same, "axis=2-epsilon-positional"),
    Case("batch_normalization", (T(X4), T(_v((1, 3, 1, 1))), T(POSITIVE[:3].reshape(1, 3, 1, 1)),
                                 T(_v((1, 3, 1, 1))), T(_v((1, 3, 1, 1)))), {"axis": 1}, BN, FLOATS, same,
         "broadcast-shaped-params"),
    Case("batch_normalization", (T(_v((2, 5, 3))), T(_v(3)), T(POSITIVE[:3]), None, None), {}, BN, FLOATS, same,
         "no-beta-gamma"),
    Case("batch_normalization", (T(_v((2, 5, 3))), T(_v(3)), T(POSITIVE[:3]), T(_v(3)), None), {}, BN, FLOATS,
         same, "no-gamma"),
    Case("batch_normalization", (T(_v((2, 5, 3))), T(_v(3)), T(POSITIVE[:3]), None, T(_v(3))), {}, BN, FLOATS,
         same, "no-beta"),
    Case("batch_normalization", (T(_v((6,))), T(_v(6)), T(_rng.uniform(0.1, 2.0, 6)), T(_v(6)), T(_v(6))), {}, BN,
         FLOATS, same, "1d"),
    Case("batch_normalization", (T(INTS), T(_v(5)), T(POSITIVE), None, None), {}, BN, ("int32",), float_of,
         "int-input"),
    Case("batch_normalization", (T(X4), T(_v(5), variable=True), T(POSITIVE, variable=True),
                                 T(_v(5), variable=True), T(_v(5), variable=True)), {}, BN, FLOATS, same,
         "variable-params"),
    Case("batch_normalization", (T(X4), T(_v(3), "float64"), T(POSITIVE[:3], "float64"), T(_v(3), as_numpy=True),
                                 T(_v(3), "float16")), {"axis": 1}, BN, FLOATS, same, "params-in-x-dtype"),
    ErrorCase("batch_normalization", (T(X4), T(np.zeros(3)), T(np.ones(3)), None, None), {"axis": -1}, ValueError,
              "param-length"),
    ErrorCase("batch_normalization", (T(X4), T(np.zeros(3)), T(np.ones(3)), None, None), {"axis": 4}, ValueError,
              "axis-out-of-range"),
    ErrorCase("batch_normalization", (T(X4), T(np.zeros((2, 3))), T(np.ones(5)), None, None), {}, ValueError,
              "mean-not-broadcastable"),
]

NB = ref.normalize_batch_in_training
X_ROWS = _rng.uniform(-3.0, 3.0, (6, 4)).round(2)
CASES += [
    Case("normalize_batch_in_training", (T(X_ROWS), T(_v(4) + 1.0), T(_v(4)), [0]), {}, NB, FLOATS, same, "2d"),
    Case("normalize_batch_in_training", (T(X4), T(_v(3)), T(_v(3)), [0, 2, 3]), {}, NB, FLOATS, same,
         "4d-channels_first"),
    Case("normalize_batch_in_training", (T(X4), T(_v(5)), T(_v(5)), (0, 1, 2)), {}, NB, FLOATS, same,
         "4d-channels_last"),
    Case("normalize_batch_in_training", (T(X4), None, None, [0, 1, 2, 3]), {}, NB, FLOATS, same, "all-axes"),
    Case("normalize_batch_in_training", (T(X4), T(_v((1, 3, 1, 1))), None, [0, -2, -1]), {}, NB, FLOATS, same,
         "broadcast-gamma-negative-axes"),
    Case("normalize_batch_in_training", (T(X4), None, T(_v((3, 5))), [0, 2]), {"epsilon": 0.1}, NB, FLOATS, same,
         "beta-only-epsilon"),
    Case("normalize_batch_in_training", (T(_v((5, 3, 2))), T(_v((3, 2))), T(_v((3, 2))), [0]), {}, NB, FLOATS,
         same, "rank3-per-activation"),
    Case("normalize_batch_in_training", (T(np.full((4, 2), 1.5)), None, None, [0]), {}, NB, FLOATS, same,
         "constant-batch"),
    Case("normalize_batch_in_training", (T(INTS), None, None, [0]), {}, NB, ("int32",), float_of, "int-input"),
    Case("normalize_batch_in_training", (T(X_ROWS, variable=True), T(_v(4) + 1.0, variable=True),
                                         T(_v(4), as_numpy=True), 0), {}, NB, FLOATS, same, "variables-int-axis"),
    ErrorCase("normalize_batch_in_training", (T(X4), T(np.ones(4)), None, [0, 2, 3]), {}, ValueError,
              "gamma-size"),
    ErrorCase("normalize_batch_in_training", (T(X4), None, None, [0, 4]), {}, ValueError, "axis-out-of-range"),
    ErrorCase("normalize_batch_in_training", (T(X4), None, None, []), {}, ValueError, "no-axes"),
    ErrorCase("normalize_batch_in_training", (T(X4), None, None, "per-activation"), {}, TypeError,
              "string-axes"),
]

CASES += CHECKS
