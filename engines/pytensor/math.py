"""PyTensor engine: element-wise math and reductions, written once with ``pytensor.tensor`` operations.

Dtypes follow kbackend's promotion rule, not PyTensor's (which gives float64 for int32 with float32, and int64
sums of int32): operands are cast to the common dtype first, results to the dtype the rule gives.
"""
import builtins

import numpy as np
import pytensor.tensor as pt
from pytensor.tensor.variable import TensorConstant

from kbackend.engine_api import FLOATS, SETTINGS, coerce_with

from .compiled import graph_function, is_symbolic
from .core import convert, dtype_of, shape_of, symbolic

__all__ = ["add", "subtract", "multiply", "divide", "negative", "power", "abs", "sign", "sqrt", "exp", "log",
           "sin", "cos", "tanh", "round", "maximum", "minimum", "equal", "not_equal", "greater", "greater_equal",
           "less", "less_equal", "where", "logical_and", "logical_or", "logical_not",
           "sum", "prod", "max", "min", "any", "all", "argmax", "argmin", "cumsum", "cumprod"]


def pair(x, y):
    """``x`` and ``y`` as symbolic variables of their common dtype under kbackend's promotion rule."""
    return coerce_with(symbolic, dtype_of, x, y)


def _in(x, dtype):
    return x if x.type.dtype == dtype else pt.cast(x, dtype)


def _inexact_decimal(operand):
    """Whether ``operand`` is a constant whose shortest decimal, read as a double, may be another number."""
    if not isinstance(operand, TensorConstant):
        return False
    values = np.asarray(operand.data).ravel()
    if values.size > 16:
        return True
    # str: NumPy's shortest decimal of the value in its dtype; infinities and NaN are widened as before
    return builtins.any(not np.isfinite(value) or float(str(value)) != float(value) for value in values)


def _exact_comparison_operands(x, y):
    """``x`` and ``y`` in float64 when one is a float16/float32 constant that C would read as another number:
    PyTensor writes a constant in fused C code as the shortest decimal of its value (0.8 for float32's
    0.800000011920929), which C reads as a double, so ``x > 0.8`` would compare in float64 with another number. In
    float64 the constant is exact, and the comparison gives what the narrower one gives (widening is exact).
    Constants whose decimal is exact (0, 6, 0.5) need no widening (relu compares with 0.0)."""
    if x.type.dtype in ("float16", "float32") and (_inexact_decimal(x) or _inexact_decimal(y)):
        return pt.cast(x, "float64"), pt.cast(y, "float64")
    return x, y


def _binary(operation, name, result_dtype=None):
    def body(x, y):
        if type(x) is not type(y) or not is_symbolic(x) or x.type.dtype != y.type.dtype:
            x, y = pair(x, y)
        if result_dtype == "bool":
            x, y = _exact_comparison_operands(x, y)
            return _in(operation(x, y), "bool")
        return _in(operation(x, y), result_dtype or x.type.dtype)
    body.__name__ = name
    return graph_function(body)


def _no_bool(operation, what):
    def checked(x, y):
        if x.type.dtype == "bool":
            raise TypeError(f"{what} of boolean tensors is not supported: cast them to a number dtype first")
        return operation(x, y)
    return checked


add = _binary(lambda x, y: pt.or_(x, y) if x.type.dtype == "bool" else pt.add(x, y), "add")
subtract = _binary(_no_bool(pt.sub, "subtract"), "subtract")
multiply = _binary(lambda x, y: pt.and_(x, y) if x.type.dtype == "bool" else pt.mul(x, y), "multiply")
def _tie_splitting(select, pick):
    """maximum (``select=pt.gt``) or minimum (``pt.lt``) whose gradient at a tie goes half to each operand, as on
    the other engines (PyTensor's own gives all of it to both, which doubles it where ``x == y``); the generic
    functions (softplus, clip, the crossentropies) rely on that convention. Integers keep PyTensor's op."""
    def operation(x, y):
        if x.type.dtype not in FLOATS:
            return pick(x, y)
        half = np.asarray(0.5, x.type.dtype)
        return pt.switch(select(x, y), x, pt.switch(select(y, x), y, x * half + y * half))
    return operation


maximum = _binary(_tie_splitting(pt.gt, pt.maximum), "maximum")
minimum = _binary(_tie_splitting(pt.lt, pt.minimum), "minimum")
equal = _binary(pt.eq, "equal", "bool")
not_equal = _binary(pt.neq, "not_equal", "bool")
greater = _binary(pt.gt, "greater", "bool")
greater_equal = _binary(pt.ge, "greater_equal", "bool")
less = _binary(pt.lt, "less", "bool")
less_equal = _binary(pt.le, "less_equal", "bool")
logical_and = _binary(lambda x, y: pt.and_(pt.neq(x, 0), pt.neq(y, 0)), "logical_and", "bool")
logical_or = _binary(lambda x, y: pt.or_(pt.neq(x, 0), pt.neq(y, 0)), "logical_or", "bool")


def _power(x, y):
    if x.type.dtype == "bool":
        return pt.or_(x, pt.eq(y, 0))
    out = pt.pow(x, y)
    if x.type.dtype in FLOATS and not _constant_without(y, 0.5):
        # C99 pow: (-inf) ** 0.5 is +inf; PyTensor's rewrites turn x ** 0.5 into sqrt(x), which gives NaN there
        out = pt.switch(pt.and_(pt.eq(x, -np.inf), pt.eq(y, 0.5)), np.inf, out)
    return out


def _constant_without(y, value):
    """Whether ``y`` is a constant none of whose entries is ``value``."""
    return isinstance(y, TensorConstant) and not bool(np.any(y.data == value))


power = _binary(_power, "power")


