"""PyTorch engine: element-wise math (reductions are in ``reductions``).

Binary functions follow the promotion rule (``coerce_with``) unless both operands are already tensors of one dtype;
an operand on the CPU joins the other's device (checked where operands are converted, and when the kernel refuses
two devices, so that tensors of one device pay nothing). Errors are those of the NumPy engine: torch's RuntimeErrors
become ValueError (shapes) or TypeError (dtypes).
"""
import numpy as np
import torch

from kbackend.engine_api import SETTINGS, coerce_with

from .core import (BOOL, DTYPE_NAMES, NP_DTYPES, TORCH_DTYPES, Tensor, convert, dtype_of, numpy_error, retry_on_one_device,
                   same_device)

__all__ = ["add", "subtract", "multiply", "divide", "negative", "power", "abs", "sign", "sqrt", "exp", "log",
           "sin", "cos", "tanh", "round", "maximum", "minimum", "equal", "not_equal", "greater", "greater_equal",
           "less", "less_equal", "where", "logical_and", "logical_or", "logical_not", "coerce_pair", "clip"]

_INT8, _INT64, _FLOAT64 = torch.int8, torch.int64, torch.float64
_isnan, _where, _relu = torch.isnan, torch.where, torch.relu


def coerce_pair(x, y):
    """``x`` and ``y`` as tensors of their common dtype (the promotion rule) on one device."""
    x, y = coerce_with(convert, dtype_of, x, y)
    return same_device(x, y)


_PYTHON_NUMBERS = (float, int)
_FULL_FLOATS = (torch.float32, torch.float64)


def _binary(fn, name, takes_numbers=False, commutative=False):
    def op(x, y):
        if type(x) is not Tensor or type(y) is not Tensor or x.dtype is not y.dtype:
            # a float32/float64 tensor with a Python number keeps its dtype under torch's rule as under kbackend's
            # (the number is weak, rounded to the tensor's dtype): torch.add/sub/mul take the number as it is,
            # without making a tensor of it (float16 is left out: torch would compute it in float32)
            if takes_numbers and type(x) is Tensor and type(y) in _PYTHON_NUMBERS and x.dtype in _FULL_FLOATS:
                return fn(x, y)
            if commutative and type(y) is Tensor and type(x) in _PYTHON_NUMBERS and y.dtype in _FULL_FLOATS:
                return fn(y, x)
            x, y = coerce_pair(x, y)
        try:
            return fn(x, y)
        except RuntimeError as err:
            return retry_on_one_device(fn, err, x, y)
    op.__name__ = op.__qualname__ = name
    return op


add = _binary(torch.add, "add", takes_numbers=True, commutative=True)
subtract = _binary(torch.subtract, "subtract", takes_numbers=True)
multiply = _binary(torch.multiply, "multiply", takes_numbers=True, commutative=True)
maximum = _binary(torch.maximum, "maximum")
minimum = _binary(torch.minimum, "minimum")
equal = _binary(torch.eq, "equal")
not_equal = _binary(torch.ne, "not_equal")
greater = _binary(torch.gt, "greater")
greater_equal = _binary(torch.ge, "greater_equal")
less = _binary(torch.lt, "less")
less_equal = _binary(torch.le, "less_equal")
logical_and = _binary(torch.logical_and, "logical_and")
logical_or = _binary(torch.logical_or, "logical_or")


def _power(x, y):
    if not x.is_floating_point():
        if x.dtype is BOOL:  # as NumPy: bool ** bool is int8
            x, y = x.to(_INT8), y.to(_INT8)
        elif y.is_cpu and bool((y < 0).any()):  # (a host read: skipped for exponents on an accelerator)
            raise ValueError("Integers to negative integer powers are not allowed.")
    return torch.pow(x, y)


power = _binary(_power, "power")


