"""JAX engine: shape primitives.

Each one is a jitted function with the shape arguments static (``jnp.reshape``, ``jnp.transpose``,
``jnp.concatenate``... cost 15-25 µs eagerly, a jitted call ~5 µs). Errors are raised with NumPy's exception types:
JAX reports some shape mismatches as TypeError where NumPy raises ValueError, and it clips or fills out-of-range
indices where NumPy raises IndexError.
"""
import functools

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from .core import DTYPE_NAMES, INT_BOUNDS, as_array, convert, operand

__all__ = ["reshape", "permute", "expand_dims", "squeeze", "concatenate", "stack", "broadcast_to", "take", "flip",
           "tile", "pad"]


def _value_errors(fn):
    """Re-raise JAX's TypeError for a shape mismatch as the ValueError NumPy raises."""
    @functools.wraps(fn)
    def op(*args):
        try:
            return fn(*args)
        except TypeError as err:
            if "dtype" in str(err) or "hashable" in str(err):
                raise
            raise ValueError(str(err)) from None
    return op


def _static(value):
    """A shape/axes argument as a hashable static argument (lists become tuples)."""
    if isinstance(value, (list, np.ndarray)):
        return tuple(int(v) for v in value)
    return value


@functools.partial(jax.jit, static_argnums=1)
def _reshape(x, shape):
    return jnp.reshape(x, shape)


@functools.partial(jax.jit, static_argnums=1)
def _permute(x, pattern):
    return jnp.transpose(x, pattern)


@functools.partial(jax.jit, static_argnums=1)
def _expand_dims(x, axis):
    return jnp.expand_dims(x, axis)


@functools.partial(jax.jit, static_argnums=1)
def _squeeze(x, axis):
    return jnp.squeeze(x, axis)


@functools.partial(jax.jit, static_argnums=1)
def _broadcast_to(x, shape):
    return jnp.broadcast_to(x, shape)


@functools.partial(jax.jit, static_argnums=1)
def _flip(x, axes):
    return jnp.flip(x, axes)


@functools.partial(jax.jit, static_argnums=1)
def _tile(x, reps):
    return jnp.tile(x, reps)


@functools.partial(jax.jit, static_argnums=(1, 2, 3))
def _join(tensors, axis, dtype, new_axis):
    tensors = [lax.convert_element_type(t, dtype) for t in tensors]
    return jnp.stack(tensors, axis) if new_axis else jnp.concatenate(tensors, axis)


@functools.partial(jax.jit, static_argnums=2)
def _pad(x, value, paddings):
    return jnp.pad(x, paddings, constant_values=value)


@_value_errors
def reshape(x, shape):
    return _reshape(as_array(x), _static(shape))


@_value_errors
def permute(x, pattern):
    return _permute(as_array(x), _static(pattern))


def expand_dims(x, axis):
    return _expand_dims(as_array(x), _static(axis))


def squeeze(x, axis):
    return _squeeze(as_array(x), _static(axis))


def broadcast_to(x, shape):
    return _broadcast_to(as_array(x), _static(shape))


def flip(x, axes):
    return _flip(as_array(x), _static(axes))


def tile(x, reps):
    reps = _static(reps)
    if any(r < 0 for r in (reps if isinstance(reps, tuple) else (reps,))):
        raise ValueError("negative dimensions are not allowed")
    return _tile(as_array(x), reps)


def _joined(tensors, axis, new_axis):
    tensors = [as_array(t) for t in tensors]
    if not tensors:
        raise ValueError("need at least one array to concatenate")
    # The dtype NumPy's concatenate/stack give (NumPy's own promotion, as the NumPy engine does).
    dtype = np.result_type(*[t.dtype for t in tensors])
    if dtype not in DTYPE_NAMES:
        raise TypeError(f"Cannot join tensors of dtypes {[str(t.dtype) for t in tensors]}")
    return _join(tensors, axis, dtype, new_axis)


@_value_errors
def concatenate(tensors, axis):
    return _joined(tensors, axis, False)


def stack(tensors, axis):
    return _joined(tensors, axis, True)


def take(x, indices, axis):
    x = as_array(x)
    indices, name = operand(indices)
    if name == "bool":  # NumPy reads bool indices as 0 and 1
        indices = convert(indices, "int32")
    elif not name.startswith(("int", "uint")):
        raise TypeError(f"Cannot take with indices of dtype {name}: expected integers")
    if not isinstance(indices, jax.core.Tracer):
        _check_indices(indices, x.shape, axis)
    return jnp.take(x, indices, axis)


def _check_indices(indices, shape, axis):
    """IndexError for out-of-range indices, as NumPy raises (JAX would fill them with NaN or INT_MIN)."""
    size = shape[axis] if axis is not None else int(np.prod(shape))
    host = np.asarray(indices)
    if host.size == 0:
        return
    bad = host[(host < -size) | (host >= size)]
    if bad.size:
        where = f"axis {axis}" if axis is not None else "the flattened array"
        raise IndexError(f"index {bad.flat[0]} is out of bounds for {where} with size {size}")


def _paddings(paddings, ndim):
    """``paddings`` in any form ``np.pad`` accepts, as a tuple of ``(before, after)`` int pairs per axis."""
    if isinstance(paddings, (tuple, list)) and len(paddings) == ndim and all(
            isinstance(p, (tuple, list)) and len(p) == 2 and all(type(v) is int for v in p) for p in paddings):
        pairs = tuple((p[0], p[1]) for p in paddings)
    else:
        array = np.asarray(paddings)
        if array.dtype.kind not in "iu":
            raise TypeError("`pad_width` must be of integral type.")
        pairs = tuple(tuple(int(v) for v in p) for p in np.broadcast_to(array, (ndim, 2)))
    if any(v < 0 for p in pairs for v in p):
        raise ValueError("index can't contain negative values")
    return pairs


def pad(x, paddings, value=0):
    x = as_array(x)
    if not isinstance(value, (bool, int, float)):
        value = convert(value)
    elif type(value) is int and x.dtype.kind in "iu":
        low, high = INT_BOUNDS[DTYPE_NAMES[x.dtype]]
        if not low <= value <= high:  # NumPy raises OverflowError for signed dtypes and wraps for unsigned ones
            value = np.pad(np.zeros(1, x.dtype), 1, constant_values=value)[0]
    return _pad(x, value, _paddings(paddings, x.ndim))
