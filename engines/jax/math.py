"""JAX engine: element-wise math (reductions are in ``reductions``).

Binary functions follow ``kbackend._dtypes``' promotion rule. When both operands are JAX arrays of one dtype, or a
JAX array and a Python scalar that JAX's weak typing already gives the array's dtype, the ``jnp`` function is called
as is. Otherwise the operands are paired by the rule (``core.pair``) and handed, uncast, to a jitted function that
casts both and computes in one dispatch (three eager calls cost ~3x as much).
"""
import functools

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from kbackend.engine_api import FLOATS, SETTINGS, coerce_with

from .core import (DTYPE_NAMES, FLOAT_DTYPES, INT_BOUNDS, JNP_DTYPES, ArrayImpl, check_int, convert, dtype_of,
                   in_host_memory, operand, pair)

__all__ = ["add", "subtract", "multiply", "divide", "negative", "power", "abs", "sign", "sqrt", "exp", "log",
           "sin", "cos", "tanh", "round", "maximum", "minimum", "equal", "not_equal", "greater", "greater_equal",
           "less", "less_equal", "where", "logical_and", "logical_or", "logical_not", "coerce_pair", "clip"]

_FLOATS = FLOATS
# Python ints a JAX array of this dtype absorbs without changing dtype (weak typing) and without wrapping around.
_WEAK_INT_RANGE = {JNP_DTYPES[name]: bounds for name, bounds in INT_BOUNDS.items()}
_WEAK_INT_RANGE.update({dtype: (-2 ** 63, 2 ** 63 - 1) for dtype in FLOAT_DTYPES})


def coerce_pair(x, y):
    return coerce_with(convert, dtype_of, x, y)


@functools.lru_cache(maxsize=None)
def coerced(fn, dtype):
    """``fn(x, y)`` jitted with both operands cast to ``dtype`` (a name) first."""
    target = JNP_DTYPES[dtype]

    def compute(x, y):
        return fn(lax.convert_element_type(x, target), lax.convert_element_type(y, target))
    return jax.jit(compute)


def _weak_ok(x, y, ty):
    """Whether ``fn(x, y)`` on the JAX array ``x`` and the Python scalar ``y`` already gives x's dtype."""
    if ty is float:
        return x.dtype in FLOAT_DTYPES
    if ty is bool:
        return True
    if ty is int:
        bounds = _WEAK_INT_RANGE.get(x.dtype)
        return bounds is not None and bounds[0] <= y <= bounds[1]
    return False


def broadcast_error(err):
    """JAX reports operands that do not broadcast as TypeError; NumPy (and so kbackend) raises ValueError."""
    return ValueError(str(err)) if "incompatible shapes" in str(err) else err


def _binary(fn):
    fast = jax.jit(fn)  # a jitted call dispatches in about half the time of the eager jnp function

    def op(x, y):
        tx, ty = type(x), type(y)
        try:
            if tx is ArrayImpl:
                if (y.dtype == x.dtype) if ty is ArrayImpl else _weak_ok(x, y, ty):
                    return fast(x, y)
            elif ty is ArrayImpl and _weak_ok(y, x, tx):
                return fast(x, y)
            x, y, dtype = pair(x, y)
            return coerced(fn, dtype)(x, y)
        except TypeError as err:
            raise broadcast_error(err) from None
    op.__name__ = fn.__name__
    return op


add = _binary(jnp.add)
subtract = _binary(jnp.subtract)
multiply = _binary(jnp.multiply)
maximum = _binary(jnp.maximum)
minimum = _binary(jnp.minimum)
equal = _binary(jnp.equal)
not_equal = _binary(jnp.not_equal)
greater = _binary(jnp.greater)
greater_equal = _binary(jnp.greater_equal)
less = _binary(jnp.less)
less_equal = _binary(jnp.less_equal)
logical_and = _binary(jnp.logical_and)
logical_or = _binary(jnp.logical_or)


def divide(x, y):
    try:
        return _divide(x, y)
    except TypeError as err:
        raise broadcast_error(err) from None


def _divide(x, y):
    if type(x) is ArrayImpl and x.dtype in FLOAT_DTYPES:
        if (y.dtype == x.dtype) if type(y) is ArrayImpl else _weak_ok(x, y, type(y)):
            return jnp.true_divide(x, y)
    x, y, dtype = pair(x, y)
    if dtype not in _FLOATS:
        dtype = SETTINGS.floatx
    return coerced(jnp.true_divide, dtype)(x, y)


