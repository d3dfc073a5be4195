"""NumPy engine: element-wise math and reductions."""
import builtins

import numpy as np

from kbackend.engine_api import SETTINGS, coerce_with

from .core import DTYPE_NAMES, NP_DTYPES, array_result, convert, dtype_of

__all__ = ["add", "subtract", "multiply", "divide", "negative", "power", "abs", "sign", "sqrt", "exp", "log",
           "sin", "cos", "tanh", "round", "maximum", "minimum", "equal", "not_equal", "greater", "greater_equal",
           "less", "less_equal", "where", "logical_and", "logical_or", "logical_not", "coerce_pair",
           "sum", "prod", "max", "min", "mean", "var", "std", "any", "all", "argmax", "argmin", "cumsum", "cumprod",
           "clip"]

_ndarray = np.ndarray
_FLOAT_KIND = "f"


def coerce_pair(x, y):
    return coerce_with(convert, dtype_of, x, y)


def _binary(ufunc):
    def op(x, y):
        if type(x) is _ndarray and type(y) is _ndarray and x.dtype is y.dtype:  # (dtypes equal but distinct: below)
            out = ufunc(x, y)
            return out if type(out) is _ndarray else array_result(out)
        x, y = coerce_with(convert, dtype_of, x, y)
        out = ufunc(x, y)
        return out if type(out) is _ndarray else array_result(out)
    op.__name__ = ufunc.__name__
    return op


add = _binary(np.add)
subtract = _binary(np.subtract)
multiply = _binary(np.multiply)
maximum = _binary(np.maximum)
minimum = _binary(np.minimum)
equal = _binary(np.equal)
not_equal = _binary(np.not_equal)
greater = _binary(np.greater)
greater_equal = _binary(np.greater_equal)
less = _binary(np.less)
less_equal = _binary(np.less_equal)
logical_and = _binary(np.logical_and)
logical_or = _binary(np.logical_or)


def power(x, y):
    """``np.power`` with C99's ``pow(-inf, 0.5) = +inf`` (NumPy takes the square root for an exponent of 0.5 and
    gives NaN there; the other engines, and Keras 2 on TensorFlow, give +inf)."""
    if not (type(x) is _ndarray and type(y) is _ndarray and x.dtype == y.dtype):
        x, y = coerce_with(convert, dtype_of, x, y)
    out = np.power(x, y)
    if y.ndim == 0 and out.dtype.kind == _FLOAT_KIND and y == 0.5:
        out = np.where(x == -np.inf, out.dtype.type(np.inf), out)
    return out if type(out) is _ndarray else array_result(out)


def divide(x, y):
    x, y = coerce_with(convert, dtype_of, x, y)
    if x.dtype.kind != _FLOAT_KIND:
        x, y = x.astype(SETTINGS.floatx), y.astype(SETTINGS.floatx)
    out = np.true_divide(x, y)
    return out if type(out) is _ndarray else array_result(out)


def _float(x):
    if type(x) is not _ndarray:
        x = convert(x)
    if x.dtype.kind != _FLOAT_KIND:
        return convert(x).astype(SETTINGS.floatx)  # (convert: TypeError for complex input)
    return x


def sqrt(x):
    x = _float(x)
    out = np.sqrt(np.maximum(x, 0))
    return out if type(out) is _ndarray else array_result(out)


def exp(x):
    out = np.exp(_float(x))
    return out if type(out) is _ndarray else array_result(out)


def log(x):
    out = np.log(_float(x))
    return out if type(out) is _ndarray else array_result(out)


def sin(x):
    out = np.sin(_float(x))
    return out if type(out) is _ndarray else array_result(out)


def cos(x):
    out = np.cos(_float(x))
    return out if type(out) is _ndarray else array_result(out)


def tanh(x):
    out = np.tanh(_float(x))
    return out if type(out) is _ndarray else array_result(out)


def negative(x):
    out = np.negative(convert(x))
    return out if type(out) is _ndarray else array_result(out)


def abs(x):
    out = np.abs(convert(x))
    return out if type(out) is _ndarray else array_result(out)


def sign(x):
    x = convert(x)
    out = np.sign(x) if x.dtype != np.bool_ else x.copy()
    return out if type(out) is _ndarray else array_result(out)


def round(x):
    x = convert(x)
    out = np.round(x) if x.dtype.kind == _FLOAT_KIND else x.copy()
    return out if type(out) is _ndarray else array_result(out)


def logical_not(x):
    out = np.logical_not(convert(x))
    return out if type(out) is _ndarray else array_result(out)


def where(condition, x, y):
    x, y = coerce_with(convert, dtype_of, x, y)
    out = np.where(convert(condition, "bool"), x, y)
    return out if type(out) is _ndarray else array_result(out)


def clip(x, min_value, max_value):
    x = convert(x)
    if min_value is None and max_value is None:
        out = x.copy()
        return out if type(out) is _ndarray else array_result(out)
    if min_value is not None and not isinstance(min_value, (int, float)):
        min_value = convert(min_value, DTYPE_NAMES[x.dtype])
    if max_value is not None and not isinstance(max_value, (int, float)):
        max_value = convert(max_value, DTYPE_NAMES[x.dtype])
    if min_value is not None and max_value is not None:
        out = np.minimum(np.maximum(x, min_value), max_value).astype(x.dtype, copy=False)
        return out if type(out) is _ndarray else array_result(out)
    out = np.clip(x, min_value, max_value).astype(x.dtype, copy=False)
    return out if type(out) is _ndarray else array_result(out)


