"""JAX engine: reductions (sums, extrema, moments, logical reductions, arg-extrema, cumulative ones).

Axes arrive normalised (None, a non-negative int or a tuple). ``jnp`` reductions are jitted with their axis static
already (~5 µs a call); the float-computing ones (mean/var/std) and cumulative ones are wrapped in one jitted function
together with their cast, so an integer input costs one dispatch, not two.
"""
import builtins
import functools

import jax
import jax.numpy as jnp
from jax import lax

from kbackend.engine_api import FLOATS, SETTINGS

from .core import FLOAT_DTYPES, JNP_DTYPES, as_array, operand

__all__ = ["sum", "prod", "max", "min", "mean", "var", "std", "any", "all", "argmax", "argmin", "cumsum", "cumprod"]

_FLOATS = FLOATS
_INT32 = JNP_DTYPES["int32"]
_FLOAT16 = JNP_DTYPES["float16"]
_FLOAT32 = JNP_DTYPES["float32"]


def _accumulate_dtype(x):
    """Sums and products keep x's dtype; bool counts in int32 (jnp would widen to the default integer)."""
    dtype = x.dtype
    if dtype in FLOAT_DTYPES:
        return None  # jnp accumulates float16 in float32 and casts back
    return _INT32 if dtype == bool else dtype


@functools.partial(jax.jit, static_argnums=(1, 2, 3, 4))
def _reduce(x, axis, dtype, keepdims, product):
    return (jnp.prod if product else jnp.sum)(x, axis, dtype, keepdims=keepdims)


def sum(x, axis=None, keepdims=False):
    x = as_array(x)
    return _reduce(x, axis, _accumulate_dtype(x), keepdims, False)  # one jitted call (eager jnp.sum costs more)


def prod(x, axis=None, keepdims=False):
    x = as_array(x)
    return _reduce(x, axis, _accumulate_dtype(x), keepdims, True)


@functools.partial(jax.jit, static_argnums=(1, 2, 3))
def _cumulative(x, axis, product, dtype):
    half = x.dtype == _FLOAT16
    if half:  # accumulate in float32 (a float16 running sum loses digits fast), round once
        x = x.astype(_FLOAT32)
    out = jnp.cumprod(x, axis, dtype) if product else jnp.cumsum(x, axis, dtype)
    return out.astype(_FLOAT16) if half else out


def cumsum(x, axis):
    x = as_array(x)
    return _cumulative(x, axis, False, _accumulate_dtype(x))


def cumprod(x, axis):
    x = as_array(x)
    return _cumulative(x, axis, True, _accumulate_dtype(x))


def _check_nonempty(x, axis, what):
    if x.size == 0:
        dims = range(x.ndim) if axis is None else (axis if isinstance(axis, tuple) else (axis,))
        if axis is None or builtins.any(x.shape[a] == 0 for a in dims):
            raise ValueError(f"{what}() of an empty axis is undefined (shape {tuple(x.shape)}, axis {axis})")


def max(x, axis=None, keepdims=False):
    x = as_array(x)
    if x.size == 0:
        _check_nonempty(x, axis, "max")
    return jnp.max(x, axis, keepdims=keepdims)


def min(x, axis=None, keepdims=False):
    x = as_array(x)
    if x.size == 0:
        _check_nonempty(x, axis, "min")
    return jnp.min(x, axis, keepdims=keepdims)


def _float_reduction(fn):
    """A reduction computed in a float dtype (ints and bools in floatx(); float16 in float32, rounded once: jnp.std
    would square into a float16 variance, which overflows), jitted with its static arguments."""
    def compute(x, axis, keepdims, dtype):
        if dtype == _FLOAT16:
            return fn(lax.convert_element_type(x, _FLOAT32), axis, keepdims=keepdims).astype(_FLOAT16)
        return fn(lax.convert_element_type(x, dtype), axis, keepdims=keepdims)
    jitted = jax.jit(compute, static_argnums=(1, 2, 3))

    def op(x, axis=None, keepdims=False):
        x, name = operand(x)
        return jitted(x, axis, keepdims, JNP_DTYPES[name if name in _FLOATS else SETTINGS.floatx])
    op.__name__ = fn.__name__
    return op


mean = _float_reduction(jnp.mean)
var = _float_reduction(jnp.var)
std = _float_reduction(jnp.std)


def any(x, axis=None, keepdims=False):
    return jnp.any(as_array(x), axis, keepdims=keepdims)


def all(x, axis=None, keepdims=False):
    return jnp.all(as_array(x), axis, keepdims=keepdims)


def argmax(x, axis):
    x = as_array(x)
    if x.shape[axis] == 0:
        raise ValueError(f"argmax() over an empty axis (shape {tuple(x.shape)}, axis {axis})")
    return jnp.argmax(x, axis)  # int64 under x64, first index on ties, NaN counts as the maximum (as NumPy)


def argmin(x, axis):
    x = as_array(x)
    if x.shape[axis] == 0:
        raise ValueError(f"argmin() over an empty axis (shape {tuple(x.shape)}, axis {axis})")
    return jnp.argmin(x, axis)