def power(x, y):
    """``x ** y``; like NumPy, an integer raised to a negative integer power is a ValueError (when ``y`` is in host
    memory, see ``core.in_host_memory``; inside jit, or on other devices, it is not checked)."""
    if type(x) is ArrayImpl and x.dtype in FLOAT_DTYPES:
        if (y.dtype == x.dtype) if type(y) is ArrayImpl else _weak_ok(x, y, type(y)):
            try:
                return jnp.power(x, y)
            except TypeError as err:
                raise broadcast_error(err) from None
    x, y, dtype = pair(x, y)
    if dtype == "bool":
        dtype = "int8"  # as NumPy (and so the NumPy engine): power has no bool loop and gives int8
    elif dtype in INT_BOUNDS and _any_negative(y):
        raise ValueError("Integers to negative integer powers are not allowed.")
    try:
        return coerced(jnp.power, dtype)(x, y)
    except TypeError as err:
        raise broadcast_error(err) from None


def _any_negative(y):
    if type(y) in (bool, int):
        return y < 0
    if y.dtype.kind != "i" or not in_host_memory(y):  # (exponents on other devices are not read: JAX's rule)
        return False
    return bool((np.asarray(y) < 0).any())


@functools.lru_cache(maxsize=None)
def floated(fn, dtype):
    """``fn(x)`` jitted with ``x`` cast to the float dtype ``dtype`` (a name) first."""
    target = JNP_DTYPES[dtype]
    return jax.jit(lambda x: fn(lax.convert_element_type(x, target)))


def _unary_float(fn):
    """An element-wise function computed in a float dtype: integer, bool and Python-scalar inputs use floatx()."""
    fast = jax.jit(fn)  # a jitted call dispatches faster than the eager jnp function

    def op(x):
        if type(x) is ArrayImpl and x.dtype in FLOAT_DTYPES:
            return fast(x)
        x, name = operand(x)
        return floated(fn, name if name in _FLOATS else SETTINGS.floatx)(x)
    op.__name__ = getattr(fn, "__name__", "op")
    return op


def _clipped_sqrt(x):
    return jnp.sqrt(jnp.maximum(x, 0))


sqrt = _unary_float(_clipped_sqrt)
exp = _unary_float(jnp.exp)
log = _unary_float(jnp.log)
sin = _unary_float(jnp.sin)
cos = _unary_float(jnp.cos)
tanh = _unary_float(jnp.tanh)


def negative(x):
    return jnp.negative(convert(x))


def abs(x):
    return jnp.abs(convert(x))


def sign(x):
    x = convert(x)
    return jnp.sign(x) if x.dtype != bool else x


def round(x):
    x = convert(x)
    return jnp.round(x) if x.dtype in FLOAT_DTYPES else x


def logical_not(x):
    return jnp.logical_not(convert(x))


@functools.lru_cache(maxsize=None)
def _where_fn(dtype):
    target = JNP_DTYPES[dtype]

    def compute(condition, x, y):
        return jnp.where(lax.convert_element_type(condition, bool), lax.convert_element_type(x, target),
                         lax.convert_element_type(y, target))
    return jax.jit(compute)


def where(condition, x, y):
    x, y, dtype = pair(x, y)
    try:
        return _where_fn(dtype)(operand(condition)[0], x, y)
    except TypeError as err:
        raise broadcast_error(err) from None


@jax.jit
def _clip(x, low, high):
    """``minimum(maximum(x, low), high)`` with TensorFlow's gradient at the bounds: ``x`` gets it where it equals a
    bound, a bound only where ``x`` is beyond it (``maximum`` alone would split it at ties)."""
    out = x
    if low is not None:
        out = jnp.where(out >= low, out, jnp.maximum(out, low))
    if high is not None:
        out = jnp.where(out <= high, out, jnp.minimum(out, high))
    return out.astype(x.dtype)


def clip(x, min_value, max_value):
    x = convert(x)
    if min_value is None and max_value is None:
        return x
    name = DTYPE_NAMES[x.dtype]
    bounds = [min_value, max_value]
    for i, bound in enumerate(bounds):
        if bound is None:
            continue
        if not isinstance(bound, (int, float)):
            bounds[i] = convert(bound, name)
        elif isinstance(bound, int) and name in INT_BOUNDS:
            bound = int(bound)
            if min_value is not None and max_value is not None:
                check_int(bound, name)  # as NumPy's maximum/minimum do
            low, high = INT_BOUNDS[name]
            bounds[i] = low if bound < low else high if bound > high else bound  # as NumPy's clip gives
        else:
            bounds[i] = float(bound) if isinstance(bound, float) else int(bound)
    return _clip(x, bounds[0], bounds[1])
