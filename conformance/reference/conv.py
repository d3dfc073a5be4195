"""Reference convolution and pooling (float64 NumPy), written from the definitions with explicit loops over output
positions and kernel taps. Cross-correlation (TF convention), data_format-independent kernel layouts, TF SAME
padding (the odd padded cell after), causal = left padding; transposed convolutions as the scatter (adjoint) of the
forward correlation; pooling over the real cells of each window (padding never wins the max and is not counted in
the mean). They share no code with any engine or with kbackend's generic implementations.
"""
import itertools

import numpy as np


def _data_format(data_format):
    return "channels_last" if data_format is None else data_format   # the cases always name it


def _tuple(value, nd):
    return (int(value),) * nd if np.isscalar(value) else tuple(int(v) for v in value)


def _channels_last(x, data_format):
    return x if data_format == "channels_last" else np.moveaxis(x, 1, -1)


def _restore(y, data_format):
    return y if data_format == "channels_last" else np.moveaxis(y, -1, 1)


def _before_after(n, k, s, d, padding):
    """TF padding of one axis of size n for a kernel k, stride s, dilation d."""
    span = (k - 1) * d + 1
    if padding == "valid":
        return 0, 0
    if padding == "causal":
        return span - 1, 0
    out = -(-n // s)                                   # ceil(n / s)
    total = max((out - 1) * s + span - n, 0)
    return total // 2, total - total // 2


def _pad_all(x, kernel_size, strides, dilation, padding, value=0.0):
    """Channels-last x padded on its spatial axes; also returns the output sizes and the pads."""
    pairs = [_before_after(n, k, s, d, padding)
             for n, k, s, d in zip(x.shape[1:-1], kernel_size, strides, dilation)]
    padded = np.pad(x, [(0, 0)] + pairs + [(0, 0)], constant_values=value)
    out = [(p - ((k - 1) * d + 1)) // s + 1 for p, k, s, d in zip(padded.shape[1:-1], kernel_size, strides, dilation)]
    return padded, out, pairs


def _correlate(x, kernel, strides, padding, data_format, dilation_rate, depthwise=False):
    data_format = _data_format(data_format)
    nd = kernel.ndim - 2
    strides, dilation = _tuple(strides, nd), _tuple(dilation_rate, nd)
    x = _channels_last(np.asarray(x, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)
    padded, out, _ = _pad_all(x, kernel.shape[:nd], strides, dilation, padding)
    batch, channels = x.shape[0], x.shape[-1]
    filters = channels * kernel.shape[-1] if depthwise else kernel.shape[-1]
    y = np.zeros([batch] + out + [filters])
    for o in itertools.product(*(range(n) for n in out)):
        for t in itertools.product(*(range(k) for k in kernel.shape[:nd])):
            cell = tuple(oi * si + ti * di for oi, si, ti, di in zip(o, strides, t, dilation))
            values = padded[(slice(None),) + cell]                 # (batch, channels)
            if depthwise:   # output channel c*mult + m is input channel c times kernel[t][c, m]
                y[(slice(None),) + o] += (values[:, :, None] * kernel[t][None]).reshape(batch, filters)
            else:
                y[(slice(None),) + o] += values @ kernel[t]
    return _restore(y, data_format)


def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    return _correlate(x, kernel, strides, padding, data_format, dilation_rate)


def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    return _correlate(x, kernel, strides, padding, data_format, dilation_rate)


def conv3d(x, kernel, strides=(1, 1, 1), padding="valid", data_format=None, dilation_rate=(1, 1, 1)):
    return _correlate(x, kernel, strides, padding, data_format, dilation_rate)


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    return _correlate(x, depthwise_kernel, strides, padding, data_format, dilation_rate, depthwise=True)


def separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1, padding="valid", data_format=None,
                     dilation_rate=1):
    y = _correlate(x, depthwise_kernel, strides, padding, data_format, dilation_rate, depthwise=True)
    return _correlate(y, pointwise_kernel, 1, "valid", data_format, 1)


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding="valid", data_format=None,
                     dilation_rate=(1, 1)):
    y = _correlate(x, depthwise_kernel, strides, padding, data_format, dilation_rate, depthwise=True)
    return _correlate(y, pointwise_kernel, 1, "valid", data_format, 1)


def _transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate):
    """Input cell m reaches output cell m*s + t*d - before through tap t (before = the forward conv's padding)."""
    data_format = _data_format(data_format)
    nd = kernel.ndim - 2
    strides, dilation = _tuple(strides, nd), _tuple(dilation_rate, nd)
    x = _channels_last(np.asarray(x, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)
    out_sizes = list(output_shape[1:-1] if data_format == "channels_last" else output_shape[2:])
    befores = [_before_after(m, k, s, d, padding)[0]
               for m, k, s, d in zip(out_sizes, kernel.shape[:nd], strides, dilation)]
    y = np.zeros([x.shape[0]] + out_sizes + [kernel.shape[nd]])
    for m in itertools.product(*(range(n) for n in x.shape[1:-1])):
        for t in itertools.product(*(range(k) for k in kernel.shape[:nd])):
            j = tuple(mi * si + ti * di - b for mi, si, ti, di, b in zip(m, strides, t, dilation, befores))
            if all(0 <= ji < size for ji, size in zip(j, out_sizes)):
                y[(slice(None),) + j] += x[(slice(None),) + m] @ kernel[t].T    # kernel[t]: (out, in)
    return _restore(y, data_format)


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding="valid", data_format=None,
                     dilation_rate=(1, 1)):
    return _transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate)


