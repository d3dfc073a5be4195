"""PyTorch engine: conversion, dtypes, variables and tensor creation.

Tensors are ``torch.Tensor``s on any device. Non-tensor inputs (Python scalars, nested lists, NumPy arrays and
scalars) are converted through NumPy, so values, dtypes and overflow errors are exactly those of the NumPy engine;
NumPy arrays keep their dtype and share memory with the tensor when they can.

Devices: every function returns its result on its tensor inputs' device and creates its internal tensors there. An
operand on the CPU (a NumPy array or Python value converted, or a CPU tensor) joins the device of the other operands
(``same_device``), as torch itself does for 0-d CPU tensors; operands on two different accelerators are a ValueError.
Tensors made from nothing but a shape (``zeros``, ``ones``, ``full``, ``eye``, ``arange``, random draws) are made on
torch's default device (``torch.set_default_device``, ``with torch.device(...)``); NumPy values converted alone stay
on the CPU. Variables keep their device when assigned.
"""
import numpy as np
import torch

from kbackend.engine_api import (DTYPE_NAMES as KBACKEND_DTYPES, SETTINGS, Variable as _BaseVariable, holds_values,
                                 register_dtype_names, scalar_dtype, stack_values, value_shape)

__all__ = ["convert", "copy", "to_numpy", "dtype_of", "shape_of", "ndim", "cast", "is_native_tensor", "Variable",
           "zeros", "ones", "full", "eye", "arange", "zeros_like", "ones_like"]

Tensor = torch.Tensor
TORCH_DTYPES = {name: getattr(torch, name) for name in KBACKEND_DTYPES}   # 'float32' -> torch.float32
DTYPE_NAMES = {dtype: name for name, dtype in TORCH_DTYPES.items()}          # torch.float32 -> 'float32'
NP_DTYPES = {name: np.dtype(name) for name in KBACKEND_DTYPES}
_NP_NAMES = {dtype: name for name, dtype in NP_DTYPES.items()}
register_dtype_names(DTYPE_NAMES)
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


def same_device(x, y):
    """The tensors ``x`` and ``y`` on one device: when they differ, the one on the CPU joins the other's device,
    unless it is 0-d (torch's element-wise kernels take a 0-d CPU tensor as a scalar, with no copy).

    Raises:
        ValueError: they live on two different non-CPU devices.
    """
    x_device, y_device = x.device, y.device
    if x_device == y_device:
        return x, y
    if x_device.type == "cpu":
        return (x if x.ndim == 0 else x.to(y_device)), y
    if y_device.type == "cpu":
        return x, (y if y.ndim == 0 else y.to(x_device))
    raise ValueError(f"Operands on two devices, {x_device} and {y_device}: move them to one device first")


def common_device(tensors):
    """The tensors (a list) on one device: those on the CPU join the device of the others (ValueError when the
    others live on more than one device)."""
    devices = {t.device for t in tensors}
    if len(devices) < 2:
        return tensors
    others = {d for d in devices if d.type != "cpu"}
    if len(others) > 1:
        raise ValueError(f"Operands on several devices, {', '.join(sorted(map(str, others)))}: move them to one "
                         f"device first")
    (device,) = others
    return [t if t.device == device else t.to(device) for t in tensors]


def retry_on_one_device(fn, err, *args):
    """After ``fn(*args)`` raised the RuntimeError ``err``: ``fn`` again with the tensor arguments on one device
    (those on the CPU join the others') when they live on several, else ``err`` as NumPy's exception
    (``numpy_error``). Functions call it from their error path, so that tensors of one device pay nothing.

    Raises:
        ValueError: the tensors live on several non-CPU devices; the exception of ``numpy_error``.
    """
    tensors = [a for a in args if isinstance(a, Tensor)]
    if len({t.device for t in tensors}) < 2:
        raise numpy_error(err) from None
    placed = iter(common_device(tensors))
    args = [next(placed) if isinstance(a, Tensor) else a for a in args]
    try:
        return fn(*args)
    except RuntimeError as again:
        raise numpy_error(again) from None


def convert_on(x, like, dtype=None):
    """``x`` converted (as ``convert``) and placed on the device of the tensor ``like`` if it lives elsewhere on the
    CPU (a tensor on another accelerator is left for the kernel to refuse)."""
    x = convert(x, dtype)
    device = like.device
    if x.device != device and x.device.type == "cpu":
        x = x.to(device)
    return x


