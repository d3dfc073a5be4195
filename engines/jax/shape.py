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
from numpy.exceptions import AxisError

from kbackend.engine_api import SETTINGS, compute_dtype, is_float, lerp_plan, promote, upsample_plan

from .core import DTYPE_NAMES, INT_BOUNDS, ArrayImpl, as_array, convert, in_host_memory, operand
from .devices import empty_placed_like

__all__ = ["reshape", "permute", "expand_dims", "squeeze", "concatenate", "stack", "broadcast_to", "take", "flip",
           "tile", "pad", "upsample_nearest", "slice", "split", "one_hot", "resize_images"]


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


def _axis_errors(fn):
    """Re-raise JAX's ValueError for an axis out of range as NumPy's AxisError (a ValueError and an IndexError)."""
    @functools.wraps(fn)
    def op(*args):
        try:
            return fn(*args)
        except ValueError as err:
            if "out of bounds" in str(err):
                raise AxisError(str(err)) from None
            raise
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


@_axis_errors
def expand_dims(x, axis):
    return _expand_dims(as_array(x), _static(axis))


@_axis_errors
def squeeze(x, axis):
    return _squeeze(as_array(x), _static(axis))


def broadcast_to(x, shape):
    return _broadcast_to(as_array(x), _static(shape))


@_axis_errors
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
    # kbackend's promotion rule (int32 with float32 gives float32), not NumPy's.
    dtype = tensors[0].dtype
    if any(t.dtype != dtype for t in tensors):
        dtype = np.dtype(functools.reduce(promote, (DTYPE_NAMES[t.dtype] for t in tensors)))
    return _join(tensors, axis, dtype, new_axis)


@functools.partial(jax.jit, static_argnums=2)
def _concatenate_pair(x, y, axis):
    return jnp.concatenate((x, y), axis)


@_value_errors
def concatenate(tensors, axis):
    # the common case, two arrays of one dtype: one jitted call, with no list or dtype to pass
    if (type(tensors) is list or type(tensors) is tuple) and len(tensors) == 2:
        x, y = tensors
        if type(x) is ArrayImpl and type(y) is ArrayImpl and x.dtype == y.dtype:
            return _concatenate_pair(x, y, axis)
    return _joined(tensors, axis, False)


def stack(tensors, axis):
    return _joined(tensors, axis, True)


def take(x, indices, axis):
    x = as_array(x)
    if axis is not None and not -x.ndim <= axis < x.ndim:
        raise AxisError(f"axis {axis} is out of bounds for array of dimension {x.ndim}")
    indices, name = operand(indices)
    if name == "bool":  # NumPy reads bool indices as 0 and 1
        indices = convert(indices, "int32")
    elif not name.startswith(("int", "uint")):
        raise TypeError(f"Cannot take with indices of dtype {name}: expected integers")
    if in_host_memory(indices):
        _check_indices(indices, x.shape, axis)
    result = jnp.take(x, indices, axis)
    return result if result.size else empty_placed_like(result, x, indices)


def _check_indices(indices, shape, axis):
    """IndexError for out-of-range indices, as NumPy raises, for indices in host memory (``in_host_memory``).
    Other indices are not read: out-of-range ones follow JAX's fill rule (NaN for floats, the most negative value
    for signed integers, the largest value for unsigned integers, True for bools)."""
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


# --- natives of the shape section ---------------------------------------------------------------------------------
@functools.partial(jax.jit, static_argnums=1)
def _upsample(x, factors):
    view, expanded, final = upsample_plan(x.shape, factors)
    return jnp.broadcast_to(x.reshape(view), expanded).reshape(final)


def upsample_nearest(x, factors):
    """Every element repeated ``factors[i]`` times along axis ``i`` (one broadcast, one copy, one dispatch)."""
    factors = tuple(factors)
    if all(f == 1 for f in factors):
        return convert(x)
    return _upsample(as_array(x), factors)


@functools.partial(jax.jit, static_argnums=(1, 2))
def _slice(x, start, limit):
    return lax.slice(x, start, limit)


def slice(x, start, size):
    return _slice(as_array(x), tuple(start), tuple(b + n for b, n in zip(start, size)))


def split(x, sizes, axis):
    """One ``lax.split`` (its gradient is one concatenation, where separate slices would add padded copies)."""
    return list(lax.split(as_array(x), tuple(sizes), axis))


@functools.partial(jax.jit, static_argnums=(1, 2))
def _one_hot(indices, num_classes, dtype):
    return (indices[..., None] == jnp.arange(num_classes)).astype(dtype)


def one_hot(indices, num_classes, dtype):
    return _one_hot(as_array(indices), num_classes, np.dtype(dtype))


def _lerp(x, factor, axis):
    """Bilinear upsampling of one axis (the legacy TF1 kernel; see ``kbackend.generic.shape.lerp_plan``)."""
    lower, upper, weight = lerp_plan(x.shape[axis], factor)
    below, above = jnp.take(x, lower, axis, mode="clip"), jnp.take(x, upper, axis, mode="clip")
    weight = weight.reshape((-1,) + (1,) * (x.ndim - axis - 1)).astype(x.dtype)
    return below + (above - below) * weight


@functools.partial(jax.jit, static_argnums=(1, 2, 3, 4, 5))
def _bilinear(x, height_factor, width_factor, rows, compute, result):
    x = x.astype(compute)
    if width_factor != 1:
        x = _lerp(x, width_factor, rows + 1)
    if height_factor != 1:
        x = _lerp(x, height_factor, rows)
    return x.astype(result)


def resize_images(x, height_factor, width_factor, data_format, interpolation):
    rows = 2 if data_format == "channels_first" else 1
    if interpolation == "nearest":
        factors = [1, 1, 1, 1]
        factors[rows], factors[rows + 1] = height_factor, width_factor
        return upsample_nearest(x, tuple(factors))
    x = as_array(x)
    name = DTYPE_NAMES[x.dtype]
    result = name if is_float(name) else SETTINGS.floatx
    return _bilinear(x, height_factor, width_factor, rows, np.dtype(compute_dtype(name)), np.dtype(result))
