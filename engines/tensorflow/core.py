"""TensorFlow engine: conversion, dtypes, variables and tensor creation.

Tensors are eager ``tf.Tensor`` objects. Ops are called through ``tf.raw_ops`` (the cheapest public eager entry point);
shape, axis and permutation arguments are passed as cached int tensors, since turning a Python list into a tensor
on every call costs more than the op itself. Dtype names come from a dict keyed by TensorFlow's dtype enum.
"""
import os
import re

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np

from kbackend.engine_api import (DTYPE_NAMES, FLOATS, SETTINGS, Variable as _BaseVariable, dtype_name, holds_values,
                                 scalar_dtype, stack_values, value_shape)

from ._loader import import_tensorflow
from .devices import MULTI_DEVICE, follow_inputs_in_module, kept_on

__all__ = ["convert", "copy", "to_numpy", "dtype_of", "shape_of", "ndim", "cast", "is_native_tensor", "Variable",
           "zeros", "ones", "full", "eye", "arange", "zeros_like", "ones_like"]

tf = import_tensorflow()
R = tf.raw_ops
EagerTensor = type(tf.constant(0))
_Tensor = tf.Tensor
_TFVariable = tf.Variable
_SparseTensor = tf.SparseTensor
_Cast = R.Cast
_Identity = R.Identity
_Fill = R.Fill
_constant = tf.constant
_init_scope = tf.init_scope
_device_scope = tf.device
_current_device = tf.__internal__.eager_context.get_device_name

TF_DTYPES = {name: tf.as_dtype(name) for name in DTYPE_NAMES}
NP_DTYPES = {name: np.dtype(name) for name in DTYPE_NAMES}
ENUMS = {name: dtype.as_datatype_enum for name, dtype in TF_DTYPES.items()}
ENUM_NAMES = {enum: name for name, enum in ENUMS.items()}
TF_NAMES = {dtype: name for name, dtype in TF_DTYPES.items()}
FLOAT_ENUMS = frozenset(ENUMS[name] for name in FLOATS)
_BOOL = TF_DTYPES["bool"]
_BOOL_ENUM = ENUMS["bool"]
# TF_NAMES is deliberately not given to engine_api.register_dtype_names: tf.DType hashes as its enum and compares equal
# to it (tf.int32 == 3), so registering it would make dtype_name(3) return 'int32' instead of raising TypeError.
_SCALAR_TYPES = (bool, int, float)
_ndarray = np.ndarray


# --- errors --------------------------------------------------------------------------------------------------------
OpError = tf.errors.OpError
_PREFIX = re.compile(r"^\{\{function_node [^}]*\}\}\s*")


def numpy_error(err, cls=ValueError):
    """The exception NumPy raises where TensorFlow raised ``err`` (an OpError): ValueError for bad shapes and values,
    TypeError when no kernel exists for the dtype."""
    message = _PREFIX.sub("", getattr(err, "message", str(err)))
    if "is not in the list of allowed values" in message or isinstance(err, tf.errors.NotFoundError):
        cls = TypeError
    return cls(message)


# --- cached constants ----------------------------------------------------------------------------------------------
_INTS = {}


def ints(values):
    """An int32 (int64 if needed) tensor of ``values`` (an int or nested tuple of ints), cached."""
    try:
        return _INTS[values]
    except KeyError:
        pass
    array = np.asarray(values)
    wide = array.size and (array.max() > 2147483647 or array.min() < -2147483648)
    with _init_scope():  # an eager constant even while tracing a tf.function: the cache outlives the graph
        tensor = _constant(array.astype(np.int64 if wide else np.int32))
    if len(_INTS) > 4096:
        _INTS.clear()
    _INTS[values] = tensor
    return tensor


_ALL_AXES = [ints(tuple(range(rank))) for rank in range(9)]


def reduction_axes(axis, rank):
    """The axis argument of a reduction op for a facade-normalised ``axis`` (None: all axes)."""
    if axis is None:
        return _ALL_AXES[rank] if rank < 9 else ints(tuple(range(rank)))
    return ints(axis)


_SCALARS = {}


