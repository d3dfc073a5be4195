"""PyTorch engine: convolution and pooling on ``torch.nn.functional``.

Torch computes channels_first (NC...): channels_last inputs are permuted views (which are channels_last-contiguous,
a layout the CPU kernels take as is) and results are permuted back. Kernels are permuted from the TF layouts.
Symmetric padding goes to the kernel's own ``padding``; asymmetric TF SAME padding (even kernels, strides) and causal
padding are applied with ``F.pad``. Average pooling with padding divides by the number of real cells in each window
(counts cached per device). A kernel on the CPU (a NumPy array) joins the device of ``x``, and ``x`` that of the
kernel. Arguments are normalised by the facade (see ``kbackend.generic.conv``).
"""
import functools

import numpy as np
import torch
import torch.nn.functional as F

from kbackend.engine_api import (CHANNELS_LAST, SETTINGS, coerce_with, to_channels_first, to_channels_last,
                                 unit_output_strides, window_counts)

from .core import TORCH_DTYPES, convert, dtype_of, numpy_error, same_device

__all__ = ["conv", "depthwise_conv", "conv_transpose", "pool"]

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
_MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
_pad = F.pad
_HALF, _FLOAT = torch.float16, torch.float32


def _float(x):
    x = convert(x)
    return x if x.is_floating_point() else x.to(TORCH_DTYPES[SETTINGS.floatx])


def _floats(x, kernel):
    if type(x) is not torch.Tensor or type(kernel) is not torch.Tensor or x.dtype is not kernel.dtype:
        x, kernel = coerce_with(convert, dtype_of, x, kernel)
    if x.device != kernel.device:  # (next to a convolution, the check costs nothing)
        x, kernel = same_device(x, kernel)
    if not x.is_floating_point():
        dtype = TORCH_DTYPES[SETTINGS.floatx]
        x, kernel = x.to(dtype), kernel.to(dtype)
    return x, kernel


@functools.lru_cache(maxsize=64)
def _permutations(nd):
    return to_channels_first(nd), to_channels_last(nd)


def _nc(x, data_format, nd):
    """``x`` as an NC... view."""
    return x if data_format != CHANNELS_LAST else x.permute(_permutations(nd)[0])


def _back(y, data_format, nd):
    return y if data_format != CHANNELS_LAST else y.permute(_permutations(nd)[1])


@functools.lru_cache(maxsize=1024)
def _unit_strides(x, taps, strides, padding, dilation_rate):
    """Strides avoiding oneDNN's wrong results on strided axes of output size 1 (``unit_output_strides``), or None;
    ``x`` is already padded by what F.pad added (the rest is symmetric, given to the kernel)."""
    symmetric, widths = _torch_padding(padding)
    pairs = tuple((p, p) for p in symmetric) if widths is None else tuple((0, 0) for _ in padding)
    return unit_output_strides(tuple(x.shape[2:]), tuple(taps), tuple(strides), tuple(dilation_rate), pairs)


def _first_positions(y, unit, strides):
    """``y`` cut to its first position along the axes that ``unit`` computed with stride 1 instead of ``strides``."""
    if unit is None:
        return y
    key = (slice(None), slice(None)) + tuple(slice(0, 1) if u != s else slice(None) for u, s in zip(unit, strides))
    return y[key]


def _torch_padding(padding):
    """``(symmetric padding for the kernel, F.pad widths or None)``."""
    if all(lo == hi for lo, hi in padding):
        return tuple(lo for lo, _ in padding), None
    widths = []
    for lo, hi in reversed(padding):  # F.pad lists the last axis first
        widths += [lo, hi]
    return (0,) * len(padding), tuple(widths)


@functools.lru_cache(maxsize=64)
def _weight_order(nd):
    """(k..., in, out) -> (out, in, k...)."""
    return (nd + 1, nd) + tuple(range(nd))


def conv(x, kernel, strides, padding, data_format, dilation_rate):
    x, kernel = _floats(x, kernel)
    nd = len(strides)
    x = _nc(x, data_format, nd)
    symmetric, widths = _torch_padding(padding)
    if widths is not None:
        x = _pad(x, widths)
    unit = _unit_strides(x, kernel.shape[:nd], strides, padding, dilation_rate)
    try:
        y = _CONV[nd](x, kernel.permute(_weight_order(nd)), None, unit or strides, symmetric, dilation_rate)
    except RuntimeError as err:
        raise numpy_error(err) from None
    return _back(_first_positions(y, unit, strides), data_format, nd)


