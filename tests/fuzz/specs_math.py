"""Generators for element-wise math, comparisons, reductions, cumulative functions, argmax/argmin, clip and pow.

Each generator is a Hypothesis strategy of ``Example``; ``SPECS`` maps a generator name to it."""
import numpy as np
from hypothesis import strategies as st

from kbackend.conformance.reference import math as ref

from .harness import Example
from .strategies import ALL, FLOATS, INTS, NUMERIC, dtypes, reduction_axis, shapes, tensors

FLOATX = "float32"


def float_of(dtype):
    return dtype if dtype in FLOATS else FLOATX


def accumulate(dtype):
    return "int32" if dtype == "bool" else dtype


def _abs_sum_scale(x, axis=None):
    """atol scale of a sum: the sum of the magnitudes of its terms (at least 1)."""
    value = np.abs(np.nan_to_num(x.value.astype(np.float64), posinf=0, neginf=0))
    return max(1.0, float(value.sum()))


def _finite_max(x):
    """The largest finite magnitude in ``x`` (0 when there is none)."""
    value = np.abs(np.nan_to_num(x.value.astype(np.float64), nan=0, posinf=0, neginf=0))
    return float(value.max()) if value.size else 0.0


def sign_reference(x):
    """The conformance reference's sign, with NaN for NaN (as np.sign, torch, JAX and TF give)."""
    out = ref.sign(x)
    return np.where(np.isnan(x), np.nan, out) if x.dtype.kind == "f" else out


# fn: (reference, result dtype rule, input dtypes, value range, specials)
UNARY = {
    "abs": (ref.abs, lambda d: d, NUMERIC, (-10, 10)),
    "square": (ref.square, lambda d: d, NUMERIC, (-10, 10)),
    "sqrt": (ref.sqrt, float_of, NUMERIC, (-10, 10)),
    "exp": (ref.exp, float_of, NUMERIC, (-10, 10)),
    "log": (ref.log, float_of, NUMERIC, (-2, 10)),
    "round": (ref.round, lambda d: d, NUMERIC, (-10, 10)),
    "sign": (sign_reference, lambda d: d, NUMERIC, (-10, 10)),
    "sin": (ref.sin, float_of, NUMERIC, (-10, 10)),
    "cos": (ref.cos, float_of, NUMERIC, (-10, 10)),
}


def unary(fn):
    reference, rule, choices, (low, high) = UNARY[fn]

    @st.composite
    def spec(draw):
        dtype = draw(dtypes(choices))
        x = draw(tensors(dtype, draw(shapes()), low, high, specials=dtype in FLOATS))
        return Example(fn, (x,), {}, reference, rule(dtype))
    return spec()


COMPARISONS = ("equal", "not_equal", "greater", "greater_equal", "less", "less_equal", "maximum", "minimum")


def binary(fn):
    @st.composite
    def spec(draw):
        dtype = draw(dtypes(ALL if fn not in ("maximum", "minimum") else NUMERIC))
        shape = draw(shapes())
        x = draw(tensors(dtype, shape, -3, 3, specials=dtype in FLOATS))
        how = draw(st.sampled_from(("same", "broadcast", "scalar")))
        if how == "same":
            y = draw(tensors(dtype, shape, -3, 3, specials=dtype in FLOATS))
        elif how == "broadcast":
            y = draw(tensors(dtype, shape[len(shape) - draw(st.integers(0, len(shape))):], -3, 3))
        else:
            y = draw(st.integers(-3, 3)) if dtype != "bool" else draw(st.booleans())
            if dtype in FLOATS and draw(st.booleans()):
                y = float(y) + 0.5
        args = (x, y) if draw(st.booleans()) or how != "scalar" else (y, x)
        return Example(fn, args, {}, getattr(ref, fn), "bool" if fn not in ("maximum", "minimum") else dtype)
    return spec()


def logsumexp_reference(x, axis=None, keepdims=False):
    """log(sum(exp(x))) with the peak taken out where it is finite (an infinite peak is the result: +inf, or -inf
    for a row of -inf; NaN stays NaN)."""
    axes = tuple(axis) if isinstance(axis, list) else axis
    peak = np.max(x, axis=axes, keepdims=True)
    shift = np.where(np.isfinite(peak), peak, 0.0)
    out = np.log(np.sum(np.exp(x - shift), axis=axes, keepdims=True)) + shift
    return out if keepdims else np.squeeze(out, axis=axes)


# fn: (reference, dtype rule, input dtypes, empty axes allowed)
REDUCTIONS = {
    "sum": (ref.sum, accumulate, ALL, True),
    "prod": (ref.prod, accumulate, ALL, True),
    "mean": (ref.mean, float_of, ALL, False),
    "var": (ref.var, float_of, NUMERIC, False),
    "std": (ref.std, float_of, NUMERIC, False),
    "max": (ref.max, lambda d: d, NUMERIC, False),
    "min": (ref.min, lambda d: d, NUMERIC, False),
    "any": (ref.any, lambda d: "bool", ALL, True),
    "all": (ref.all, lambda d: "bool", ALL, True),
    "logsumexp": (logsumexp_reference, float_of, FLOATS, False),
}