def _scalar(x, dtype):
    """A Python scalar as a 0-d tensor of ``dtype`` (NumPy's conversion rules), cached (tensors are immutable); on a
    machine with several devices, one per device (the device scope ``follow_inputs`` opened, if any)."""
    kind = type(x)
    key = (kind, x, dtype) if x or kind is not float else (kind, str(x), dtype)  # keep 0.0 and -0.0 apart
    device = None
    if MULTI_DEVICE:
        device = _current_device()
        key += (device,)
    try:
        return _SCALARS[key]
    except KeyError:
        pass
    array = np.asarray(x, dtype=NP_DTYPES[dtype])
    with _init_scope():
        if device:
            with _device_scope(device):
                tensor = _constant(array)
        else:
            tensor = _constant(array)
    if len(_SCALARS) > 4096:
        _SCALARS.clear()
    _SCALARS[key] = tensor
    return tensor


# --- conversion and introspection ----------------------------------------------------------------------------------
class Variable(_BaseVariable):
    """A TensorFlow-engine variable; TensorFlow ops accept it through a registered tensor conversion function."""

    def assign(self, new_value):
        """Assign as the base class does; the value stays on the variable's device (when placed explicitly)."""
        old = self.value
        super().assign(new_value)
        if type(new_value) in _SCALAR_TYPES:  # never hold a cached constant (identity matters to GradientTape)
            self.value = _Identity(input=self.value)
        if MULTI_DEVICE:
            self.value = kept_on(self.value, old)
        return self


def _variable_to_tensor(value, dtype=None, name=None, as_ref=False):
    return tf.convert_to_tensor(value.current_value(), dtype=dtype)


tf.register_tensor_conversion_function(Variable, _variable_to_tensor)


def convert(x, dtype=None):
    """``x`` (tensor, variable, NumPy array, scalar, nested list) as a tensor, of ``dtype`` when given."""
    if type(x) is EagerTensor:
        if dtype is None or x._datatype_enum() == ENUMS[dtype]:
            return x
        return cast_tensor(x, dtype)
    if type(x) in _SCALAR_TYPES:
        return _scalar(x, dtype or scalar_dtype(type(x), SETTINGS.floatx))
    if type(x) is _ndarray:  # NumPy casts (as the NumPy engine does), then one copy into a tensor
        return _constant(_checked(x if dtype is None else x.astype(NP_DTYPES[dtype], copy=False)))
    if isinstance(x, _BaseVariable):
        return convert(x.value, dtype)
    if isinstance(x, _Tensor):  # a graph tensor (inside tf.function)
        if dtype is None or TF_NAMES.get(x.dtype) == dtype:
            return x
        return cast_tensor(x, dtype)
    if isinstance(x, _TFVariable):
        return convert(x.read_value(), dtype)
    if isinstance(x, str):
        raise TypeError(f"Cannot convert the string {x!r} to a tensor: expected numbers or booleans")
    if isinstance(x, (list, tuple)) and holds_values(x):  # tensors in a list (graph tensors too): stacked by TF
        return stack_values(x, convert, dtype_of, shape_of, _pack, dtype)
    if dtype is not None:
        return _constant(_checked(np.asarray(x, dtype=NP_DTYPES[dtype])))
    array = np.asarray(x)
    if isinstance(x, (list, tuple)):
        if array.dtype.kind == "f":
            array = array.astype(SETTINGS.floatx)
        elif array.dtype == np.int64:
            array = array.astype(np.int32)
    return _constant(_checked(array))


_VIA = {ENUMS[name]: TF_DTYPES[via] for name, via in (("int8", "int32"), ("int16", "int32"), ("uint8", "int32"),
                                                       ("uint16", "int32"), ("uint32", "int64"), ("uint64", "int64"))}


def _pack(tensors):
    return R.Pack(values=tensors, axis=0)


def cast_tensor(x, dtype):
    """The tensor ``x`` cast to ``dtype``; floats reach small integer types through int32/int64, so out-of-range
    values wrap as in NumPy (a direct cast saturates)."""
    target = TF_DTYPES[dtype]
    via = _VIA.get(target.as_datatype_enum)
    if via is not None and enum_of(x) in FLOAT_ENUMS:
        x = _Cast(x=x, DstT=via)
    return _Cast(x=x, DstT=target)