@graph_function
def divide(x, y):
    x, y = pair(x, y)
    if x.type.dtype not in FLOATS:
        x, y = pt.cast(x, SETTINGS.floatx), pt.cast(y, SETTINGS.floatx)
    return _in(pt.true_div(x, y), x.type.dtype)


def float_tensor(x):
    """``x`` symbolic, in floatx unless it is already a float."""
    x = symbolic(x)
    return x if x.type.dtype in FLOATS else pt.cast(x, SETTINGS.floatx)


def _unary_float(operation, name):
    def body(x):
        x = float_tensor(x)
        return _in(operation(x), x.type.dtype)
    body.__name__ = name
    return graph_function(body)


sqrt = _unary_float(lambda x: pt.sqrt(pt.maximum(x, 0)), "sqrt")
exp = _unary_float(pt.exp, "exp")
log = _unary_float(pt.log, "log")
sin = _unary_float(pt.sin, "sin")
cos = _unary_float(pt.cos, "cos")
tanh = _unary_float(pt.tanh, "tanh")


@graph_function
def negative(x):
    x = symbolic(x)
    if x.type.dtype == "bool":
        raise TypeError("negative of a boolean tensor is not supported: use logical_not")
    return _in(pt.neg(x), x.type.dtype)


@graph_function
def abs(x):
    x = symbolic(x)
    return x.copy() if x.type.dtype == "bool" or x.type.dtype.startswith("u") else _in(pt.abs(x), x.type.dtype)


@graph_function
def sign(x):
    x = symbolic(x)
    return x.copy() if x.type.dtype == "bool" else _in(pt.sign(x), x.type.dtype)


@graph_function
def round(x):
    x = symbolic(x)
    return pt.round(x, mode="half_to_even") if x.type.dtype in FLOATS else x.copy()




@graph_function
def logical_not(x):
    return pt.eq(symbolic(x), 0)


@graph_function
def where(condition, x, y):
    x, y = pair(x, y)
    return _in(pt.switch(symbolic(condition, "bool"), x, y), x.type.dtype)




def _accumulator(dtype):
    """Sums and products keep x's dtype; bool counts in int32; float16 accumulates in float32."""
    return "int32" if dtype == "bool" else "float32" if dtype == "float16" else dtype


def _result(dtype):
    return "int32" if dtype == "bool" else dtype


@graph_function
def sum(x, axis=None, keepdims=False):
    x = symbolic(x)
    dtype = x.type.dtype
    return _in(pt.sum(x, axis=axis, keepdims=keepdims, dtype=_accumulator(dtype), acc_dtype=_accumulator(dtype)),
               _result(dtype))


@graph_function
def prod(x, axis=None, keepdims=False):
    x = symbolic(x)
    dtype = x.type.dtype
    out = pt.prod(_in(x, _accumulator(dtype)), axis=axis, keepdims=keepdims, dtype=_accumulator(dtype),
                  acc_dtype=_accumulator(dtype), no_zeros_in_input=False)
    return _in(out, _result(dtype))


def _running_accumulator(dtype):
    """What cumsum and cumprod accumulate in: 64-bit for narrower integers and bool, since the Python
    implementation of PyTensor's CumOp (NumPy's cumsum) returns those in 64 bits whatever its output type says;
    the wrapped-around result is the same once cast back."""
    if dtype == "bool" or dtype.startswith("int") and dtype != "int64":
        return "int64"
    if dtype.startswith("uint") and dtype != "uint64":
        return "uint64"
    return _accumulator(dtype)


@graph_function
def cumsum(x, axis):
    x = symbolic(x)
    dtype = x.type.dtype
    return _in(pt.cumsum(_in(x, _running_accumulator(dtype)), axis=axis), _result(dtype))


@graph_function
def cumprod(x, axis):
    x = symbolic(x)
    dtype = x.type.dtype
    return _in(pt.cumprod(_in(x, _running_accumulator(dtype)), axis=axis), _result(dtype))


def _check_nonempty(x, axis, what):
    """ValueError (as NumPy raises) for a reduction without identity over an empty axis of the value ``x``."""
    if is_symbolic(x):
        return
    shape = shape_of(convert(x))
    dims = range(len(shape)) if axis is None else (axis if isinstance(axis, tuple) else (axis,))
    if builtins.any(shape[a] == 0 for a in dims) or (axis is None and 0 in shape):
        raise ValueError(f"{what}() of an empty axis is undefined (shape {shape}, axis {axis})")


@graph_function
def _max(x, axis, keepdims):
    x = symbolic(x)
    return _in(pt.max(x, axis=axis, keepdims=keepdims), x.type.dtype)


@graph_function
def _min(x, axis, keepdims):
    x = symbolic(x)
    return _in(pt.min(x, axis=axis, keepdims=keepdims), x.type.dtype)


def max(x, axis=None, keepdims=False):
    _check_nonempty(x, axis, "max")
    return _max(x, axis, keepdims)


def min(x, axis=None, keepdims=False):
    _check_nonempty(x, axis, "min")
    return _min(x, axis, keepdims)



@graph_function
def any(x, axis=None, keepdims=False):
    return pt.any(pt.neq(symbolic(x), 0), axis=axis, keepdims=keepdims)


@graph_function
def all(x, axis=None, keepdims=False):
    return pt.all(pt.neq(symbolic(x), 0), axis=axis, keepdims=keepdims)


@graph_function
def _argmax(x, axis):
    return _in(pt.argmax(symbolic(x), axis=axis), "int64")


@graph_function
def _argmin(x, axis):
    return _in(pt.argmin(symbolic(x), axis=axis), "int64")


def argmax(x, axis):
    _check_nonempty(x, axis, "argmax")
    return _argmax(x, axis)


def argmin(x, axis):
    _check_nonempty(x, axis, "argmin")
    return _argmin(x, axis)
