"""NumPy engine: conversion, dtypes, variables and tensor creation."""
import numpy as np

from kbackend.engine_api import (DTYPE_NAMES as KBACKEND_DTYPES, Variable as _BaseVariable, holds_values, host_array,
                                 register_dtype_names, stack_values, value_shape)

__all__ = ["convert", "copy", "to_numpy", "dtype_of", "shape_of", "ndim", "cast", "is_native_tensor", "Variable",
           "zeros", "ones", "full", "eye", "arange"]

NP_DTYPES = {name: np.dtype(name) for name in KBACKEND_DTYPES}
DTYPE_NAMES = {dtype: name for name, dtype in NP_DTYPES.items()}
register_dtype_names(DTYPE_NAMES)
_ndarray = np.ndarray
_SEQUENCES = (list, tuple)


class Variable(_BaseVariable):
    """A NumPy-engine variable; NumPy functions accept it through ``__array__``."""


def convert(x, dtype=None):
    """``x`` (array, variable, scalar, nested list) as an ndarray, of ``dtype`` when given. A list holding arrays
    or variables is stacked (``kbackend.generic.coerce.stack_values``: their dtypes decide, numbers are weak)."""
    if type(x) is _ndarray:
        name = DTYPE_NAMES.get(x.dtype)
        if name is None:
            return host_array(x)  # TypeError: complex, strings, objects
        if dtype is None or name == dtype:
            return x
        return x.astype(NP_DTYPES[dtype])
    if isinstance(x, _BaseVariable):
        return convert(x.value, dtype)
    if isinstance(x, _SEQUENCES) and holds_values(x):
        return stack_values(x, convert, dtype_of, shape_of, _stack, dtype)
    return host_array(x, dtype)


_generic = np.generic
_asarray = np.asarray


def array_result(out):
    """``out`` as a tensor of this engine: NumPy gives a 0-d result as a NumPy scalar (``np.float32(3.0)``), kbackend
    as a 0-d ``numpy.ndarray``. Callers test ``type(out) is _ndarray`` first, so an array result costs one test."""
    return _asarray(out) if isinstance(out, _generic) else out


def _stack(tensors):
    return np.stack(tensors)


def copy(x):
    return np.array(convert(x), copy=True)


def to_numpy(x):
    if isinstance(x, _BaseVariable):
        x = x.value
    return np.asarray(x)


def dtype_of(x):
    try:
        return DTYPE_NAMES[x.dtype]
    except AttributeError:
        if isinstance(x, _BaseVariable):
            return x.dtype
        return dtype_of(convert(x))
    except KeyError:
        if isinstance(x, _BaseVariable):
            return x.dtype
        raise TypeError(f"Unsupported dtype {x.dtype}") from None


def shape_of(x):
    try:
        return x.shape
    except AttributeError:
        if isinstance(x, _SEQUENCES) and holds_values(x):
            return convert(x).shape
        return value_shape(x)


def ndim(x):
    if type(x) is _ndarray:
        return x.ndim
    if isinstance(x, _BaseVariable):
        return x.value.ndim
    if isinstance(x, _SEQUENCES) and holds_values(x):
        return convert(x).ndim
    return len(value_shape(x))


def cast(x, dtype):
    return np.asarray(convert(x)).astype(NP_DTYPES[dtype])


def is_native_tensor(x):
    return type(x) is _ndarray or isinstance(x, (_ndarray, np.generic))


def zeros(shape, dtype):
    return np.zeros(shape, NP_DTYPES[dtype])


def ones(shape, dtype):
    return np.ones(shape, NP_DTYPES[dtype])


def full(shape, value, dtype):
    return np.full(shape, value, NP_DTYPES[dtype])


def eye(rows, cols, dtype):
    return np.eye(rows, cols, dtype=NP_DTYPES[dtype])


def arange(start, stop, step, dtype):
    return np.arange(start, stop, step).astype(NP_DTYPES[dtype])