def _checked(array):
    if array.dtype not in _NP_OK:
        raise TypeError(f"Cannot convert a value of dtype {array.dtype} to a tensor: expected numbers or booleans")
    return array


_NP_OK = frozenset(NP_DTYPES.values())


def enum_of(x):
    """The dtype enum of a tensor (eager or graph)."""
    try:
        return x._datatype_enum()
    except AttributeError:
        return x.dtype.as_datatype_enum


def to_bool(x):
    """``x`` as a bool tensor (non-zero is True, as NumPy's ``astype(bool)``)."""
    x = convert(x)
    return x if enum_of(x) == _BOOL_ENUM else _Cast(x=x, DstT=_BOOL)


def copy(x):
    return _Identity(input=convert(x))


def to_numpy(x):
    if isinstance(x, _BaseVariable):
        x = x.value
    if isinstance(x, (EagerTensor, _TFVariable)):
        return np.asarray(x.numpy())
    return np.asarray(x)


def dtype_of(x):
    try:
        return ENUM_NAMES[x._datatype_enum()]
    except AttributeError:
        pass
    except KeyError:
        raise TypeError(f"Unsupported dtype {x.dtype.name}") from None
    if isinstance(x, _BaseVariable):
        return dtype_of(x.value)
    if isinstance(x, (_Tensor, _TFVariable, _SparseTensor)):
        try:
            return TF_NAMES[x.dtype]
        except KeyError:
            raise TypeError(f"Unsupported dtype {x.dtype.name}") from None
    if isinstance(x, np.ndarray):
        return dtype_name(x.dtype)
    return dtype_of(convert(x))


def shape_of(x):
    try:
        return x._shape_tuple()
    except AttributeError:
        pass
    if isinstance(x, _BaseVariable):
        return shape_of(x.value)
    if isinstance(x, (_TFVariable, _SparseTensor)):
        return tuple(x.shape.as_list())
    if isinstance(x, (list, tuple)) and holds_values(x):
        return shape_of(convert(x))
    return value_shape(x)


def ndim(x):
    try:
        return x._rank()
    except AttributeError:
        return len(shape_of(x))


def cast(x, dtype):
    x = convert(x)
    if dtype_of(x) == dtype:
        return x
    return cast_tensor(x, dtype)


def is_native_tensor(x):
    return isinstance(x, _Tensor)


# --- creation ------------------------------------------------------------------------------------------------------
def zeros(shape, dtype):
    return _Fill(dims=ints(shape), value=_scalar(0, dtype))


def ones(shape, dtype):
    return _Fill(dims=ints(shape), value=_scalar(1, dtype))


def full(shape, value, dtype):
    if isinstance(value, (_Tensor, _BaseVariable, _TFVariable)):
        value = convert(value, dtype)
    else:
        value = _constant(_checked(np.asarray(value, dtype=NP_DTYPES[dtype])))
    if value._rank() == 0:
        return _Fill(dims=ints(shape), value=value)
    try:
        return R.BroadcastTo(input=value, shape=ints(shape))
    except OpError as err:
        raise numpy_error(err) from None


def zeros_like(x, dtype):
    """Zeros of the shape of ``x`` and of ``dtype``, made on the device of ``x`` (by ``follow_inputs``)."""
    return _Fill(dims=ints(shape_of(x)), value=_scalar(0, dtype))


def ones_like(x, dtype):
    """Ones of the shape of ``x`` and of ``dtype``, made on the device of ``x`` (by ``follow_inputs``)."""
    return _Fill(dims=ints(shape_of(x)), value=_scalar(1, dtype))


def eye(rows, cols, dtype):
    return _constant(np.eye(rows, cols, dtype=NP_DTYPES[dtype]))


def _number(value):
    if isinstance(value, (_Tensor, _BaseVariable, _TFVariable)):
        return to_numpy(value).item()
    return value


def arange(start, stop, step, dtype):
    array = np.arange(_number(start), _number(stop), _number(step)).astype(NP_DTYPES[dtype])
    return _constant(array)


follow_inputs_in_module(globals(), __all__, skip=("to_numpy", "dtype_of", "shape_of", "ndim", "is_native_tensor"))
