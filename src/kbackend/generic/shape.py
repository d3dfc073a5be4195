"""Generic shape functions on the engine core (first argument: the engine namespace E).

Arguments arrive normalised by the facade (``kbackend.facade.shape``): axes are non-negative ints, paddings tuples
of ``(before, after)`` pairs, factors ints >= 1, slice sizes resolved (no -1).
"""
import builtins
import functools

import numpy as np

from .. import _dtypes
from .._config import SETTINGS

__all__ = ["flatten", "batch_flatten", "upsample_nearest", "repeat_elements", "repeat", "temporal_padding", "spatial_2d_padding",
           "spatial_3d_padding", "one_hot", "slice", "split", "resize_images", "resize_volumes"]


def flatten(E, x):
    return E.reshape(x, (-1,))


def batch_flatten(E, x):
    x = E.convert(x)
    shape = tuple(E.shape_of(x))
    if not shape:
        return E.reshape(x, (1, 1))
    rest = 1
    for dim in shape[1:]:
        rest *= dim
    return E.reshape(x, (shape[0], rest))


@functools.lru_cache(maxsize=1024)
def upsample_plan(shape, factors):
    """Shapes for repeating every element ``factors[i]`` times along axis ``i`` by a broadcast: ``x`` reshaped to
    ``view`` (a size-1 axis after each repeated one), broadcast to ``expanded``, reshaped to ``final``."""
    view, expanded, final = [], [], []
    for dim, factor in zip(shape, factors):
        view.append(dim)
        expanded.append(dim)
        final.append(dim * factor)
        if factor != 1:
            view.append(1)
            expanded.append(factor)
    return tuple(view), tuple(expanded), tuple(final)


def upsample_nearest(E, x, factors):
    """``x`` with every element repeated ``factors[i]`` times along axis ``i`` (one int >= 0 per axis); not a
    public function: ``repeat_elements``, ``resize_images`` and ``resize_volumes`` use it, engines override it."""
    x = E.convert(x)
    if all(f == 1 for f in factors):
        return x
    view, expanded, final = upsample_plan(tuple(E.shape_of(x)), tuple(factors))
    reps = tuple(e if v == 1 and e != 1 else 1 for v, e in zip(view, expanded))
    return E.reshape(E.tile(E.reshape(x, view), reps), final)


def _factors(ndim, axes, values):
    factors = [1] * ndim
    for axis, value in zip(axes, values):
        factors[axis] = value
    return tuple(factors)


def repeat_elements(E, x, rep, axis):
    return E.upsample_nearest(x, _factors(len(E.shape_of(x)), (axis,), (rep,)))


def repeat(E, x, n):
    return E.tile(E.expand_dims(E.convert(x), 1), (1, n, 1))


def temporal_padding(E, x, padding):
    return E.pad(x, ((0, 0), padding, (0, 0)))


def spatial_pattern(padding, data_format):
    """The full per-axis padding of a batch whose spatial axes are padded by ``padding``."""
    if data_format == "channels_first":
        return ((0, 0), (0, 0)) + padding
    return ((0, 0),) + padding + ((0, 0),)


def spatial_2d_padding(E, x, padding, data_format):
    return E.pad(x, spatial_pattern(padding, data_format))


def spatial_3d_padding(E, x, padding, data_format):
    return E.pad(x, spatial_pattern(padding, data_format))


def one_hot(E, indices, num_classes, dtype):
    indices = E.convert(indices)
    classes = E.arange(0, num_classes, 1, E.dtype_of(indices))
    return E.cast(E.equal(E.expand_dims(indices, len(E.shape_of(indices))), classes), dtype)


def slice(E, x, start, size):
    x = E.convert(x)
    shape = tuple(E.shape_of(x))
    for axis, (begin, length) in enumerate(zip(start, size)):
        if begin or length != shape[axis]:
            x = E.take(x, E.arange(begin, begin + length, 1, "int32"), axis)
    return x


def split(E, x, sizes, axis):
    """``x`` cut along ``axis`` into consecutive pieces of ``sizes`` (which sum to its size there), by basic slicing.

    Arguments:
        E: the engine namespace.
        x: a tensor.
        sizes: a tuple of non-negative ints summing to ``x``'s size along ``axis``.
        axis: a non-negative int.

    Returns:
        A list of tensors, one per size.
    """
    x = E.convert(x)
    lead = (builtins.slice(None),) * axis
    pieces, begin = [], 0
    for size in sizes:
        pieces.append(x[lead + (builtins.slice(begin, begin + size),)])
        begin += size
    return pieces


# --- resizing ------------------------------------------------------------------------------------------------------
def spatial_axes(data_format, count):
    """The spatial axes of a batch with ``count`` spatial axes."""
    first = 2 if data_format == "channels_first" else 1
    return tuple(range(first, first + count))


@functools.lru_cache(maxsize=512)
def lerp_plan(size, factor):
    """Bilinear upsampling of one axis of length ``size`` by ``factor`` (the legacy TF1 kernel, Keras 2.3.1:
    ``align_corners=False, half_pixel_centers=False``): output ``i`` reads the input at ``i / factor``, between
    ``lower = i // factor`` and ``upper = min(lower + 1, size - 1)`` with weight ``(i % factor) / factor``.
    Returns ``(lower, upper, weight)`` as NumPy arrays (int32, int32, float64)."""
    out = np.arange(size * factor)
    lower = (out // factor).astype(np.int32)
    upper = np.minimum(lower + 1, size - 1).astype(np.int32)
    weight = (out % factor) / factor
    for array in (lower, upper, weight):
        array.flags.writeable = False  # cached: shared by every call
    return lower, upper, weight


def compute_dtype(name):
    """The dtype bilinear interpolation computes in for an input dtype (float16 in float32, as TensorFlow)."""
    if not _dtypes.is_float(name):
        name = SETTINGS.floatx
    return "float32" if name == "float16" else name


def _lerp(E, x, factor, axis, dtype):
    ndim = len(E.shape_of(x))
    lower, upper, weight = lerp_plan(E.shape_of(x)[axis], factor)
    below, above = E.take(x, lower, axis), E.take(x, upper, axis)
    weight = E.convert(weight.reshape((-1,) + (1,) * (ndim - axis - 1)), dtype)
    return E.add(below, E.multiply(E.subtract(above, below), weight))


def resize_images(E, x, height_factor, width_factor, data_format, interpolation):
    rows, cols = spatial_axes(data_format, 2)
    x = E.convert(x)
    if interpolation == "nearest":
        return E.upsample_nearest(x, _factors(4, (rows, cols), (height_factor, width_factor)))
    name = E.dtype_of(x)
    result = name if _dtypes.is_float(name) else SETTINGS.floatx
    dtype = compute_dtype(name)
    x = E.cast(x, dtype)
    if width_factor != 1:
        x = _lerp(E, x, width_factor, cols, dtype)
    if height_factor != 1:
        x = _lerp(E, x, height_factor, rows, dtype)
    return E.cast(x, result)


def resize_volumes(E, x, depth_factor, height_factor, width_factor, data_format):
    return E.upsample_nearest(x, _factors(5, spatial_axes(data_format, 3), (depth_factor, height_factor,
                                                                           width_factor)))
