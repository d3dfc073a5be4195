"""Cases: reductions and element-wise math."""
import numpy as np

from ..model import ALL_DTYPES, FLOATS, NO_GRADIENT, NUMERIC, Case, ErrorCase, T, accumulate, boolean, float_of, int64, same
from ..reference import math as ref
from .inputs import A0, A234, A35, A1x3, ARGS_TIED, INT_VALUES, MIXED_SIGNS, EMPTY_0x3, POS35

REDUCTION_VARIANTS = (
    # (label, tensor value, kwargs)
    ("all", A35, {}),
    ("axis=0", A35, {"axis": 0}),
    ("axis=-1", A35, {"axis": -1}),
    ("axis=1-keepdims", A35, {"axis": 1, "keepdims": True}),
    ("keepdims", A35, {"keepdims": True}),
    ("list-axis", A234, {"axis": [0, -1]}),
    ("tuple-axis", A234, {"axis": (1, 2), "keepdims": True}),
    ("size1-axis", A1x3, {"axis": 0}),
    ("scalar", A0, {}),
    ("rank3-axis=1", A234, {"axis": 1}),
)


def reduction_cases(fn, reference, rule, dtypes, empty_ok=True, positional=True):
    cases = [Case(fn, (T(value),), kwargs, reference, dtypes, rule, label) for label, value, kwargs in
             REDUCTION_VARIANTS]
    if positional:  # the same call with positional arguments
        cases.append(Case(fn, (T(A35), 1, True), {}, reference, dtypes, rule, "positional"))
    if empty_ok:
        cases.append(Case(fn, (T(EMPTY_0x3),), {"axis": 0}, reference, dtypes, rule, "size0-axis"))
        cases.append(Case(fn, (T(EMPTY_0x3),), {"axis": 1}, reference, dtypes, rule, "size0-other-axis"))
    return cases


def reduction_errors(fn):
    return [
        ErrorCase(fn, (T(A35),), {"axis": 2}, ValueError, "axis-out-of-range"),
        ErrorCase(fn, (T(A35),), {"axis": -3}, ValueError, "negative-axis-out-of-range"),
        ErrorCase(fn, (T(A35),), {"axis": 1.5}, TypeError, "float-axis"),
        ErrorCase(fn, (T(A35),), {"axis": [0, 0]}, ValueError, "repeated-axis"),
    ]


def _bool_values(fn, value):
    return Case(fn, (T(value, "bool"),), {"axis": 0}, getattr(ref, fn), ("bool",), boolean, "bool-input")


CASES = []
CASES += reduction_cases("sum", ref.sum, accumulate, ALL_DTYPES)
CASES += reduction_cases("prod", ref.prod, accumulate, ALL_DTYPES)
CASES += reduction_cases("mean", ref.mean, float_of, ALL_DTYPES, empty_ok=False)
CASES += reduction_cases("var", ref.var, float_of, NUMERIC, empty_ok=False)
CASES += reduction_cases("std", ref.std, float_of, NUMERIC, empty_ok=False)
CASES += reduction_cases("max", ref.max, same, NUMERIC, empty_ok=False)
CASES += reduction_cases("min", ref.min, same, NUMERIC, empty_ok=False)
CASES += reduction_cases("any", ref.any, boolean, ALL_DTYPES)
CASES += reduction_cases("all", ref.all, boolean, ALL_DTYPES)
CASES += reduction_cases("logsumexp", ref.logsumexp, float_of, FLOATS, empty_ok=False)
CASES += [
    Case("max", (T(EMPTY_0x3),), {"axis": 1}, ref.max, NUMERIC, same, "size0-other-axis"),
    Case("min", (T(EMPTY_0x3),), {"axis": 1}, ref.min, NUMERIC, same, "size0-other-axis"),
    # Golden cases from the Keras tests.
    Case("logsumexp", (T([1e4, 1e-4]),), {}, lambda x: 1e4, ("float32", "float64"), same, "large-values",
         properties=NO_GRADIENT),
    Case("logsumexp", (T([[1e4, 1e-4], [-1e4, 3.0]]),), {"axis": 1}, ref.logsumexp, ("float32", "float64"),
         same, "large-values-axis"),
    Case("any", (T([[True, True], [False, False]], "bool"),), {"axis": 1}, lambda x, axis: np.array([True, False]),
         ("bool",), boolean, "keras-example"),
    Case("all", (T([[True, True], [False, True]], "bool"),), {"axis": 0}, lambda x, axis: np.array([False, True]),
         ("bool",), boolean, "keras-example"),
    Case("any", (T(MIXED_SIGNS),), {"axis": 1}, ref.any, FLOATS, boolean, "float-input"),
]
for fn in ("cumsum", "cumprod"):
    reference = getattr(ref, fn)
    CASES += [
        Case(fn, (T(A35),), {}, reference, ALL_DTYPES, accumulate, "default-axis"),
        Case(fn, (T(A35),), {"axis": -1}, reference, ALL_DTYPES, accumulate, "axis=-1"),
        Case(fn, (T(A234), 2), {}, reference, NUMERIC, accumulate, "positional-axis"),
        Case(fn, (T(EMPTY_0x3),), {"axis": 0}, reference, FLOATS, accumulate, "size0"),
    ]
