"""The tiny engine's primitives: kbackend's ``CORE`` on NumPy, written only against ``kbackend.engine_api``.

Each function follows its contract in ``engine_api.CORE_CONTRACTS``: arguments arrive normalised by kbackend's public
functions (axes non-negative ints or tuples, dtypes canonical names, seeds ints), binary functions coerce their
operands with the promotion rule (``coerce_with``), and results are NumPy arrays (0-d ones too, never NumPy scalars).
Every other engine function comes from kbackend's generic implementations, written on these.
"""
import builtins

import numpy as np

from kbackend.engine_api import (CORE, DTYPE_NAMES, SETTINGS, Variable as _BaseVariable, coerce_with, holds_values,
                                 scalar_dtype, stack_values)

_NP = {name: np.dtype(name) for name in DTYPE_NAMES}
_NAMES = {dtype: name for name, dtype in _NP.items()}


class Variable(_BaseVariable):
    """A tiny-engine variable: its value is a NumPy array (NumPy functions accept it through ``__array__``)."""


def convert(x, dtype=None):
    """``x`` as a NumPy array, of ``dtype`` when given (contract: ``engine_api.CORE_CONTRACTS["convert"]``).

    Arguments:
        x: an array, a Variable, a Python or NumPy number, a nested list of numbers, or a list holding tensors
            (stacked by ``stack_values``: their dtypes decide, numbers are weak).
        dtype: a dtype name, or None for the value's own (Python scalars by ``scalar_dtype``, float lists in floatx,
            integer lists in int32).

    Returns:
        A NumPy array.

    Raises:
        TypeError: ``x`` is a string or holds values that are not numbers or booleans.
    """
    if isinstance(x, _BaseVariable):
        x = x.value
    if isinstance(x, str):
        raise TypeError("strings are not tensors")
    if isinstance(x, (list, tuple)) and holds_values(x):  # tensors in a list: their dtypes decide
        return stack_values(x, convert, dtype_of, shape_of, np.stack, dtype)
    if dtype is None:
        if type(x) in (bool, int, float):
            dtype = scalar_dtype(type(x), SETTINGS.floatx)
        elif isinstance(x, (list, tuple)):
            array = np.asarray(x)
            dtype = SETTINGS.floatx if array.dtype.kind == "f" else "int32" if array.dtype.kind in "iu" else None
            return array if dtype is None else array.astype(dtype)
        else:
            array = np.asarray(x)
            if array.dtype.kind in "cOUS":
                raise TypeError(f"values of dtype {array.dtype} are not tensors")
            return array
    return np.asarray(x, dtype=_NP[dtype])


def copy(x):
    """A new array with the values of ``x`` (never a view)."""
    return np.array(convert(x), copy=True)


def to_numpy(x):
    """The values of ``x`` as a NumPy array."""
    return np.asarray(convert(x))


def dtype_of(x):
    """The dtype name of ``x``."""
    return _NAMES[convert(x).dtype]


def shape_of(x):
    """The shape of ``x`` as a tuple of ints."""
    return tuple(np.shape(convert(x)))


def cast(x, dtype):
    """``x`` converted to the dtype name ``dtype``."""
    return convert(x).astype(_NP[dtype])


def is_native_tensor(x):
    """Whether ``x`` is a NumPy array or scalar (this engine's tensors)."""
    return isinstance(x, (np.ndarray, np.generic))


def _float(x):
    x = convert(x)
    return x if x.dtype.kind == "f" else x.astype(SETTINGS.floatx)


def _arrays(function):
    """``function`` returning 0-d results as 0-d arrays (NumPy's functions give NumPy scalars for them)."""
    def op(*args, **kwargs):
        return np.asarray(function(*args, **kwargs))
    op.__name__ = function.__name__
    return op


def _binary(function, to_float=False):
    @_arrays
    def op(x, y):
        x, y = coerce_with(convert, dtype_of, x, y)
        if to_float and x.dtype.kind != "f":
            x, y = x.astype(SETTINGS.floatx), y.astype(SETTINGS.floatx)
        return function(x, y)
    return op


add, subtract, multiply = _binary(np.add), _binary(np.subtract), _binary(np.multiply)
divide = _binary(np.true_divide, to_float=True)
maximum, minimum = _binary(np.maximum), _binary(np.minimum)


def _c99_power(x, y):
    """C99 ``pow``: NumPy's power takes the square root for an exponent of 0.5, so (-inf) ** 0.5 would be NaN."""
    out = np.power(x, y)
    return np.where(x == -np.inf, np.inf, out) if y.ndim == 0 and out.dtype.kind == "f" and y == 0.5 else out


power = _binary(_c99_power)
equal, not_equal, greater = _binary(np.equal), _binary(np.not_equal), _binary(np.greater)
greater_equal, less, less_equal = _binary(np.greater_equal), _binary(np.less), _binary(np.less_equal)
logical_and, logical_or = _binary(np.logical_and), _binary(np.logical_or)
matmul = _binary(np.matmul)


@_arrays
def negative(x):
    return np.negative(convert(x))


@_arrays
def abs(x):
    return np.abs(convert(x))


@_arrays
def sign(x):
    x = convert(x)
    return x.copy() if x.dtype == np.bool_ else np.sign(x)


@_arrays
def round(x):
    x = convert(x)
    return np.round(x) if x.dtype.kind == "f" else x.copy()


