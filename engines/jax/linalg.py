"""JAX engine: matrix products (jitted; JAX reports a shape mismatch as TypeError, NumPy as ValueError)."""
import functools
import types

import jax
import jax.numpy as jnp
from jax import lax

from kbackend.engine_api import sparse_dot

from .core import JNP_DTYPES, ArrayImpl, convert, dtype_of, pair, shape_of
from .sparse import is_sparse, sparse_matmul, sparse_tensor, to_dense

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
    except (TypeError, ValueError) as err:
        _numpy_axes_check(jnp.shape(x), jnp.shape(y), axes)  # NumPy's own exception, where NumPy raises one
        raise _shape_error(err) from None


def _numpy_axes_check(x_shape, y_shape, axes):
    """The checks of ``np.tensordot``, in its order (so a bad ``axes`` raises what NumPy raises: IndexError for an
    axis beyond an operand's rank, ValueError for sizes that differ)."""
    if isinstance(axes, int):
        axes_a, axes_b = list(range(-axes, 0)), list(range(0, axes))
    else:
        axes_a, axes_b = axes
    axes_a = list(axes_a) if isinstance(axes_a, (list, tuple)) else [axes_a]
    axes_b = list(axes_b) if isinstance(axes_b, (list, tuple)) else [axes_b]
    if len(axes_a) != len(axes_b):
        raise ValueError("shape-mismatch for sum")
    for a, b in zip(axes_a, axes_b):
        if x_shape[a] != y_shape[b]:
            raise ValueError("shape-mismatch for sum")


def _dot(x, y):
    if y.ndim <= 2:
        return jnp.matmul(x, y) if x.ndim >= 1 and y.ndim >= 1 else x * y
    return jnp.tensordot(x, y, ((x.ndim - 1,), (y.ndim - 2,)))


_DOT = jax.jit(_dot)


def dot(x, y):
    """Keras' dot: a matrix product, contracting x's last axis with y's second-to-last when y has rank > 2."""
    try:
        if type(x) is ArrayImpl and type(y) is ArrayImpl and x.dtype == y.dtype:
            return _DOT(x, y)
        if is_sparse(x) or is_sparse(y):
            return _sparse_dot(x, y)
        x, y, dtype = pair(x, y)
        return _cast_pair(_dot, dtype)(x, y)
    except TypeError as err:
        raise _shape_error(err) from None


def _sparse_dot(x, y):
    """``dot`` with a sparse operand: the generic version (``kbackend.generic.linalg.sparse_dot``) on this engine's
    functions."""
    return sparse_dot(_SPARSE_DOT_OPS, x, y)


_SPARSE_DOT_OPS = types.SimpleNamespace(is_sparse=is_sparse, to_dense=to_dense, convert=convert, shape_of=shape_of,
                                        dtype_of=dtype_of, sparse_tensor=sparse_tensor, sparse_matmul=sparse_matmul,
                                        dot=dot)
