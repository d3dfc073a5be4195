"""JAX engine: convolution and pooling on ``lax.conv_general_dilated`` and ``lax.reduce_window``.

Both data formats are native (dimension numbers), padding is explicit ``(before, after)`` pairs, depthwise is a
fused sum over the kernel taps and the transposed convolution is the correlation of the stride-dilated input with the flipped
kernel (``lhs_dilation``). Each function is one ``jax.jit`` per signature (geometry and dtype are static), casting
its operands inside; float16 is computed in float32 and rounded once. Arguments are normalised by the facade
(see ``kbackend.generic.conv``).
"""
import functools
import itertools

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from kbackend.engine_api import (CHANNELS_LAST, FLOATS, SETTINGS, output_sizes, to_channels_first, to_channels_last,
                                 transpose_pads, window_counts, window_indices)

from .core import JNP_DTYPES, operand, pair
from .devices import unsharded

__all__ = ["conv", "depthwise_conv", "conv_transpose", "pool", "local_conv"]

_SPATIAL = {1: "W", 2: "HW", 3: "DHW"}
_F16, _F32 = np.dtype("float16"), np.dtype("float32")


@functools.lru_cache(maxsize=64)
def _dimension_numbers(nd, data_format, kernel="IO"):
    spatial = _SPATIAL[nd]
    lhs = f"N{spatial}C" if data_format == CHANNELS_LAST else f"NC{spatial}"
    return lhs, spatial + kernel, lhs


def _float_name(name):
    return name if name in FLOATS else SETTINGS.floatx


def _operands(x, kernel):
    x, kernel, name = pair(x, kernel)
    return x, unsharded(kernel), _float_name(name)


def _cast(value, dtype):
    """``value`` in the compute dtype of ``dtype`` (float16 computes in float32)."""
    return lax.convert_element_type(value, _F32 if dtype == _F16 else dtype)


@functools.partial(jax.jit, static_argnums=(2, 3, 4, 5, 6, 7))
def _conv(x, kernel, dtype, strides, padding, dimension_numbers, dilation_rate, groups):
    dtype = JNP_DTYPES[dtype]
    y = lax.conv_general_dilated(_cast(x, dtype), _cast(kernel, dtype), strides, padding,
                                 rhs_dilation=dilation_rate, dimension_numbers=dimension_numbers,
                                 feature_group_count=groups)
    return lax.convert_element_type(y, dtype)


def conv(x, kernel, strides, padding, data_format, dilation_rate):
    x, kernel, name = _operands(x, kernel)
    nd = len(strides)
    return _conv(x, kernel, name, strides, padding, _dimension_numbers(nd, data_format), dilation_rate, 1)


@functools.partial(jax.jit, static_argnums=(2, 3, 4, 5, 6))
def _depthwise(x, kernel, dtype, strides, padding, data_format, dilation_rate):
    """A sum over the kernel taps of strided slices times ``kernel[t]`` (XLA fuses it into one loop; on CPU it is
    10 to 100 times faster than a ``feature_group_count`` convolution)."""
    dtype = JNP_DTYPES[dtype]
    x, kernel = _cast(x, dtype), _cast(kernel, dtype)
    nd = len(strides)
    if data_format != CHANNELS_LAST:
        x = jnp.transpose(x, to_channels_last(nd))
    x = lax.pad(x, np.array(0, x.dtype), ((0, 0, 0),) + tuple((lo, hi, 0) for lo, hi in padding) + ((0, 0, 0),))
    kernel_size = kernel.shape[:nd]
    channels, mult = kernel.shape[nd], kernel.shape[nd + 1]
    out = output_sizes(x.shape[1:-1], kernel_size, strides, dilation_rate, ((0, 0),) * nd)
    y = None
    for tap in itertools.product(*(range(k) for k in kernel_size)):
        start = (0,) + tuple(t * d for t, d in zip(tap, dilation_rate)) + (0,)
        limit = ((x.shape[0],) + tuple(t * d + (o - 1) * s + 1 for t, d, o, s in zip(tap, dilation_rate, out, strides))
                 + (channels,))
        part = lax.slice(x, start, limit, (1,) + strides + (1,))[..., None] * kernel[tap]   # (N, o..., C, M)
        y = part if y is None else y + part
    y = y.reshape(y.shape[:-2] + (channels * mult,))
    if data_format != CHANNELS_LAST:
        y = jnp.transpose(y, to_channels_first(nd))
    return lax.convert_element_type(y, dtype)