for fn in ("argmax", "argmin"):
    reference = getattr(ref, fn)
    CASES += [
        Case(fn, (T(A35),), {}, reference, NUMERIC, int64, "default-axis"),
        Case(fn, (T(A35),), {"axis": 0}, reference, NUMERIC, int64, "axis=0"),
        Case(fn, (T(A234), -2), {}, reference, NUMERIC, int64, "positional-axis"),
        Case(fn, (T(ARGS_TIED),), {}, reference, NUMERIC, int64, "ties-first-index"),
        ErrorCase(fn, (T(A35),), {"axis": 2}, ValueError, "axis-out-of-range"),
        ErrorCase(fn, (T(A35),), {"axis": [0, 1]}, TypeError, "list-axis"),
        ErrorCase(fn, (T(EMPTY_0x3),), {"axis": 0}, ValueError, "empty-axis"),
    ]
for fn in ("sum", "prod", "mean", "var", "std", "max", "min", "any", "all", "logsumexp", "cumsum"):
    CASES += reduction_errors(fn) if fn != "cumsum" else [
        ErrorCase(fn, (T(A35),), {"axis": 2}, ValueError, "axis-out-of-range")]
CASES += [ErrorCase(fn, (T(EMPTY_0x3),), {"axis": 0}, ValueError, "empty-axis") for fn in ("max", "min")]

# Element-wise unary functions.
UNARY = (
    # fn, reference, result dtype rule, dtypes, value
    ("square", ref.square, same, NUMERIC, MIXED_SIGNS),
    ("abs", ref.abs, same, NUMERIC, MIXED_SIGNS),
    ("sqrt", ref.sqrt, float_of, NUMERIC, MIXED_SIGNS),
    ("exp", ref.exp, float_of, NUMERIC, MIXED_SIGNS),
    ("log", ref.log, float_of, NUMERIC, POS35),
    ("round", ref.round, same, NUMERIC, MIXED_SIGNS),
    ("sign", ref.sign, same, NUMERIC, MIXED_SIGNS),
    ("sin", ref.sin, float_of, NUMERIC, MIXED_SIGNS),
    ("cos", ref.cos, float_of, NUMERIC, MIXED_SIGNS),
)
for fn, reference, rule, dtypes, value in UNARY:
    CASES += [
        Case(fn, (T(value),), {}, reference, dtypes, rule, "matrix"),
        Case(fn, (T(A0),), {}, reference, FLOATS, rule, "scalar"),
        Case(fn, (T(EMPTY_0x3),), {}, reference, FLOATS, rule, "size0"),
        Case(fn, (T(value, as_numpy=True),), {}, reference, ("float32",), rule, "numpy-input"),
        ErrorCase(fn, ("not a number",), {}, TypeError, "string-input"),
    ]
CASES += [
    Case("sqrt", (T([-1.0, 0.0, 4.0]),), {}, lambda x: np.array([0.0, 0.0, 2.0]), FLOATS, same, "negatives-give-0",
         properties=NO_GRADIENT),
    Case("round", (T([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6]),), {},
         lambda x: np.array([0.0, 2.0, 2.0, -0.0, -2.0, -2.0, 2.0, 3.0]), FLOATS, same, "half-to-even"),
    Case("log", (T([0.0, 1.0]),), {}, lambda x: np.array([-np.inf, 0.0]), FLOATS, same, "log-zero",
         properties=NO_GRADIENT),
    Case("abs", (T(INT_VALUES),), {}, ref.abs, ("int32", "int64"), same, "integers"),
]

# pow and clip.
CASES += [
    Case("pow", (T(POS35), 2), {}, ref.pow, NUMERIC, same, "int-exponent"),
    Case("pow", (T(POS35), 0.5), {}, ref.pow, FLOATS, same, "float-exponent"),
    # C99 pow at the edges, as TensorFlow computes it: (-inf) ** 0.5 is +inf (not NumPy's square root, NaN)
    Case("pow", (T(np.array([[-np.inf, np.inf, 0.0, 4.0], [-1.0, 9.0, 1.0, 0.25]])), 0.5), {}, ref.pow, FLOATS,
         same, "half-of-infinities"),
    Case("pow", (T(POS35),), {"a": 3.0}, ref.pow, ("int32",), float_of, "int-base-float-exponent"),
    Case("pow", (T(POS35), T(A35)), {}, ref.pow, FLOATS, same, "tensor-exponent"),
    Case("clip", (T(MIXED_SIGNS), -0.5, 0.5), {}, ref.clip, NUMERIC, same, "numbers"),
    # max < min makes the function constant; autodiff of the tie is a subgradient, so no gradient property.
    Case("clip", (T(MIXED_SIGNS),), {"min_value": 1.0, "max_value": -1.0}, ref.clip, FLOATS, same, "max<min",
         properties=NO_GRADIENT),
    Case("clip", (T(MIXED_SIGNS), None, 0.5), {}, ref.clip, FLOATS, same, "min-None"),
    Case("clip", (T(MIXED_SIGNS), -0.5, None), {}, ref.clip, FLOATS, same, "max-None"),
    Case("clip", (T(MIXED_SIGNS), T(np.full((3, 5), -0.25)), T(np.linspace(0, 1, 5))), {}, ref.clip, FLOATS,
         same, "tensor-bounds"),
    Case("clip", (T(INT_VALUES), 1, 3), {}, ref.clip, ("int32", "int64"), same, "integers"),
]

