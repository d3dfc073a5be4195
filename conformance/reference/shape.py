"""Reference shape functions (float64 NumPy, written for clarity; loops where they make the rule plain)."""
import numpy as np


def _array(x):
    """A case input as a NumPy array: floats in float64, integers in int64, bools as they are."""
    x = np.asarray(x)
    if x.dtype.kind == "f":
        return x.astype(np.float64)
    if x.dtype.kind in "iu":
        return x.astype(np.int64)
    return x


def _axis(axis, ndim):
    return axis + ndim if axis < 0 else axis


def concatenate(tensors, axis=-1):
    arrays = [_array(t) for t in tensors]
    if len({a.dtype.kind for a in arrays}) > 1:
        arrays = [a.astype(np.float64) for a in arrays]
    return np.concatenate(arrays, axis=_axis(axis, arrays[0].ndim))


def stack(x, axis=0):
    arrays = [_array(t) for t in x]
    if len({a.dtype.kind for a in arrays}) > 1:
        arrays = [a.astype(np.float64) for a in arrays]
    return np.stack(arrays, axis=_axis(axis, arrays[0].ndim + 1))


def reshape(x, shape):
    shape = (shape,) if isinstance(shape, int) else tuple(int(d) for d in shape)
    return np.reshape(_array(x), shape)


def permute_dimensions(x, pattern):
    x = _array(x)
    return np.transpose(x, [_axis(a, x.ndim) for a in pattern])


def _spatial_axes(data_format, count):
    first = 2 if data_format == "channels_first" else 1
    return list(range(first, first + count))


def repeat_elements(x, rep, axis):
    """Element ``j`` of the result along ``axis`` is element ``j // rep`` of ``x``."""
    x = _array(x)
    axis = _axis(axis, x.ndim)
    source = [j // rep for j in range(x.shape[axis] * rep)]
    return np.take(x, np.array(source, dtype=np.int64), axis=axis)


def repeat(x, n):
    x = _array(x)
    out = np.zeros((x.shape[0], n, x.shape[1]), dtype=x.dtype)
    for i in range(n):
        out[:, i, :] = x
    return out


def resize_images(x, height_factor, width_factor, data_format, interpolation="nearest"):
    x = _array(x)
    rows, cols = _spatial_axes(data_format, 2)
    if interpolation == "nearest":
        return repeat_elements(repeat_elements(x, height_factor, rows), width_factor, cols)
    # Bilinear, legacy TF1 kernel (align_corners=False, half_pixel_centers=False), one pixel at a time.
    x = x.astype(np.float64)
    moved = np.moveaxis(x, (rows, cols), (1, 2))  # (batch, H, W, channels)
    batch, height, width, channels = moved.shape
    out = np.zeros((batch, height * height_factor, width * width_factor, channels))
    for i in range(height * height_factor):
        y = i / height_factor
        y0 = int(np.floor(y))
        y1 = min(y0 + 1, height - 1)
        wy = y - y0
        for j in range(width * width_factor):
            c = j / width_factor
            x0 = int(np.floor(c))
            x1 = min(x0 + 1, width - 1)
            wx = c - x0
            top = moved[:, y0, x0] * (1 - wx) + moved[:, y0, x1] * wx
            bottom = moved[:, y1, x0] * (1 - wx) + moved[:, y1, x1] * wx
            out[:, i, j] = top * (1 - wy) + bottom * wy
    return np.moveaxis(out, (1, 2), (rows, cols))


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    x = _array(x)
    for axis, factor in zip(_spatial_axes(data_format, 3), (depth_factor, height_factor, width_factor)):
        x = repeat_elements(x, factor, axis)
    return x


def tile(x, n):
    x = _array(x)
    n = (n,) if isinstance(n, int) else tuple(n)
    n = (1,) * (x.ndim - len(n)) + n  # left-padded with 1s
    out = x
    for axis, count in enumerate(n):
        out = np.concatenate([out] * count, axis=axis) if count else np.take(out, np.zeros(0, np.int64), axis=axis)
    return out


def flatten(x):
    x = _array(x)
    return x.reshape((x.size,))


def batch_flatten(x):
    x = _array(x)
    if x.ndim == 0:
        return x.reshape((1, 1))
    rest = int(np.prod(x.shape[1:], dtype=np.int64))
    return x.reshape((x.shape[0], rest))


def expand_dims(x, axis=-1):
    x = _array(x)
    axis = axis + x.ndim + 1 if axis < 0 else axis
    return x.reshape(x.shape[:axis] + (1,) + x.shape[axis:])


def squeeze(x, axis):
    x = _array(x)
    axis = _axis(axis, x.ndim)
    assert x.shape[axis] == 1
    return x.reshape(x.shape[:axis] + x.shape[axis + 1:])


def _zero_pad(x, pads):
    """``x`` placed inside zeros, with ``pads[axis] = (before, after)`` zeros on each axis."""
    out = np.zeros(tuple(d + a + b for d, (a, b) in zip(x.shape, pads)), dtype=x.dtype)
    out[tuple(slice(a, a + d) for d, (a, _) in zip(x.shape, pads))] = x
    return out


def temporal_padding(x, padding=(1, 1)):
    x = _array(x)
    return _zero_pad(x, [(0, 0), tuple(padding), (0, 0)])


def _spatial_padding(x, padding, data_format):
    x = _array(x)
    pads = [(0, 0)] * x.ndim
    for axis, pair in zip(_spatial_axes(data_format, len(padding)), padding):
        pads[axis] = tuple(pair)
    return _zero_pad(x, pads)


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format="channels_last"):
    return _spatial_padding(x, padding, data_format or "channels_last")


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format="channels_last"):
    return _spatial_padding(x, padding, data_format or "channels_last")


def one_hot(indices, num_classes):
    indices = _array(indices)
    out = np.zeros(indices.shape + (num_classes,))
    for position in np.ndindex(*indices.shape):
        value = indices[position]
        if 0 <= value < num_classes:
            out[position + (value,)] = 1.0
    return out


def reverse(x, axes):
    x = _array(x)
    axes = [axes] if isinstance(axes, int) else list(axes)
    index = [slice(None)] * x.ndim
    for axis in axes:
        index[_axis(axis, x.ndim)] = slice(None, None, -1)
    return x[tuple(index)]


def slice_(x, start, size):
    x = _array(x)
    start = [int(s) for s in np.asarray(start).reshape(-1)]
    size = [int(s) for s in np.asarray(size).reshape(-1)]
    index = tuple(slice(b, None if s == -1 else b + s) for b, s in zip(start, size))
    return x[index]