def depthwise_conv(x, kernel, strides, padding, data_format, dilation_rate):
    """Grouped convolution with one group per input channel: output channel ``c*mult + m`` is group ``c``."""
    x, kernel = _floats(x, kernel)
    nd = len(strides)
    x = _nc(x, data_format, nd)
    shape = kernel.shape
    channels = shape[nd]
    weight = kernel.reshape(shape[:nd] + (channels * shape[nd + 1],)).permute((nd,) + tuple(range(nd))).unsqueeze(1)
    symmetric, widths = _torch_padding(padding)
    if widths is not None:
        x = _pad(x, widths)
    unit = _unit_strides(x, shape[:nd], strides, padding, dilation_rate)
    try:
        y = _CONV[nd](x, weight, None, unit or strides, symmetric, dilation_rate, channels)
    except RuntimeError as err:
        raise numpy_error(err) from None
    return _back(_first_positions(y, unit, strides), data_format, nd)


def conv_transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate):
    """``F.conv_transposeNd`` (the adjoint of torch's correlation, as TF's); the requested window
    ``[before, before + out)`` of the full result comes from the kernel's symmetric ``padding`` and
    ``output_padding`` when it can, else from cropping/extending the full result with ``F.pad``."""
    x, kernel = _floats(x, kernel)
    nd = len(strides)
    x = _nc(x, data_format, nd)
    out_sizes = tuple(output_shape[1:-1] if data_format == CHANNELS_LAST else output_shape[2:])
    weight = kernel.permute((nd + 1, nd) + tuple(range(nd)))   # (k..., out, in) -> (in, out, k...)
    extras = tuple(m - ((n - 1) * s + (k - 1) * d + 1) + lo + hi       # the output_padding on each axis
                   for m, n, s, d, k, (lo, hi) in zip(out_sizes, x.shape[2:], strides, dilation_rate,
                                                       kernel.shape[:nd], padding))
    try:
        if all(lo == hi for lo, hi in padding) and all(0 <= e < max(s, d) for e, s, d in
                                                       zip(extras, strides, dilation_rate)):
            y = _CONV_T[nd](x, weight, None, strides, tuple(lo for lo, _ in padding), extras, 1, dilation_rate)
        else:
            y = _CONV_T[nd](x, weight, None, strides, 0, 0, 1, dilation_rate)
            widths = []
            for (lo, _), m, full in zip(reversed(padding), reversed(out_sizes), reversed(y.shape[2:])):
                widths += [-lo, lo + m - full]
            y = _pad(y, widths)
    except RuntimeError as err:
        raise numpy_error(err) from None
    return _back(y, data_format, nd)


@functools.lru_cache(maxsize=256)
def _counts(sizes, pool_size, strides, padding, dtype, device):
    """The number of real cells in each pooling window, as a tensor of ``dtype`` on ``device`` (cached per device)."""
    counts = window_counts(sizes, pool_size, strides, padding)
    return torch.from_numpy(np.ascontiguousarray(counts)).to(device=device, dtype=dtype)


def pool(x, pool_size, strides, padding, data_format, pool_mode):
    x = _float(x)
    nd = len(strides)
    x = _nc(x, data_format, nd)
    symmetric, widths = _torch_padding(padding)
    fits = widths is None and all(2 * p <= k for p, k in zip(symmetric, pool_size))
    try:
        if pool_mode == "max":
            if not fits:
                x, symmetric = _pad(x, _all_widths(padding), value=float("-inf")), 0
            y = _MAX[nd](x, pool_size, strides, symmetric)
        else:
            half = x.dtype is _HALF and nd == 3   # no float16 avg_pool3d kernel on CPU
            if half:
                x = x.to(_FLOAT)
            if fits and (nd < 3 or all(n >= k for n, k in zip(x.shape[2:], pool_size))):
                # (avg_pool3d refuses a window wider than the unpadded input; the padded path below takes it)
                y = _AVG[nd](x, pool_size, strides, symmetric, False, False)
            else:
                sizes = tuple(x.shape[2:])
                y = _AVG[nd](_pad(x, _all_widths(padding)), pool_size, strides, 0, False, False, 1)
                y = y / _counts(sizes, pool_size, strides, padding, y.dtype, y.device)
            if half:
                y = y.to(_HALF)
    except RuntimeError as err:
        raise numpy_error(err) from None
    return _back(y, data_format, nd)


@functools.lru_cache(maxsize=1024)
def _all_widths(padding):
    widths = []
    for lo, hi in reversed(padding):
        widths += [lo, hi]
    return tuple(widths)
