"""Cases: ctc_batch_cost, ctc_decode, ctc_label_dense_to_sparse (Keras 2's golden tests, then random inputs)."""
import functools

import numpy as np

from kbackend.engine_api import active_engine

from ..model import FLOATS, Case, CheckCase, ErrorCase, T, same
from ..reference import ctc as ref

# Keras 2.3.1 backend_test.py test_ctc (from TensorFlow's test): expected losses [3.34211, 5.42262].
KERAS_LABELS = np.array([[0, 1, 2, 1, 0], [0, 1, 1, 0, -1]])
KERAS_INPUTS = np.array(
    [[[0.633766, 0.221185, 0.0917319, 0.0129757, 0.0142857, 0.0260553],
      [0.111121, 0.588392, 0.278779, 0.0055756, 0.00569609, 0.010436],
      [0.0357786, 0.633813, 0.321418, 0.00249248, 0.00272882, 0.0037688],
      [0.0663296, 0.643849, 0.280111, 0.00283995, 0.0035545, 0.00331533],
      [0.458235, 0.396634, 0.123377, 0.00648837, 0.00903441, 0.00623107]],
     [[0.30176, 0.28562, 0.0831517, 0.0862751, 0.0816851, 0.161508],
      [0.24082, 0.397533, 0.0557226, 0.0546814, 0.0557528, 0.19549],
      [0.230246, 0.450868, 0.0389607, 0.038309, 0.0391602, 0.202456],
      [0.280884, 0.429522, 0.0326593, 0.0339046, 0.0326856, 0.190345],
      [0.423286, 0.315517, 0.0338439, 0.0393744, 0.0339315, 0.154046]]])
KERAS_LOSSES = np.array([[3.34211], [5.42262]])