def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding="valid", data_format=None):
    return _transpose(x, kernel, output_shape, strides, padding, data_format, 1)


def _pool(x, pool_size, strides, padding, data_format, pool_mode, nd):
    data_format = _data_format(data_format)
    pool_size, strides = _tuple(pool_size, nd), _tuple(strides, nd)
    x = _channels_last(np.asarray(x, np.float64), data_format)
    sizes = x.shape[1:-1]
    pairs = [_before_after(n, k, s, 1, padding) for n, k, s in zip(sizes, pool_size, strides)]
    out = [(n + lo + hi - k) // s + 1 for n, k, s, (lo, hi) in zip(sizes, pool_size, strides, pairs)]
    y = np.zeros([x.shape[0]] + out + [x.shape[-1]])
    for o in itertools.product(*(range(n) for n in out)):
        cells = [x[(slice(None),) + c] for c in itertools.product(*(
            [i for i in range(oi * s - lo, oi * s - lo + k) if 0 <= i < n]
            for oi, s, (lo, _), k, n in zip(o, strides, pairs, pool_size, sizes)))]
        stacked = np.stack(cells)
        y[(slice(None),) + o] = stacked.max(axis=0) if pool_mode == "max" else stacked.mean(axis=0)
    return _restore(y, data_format)


def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 2)


def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid", data_format=None, pool_mode="max"):
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 3)


def _local(inputs, kernel, kernel_size, strides, output_shape, data_format):
    """Position p (row-major over output_shape) multiplies its window, flattened as (k..., C) for channels_last or
    (C, k...) for channels_first (Keras's reshape of the slice), by kernel[p]."""
    data_format = _data_format(data_format)
    nd = len(output_shape)
    kernel_size, strides = _tuple(kernel_size, nd), _tuple(strides, nd)
    x = np.asarray(inputs, np.float64)
    y = np.zeros([x.shape[0]] + list(output_shape) + [kernel.shape[-1]])
    for p, o in enumerate(itertools.product(*(range(n) for n in output_shape))):
        window = tuple(slice(oi * s, oi * s + k) for oi, s, k in zip(o, strides, kernel_size))
        if data_format == "channels_last":
            patch = x[(slice(None),) + window + (slice(None),)]
        else:
            patch = x[(slice(None), slice(None)) + window]
        y[(slice(None),) + o] = patch.reshape(x.shape[0], -1) @ kernel[p]
    return _restore(y, data_format)


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    return _local(inputs, kernel, kernel_size, strides, (kernel.shape[0],), data_format)


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    return _local(inputs, kernel, kernel_size, strides, tuple(output_shape), data_format)