@_arrays
def sqrt(x):
    return np.sqrt(np.maximum(_float(x), 0))


@_arrays
def exp(x):
    return np.exp(_float(x))


@_arrays
def log(x):
    return np.log(_float(x))


@_arrays
def sin(x):
    return np.sin(_float(x))


@_arrays
def cos(x):
    return np.cos(_float(x))


@_arrays
def tanh(x):
    return np.tanh(_float(x))


@_arrays
def logical_not(x):
    return np.logical_not(convert(x))


@_arrays
def where(condition, x, y):
    x, y = coerce_with(convert, dtype_of, x, y)
    return np.where(convert(condition, "bool"), x, y)


def _keep(x):
    """The accumulator dtype: bool counts in int32, float16 accumulates in float32 (rounded once after)."""
    return "int32" if x.dtype == np.bool_ else np.float32 if x.dtype == np.float16 else x.dtype


def _result(x):
    """The result dtype of a sum or product: the input's (bool counts in int32)."""
    return np.int32 if x.dtype == np.bool_ else x.dtype


def sum(x, axis=None, keepdims=False):
    x = convert(x)
    return np.asarray(np.sum(x, axis, _keep(x), keepdims=keepdims), _result(x))  # (0-d: an array, not a scalar)


def prod(x, axis=None, keepdims=False):
    x = convert(x)
    return np.asarray(np.prod(x, axis, _keep(x), keepdims=keepdims), _result(x))  # (0-d: an array, not a scalar)


def _nonempty(x, axis):
    axes = range(x.ndim) if axis is None else axis if isinstance(axis, tuple) else (axis,)
    if builtins.any(x.shape[a] == 0 for a in axes) or (axis is None and x.size == 0):
        raise ValueError("reduction over an empty axis")
    return x


def max(x, axis=None, keepdims=False):
    return np.asarray(np.max(_nonempty(convert(x), axis), axis, keepdims=keepdims))  # (a 0-d array, not a NumPy scalar)


def min(x, axis=None, keepdims=False):
    return np.asarray(np.min(_nonempty(convert(x), axis), axis, keepdims=keepdims))  # (a 0-d array, not a NumPy scalar)


def any(x, axis=None, keepdims=False):
    return np.asarray(np.any(convert(x), axis, keepdims=keepdims))  # (a 0-d array, not a NumPy scalar)


def all(x, axis=None, keepdims=False):
    return np.asarray(np.all(convert(x), axis, keepdims=keepdims))  # (a 0-d array, not a NumPy scalar)


@_arrays
def argmax(x, axis):
    return np.argmax(_nonempty(convert(x), axis), axis).astype(np.int64)


@_arrays
def argmin(x, axis):
    return np.argmin(_nonempty(convert(x), axis), axis).astype(np.int64)


@_arrays
def cumsum(x, axis):
    x = convert(x)
    return np.cumsum(x, axis, _keep(x)).astype(_result(x), copy=False)


@_arrays
def cumprod(x, axis):
    x = convert(x)
    return np.cumprod(x, axis, _keep(x)).astype(_result(x), copy=False)


@_arrays
def reshape(x, shape):
    return np.reshape(convert(x), shape)


def permute(x, pattern):
    return np.transpose(convert(x), pattern)


def expand_dims(x, axis):
    return np.expand_dims(convert(x), axis)


@_arrays
def squeeze(x, axis):
    return np.squeeze(convert(x), axis)


def concatenate(tensors, axis):
    return np.concatenate([convert(t) for t in tensors], axis)


def stack(tensors, axis):
    return np.stack([convert(t) for t in tensors], axis)


def broadcast_to(x, shape):
    return np.broadcast_to(convert(x), shape)


@_arrays
def take(x, indices, axis):
    return np.take(convert(x), convert(indices), axis)


def flip(x, axes):
    return np.flip(convert(x), axes)


def tile(x, reps):
    return np.tile(convert(x), reps)


def pad(x, paddings, value=0):
    return np.pad(convert(x), paddings, constant_values=value)


@_arrays
def tensordot(x, y, axes):
    x, y = coerce_with(convert, dtype_of, x, y)
    return np.tensordot(x, y, axes)


def zeros(shape, dtype):
    return np.zeros(shape, _NP[dtype])


def ones(shape, dtype):
    return np.ones(shape, _NP[dtype])


def full(shape, value, dtype):
    return np.full(shape, value, _NP[dtype])


def eye(rows, cols, dtype):
    return np.eye(rows, cols, dtype=_NP[dtype])


def arange(start, stop, step, dtype):
    return np.arange(start, stop, step).astype(_NP[dtype])


def random_uniform(shape, minval, maxval, dtype, seed):
    values = np.asarray(np.random.default_rng(seed).uniform(minval, maxval, shape)).astype(_NP[dtype])
    if values.dtype.kind == "f":  # the contract: [minval, maxval) in the dtype, also after rounding
        high = np.asarray(maxval, values.dtype)
        values = np.where(values == high, np.nextafter(high, np.asarray(minval, values.dtype)), values)
    return values


def random_normal(shape, mean, stddev, dtype, seed):
    return np.random.default_rng(seed).normal(mean, stddev, shape).astype(_NP[dtype])


__all__ = list(CORE)  # exactly the core: everything else is generic
