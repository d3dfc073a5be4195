"""Generic convolution and pooling on the engine core (first argument: the engine namespace ``E``), and the
geometry every implementation shares (TF ``SAME``/``VALID`` padding, output sizes, transposed-conv pads).

The engine functions receive arguments the facade has normalised: ``strides``, ``dilation_rate``, ``pool_size``,
``kernel_size`` are tuples with one int per spatial axis; ``padding`` is a tuple of explicit ``(before, after)``
pairs, one per spatial axis (from :func:`pads`); ``data_format`` is ``'channels_last'`` or ``'channels_first'``;
``output_shape`` (transposed convs) is the full output shape in the layout of ``data_format`` with the batch filled
in. Kernel layouts are those of semantics.md 3.4 (TF): ``conv`` (k..., in, out); ``depthwise_conv`` (k..., in,
mult) giving channel ``c*mult+m``; ``conv_transpose`` (k..., out, in); ``local_conv`` (positions, features, out).

The generics gather the windows with ``E.take`` (indices ``o*stride + t*dilation``) and contract them with
``E.tensordot``: an im2col written once, used by any engine without a native convolution.
"""
import functools
import math

import numpy as np

from .._config import SETTINGS
from .._dtypes import FLOATS

__all__ = ["conv", "depthwise_conv", "separable_conv", "conv_transpose", "pool", "local_conv"]

CHANNELS_LAST = "channels_last"