# test_ctc_decode_greedy: two samples of lengths 4 and 5 (time steps beyond them are ignored).
GREEDY_INPUTS = np.array(
    [[[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.4, 0.6], [0.0, 0.0, 0.4, 0.6], [0.0, 0.9, 0.1, 0.0],
      [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
     [[0.1, 0.9, 0.0, 0.0], [0.0, 0.9, 0.1, 0.0], [0.0, 0.0, 0.1, 0.9], [0.0, 0.9, 0.1, 0.1],
      [0.9, 0.1, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]])
GREEDY_DECODED = np.array([[0, 1, -1], [1, 1, 0]])
GREEDY_LOG_PROB = -np.array([[np.log(1.0) + np.log(0.6) + np.log(0.6) + np.log(0.9)],
                             [np.log(0.9) + np.log(0.9) + np.log(0.9) + np.log(0.9) + np.log(0.9)]])

# test_ctc_decode_beam_search: one sample, beam_width=2, top_paths=2 -> [1, 0] (-5.811451) and [1] (-6.63339).
_BEAM_PROBS = np.array(
    [[0.30999, 0.309938, 0.0679938, 0.0673362, 0.0708352, 0.173908],
     [0.215136, 0.439699, 0.0370931, 0.0393967, 0.0381581, 0.230517],
     [0.199959, 0.489485, 0.0233221, 0.0251417, 0.0233289, 0.238763],
     [0.279611, 0.452966, 0.0204795, 0.0209126, 0.0194803, 0.20655],
     [0.51286, 0.288951, 0.0243026, 0.0220788, 0.0219297, 0.129878]], dtype=np.float32) + 2.0
BEAM_INPUTS = np.exp(np.concatenate([_BEAM_PROBS, np.zeros((2, 6), np.float32)]))[None]  # padded to 7 steps
BEAM_DECODED = [np.array([[1, 0]]), np.array([[1]])]
BEAM_LOG_PROB = np.array([[-5.811451, -6.63339]])

# test_ctc_decode_beam_search_no_merge: "AABB" without merging, "AB" with it (classes A, B, blank).
NO_MERGE_INPUTS = np.array([[[0, 0, 1], [1, 0, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]]],
                           dtype=np.float64)


def _golden(value):
    def reference(*args, **kwargs):
        return value
    return reference


def _probabilities(shape, seed, concentration=1.0, decimals=4):
    """Random softmax outputs (rows sum to one), rounded (unless decimals is None) so that float16 represents them
    closely."""
    rng = np.random.default_rng(seed)
    values = rng.dirichlet(np.full(shape[-1], concentration), size=shape[:-1])
    return values if decimals is None else values.round(decimals)


def _labels(samples, max_labels, classes, seed):
    return np.random.default_rng(seed).integers(0, classes - 1, size=(samples, max_labels))


def _decode_dtypes(count):
    def rule(dtype, floatx):
        return (["int64"] * count, dtype if dtype in FLOATS else floatx)
    rule.__name__ = f"decoded_int64_x{count}"
    return rule


# Random batches: (samples, steps, classes, max_labels), label lengths, input lengths, seed.
LOSS_BATCHES = (
    ((3, 8, 5, 4), [4, 2, 0], [8, 6, 3], 1, "lengths-and-empty-label"),
    ((2, 6, 3, 3), [3, 3], [6, 6], 2, "few-classes"),
    ((4, 12, 7, 5), [5, 1, 3, 5], [12, 12, 7, 10], 3, "batch-4"),
    ((1, 1, 2, 1), [1], [1], 4, "one-step"),
    ((2, 5, 4, 3), [0, 0], [5, 0], 5, "no-labels-and-no-steps"),
)

CASES = [
    Case("ctc_batch_cost", (T(KERAS_LABELS, "int32"), T(KERAS_INPUTS), T(np.array([[5], [5]]), "int32"),
                            T(np.array([[5], [4]]), "int32")), {}, ref.ctc_batch_cost, FLOATS, same, "keras-reference"),
    Case("ctc_batch_cost", (T(KERAS_LABELS, "int32"), T(KERAS_INPUTS), T(np.array([[5], [5]]), "int32"),
                            T(np.array([[5], [4]]), "int32")), {}, _golden(KERAS_LOSSES), ("float32",), same,
         "keras-golden-values", tolerance=(0.0, 1e-5)),
    Case("ctc_batch_cost", (T(KERAS_LABELS[:1], "int32"), T(KERAS_INPUTS[:1]), T(np.array([[5]]), "int32"),
                            T(np.array([[5]]), "int32")), {}, _golden(KERAS_LOSSES[:1]), ("float32",), same,
         "keras-golden-one-sample", tolerance=(0.0, 1e-5)),
    Case("ctc_batch_cost", (T(KERAS_LABELS, "int64"), T(KERAS_INPUTS), T(np.array([5, 5]), "int64"),
                            T(np.array([5, 4]), "int64")), {}, ref.ctc_batch_cost, ("float32",), same,
         "int64-lengths-of-shape-(samples,)"),
    Case("ctc_batch_cost", (T(np.maximum(KERAS_LABELS, 0), "float32"), T(KERAS_INPUTS),
                            T(np.array([[5.0], [5.0]]), "float32"), T(np.array([[5.0], [4.0]]), "float32")), {},
         ref.ctc_batch_cost, ("float64",), same, "float-labels-and-lengths"),
    Case("ctc_batch_cost", (T(KERAS_LABELS, "int32", as_numpy=True), T(KERAS_INPUTS, as_numpy=True),
                            T(np.array([[5], [5]]), "int32", as_numpy=True),
                            T(np.array([[5], [4]]), "int32", as_numpy=True)), {}, ref.ctc_batch_cost, ("float32",),
         same, "numpy-inputs"),
    Case("ctc_batch_cost", (T(KERAS_LABELS, "int32", variable=True), T(KERAS_INPUTS, variable=True),
                            T(np.array([[5], [5]]), "int32", variable=True),
                            T(np.array([[5], [4]]), "int32", variable=True)), {}, ref.ctc_batch_cost, ("float32",),
         same, "variables"),
    # A repeated label needs a blank between its copies: [1, 1] fits 3 steps but not 2 (+inf), [2, 3] fits 2.
    Case("ctc_batch_cost", (T(np.array([[1, 1], [1, 1], [2, 3]]), "int32"), T(_probabilities((3, 3, 5), 9)),
                            T(np.array([[3], [2], [2]]), "int32"), T(np.array([[2], [2], [2]]), "int32")), {},
         ref.ctc_batch_cost, FLOATS, same, "infeasible-is-inf"),
    Case("ctc_batch_cost", (T(np.array([[0, 1, 2]]), "int32"), T(_probabilities((1, 4, 4), 10)),
                            T(np.array([[9]]), "int32"), T(np.array([[7]]), "int32")), {}, ref.ctc_batch_cost,
         ("float32",), same, "lengths-beyond-axes-clamped"),
    ErrorCase("ctc_batch_cost", (T(np.zeros((2, 3)), "int32"), T(np.ones((2, 5))), T(np.ones((2, 1)), "int32"),
                                 T(np.ones((2, 1)), "int32")), {}, ValueError, "y_pred-not-3d"),
    ErrorCase("ctc_batch_cost", (T(np.zeros((3, 3)), "int32"), T(np.ones((2, 5, 4))), T(np.ones((2, 1)), "int32"),
                                 T(np.ones((2, 1)), "int32")), {}, ValueError, "y_true-batch-mismatch"),
    ErrorCase("ctc_batch_cost", (T(np.zeros((2, 3)), "int32"), T(np.ones((2, 5, 4))), T(np.ones((3, 1)), "int32"),
                                 T(np.ones((2, 1)), "int32")), {}, ValueError, "input_length-shape"),
    ErrorCase("ctc_batch_cost", (T(np.zeros((2, 3)), "int32"), T(np.ones((2, 5, 4))), T(np.ones((2, 1)), "int32"),
                                 T(np.ones((2, 2)), "int32")), {}, ValueError, "label_length-shape"),
]
for (_samples, _steps, _classes, _max), _label_lengths, _input_lengths, _seed, _label in LOSS_BATCHES:
    _y_true = _labels(_samples, _max, _classes, _seed)
    _y_true[np.arange(_max)[None, :] >= np.array(_label_lengths)[:, None]] = -1  # padding, as in Keras's test
    CASES.append(Case("ctc_batch_cost", (T(_y_true, "int32"), T(_probabilities((_samples, _steps, _classes), _seed)),
                                         T(np.array(_input_lengths)[:, None], "int32"),
                                         T(np.array(_label_lengths)[:, None], "int32")), {}, ref.ctc_batch_cost,
                      FLOATS, same, _label))

# --- ctc_decode -----------------------------------------------------------------------------------------------------
CASES += [
    Case("ctc_decode", (T(GREEDY_INPUTS), T(np.array([4, 5]), "int32")), {"greedy": True},
         _golden(([GREEDY_DECODED], GREEDY_LOG_PROB)), ("float32",), _decode_dtypes(1), "keras-greedy-golden",
         tolerance=(1e-5, 1e-5)),
    Case("ctc_decode", (T(GREEDY_INPUTS), T(np.array([4, 5]), "int32")), {"greedy": True}, ref.ctc_decode, FLOATS,
         _decode_dtypes(1), "greedy-reference"),
    Case("ctc_decode", (T(BEAM_INPUTS), T(np.array([5]), "int32")),
         {"greedy": False, "beam_width": 2, "top_paths": 2}, _golden((BEAM_DECODED, BEAM_LOG_PROB)), ("float32",),
         _decode_dtypes(2), "keras-beam-golden", tolerance=(1e-5, 1e-5)),
    Case("ctc_decode", (T(BEAM_INPUTS), T(np.array([5]), "int32")),
         {"greedy": False, "beam_width": 2, "top_paths": 2}, ref.ctc_decode, ("float32", "float64"),
         _decode_dtypes(2), "keras-beam-reference"),
    Case("ctc_decode", (T(NO_MERGE_INPUTS), T(np.array([7]), "int64")),
         {"greedy": False, "beam_width": 1, "top_paths": 1, "merge_repeated": False},
         _golden(([np.array([[0, 0, 1, 1]])], ref.ctc_decode(NO_MERGE_INPUTS, [7], False, 1, 1, False)[1])),
         ("float32",), _decode_dtypes(1), "keras-no-merge-AABB", properties=("values", "dtype", "shape", "placement")),
    Case("ctc_decode", (T(NO_MERGE_INPUTS), T(np.array([7]), "int64")),
         {"greedy": False, "beam_width": 1, "top_paths": 1, "merge_repeated": True},
         _golden(([np.array([[0, 1]])], ref.ctc_decode(NO_MERGE_INPUTS, [7], False, 1, 1, True)[1])),
         ("float32",), _decode_dtypes(1), "keras-merge-AB"),
    Case("ctc_decode", (T(_probabilities((2, 1, 2), 20)), T(np.array([1, 0]), "int32")),
         {"greedy": False, "beam_width": 3, "top_paths": 3}, ref.ctc_decode, ("float32",), _decode_dtypes(3),
         "fewer-beams-than-top_paths"),
    Case("ctc_decode", (T(_probabilities((3, 5, 4), 21)), T(np.array([[5], [2], [0]]), "int32")), {},
         ref.ctc_decode, ("float32",), _decode_dtypes(1), "greedy-default-and-(samples,1)-lengths"),
    Case("ctc_decode", (T(np.zeros((2, 3, 3))), T(np.array([3, 3]), "int32")), {"greedy": True}, ref.ctc_decode,
         ("float32",), _decode_dtypes(1), "greedy-all-blank-ties"),
    ErrorCase("ctc_decode", (T(np.ones((2, 5))), T(np.array([5, 5]), "int32")), {}, ValueError, "y_pred-not-3d"),
    ErrorCase("ctc_decode", (T(np.ones((2, 5, 3))), T(np.array([5, 5, 5]), "int32")), {}, ValueError,
              "input_length-shape"),
    ErrorCase("ctc_decode", (T(np.ones((2, 5, 3))), T(np.array([5, 5]), "int32")),
              {"greedy": False, "beam_width": 0}, ValueError, "beam_width-zero"),
    ErrorCase("ctc_decode", (T(np.ones((2, 5, 3))), T(np.array([5, 5]), "int32")),
              {"greedy": False, "beam_width": 2.5}, TypeError, "beam_width-float"),
    ErrorCase("ctc_decode", (T(np.ones((2, 5, 3))), T(np.array([5, 5]), "int32")),
              {"greedy": False, "beam_width": 2, "top_paths": 3}, ValueError, "top_paths-above-beam_width"),
]
# Random beam searches against the reference's prefix beam search (every beam width, path count, merge setting).
for _index, (_shape, _width, _paths, _merge, _lengths) in enumerate((
        ((3, 6, 4), 1, 1, False, [6, 4, 1]), ((3, 6, 4), 3, 2, False, [6, 6, 5]), ((2, 8, 3), 5, 3, True, [8, 7]),
        ((2, 7, 5), 8, 4, False, [7, 3]), ((4, 5, 3), 100, 1, False, [5, 5, 2, 0]), ((2, 9, 4), 4, 4, True, [9, 9]))):
    _y = _probabilities(_shape, 30 + _index, concentration=0.5, decimals=None)
    CASES.append(Case("ctc_decode", (T(_y), T(np.array(_lengths), "int32")),
                      {"greedy": False, "beam_width": _width, "top_paths": _paths, "merge_repeated": _merge},
                      ref.ctc_decode, ("float32", "float64"), _decode_dtypes(_paths),
                      f"beam-{_width}-top-{_paths}-merge-{_merge}-{_index}"))
    CASES.append(Case("ctc_decode", (T(_y), T(np.array(_lengths), "int32")), {"greedy": True}, ref.ctc_decode,
                      ("float32",), _decode_dtypes(1), f"greedy-random-{_index}"))


# --- ctc_label_dense_to_sparse --------------------------------------------------------------------------------------
def label_dense_to_sparse(K, labels, lengths, dtype):
    sparse = K.ctc_label_dense_to_sparse(K.constant(labels, dtype=dtype), K.constant(lengths, dtype="int32"))
    expected = ref.ctc_label_dense_to_sparse(np.asarray(labels), np.asarray(lengths))
    if active_engine().capabilities.get("sparse"):
        assert K.is_sparse(sparse), f"expected a sparse tensor, got {type(sparse).__name__}"
    dense = K.to_dense(sparse)
    assert tuple(K.int_shape(dense)) == expected.shape, (K.int_shape(dense), expected.shape)
    assert K.dtype(dense) == dtype, K.dtype(dense)
    np.testing.assert_array_equal(K.eval(dense), expected)
    np.testing.assert_array_equal(K.eval(sparse), expected)  # eval densifies


CASES += [
    CheckCase("ctc_label_dense_to_sparse", functools.partial(
        label_dense_to_sparse, labels=KERAS_LABELS, lengths=[5, 4], dtype="int32"), "keras-labels"),
    CheckCase("ctc_label_dense_to_sparse", functools.partial(
        label_dense_to_sparse, labels=[[3, 0, 2, 7], [1, 1, 0, 0], [5, 6, 7, 8]], lengths=[2, 0, 4], dtype="int64"),
        "zero-labels-and-empty-row"),
    CheckCase("ctc_label_dense_to_sparse", functools.partial(
        label_dense_to_sparse, labels=[[1.0, 2.0], [3.0, 4.0]], lengths=[[1], [2]], dtype="float32"),
        "float-labels-(samples,1)-lengths"),
    ErrorCase("ctc_label_dense_to_sparse", (T(np.ones((2, 3, 1)), "int32"), T(np.array([1, 1]), "int32")), {},
              ValueError, "labels-not-2d"),
    ErrorCase("ctc_label_dense_to_sparse", (T(np.ones((2, 3)), "int32"), T(np.array([1, 1, 1]), "int32")), {},
              ValueError, "label_lengths-shape"),
]
del _samples, _steps, _classes, _max, _label_lengths, _input_lengths, _seed, _label, _y_true
del _index, _shape, _width, _paths, _merge, _lengths, _y