_INT32 = NP_DTYPES["int32"]
# The ufuncs' reductions, called directly: what np.sum/prod/max/min run, without their Python wrappers (the autodiff
# twin of graph.py binds np.sum/prod/max/min in their place; arguments are passed so that either works)
_add_reduce, _multiply_reduce = np.add.reduce, np.multiply.reduce
_maximum_reduce, _minimum_reduce = np.maximum.reduce, np.minimum.reduce


_HALF, _FLOAT32 = NP_DTYPES["float16"], NP_DTYPES["float32"]


def _accumulate_dtype(x):
    """Sums and products keep x's dtype; bool counts in int32 (NumPy would widen integers to int64); float16
    accumulates in float32 (the caller rounds the result once, with ``_rounded``)."""
    dtype = x.dtype
    if dtype.kind == _FLOAT_KIND:
        return _FLOAT32 if dtype is _HALF else None
    return _INT32 if dtype.kind == "b" else dtype


def _rounded(out, dtype):
    """``out`` back in float16 when it was accumulated in float32 for a float16 input."""
    return out if dtype is not _FLOAT32 else out.astype(_HALF)


def sum(x, axis=None, keepdims=False):
    x = convert(x)
    dtype = _accumulate_dtype(x)
    out = _rounded(_add_reduce(x, axis=axis, dtype=dtype, keepdims=keepdims), dtype)
    return out if type(out) is _ndarray else array_result(out)


def prod(x, axis=None, keepdims=False):
    x = convert(x)
    dtype = _accumulate_dtype(x)
    out = _rounded(_multiply_reduce(x, axis=axis, dtype=dtype, keepdims=keepdims), dtype)
    return out if type(out) is _ndarray else array_result(out)


def cumsum(x, axis):
    x = convert(x)
    dtype = _accumulate_dtype(x)
    return np.cumsum(x, axis=axis) if dtype is None else _rounded(np.cumsum(x, axis=axis, dtype=dtype), dtype)


def cumprod(x, axis):
    x = convert(x)
    dtype = _accumulate_dtype(x)
    return np.cumprod(x, axis=axis) if dtype is None else _rounded(np.cumprod(x, axis=axis, dtype=dtype), dtype)


def _check_nonempty(x, axis, what):
    if x.size == 0:
        dims = range(x.ndim) if axis is None else (axis if isinstance(axis, tuple) else (axis,))
        if axis is None or builtins.any(x.shape[a] == 0 for a in dims):
            raise ValueError(f"{what}() of an empty axis is undefined (shape {x.shape}, axis {axis})")


def max(x, axis=None, keepdims=False):
    x = convert(x)
    if x.size == 0:
        _check_nonempty(x, axis, "max")
    out = _maximum_reduce(x, axis=axis, keepdims=keepdims)
    return out if type(out) is _ndarray else array_result(out)


def min(x, axis=None, keepdims=False):
    x = convert(x)
    if x.size == 0:
        _check_nonempty(x, axis, "min")
    out = _minimum_reduce(x, axis=axis, keepdims=keepdims)
    return out if type(out) is _ndarray else array_result(out)


def mean(x, axis=None, keepdims=False):
    x = _float(x)
    if x.dtype.itemsize == 2:  # float16: NumPy's mean accumulates in float32
        out = np.mean(x, axis, keepdims=keepdims)
        return out if type(out) is _ndarray else array_result(out)
    if axis is None:
        count = x.size
    elif type(axis) is int:
        count = x.shape[axis]
    else:
        count = 1
        for a in axis:
            count *= x.shape[a]
    out = _add_reduce(x, axis=axis, keepdims=keepdims) / count  # what np.mean computes, without its wrapper
    return out if type(out) is _ndarray else array_result(out)


def var(x, axis=None, keepdims=False):
    x = _float(x)
    if x.dtype is _HALF:  # computed in float32 (float16 squares lose digits and overflow), rounded once
        out = np.var(x.astype(_FLOAT32), axis, keepdims=keepdims).astype(_HALF)
        return out if type(out) is _ndarray else array_result(out)
    out = np.var(x, axis, keepdims=keepdims)
    return out if type(out) is _ndarray else array_result(out)


def std(x, axis=None, keepdims=False):
    x = _float(x)
    if x.dtype is _HALF:
        out = np.std(x.astype(_FLOAT32), axis, keepdims=keepdims).astype(_HALF)
        return out if type(out) is _ndarray else array_result(out)
    out = np.std(x, axis, keepdims=keepdims)
    return out if type(out) is _ndarray else array_result(out)


def any(x, axis=None, keepdims=False):
    out = np.any(convert(x), axis, keepdims=keepdims)
    return out if type(out) is _ndarray else array_result(out)


def all(x, axis=None, keepdims=False):
    out = np.all(convert(x), axis, keepdims=keepdims)
    return out if type(out) is _ndarray else array_result(out)


def argmax(x, axis):
    x = convert(x)
    if x.shape[axis] == 0:
        raise ValueError(f"argmax() over an empty axis (shape {x.shape}, axis {axis})")
    out = np.argmax(x, axis).astype(np.int64, copy=False)
    return out if type(out) is _ndarray else array_result(out)


def argmin(x, axis):
    x = convert(x)
    if x.shape[axis] == 0:
        raise ValueError(f"argmin() over an empty axis (shape {x.shape}, axis {axis})")
    out = np.argmin(x, axis).astype(np.int64, copy=False)
    return out if type(out) is _ndarray else array_result(out)