def depthwise_conv(x, kernel, strides, padding, data_format, dilation_rate):
    x, kernel, name = _operands(x, kernel)
    return _depthwise(x, kernel, name, strides, padding, data_format, dilation_rate)


@functools.partial(jax.jit, static_argnums=(2, 3, 4, 5, 6, 7))
def _conv_transpose(x, kernel, dtype, strides, padding, data_format, dilation_rate, out_sizes):
    dtype = JNP_DTYPES[dtype]
    nd = len(strides)
    in_sizes = x.shape[1:-1] if data_format == CHANNELS_LAST else x.shape[2:]
    full = transpose_pads(tuple(in_sizes), out_sizes, kernel.shape[:nd], strides, dilation_rate, padding)
    flipped = jnp.flip(_cast(kernel, dtype), tuple(range(nd)))
    y = lax.conv_general_dilated(_cast(x, dtype), flipped, (1,) * nd, full, lhs_dilation=strides,
                                 rhs_dilation=dilation_rate,
                                 dimension_numbers=_dimension_numbers(nd, data_format, "OI"))
    return lax.convert_element_type(y, dtype)


def conv_transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate):
    x, kernel, name = _operands(x, kernel)
    out_sizes = tuple(output_shape[1:-1] if data_format == CHANNELS_LAST else output_shape[2:])
    return _conv_transpose(x, kernel, name, strides, padding, data_format, dilation_rate, out_sizes)


@functools.partial(jax.jit, static_argnums=(1, 2, 3, 4, 5, 6))
def _pool(x, dtype, pool_size, strides, padding, data_format, pool_mode):
    dtype = JNP_DTYPES[dtype]
    x = _cast(x, dtype)
    if data_format == CHANNELS_LAST:
        window, steps = (1,) + pool_size + (1,), (1,) + strides + (1,)
        pairs = ((0, 0),) + padding + ((0, 0),)
        sizes = x.shape[1:-1]
    else:
        window, steps = (1, 1) + pool_size, (1, 1) + strides
        pairs = ((0, 0), (0, 0)) + padding
        sizes = x.shape[2:]
    if pool_mode == "max":
        y = lax.reduce_window(x, np.array(-np.inf, x.dtype), lax.max, window, steps, pairs)
    else:
        y = lax.reduce_window(x, np.array(0, x.dtype), lax.add, window, steps, pairs)
        counts = window_counts(tuple(sizes), pool_size, strides, padding)
        counts = counts.reshape((1,) + counts.shape + (1,) if data_format == CHANNELS_LAST else (1, 1) + counts.shape)
        y = y / counts.astype(x.dtype)
    return lax.convert_element_type(y, dtype)


def pool(x, pool_size, strides, padding, data_format, pool_mode):
    x, name = operand(x)
    return _pool(x, _float_name(name), pool_size, strides, padding, data_format, pool_mode)


@functools.partial(jax.jit, static_argnums=(2, 3, 4, 5, 6))
def _local_conv(x, kernel, dtype, kernel_size, strides, output_shape, data_format):
    dtype = JNP_DTYPES[dtype]
    x, kernel = _cast(x, dtype), _cast(kernel, dtype)
    nd = len(strides)
    first = 1 if data_format == CHANNELS_LAST else 2
    for i, (k, s, o) in enumerate(zip(kernel_size, strides, output_shape)):   # axis first+i -> (position, tap)
        x = jnp.take(x, window_indices(x.shape[first + 2 * i], o, k, s, 1), axis=first + 2 * i)
    positions = tuple(range(first, first + 2 * nd, 2))
    taps = tuple(range(first + 1, first + 2 * nd, 2))
    order = positions + ((0,) + taps + (2 * nd + 1,) if data_format == CHANNELS_LAST else (0, 1) + taps)
    x = jnp.transpose(x, order)
    batch = x.shape[nd]
    patches = x.reshape((kernel.shape[0], batch, -1))
    y = jnp.matmul(patches, kernel).reshape(output_shape + (batch, kernel.shape[-1]))    # (o..., N, F)
    if data_format == CHANNELS_LAST:
        y = jnp.transpose(y, (nd,) + tuple(range(nd)) + (nd + 1,))
    else:
        y = jnp.transpose(y, (nd, nd + 1) + tuple(range(nd)))
    return lax.convert_element_type(y, dtype)


def local_conv(inputs, kernel, kernel_size, strides, output_shape, data_format):
    """Keras's unshared convolution (see ``kbackend.generic.conv.local_conv``) as one jitted gather and matmul."""
    x, kernel, name = _operands(inputs, kernel)
    return _local_conv(x, kernel, name, kernel_size, strides, output_shape, data_format)
