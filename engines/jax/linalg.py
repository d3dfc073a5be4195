"""JAX engine: matrix products (jitted; JAX reports a shape mismatch as TypeError, NumPy as ValueError)."""
import functools

import jax
import jax.numpy as jnp
from jax import lax

from .core import JNP_DTYPES, ArrayImpl, pair

__all__ = ["matmul", "tensordot", "dot"]


def _shape_error(err):
    return ValueError(str(err)) if "dtype" not in str(err) else err


@functools.lru_cache(maxsize=None)
def _cast_pair(fn, dtype, *static):
    target = JNP_DTYPES[dtype]

    def compute(x, y):
        return fn(lax.convert_element_type(x, target), lax.convert_element_type(y, target), *static)
    return jax.jit(compute)


_matmul = jax.jit(jnp.matmul)


def matmul(x, y):
    try:
        if type(x) is ArrayImpl and type(y) is ArrayImpl and x.dtype == y.dtype:
            return _matmul(x, y)
        x, y, dtype = pair(x, y)
        return _cast_pair(jnp.matmul, dtype)(x, y)
    except TypeError as err:
        raise _shape_error(err) from None


def _static_axes(axes):
    if isinstance(axes, (list, tuple)):
        return tuple(tuple(a) if isinstance(a, (list, tuple)) else a for a in axes)
    return int(axes)


def tensordot(x, y, axes):
    x, y, dtype = pair(x, y)
    try:
        return _cast_pair(jnp.tensordot, dtype, _static_axes(axes))(x, y)
    except TypeError as err:
        raise _shape_error(err) from None


def _dot(x, y):
    if y.ndim <= 2:
        return jnp.matmul(x, y) if x.ndim >= 1 and y.ndim >= 1 else x * y
    return jnp.tensordot(x, y, ((x.ndim - 1,), (y.ndim - 2,)))


def dot(x, y):
    """Keras' dot: a matrix product, contracting x's last axis with y's second-to-last when y has rank > 2."""
    try:
        if type(x) is ArrayImpl and type(y) is ArrayImpl and x.dtype == y.dtype:
            return _cast_pair(_dot, x.dtype.name)(x, y)
        x, y, dtype = pair(x, y)
        return _cast_pair(_dot, dtype)(x, y)
    except TypeError as err:
        raise _shape_error(err) from None