def _reduced_sizes(shape, axis):
    if axis is None:
        return list(shape)
    axes = axis if isinstance(axis, list) else [axis]
    return [shape[a] for a in axes]


def reduction(fn):
    reference, rule, choices, empty_ok = REDUCTIONS[fn]

    @st.composite
    def spec(draw):
        dtype = draw(dtypes(choices))
        shape = draw(shapes(min_side=0 if empty_ok else 1))
        low, high = (-2, 2) if fn == "prod" else (-10, 10)   # products of <= 64 terms stay finite in float16
        if fn == "prod" and dtype in INTS:
            low, high = -1, 1                                 # and exact in int32
        x = draw(tensors(dtype, shape, low, high, specials=dtype in FLOATS and draw(st.booleans())))
        axis = draw(reduction_axis(len(shape)))
        kwargs = {}
        if axis is not None or draw(st.booleans()):
            kwargs["axis"] = axis
        if draw(st.booleans()):
            kwargs["keepdims"] = draw(st.booleans())
        if fn == "var" or fn == "std":
            scale = 1.0 + _finite_max(x) ** 2   # (inf and NaN make their own slices NaN: they set no scale)
        elif fn in ("sum", "mean"):
            scale = _abs_sum_scale(x)
        elif fn == "prod":
            scale = 8.0   # errors of several multiplications
        else:
            scale = 1.0
        if dtype == "float16" and fn in ("var", "std"):
            x.value = np.round(x.value)     # keep float16 variances of few digits
        if "keepdims" in kwargs and "axis" in kwargs and draw(st.booleans()):   # the positional form
            return Example(fn, (x, kwargs["axis"], kwargs["keepdims"]), {}, reference, rule(dtype), scale=scale)
        return Example(fn, (x,), kwargs, reference, rule(dtype), scale=scale)
    return spec()


def cumulative(fn):
    @st.composite
    def spec(draw):
        dtype = draw(dtypes(ALL))
        shape = draw(shapes(min_dims=1))
        low, high = (-2, 2) if fn == "cumprod" else (-10, 10)
        x = draw(tensors(dtype, shape, low, high))
        axis = draw(st.integers(-len(shape), len(shape) - 1))
        kwargs = {"axis": axis} if axis != 0 or draw(st.booleans()) else {}
        scale = _abs_sum_scale(x) if fn == "cumsum" else 16.0
        return Example(fn, (x,), kwargs, getattr(ref, fn), accumulate(dtype), scale=scale)
    return spec()


def arg_extremum(fn):
    @st.composite
    def spec(draw):
        dtype = draw(dtypes(NUMERIC))
        shape = draw(shapes(min_dims=1, min_side=1))
        x = draw(tensors(dtype, shape, -3, 3))       # a small range: ties (the first index wins)
        axis = draw(st.integers(-len(shape), len(shape) - 1))
        kwargs = {"axis": axis} if axis != -1 or draw(st.booleans()) else {}
        return Example(fn, (x,), kwargs, getattr(ref, fn), "int64")
    return spec()


@st.composite
def clip(draw):
    dtype = draw(dtypes(NUMERIC))
    x = draw(tensors(dtype, draw(shapes()), -10, 10, specials=dtype in FLOATS))
    low = draw(st.one_of(st.none(), st.integers(-5, 5)))
    high = draw(st.one_of(st.none(), st.integers(-5, 5)))
    if dtype in FLOATS:
        low = None if low is None else low + draw(st.sampled_from((0.0, 0.25)))
        high = None if high is None else high + draw(st.sampled_from((0.0, 0.5)))
    kwargs = {"min_value": low, "max_value": high}
    if draw(st.booleans()):
        return Example("clip", (x, low, high), {}, ref.clip, dtype)
    return Example("clip", (x,), kwargs, ref.clip, dtype)


@st.composite
def pow_(draw):
    dtype = draw(dtypes(FLOATS))
    x = draw(tensors(dtype, draw(shapes()), 0, 4, specials=draw(st.booleans())))
    a = draw(st.one_of(st.integers(0, 3), st.sampled_from((0.5, 1.5, -1.0, 2.0))))
    return Example("pow", (x, a), {}, ref.pow, dtype, scale=4.0)


SPECS = {}
SPECS.update({fn: unary(fn) for fn in UNARY})
SPECS.update({fn: binary(fn) for fn in COMPARISONS})
SPECS.update({fn: reduction(fn) for fn in REDUCTIONS})
SPECS.update({fn: cumulative(fn) for fn in ("cumsum", "cumprod")})
SPECS.update({fn: arg_extremum(fn) for fn in ("argmax", "argmin")})
SPECS["clip"] = clip()
SPECS["pow"] = pow_()