def divide(x, y):
    if type(x) is not Tensor or type(y) is not Tensor or x.dtype is not y.dtype:
        x, y = coerce_pair(x, y)
    if not x.is_floating_point():
        floatx = TORCH_DTYPES[SETTINGS.floatx]
        x, y = x.to(floatx), y.to(floatx)
    try:
        return torch.true_divide(x, y)
    except RuntimeError as err:
        return retry_on_one_device(torch.true_divide, err, x, y)


def float_input(x):
    """``x`` as a float tensor (integer and bool inputs become floatx)."""
    if type(x) is not Tensor:
        x = convert(x)
    if x.is_floating_point():
        return x
    return x.to(TORCH_DTYPES[SETTINGS.floatx])


def sqrt(x):
    return torch.sqrt(_relu(float_input(x)))  # relu clips negatives to 0 and keeps NaN


def exp(x):
    return torch.exp(float_input(x))


def log(x):
    return torch.log(float_input(x))


def sin(x):
    return torch.sin(float_input(x))


def cos(x):
    return torch.cos(float_input(x))


def tanh(x):
    return torch.tanh(float_input(x))


def negative(x):
    x = convert(x)
    if x.dtype is BOOL:
        raise TypeError("The boolean negative, the `-` operator, is not supported, use the `~` operator or "
                        "logical_not instead.")
    return torch.neg(x)


def abs(x):
    x = convert(x)
    return x.clone() if x.dtype is BOOL else torch.abs(x)


def sign(x):
    x = convert(x)
    if x.is_floating_point():
        return _where(_isnan(x), x, torch.sign(x))  # NaN stays NaN, as in NumPy
    return x.clone() if x.dtype is BOOL else torch.sign(x)


def round(x):
    x = convert(x)
    return torch.round(x) if x.is_floating_point() else x.clone()  # torch rounds half to even


def logical_not(x):
    return torch.logical_not(convert(x))


def where(condition, x, y):
    x, y = coerce_pair(x, y)
    condition = convert(condition, "bool")
    try:
        return _where(condition, x, y)
    except RuntimeError as err:
        return retry_on_one_device(_where, err, condition, x, y)


def _bound(value, dtype, x):
    """A clip bound: Python numbers stay numbers (as in NumPy), anything else becomes a tensor of ``dtype`` on the
    device of ``x`` (when it was on the CPU)."""
    if value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        if type(value) is int and not dtype.is_floating_point and dtype is not BOOL:
            np.asarray(value, NP_DTYPES[DTYPE_NAMES[dtype]])  # OverflowError out of range, as NumPy
        return value
    value = convert(value)
    if value.device != x.device and value.device.type == "cpu":
        value = value.to(x.device)
    return value if value.dtype is dtype else value.to(dtype)


def clip(x, min_value, max_value):
    x = convert(x)
    dtype = x.dtype
    if min_value is None and max_value is None:
        return x.clone()
    low, high = _bound(min_value, dtype, x), _bound(max_value, dtype, x)
    out = x
    if not x.is_floating_point():
        if type(low) is float or type(high) is float:
            out = x.to(_FLOAT64)  # NumPy compares integers with a float bound in float64, then casts back
        elif dtype is BOOL:
            out = x.to(_INT64)  # torch cannot clamp bools
    try:
        if type(low) is not Tensor and type(high) is not Tensor:
            out = torch.clamp(out, low, high)  # for low > high, clamp gives high, as minimum(maximum(x, low), high)
        else:
            # tensor bounds with TensorFlow's gradient at ties: x gets it (torch.maximum would split it)
            if low is not None:
                out = _where(out >= low, out, torch.maximum(out, low)) if type(low) is Tensor else \
                    torch.clamp_min(out, low)
            if high is not None:
                out = _where(out <= high, out, torch.minimum(out, high)) if type(high) is Tensor else \
                    torch.clamp_max(out, high)
    except RuntimeError as err:
        raise numpy_error(err) from None
    return out.to(dtype)
