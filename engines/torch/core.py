"""PyTorch engine: conversion, dtypes, variables and tensor creation.

Tensors are CPU ``torch.Tensor``s. Non-tensor inputs (Python scalars, nested lists, NumPy arrays and scalars) are
converted through NumPy, so values, dtypes and overflow errors are exactly those of the NumPy engine; NumPy arrays
keep their dtype and share memory with the tensor when they can.
"""
import numpy as np
import torch

from kbackend import _dtypes
from kbackend._config import SETTINGS
from kbackend.generic.coerce import holds_values, stack_values, value_shape
from kbackend.graph.variable import Variable as _BaseVariable

__all__ = ["convert", "copy", "to_numpy", "dtype_of", "shape_of", "ndim", "cast", "is_native_tensor", "Variable",
           "zeros", "ones", "full", "eye", "arange"]

Tensor = torch.Tensor
TORCH_DTYPES = {name: getattr(torch, name) for name in _dtypes.DTYPE_NAMES}   # 'float32' -> torch.float32
DTYPE_NAMES = {dtype: name for name, dtype in TORCH_DTYPES.items()}          # torch.float32 -> 'float32'
NP_DTYPES = {name: np.dtype(name) for name in _dtypes.DTYPE_NAMES}
_NP_NAMES = {dtype: name for name, dtype in NP_DTYPES.items()}
_dtypes.register_dtype_names(DTYPE_NAMES)
BOOL, INT32, INT64, FLOAT64 = torch.bool, torch.int32, torch.int64, torch.float64
_SCALAR_TYPES = (bool, int, float)
_from_numpy = torch.from_numpy
_asarray = np.asarray
AxisError = np.exceptions.AxisError


def numpy_error(err):
    """The exception NumPy raises where torch raised ``err`` (a RuntimeError or IndexError): shape problems are
    ValueError, unsupported dtypes TypeError, axes out of range AxisError; anything else is returned unchanged."""
    message = str(err)
    if isinstance(err, IndexError):
        return AxisError(message) if "Dimension out of range" in message else err
    if "not implemented for" in message or "not supported" in message:
        return TypeError(message)
    return ValueError(message)


class Variable(_BaseVariable):
    """A PyTorch-engine variable; torch functions accept it (``torch.sum(v)``, ``t + v``) through
    ``__torch_function__``, which replaces variables by their current value."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return func(*_unwrap(args), **({k: _unwrap(v) for k, v in kwargs.items()} if kwargs else {}))


def _unwrap(value):
    if isinstance(value, _BaseVariable):
        return value.current_value()
    if type(value) in (list, tuple):
        return type(value)(_unwrap(v) for v in value)
    return value


def convert(x, dtype=None):
    """``x`` (tensor, variable, NumPy array or scalar, Python scalar, nested list) as a tensor, of ``dtype`` when
    given (a dtype name)."""
    if type(x) is Tensor:
        if dtype is None or x.dtype is TORCH_DTYPES[dtype]:
            return x
        return x.to(TORCH_DTYPES[dtype])
    if dtype is not None and type(x) in _SCALAR_TYPES:
        return _from_numpy(_asarray(x, NP_DTYPES[dtype]))
    return _convert(x, dtype)


def _convert(x, dtype):
    if isinstance(x, Tensor):  # subclasses such as torch.nn.Parameter
        return x if dtype is None or x.dtype is TORCH_DTYPES[dtype] else x.to(TORCH_DTYPES[dtype])
    if isinstance(x, _BaseVariable):
        return convert(x.value, dtype)
    if isinstance(x, (list, tuple)) and holds_values(x):  # tensors in a list: stacked, so that autograd sees them
        return stack_values(x, convert, dtype_of, shape_of, torch.stack, dtype)
    if dtype is not None:
        if isinstance(x, str):
            raise TypeError(f"Cannot convert the string {x!r} to a tensor: expected numbers or booleans")
        return from_numpy(_asarray(x, NP_DTYPES[dtype]))
    if type(x) in _SCALAR_TYPES:
        return _from_numpy(_asarray(x, NP_DTYPES[_dtypes.scalar_dtype(type(x), SETTINGS.floatx)]))
    array = _asarray(x)
    if isinstance(x, (list, tuple)):  # nested Python numbers: floats -> floatx, ints -> int32
        kind = array.dtype.kind
        if kind == "f":
            array = array.astype(NP_DTYPES[SETTINGS.floatx])
        elif kind in "iu" and array.dtype == np.int64:
            array = array.astype(np.int32)
    return from_numpy(array)


def from_numpy(array):
    """A tensor for the NumPy array ``array`` (sharing its memory when it is writable and laid out for torch)."""
    if array.dtype not in _NP_NAMES:
        name = array.dtype.name  # a non-native byte order, or not a number
        if name not in NP_DTYPES:
            raise TypeError(f"Cannot convert a value of dtype {array.dtype} to a tensor: expected numbers or booleans")
        array = array.astype(NP_DTYPES[name])
    elif not array.flags.writeable:
        array = array.copy()
    try:
        return _from_numpy(array)
    except ValueError:  # negative strides
        return _from_numpy(np.ascontiguousarray(array))


def copy(x):
    return convert(x).clone()


def to_numpy(x):
    if not isinstance(x, Tensor):
        if not isinstance(x, _BaseVariable):
            return _asarray(x)
        x = x.value
    return x.numpy(force=True)


def dtype_of(x):
    try:
        return DTYPE_NAMES[x.dtype]
    except AttributeError:
        if isinstance(x, _BaseVariable):
            return x.dtype
        return dtype_of(convert(x))
    except KeyError:
        if isinstance(x, Tensor):
            raise TypeError(f"Unsupported dtype {x.dtype}") from None
        return dtype_of(convert(x))  # a NumPy array


def shape_of(x):
    try:
        return tuple(x.shape)
    except AttributeError:
        if isinstance(x, (list, tuple)) and holds_values(x):
            return tuple(convert(x).shape)
        return value_shape(x)


def ndim(x):
    try:
        return x.ndim
    except AttributeError:
        if isinstance(x, (list, tuple)) and holds_values(x):
            return convert(x).ndim
        return len(value_shape(x))


def cast(x, dtype):
    if type(x) is not Tensor:
        x = convert(x)
    return x.to(TORCH_DTYPES[dtype])


def is_native_tensor(x):
    return isinstance(x, Tensor)


def zeros(shape, dtype):
    return torch.zeros(shape, dtype=TORCH_DTYPES[dtype])


def ones(shape, dtype):
    return torch.ones(shape, dtype=TORCH_DTYPES[dtype])


def full(shape, value, dtype):
    # The fill value goes through NumPy so that out-of-range values fail (OverflowError) exactly as there.
    return torch.full(shape, _asarray(value, NP_DTYPES[dtype]).item(), dtype=TORCH_DTYPES[dtype])


def eye(rows, cols, dtype):
    return torch.eye(rows, cols, dtype=TORCH_DTYPES[dtype])


def arange(start, stop, step, dtype):
    """NumPy's arange (computed in int64, or float64 if any bound is a float), cast to ``dtype``."""
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise ZeroDivisionError("arange(): step must not be zero")
    wide = INT64 if all(isinstance(v, (int, np.integer)) for v in (start, stop, step)) else FLOAT64
    if (stop - start) * step <= 0:
        return torch.zeros(0, dtype=TORCH_DTYPES[dtype])
    return torch.arange(start, stop, step, dtype=wide).to(TORCH_DTYPES[dtype])