# Binary element-wise functions: same dtypes, broadcasting, Python scalars, NumPy inputs.
BINARY = (
    ("equal", ref.equal, boolean), ("not_equal", ref.not_equal, boolean), ("greater", ref.greater, boolean),
    ("greater_equal", ref.greater_equal, boolean), ("less", ref.less, boolean),
    ("less_equal", ref.less_equal, boolean), ("maximum", ref.maximum, same), ("minimum", ref.minimum, same),
)
ROUNDED = np.round(MIXED_SIGNS)
for fn, reference, rule in BINARY:
    CASES += [
        Case(fn, (T(ROUNDED), T(np.round(A35))), {}, reference, ALL_DTYPES, rule, "same-shape"),
        Case(fn, (T(ROUNDED), T(np.round(A35[0]))), {}, reference, NUMERIC, rule, "broadcast-row"),
        Case(fn, (T(ROUNDED), 1.0), {}, reference, FLOATS, rule, "python-float"),
        Case(fn, (2, T(ROUNDED)), {}, reference, NUMERIC, rule, "python-int-first"),
        Case(fn, (T(ROUNDED), T(np.round(A35), as_numpy=True)), {}, reference, ("float32",), rule, "numpy-input"),
        ErrorCase(fn, (T(np.ones((3, 5))), T(np.ones((2, 5)))), {}, ValueError, "incompatible-shapes"),
    ]

# float16 sums, products, means and moments accumulate in float32 and round once (a float16 accumulator loses digits
# past 2048 and overflows past 65504 where the result fits); hand-checked values in the labels.
_F16 = ("float16",)
_CLOSE = np.array([-4420.0, -4424.0])            # var 4, std 2 (float16 squares of the deviations lose them)
_WIDE = np.array([[300.0, -300.0], [200.0, -200.0]])   # var 90000 (inf in float16) and 40000; std 300 and 200
_BIG = np.array([60000.0, 60000.0, -60000.0])    # sum 60000, mean 20000 (60000 + 60000 overflows float16)
_RUN = np.ones(4096)                             # sum 4096: a float16 running sum stops at 2048
_GROWTH = np.full(1000, 1.001)                   # cumprod: 1000 float16 roundings drift by percents
CASES += [
    Case("var", (T(_CLOSE),), {}, ref.var, _F16, same, "float16-close-values=4"),
    Case("std", (T(_CLOSE),), {}, ref.std, _F16, same, "float16-close-values=2"),
    Case("std", (T(_WIDE),), {"axis": 1}, ref.std, _F16, same, "float16-variance-overflow=300,200"),
    Case("std", (T(_WIDE[:1]),), {}, ref.std, _F16, same, "float16-all-variance-overflow=300"),
    Case("var", (T(_WIDE[1:]),), {"axis": -1, "keepdims": True}, ref.var, _F16, same, "float16-large=40000"),
    Case("sum", (T(_BIG),), {}, ref.sum, _F16, same, "float16-overflowing-partial-sum=60000"),
    Case("mean", (T(_BIG),), {}, ref.mean, _F16, same, "float16-overflowing-partial-sum=20000"),
    Case("sum", (T(_RUN),), {}, ref.sum, _F16, same, "float16-long-run=4096"),
    Case("mean", (T(_RUN.reshape(2, -1) * 3.0),), {"axis": 1}, ref.mean, _F16, same, "float16-long-run=3"),
    Case("cumsum", (T(_RUN),), {}, ref.cumsum, _F16, same, "float16-long-run"),
    Case("prod", (T(np.array([300.0, 300.0, 1.0 / 300.0])),), {}, ref.prod, _F16, same,
         "float16-overflowing-partial-product=300"),
    Case("prod", (T(np.array([[300.0, 300.0, 0.5, 1.0 / 300.0]])),), {"axis": -1}, ref.prod, _F16, same,
         "float16-overflowing-partial-product-axis=150"),
    Case("cumprod", (T(_GROWTH),), {}, ref.cumprod, _F16, same, "float16-long-run"),
]
