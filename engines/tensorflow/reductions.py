"""TensorFlow engine: reductions and cumulative ops, with NumPy's dtype rules and errors.

Sums and products keep the input dtype (bool counts in int32); mean/var/std compute integer and bool inputs in
``floatx()`` (float16 internally in float32); max/min and argmax/argmin of an empty axis raise ValueError; argmax and
argmin return int64, the first index on ties and the first NaN if there is one, as NumPy does (computed on the
device, never read back to the host).
"""
import builtins

from .core import (ENUMS, FLOAT_ENUMS, TF_DTYPES, R, _scalar, convert, dtype_of, enum_of, ints, ndim,
                   reduction_axes, shape_of, to_bool)
from .devices import follow_inputs_in_module
from .math import float_input

__all__ = ["sum", "prod", "max", "min", "mean", "var", "std", "any", "all", "argmax", "argmin", "cumsum", "cumprod",
           "logsumexp"]

_Cast = R.Cast
_BOOL_ENUM = ENUMS["bool"]
_HALF_ENUM = ENUMS["float16"]
_INT32 = TF_DTYPES["int32"]
_INT64 = TF_DTYPES["int64"]
_FLOAT32 = TF_DTYPES["float32"]
_HALF = TF_DTYPES["float16"]


def _counted(x):
    """``x`` as a tensor that sums and multiplies in its own dtype (bool in int32; float16 in float32, whose result
    ``_rounded`` casts back once: TF accumulates float16 in float16)."""
    x = convert(x)
    kind = enum_of(x)
    if kind == _BOOL_ENUM:
        return _Cast(x=x, DstT=_INT32)
    if kind == _HALF_ENUM:
        return _Cast(x=x, DstT=_FLOAT32)
    return x


def _rounded(out, x):
    return _Cast(x=out, DstT=_HALF) if enum_of(x) == _HALF_ENUM else out


def sum(x, axis=None, keepdims=False):
    x = convert(x)
    return _rounded(R.Sum(input=_counted(x), axis=reduction_axes(axis, ndim(x)), keep_dims=keepdims), x)


def prod(x, axis=None, keepdims=False):
    x = convert(x)
    return _rounded(R.Prod(input=_counted(x), axis=reduction_axes(axis, ndim(x)), keep_dims=keepdims), x)


def cumsum(x, axis):
    x = convert(x)
    return _rounded(R.Cumsum(x=_counted(x), axis=ints(axis)), x)


def cumprod(x, axis):
    x = convert(x)
    return _rounded(R.Cumprod(x=_counted(x), axis=ints(axis)), x)


def _check_nonempty(shape, axis, what):
    dims = range(len(shape)) if axis is None else (axis if isinstance(axis, tuple) else (axis,))
    if axis is None or builtins.any(shape[a] == 0 for a in dims):
        raise ValueError(f"{what}() of an empty axis is undefined (shape {shape}, axis {axis})")


def max(x, axis=None, keepdims=False):
    x = convert(x)
    shape = shape_of(x)
    if 0 in shape:
        _check_nonempty(shape, axis, "max")
    raw = R.Any if enum_of(x) == _BOOL_ENUM else R.Max
    return raw(input=x, axis=reduction_axes(axis, len(shape)), keep_dims=keepdims)


def min(x, axis=None, keepdims=False):
    x = convert(x)
    shape = shape_of(x)
    if 0 in shape:
        _check_nonempty(shape, axis, "min")
    raw = R.All if enum_of(x) == _BOOL_ENUM else R.Min
    return raw(input=x, axis=reduction_axes(axis, len(shape)), keep_dims=keepdims)


def _float_and_half(x):
    """``x`` as a float tensor, and whether it is float16 (computed in float32, then cast back)."""
    x = float_input(x)
    if enum_of(x) == _HALF_ENUM:
        return _Cast(x=x, DstT=_FLOAT32), True
    return x, False


def mean(x, axis=None, keepdims=False):
    x, half = _float_and_half(x)
    out = R.Mean(input=x, axis=reduction_axes(axis, ndim(x)), keep_dims=keepdims)
    return _Cast(x=out, DstT=_HALF) if half else out


def _var(x, axis, keepdims):
    axes = reduction_axes(axis, ndim(x))
    centered = R.SquaredDifference(x=x, y=R.Mean(input=x, axis=axes, keep_dims=True))
    return R.Mean(input=centered, axis=axes, keep_dims=keepdims)


def var(x, axis=None, keepdims=False):
    x, half = _float_and_half(x)
    out = _var(x, axis, keepdims)
    return _Cast(x=out, DstT=_HALF) if half else out


def std(x, axis=None, keepdims=False):
    x, half = _float_and_half(x)
    out = R.Sqrt(x=_var(x, axis, keepdims))
    return _Cast(x=out, DstT=_HALF) if half else out


def any(x, axis=None, keepdims=False):
    x = to_bool(x)
    return R.Any(input=x, axis=reduction_axes(axis, ndim(x)), keep_dims=keepdims)


def all(x, axis=None, keepdims=False):
    x = to_bool(x)
    return R.All(input=x, axis=reduction_axes(axis, ndim(x)), keep_dims=keepdims)


def _arg(raw, x, axis, what):
    """``raw`` (ArgMax or ArgMin) along ``axis``; for floats, the first NaN where a NaN is (NumPy's rule: TensorFlow
    skips NaNs). The NaN rule is always computed, on the device (checking for a NaN first would read the tensor back
    to the host on every call)."""
    x = convert(x)
    shape = shape_of(x)
    if shape[axis] == 0:
        raise ValueError(f"{what}() over an empty axis (shape {shape}, axis {axis})")
    dim = ints(axis)
    out = raw(input=x, dimension=dim, output_type=_INT64)
    if enum_of(x) in FLOAT_ENUMS:
        nan = R.IsNan(x=x)
        # ArgMax of the NaN mask in x's own float dtype (TF's float ArgMax is about twice as fast as its int8 one)
        first_nan = R.ArgMax(input=_Cast(x=nan, DstT=x.dtype), dimension=dim, output_type=_INT64)
        out = R.SelectV2(condition=R.Any(input=nan, axis=dim), t=first_nan, e=out)
    return out


def argmax(x, axis):
    return _arg(R.ArgMax, x, axis, "argmax")


def argmin(x, axis):
    return _arg(R.ArgMin, x, axis, "argmin")


def logsumexp(x, axis=None, keepdims=False):
    """``log(sum(exp(x)))`` shifted by the (finite) maximum, as the generic version computes it."""
    x = float_input(x)
    peak = max(x, axis, True)
    peak = R.SelectV2(condition=R.IsFinite(x=peak), t=peak, e=_scalar(0, dtype_of(peak)))
    rank = ndim(x)
    total = R.Log(x=R.Sum(input=R.Exp(x=R.Sub(x=x, y=peak)), axis=reduction_axes(axis, rank), keep_dims=keepdims))
    if not keepdims:
        dims = list(range(rank)) if axis is None else list(axis) if isinstance(axis, tuple) else [axis]
        if dims:  # (Squeeze with no dims would drop every size-1 axis)
            peak = R.Squeeze(input=peak, axis=dims)
    return R.AddV2(x=total, y=peak)


follow_inputs_in_module(globals(), __all__)
