"""PyTensor engine: conversion, dtypes, variables and tensor creation.

Eager tensors are ``numpy.ndarray``: a compiled PyTensor function takes and returns them without conversion, so an
eager call costs the function call and nothing around it, and results are readable where they are. (PyTensor's
shared variables would make every eager value a graph object, and every call a graph build.) Symbolic tensors are
PyTensor ``TensorVariable``s, while a program is traced. Conversion and creation of values are NumPy's, exactly as
in the NumPy engine; on symbolic inputs they build ``pytensor.tensor`` nodes.
"""
import numpy as np
import pytensor.tensor as pt
from pytensor.tensor.basic import get_scalar_constant_value, infer_static_shape
from pytensor.tensor.exceptions import NotScalarConstantError

from kbackend.engine_api import (DTYPE_NAMES as KBACKEND_DTYPES, FLOATS, Variable as _BaseVariable, dtype_name,
                                 holds_values, host_array, register_dtype_names, stack_values, value_shape)

from .compiled import is_symbolic

__all__ = ["convert", "copy", "to_numpy", "dtype_of", "shape_of", "ndim", "cast", "is_native_tensor", "Variable",
           "zeros", "ones", "full", "eye", "arange"]

NP_DTYPES = {name: np.dtype(name) for name in KBACKEND_DTYPES}
DTYPE_NAMES = {dtype: name for name, dtype in NP_DTYPES.items()}
register_dtype_names(DTYPE_NAMES)
_ndarray = np.ndarray
_generic = np.generic
_SEQUENCES = (list, tuple)
# Integer dtypes a float converts to by wrapping around, as NumPy does (-1.0 -> 255 for uint8); C casts (PyTensor's)
# leave that undefined, so those casts go through int64 first.
_WRAPPED = frozenset(("int8", "int16", "uint8", "uint16", "uint32", "uint64"))


class Variable(_BaseVariable):
    """A PyTensor-engine variable: its value is a NumPy array (NumPy functions accept it through ``__array__``)."""


def _stack(tensors):
    if any(is_symbolic(t) for t in tensors):
        return pt.stack([symbolic(t) for t in tensors])
    return np.stack(tensors)


def _static_shape(x):
    """The shape of ``x`` with None for the sizes of a symbolic ``x`` that its type does not hold."""
    return x.type.shape if is_symbolic(x) else shape_of(x)


def convert(x, dtype=None):
    """``x`` (array, variable, scalar, nested list, symbolic variable) as a tensor of this engine, of ``dtype`` when
    given: a NumPy array, or a symbolic PyTensor variable for a symbolic ``x``.

    Arguments:
        x: the value.
        dtype: a kbackend dtype name, or None to keep the value's (Python numbers and lists take kbackend's).

    Returns:
        A ``numpy.ndarray`` or a PyTensor ``TensorVariable``.

    Raises:
        TypeError: a string, or values of a dtype kbackend does not know.
        OverflowError: a Python integer out of the dtype's range.
    """
    if type(x) is _ndarray:
        name = DTYPE_NAMES.get(x.dtype)
        if name is None:
            return host_array(x)  # TypeError: complex, strings, objects
        if dtype is None or name == dtype:
            return x
        return x.astype(NP_DTYPES[dtype])
    if is_symbolic(x):
        return x if dtype is None or x.type.dtype == dtype else symbolic_cast(x, dtype)
    if isinstance(x, _BaseVariable):
        return convert(x.value, dtype)
    if isinstance(x, _SEQUENCES) and holds_values(x):
        return stack_values(x, convert, dtype_of, _static_shape, _stack, dtype)
    return host_array(x, dtype)


def symbolic(x, dtype=None):
    """``x`` as a symbolic PyTensor variable (values become constants), of ``dtype`` when given."""
    x = convert(x, dtype)
    return x if is_symbolic(x) else pt.constant(x)


def symbolic_cast(x, dtype):
    """The symbolic ``x`` cast to ``dtype`` with NumPy's results (floats wrap around into narrow integers)."""
    if dtype in _WRAPPED and x.type.dtype in FLOATS:
        x = pt.cast(x, "int64")
    return pt.cast(x, dtype)


