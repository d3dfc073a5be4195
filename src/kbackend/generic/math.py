"""Generic reductions and element-wise math on the engine core."""
from .. import _dtypes
from .._config import SETTINGS

__all__ = ["square", "mean", "var", "std", "logsumexp", "clip", "float_input"]


def float_input(E, x):
    """``x`` as an engine tensor of a float dtype (integer and bool inputs become ``floatx()``)."""
    x = E.convert(x)
    if _dtypes.is_float(E.dtype_of(x)):
        return x
    return E.cast(x, SETTINGS.floatx)


def square(E, x):
    x = E.convert(x)
    return E.multiply(x, x)


def _count(E, x, axis):
    shape = E.shape_of(x)
    if axis is None:
        axis = tuple(range(len(shape)))
    elif not isinstance(axis, tuple):
        axis = (axis,)
    count = 1
    for a in axis:
        count *= shape[a]
    return count


def _in_float32(E, compute, x, *args):
    """``compute(E, x, *args)`` for a float input; float16 computes in float32 and rounds once at the end."""
    x = float_input(E, x)
    if E.dtype_of(x) != "float16":
        return compute(E, x, *args)
    return E.cast(compute(E, E.cast(x, "float32"), *args), "float16")


def _mean(E, x, axis, keepdims):
    return E.divide(E.sum(x, axis, keepdims), float(_count(E, x, axis)))


def _var(E, x, axis, keepdims):
    centered = E.subtract(x, _mean(E, x, axis, True))
    return _mean(E, E.multiply(centered, centered), axis, keepdims)


def _std(E, x, axis, keepdims):
    return E.sqrt(_var(E, x, axis, keepdims))


def mean(E, x, axis=None, keepdims=False):
    return _in_float32(E, _mean, x, axis, keepdims)


def var(E, x, axis=None, keepdims=False):
    return _in_float32(E, _var, x, axis, keepdims)


def std(E, x, axis=None, keepdims=False):
    return _in_float32(E, _std, x, axis, keepdims)


def logsumexp(E, x, axis=None, keepdims=False):
    x = float_input(E, x)
    peak = E.max(x, axis, True)
    peak = E.where(E.less(E.abs(peak), float("inf")), peak, 0.0)
    total = E.log(E.sum(E.exp(E.subtract(x, peak)), axis, True))
    out = E.add(total, peak)
    if keepdims:
        return out
    if axis is None:
        return E.reshape(out, ())
    return E.squeeze(out, axis)


def clip(E, x, min_value, max_value):
    """``minimum(maximum(x, low), high)``, written so that the gradient at a bound goes to ``x`` (TensorFlow's
    convention), where ``maximum``/``minimum`` alone would split it."""
    x = E.convert(x)
    dtype = E.dtype_of(x)
    if min_value is not None:
        low = E.convert(min_value, dtype)
        x = E.where(E.greater_equal(x, low), x, E.maximum(x, low))
    if max_value is not None:
        high = E.convert(max_value, dtype)
        x = E.where(E.less_equal(x, high), x, E.minimum(x, high))
    return x