class Variable(_BaseVariable):
    """A PyTorch-engine variable; torch functions accept it (``torch.sum(v)``, ``t + v``) through
    ``__torch_function__``, which replaces variables by their current value. Assigned values move to the device
    the variable lives on."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return func(*_unwrap(args), **({k: _unwrap(v) for k, v in kwargs.items()} if kwargs else {}))

    def assign(self, new_value):
        """Replace the value by ``new_value`` converted to the variable's dtype and placed on its device.

        Arguments:
            new_value: a tensor, variable, NumPy array, Python number or nested list of the variable's shape.

        Returns:
            The variable.

        Raises:
            ValueError: the shape differs from the variable's.
        """
        device = self.value.device
        if type(new_value) is not Tensor or new_value.device != device:
            new_value = convert(new_value, self.dtype)
            if new_value.device != device:
                new_value = new_value.to(device)
        return super().assign(new_value)


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
        return stack_values(x, convert, dtype_of, shape_of, _stack_on_one_device, dtype)
    if dtype is not None:
        if isinstance(x, str):
            raise TypeError(f"Cannot convert the string {x!r} to a tensor: expected numbers or booleans")
        return from_numpy(_asarray(x, NP_DTYPES[dtype]))
    if type(x) in _SCALAR_TYPES:
        return _from_numpy(_asarray(x, NP_DTYPES[scalar_dtype(type(x), SETTINGS.floatx)]))
    array = _asarray(x)
    if isinstance(x, (list, tuple)):  # nested Python numbers: floats -> floatx, ints -> int32
        kind = array.dtype.kind
        if kind == "f":
            array = array.astype(NP_DTYPES[SETTINGS.floatx])
        elif kind in "iu" and array.dtype == np.int64:
            array = array.astype(np.int32)
    return from_numpy(array)


def _stack_on_one_device(tensors):
    """The entries of a list of values stacked: numbers (converted on the CPU) join the tensors' device."""
    return torch.stack(common_device(tensors))


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


def zeros(shape, dtype, device=None):
    """Zeros of ``shape`` and ``dtype`` on ``device`` (None: torch's default device); so are ``ones``, ``full``,
    ``eye`` and ``arange`` made."""
    return torch.zeros(shape, dtype=TORCH_DTYPES[dtype], device=device)


def ones(shape, dtype, device=None):
    return torch.ones(shape, dtype=TORCH_DTYPES[dtype], device=device)


def _device_of(x):
    """The device of a tensor or variable (None for other values: torch's default device)."""
    if isinstance(x, _BaseVariable):
        x = x.value
    return x.device if isinstance(x, Tensor) else None


def zeros_like(x, dtype):
    """Zeros of the shape of ``x``, of ``dtype``, on the device of ``x``."""
    return torch.zeros(shape_of(x), dtype=TORCH_DTYPES[dtype], device=_device_of(x))


def ones_like(x, dtype):
    """Ones of the shape of ``x``, of ``dtype``, on the device of ``x``."""
    return torch.ones(shape_of(x), dtype=TORCH_DTYPES[dtype], device=_device_of(x))


def full(shape, value, dtype, device=None):
    # The fill value goes through NumPy so that out-of-range values fail (OverflowError) exactly as there.
    return torch.full(shape, _asarray(value, NP_DTYPES[dtype]).item(), dtype=TORCH_DTYPES[dtype], device=device)


def eye(rows, cols, dtype, device=None):
    return torch.eye(rows, cols, dtype=TORCH_DTYPES[dtype], device=device)


def arange(start, stop, step, dtype, device=None):
    """NumPy's arange (computed in int64, or float64 if any bound is a float), cast to ``dtype``."""
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise ZeroDivisionError("arange(): step must not be zero")
    wide = INT64 if all(isinstance(v, (int, np.integer)) for v in (start, stop, step)) else FLOAT64
    if (stop - start) * step <= 0:
        return torch.zeros(0, dtype=TORCH_DTYPES[dtype], device=device)
    return torch.arange(start, stop, step, dtype=wide, device=device).to(TORCH_DTYPES[dtype])