def copy(x):
    x = convert(x)
    return x if is_symbolic(x) else np.array(x, copy=True)


def to_numpy(x):
    """The values of ``x`` as a NumPy array (a symbolic variable has none: TypeError)."""
    if isinstance(x, _BaseVariable):
        x = x.value
    if is_symbolic(x):
        raise TypeError(f"A symbolic PyTensor variable ({x}) has no values while a program is being built")
    return np.asarray(x)


def dtype_of(x):
    try:
        return DTYPE_NAMES[x.dtype]
    except AttributeError:
        if isinstance(x, _BaseVariable):
            return x.dtype
        return dtype_of(convert(x))
    except (KeyError, TypeError):
        if isinstance(x, _BaseVariable):
            return x.dtype
        if is_symbolic(x):
            return dtype_name(x.type.dtype)
        raise TypeError(f"Unsupported dtype {x.dtype}") from None


def shape_of(x):
    """The shape of ``x``; for a symbolic variable, its static sizes, with PyTensor's inference where the type does
    not hold one (a size it cannot infer is a symbolic scalar)."""
    if is_symbolic(x):
        static = x.type.shape
        if None not in static:
            return static
        _, inferred = infer_static_shape(x.shape)
        return tuple(size if size is not None else x.shape[i] for i, size in enumerate(inferred))
    try:
        return x.shape
    except AttributeError:
        if isinstance(x, _SEQUENCES) and holds_values(x):
            return shape_of(convert(x))
        return value_shape(x)


def ndim(x):
    if type(x) is _ndarray:
        return x.ndim
    if isinstance(x, _BaseVariable):
        return x.value.ndim
    if is_symbolic(x):
        return x.type.ndim
    if isinstance(x, _SEQUENCES) and holds_values(x):
        return ndim(convert(x))
    return len(value_shape(x))


def cast(x, dtype):
    x = convert(x)
    if is_symbolic(x):
        return symbolic_cast(x, dtype)
    return np.asarray(x).astype(NP_DTYPES[dtype])


def is_native_tensor(x):
    return isinstance(x, (_ndarray, _generic)) or (is_symbolic(x) and hasattr(x.type, "ndim"))


def _symbolic_shape(shape):
    return any(is_symbolic(s) for s in shape)


def _known_size(size):
    """``size`` as an int when it is a constant or a size that the static types hold (``x.shape[i]`` of an ``x``
    whose type knows it); else the symbolic size."""
    if not is_symbolic(size):
        return size
    try:
        return int(get_scalar_constant_value(size, elemwise=False))
    except NotScalarConstantError:
        return size


def _alloc_shape(shape):
    # alloc infers the static shape of a symbolic one by cloning and rewriting the whole graph its sizes come from
    # (seconds in a traced recurrent program): sizes the types know are given as ints
    return [_known_size(size) for size in shape]


def zeros(shape, dtype):
    if _symbolic_shape(shape):
        return pt.zeros(_alloc_shape(shape), dtype)
    return np.zeros(shape, NP_DTYPES[dtype])


def ones(shape, dtype):
    if _symbolic_shape(shape):
        return pt.ones(_alloc_shape(shape), dtype)
    return np.ones(shape, NP_DTYPES[dtype])


def full(shape, value, dtype):
    if isinstance(value, _BaseVariable):
        value = value.value
    if _symbolic_shape(shape) or is_symbolic(value):
        return pt.alloc(symbolic(value, dtype), *_alloc_shape(shape))
    return np.full(shape, value, NP_DTYPES[dtype])


def eye(rows, cols, dtype):
    if is_symbolic(rows) or is_symbolic(cols):
        return pt.eye(rows, cols, dtype=dtype)
    return np.eye(rows, cols, dtype=NP_DTYPES[dtype])


def arange(start, stop, step, dtype):
    if any(is_symbolic(v) for v in (start, stop, step)):
        return pt.cast(pt.arange(start, stop, step), dtype)
    return np.arange(start, stop, step).astype(NP_DTYPES[dtype])