# --- geometry (pure Python, shared by the facade, the generics and the engines) -----------------------------------
@functools.lru_cache(maxsize=4096)
def pads(sizes, kernel_size, strides, dilation_rate, padding):
    """Explicit ``((before, after), ...)`` for the spatial ``sizes`` and the padding mode: TF ``SAME`` (total
    ``max((ceil(n/s)-1)*s + (k-1)*d + 1 - n, 0)``, the odd cell after), ``VALID`` (none) or ``causal`` (all
    ``(k-1)*d`` before)."""
    out = []
    for n, k, s, d in zip(sizes, kernel_size, strides, dilation_rate):
        effective = (k - 1) * d + 1
        if padding == "valid":
            out.append((0, 0))
        elif padding == "causal":
            out.append((effective - 1, 0))
        else:
            total = max((-(-n // s) - 1) * s + effective - n, 0)
            out.append((total // 2, total - total // 2))
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def output_sizes(sizes, kernel_size, strides, dilation_rate, padding_pairs):
    """Spatial output sizes of a strided, dilated correlation over ``sizes`` padded by ``padding_pairs`` (may be
    < 1 when the kernel does not fit: the facade rejects that)."""
    return tuple((n + lo + hi - (k - 1) * d - 1) // s + 1
                 for n, k, s, d, (lo, hi) in zip(sizes, kernel_size, strides, dilation_rate, padding_pairs))


@functools.lru_cache(maxsize=4096)
def unit_output_strides(sizes, kernel_size, strides, dilation_rate, padding_pairs):
    """``strides`` with 1 on each axis whose output has one position, or None when no strided axis has one.

    oneDNN, under the CPU convolutions of TensorFlow 2.21 and PyTorch 2.13, returns wrong values (uninitialised
    memory included) for some convolutions with a stride above 1 along an axis of output size 1 (found by
    differential fuzzing: one input channel, a width stride of 2 or 3). With one output position the stride plays no
    part, so an engine computes those axes with stride 1 and keeps their first position.

    Arguments:
        sizes, kernel_size, strides, dilation_rate: tuples of ints, one per spatial axis.
        padding_pairs: ``((before, after), ...)`` per spatial axis.

    Returns:
        A tuple of ints, or None.
    """
    outputs = output_sizes(sizes, kernel_size, strides, dilation_rate, padding_pairs)
    if not any(s > 1 and o == 1 for s, o in zip(strides, outputs)):
        return None
    return tuple(1 if o == 1 else s for s, o in zip(strides, outputs))


@functools.lru_cache(maxsize=4096)
def transpose_pads(in_sizes, out_sizes, kernel_size, strides, dilation_rate, padding_pairs):
    """Pads ``((a, b), ...)`` of the stride-1 correlation, with the spatially flipped kernel, of the input dilated by
    ``strides`` (``(n-1)*s+1`` cells) that computes the transposed convolution of output size ``out_sizes`` whose
    forward convolution is padded by ``padding_pairs``: ``a = eff-1-before``, ``b = out - (n-1)*s - 1 + before``."""
    out = []
    for n, m, k, s, d, (lo, _) in zip(in_sizes, out_sizes, kernel_size, strides, dilation_rate, padding_pairs):
        effective = (k - 1) * d + 1
        out.append((effective - 1 - lo, m - (n - 1) * s - 1 + lo))
    return tuple(out)


def spatial_axes(ndim, data_format):
    """The spatial axes of a rank-``ndim`` input in ``data_format``."""
    return tuple(range(1, ndim - 1)) if data_format == CHANNELS_LAST else tuple(range(2, ndim))


def to_channels_last(nd):
    """Permutation of a channels_first rank-(nd+2) tensor to channels_last."""
    return (0,) + tuple(range(2, nd + 2)) + (1,)


def to_channels_first(nd):
    """Permutation of a channels_last rank-(nd+2) tensor to channels_first."""
    return (0, nd + 1) + tuple(range(1, nd + 1))


@functools.lru_cache(maxsize=256)
def window_counts(sizes, pool_size, strides, padding_pairs):
    """Float64 NumPy array (output sizes) of the number of real (unpadded) input cells in each pooling window."""
    counts = []
    for n, k, s, (lo, _), o in zip(sizes, pool_size, strides, padding_pairs,
                                   output_sizes(sizes, pool_size, strides, (1,) * len(sizes), padding_pairs)):
        start = np.arange(o) * s - lo
        counts.append(np.minimum(start + k, n) - np.maximum(start, 0))
    return functools.reduce(np.multiply.outer, counts).astype(np.float64)


@functools.lru_cache(maxsize=256)
def window_indices(size, out, k, s, d):
    """int64 indices ``o*s + t*d`` of shape (out, k)."""
    return np.arange(out)[:, None] * s + np.arange(k)[None, :] * d


# --- generic implementations on the core ---------------------------------------------------------------------------
def _floats(E, x, kernel):
    """``x`` and ``kernel`` as engine tensors of one float dtype (the promotion rule; integers become floatx)."""
    x, kernel = E.coerce_pair(x, kernel)
    if E.dtype_of(x) not in FLOATS:
        x, kernel = E.cast(x, SETTINGS.floatx), E.cast(kernel, SETTINGS.floatx)
    return x, kernel


def _float(E, x):
    x = E.convert(x)
    return x if E.dtype_of(x) in FLOATS else E.cast(x, SETTINGS.floatx)


def _channels_last(E, x, data_format, nd):
    return x if data_format == CHANNELS_LAST else E.permute(x, to_channels_last(nd))


def _restore(E, y, data_format, nd):
    return y if data_format == CHANNELS_LAST else E.permute(y, to_channels_first(nd))


def _windows(E, x, first, kernel_size, strides, dilation_rate, out_sizes=None):
    """``x`` with each spatial axis ``first+i`` replaced by the pair (output position, kernel tap); all the positions
    that fit unless ``out_sizes`` says how many."""
    shape = tuple(E.shape_of(x))
    for i, (k, s, d) in enumerate(zip(kernel_size, strides, dilation_rate)):
        axis = first + 2 * i
        n = shape[first + i]
        out = (n - (k - 1) * d - 1) // s + 1 if out_sizes is None else out_sizes[i]
        x = E.take(x, window_indices(n, out, k, s, d), axis)
    return x


def _padded_windows(E, x, kernel_size, strides, padding, dilation_rate, value=0):
    """Channels-last ``x`` padded then windowed: shape (N, o1, k1, o2, k2, ..., C)."""
    if any(lo or hi for lo, hi in padding):
        x = E.pad(x, ((0, 0),) + tuple(padding) + ((0, 0),), value)
    return _windows(E, x, 1, kernel_size, strides, dilation_rate)


def conv(E, x, kernel, strides, padding, data_format, dilation_rate):
    x, kernel = _floats(E, x, kernel)
    nd = len(strides)
    w = _padded_windows(E, _channels_last(E, x, data_format, nd), tuple(E.shape_of(kernel))[:nd], strides, padding,
                        dilation_rate)
    taps = tuple(range(2, 2 * nd + 1, 2)) + (2 * nd + 1,)
    y = E.tensordot(w, kernel, (taps, tuple(range(nd + 1))))
    return _restore(E, y, data_format, nd)


def depthwise_conv(E, x, kernel, strides, padding, data_format, dilation_rate):
    x, kernel = _floats(E, x, kernel)
    nd = len(strides)
    kshape = tuple(E.shape_of(kernel))
    w = _padded_windows(E, _channels_last(E, x, data_format, nd), kshape[:nd], strides, padding, dilation_rate)
    # (N, o1, k1, ..., C) -> (N, o..., k..., C, 1) times (k..., C, M), summed over the taps
    order = (0,) + tuple(range(1, 2 * nd, 2)) + tuple(range(2, 2 * nd + 1, 2)) + (2 * nd + 1,)
    w = E.expand_dims(E.permute(w, order), 2 * nd + 2)
    y = E.sum(E.multiply(w, kernel), tuple(range(nd + 1, 2 * nd + 1)))
    shape = tuple(E.shape_of(y))
    y = E.reshape(y, shape[:-2] + (shape[-2] * shape[-1],))
    return _restore(E, y, data_format, nd)


def separable_conv(E, x, depthwise_kernel, pointwise_kernel, strides, padding, data_format, dilation_rate):
    nd = len(strides)
    y = E.depthwise_conv(x, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return E.conv(y, pointwise_kernel, (1,) * nd, ((0, 0),) * nd, data_format, (1,) * nd)


def _dilate(E, x, strides):
    """Channels-last ``x`` with ``s-1`` zeros inserted between the cells of each spatial axis."""
    for i, s in enumerate(strides):
        if s == 1:
            continue
        axis = i + 1
        shape = tuple(E.shape_of(x))
        n = shape[axis]
        expanded = E.expand_dims(x, axis + 1)
        zeros = E.zeros(shape[:axis + 1] + (s - 1,) + shape[axis + 1:], E.dtype_of(x))
        x = E.reshape(E.concatenate([expanded, zeros], axis + 1), shape[:axis] + (n * s,) + shape[axis + 1:])
        x = E.take(x, np.arange((n - 1) * s + 1), axis)
    return x


def conv_transpose(E, x, kernel, output_shape, strides, padding, data_format, dilation_rate):
    x, kernel = _floats(E, x, kernel)
    nd = len(strides)
    x = _channels_last(E, x, data_format, nd)
    in_sizes = tuple(E.shape_of(x))[1:-1]
    out_sizes = tuple(output_shape[1:-1] if data_format == CHANNELS_LAST else output_shape[2:])
    kernel_size = tuple(E.shape_of(kernel))[:nd]
    full = transpose_pads(in_sizes, out_sizes, kernel_size, strides, dilation_rate, padding)
    flipped = E.flip(kernel, tuple(range(nd)))
    swapped = E.permute(flipped, tuple(range(nd)) + (nd + 1, nd))  # (k..., in, out) for the correlation
    y = E.conv(_dilate(E, x, strides), swapped, (1,) * nd, full, CHANNELS_LAST, dilation_rate)
    return _restore(E, y, data_format, nd)


def pool(E, x, pool_size, strides, padding, data_format, pool_mode):
    x = _float(E, x)
    nd = len(strides)
    x = _channels_last(E, x, data_format, nd)
    sizes = tuple(E.shape_of(x))[1:-1]
    ones = (1,) * nd
    taps = tuple(range(2, 2 * nd + 1, 2))
    if pool_mode == "max":
        y = E.max(_padded_windows(E, x, pool_size, strides, padding, ones, float("-inf")), taps)
    else:
        y = E.sum(_padded_windows(E, x, pool_size, strides, padding, ones), taps)
        counts = window_counts(sizes, pool_size, strides, padding)
        y = E.divide(y, E.convert(counts.reshape((1,) + counts.shape + (1,)), E.dtype_of(x)))
    return _restore(E, y, data_format, nd)


def local_conv(E, inputs, kernel, kernel_size, strides, output_shape, data_format):
    """Keras's unshared convolution: position ``p`` (row-major over ``output_shape``) multiplies its patch, flattened
    as (k..., C) for channels_last and (C, k...) for channels_first, by ``kernel[p]``."""
    x, kernel = _floats(E, inputs, kernel)
    nd = len(strides)
    first = 1 if data_format == CHANNELS_LAST else 2
    w = _windows(E, x, first, kernel_size, strides, (1,) * nd, output_shape)
    positions = tuple(range(first, first + 2 * nd, 2))
    taps = tuple(range(first + 1, first + 2 * nd, 2))
    if data_format == CHANNELS_LAST:   # (N, o1, k1, ..., C) -> (o..., N, k..., C)
        order = positions + (0,) + taps + (2 * nd + 1,)
    else:                              # (N, C, o1, k1, ...) -> (o..., N, C, k...)
        order = positions + (0, 1) + taps
    w = E.permute(w, order)
    shape = tuple(E.shape_of(w))
    batch = shape[nd]
    filters = tuple(E.shape_of(kernel))[-1]
    w = E.reshape(w, (math.prod(output_shape), batch, math.prod(shape[nd + 1:])))
    y = E.reshape(E.matmul(w, kernel), tuple(output_shape) + (batch, filters))   # (o..., N, F)
    if data_format == CHANNELS_LAST:
        return E.permute(y, (nd,) + tuple(range(nd)) + (nd + 1,))
    return E.permute(y, (nd, nd + 1) + tuple(range(nd)))
