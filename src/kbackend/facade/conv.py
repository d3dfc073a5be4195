"""Public API: convolution and pooling.

Convolutions are cross-correlations (the TF convention) with kernel layouts that do not depend on ``data_format``
(semantics.md 3.4). The facade checks every argument (the same ValueError/TypeError on every engine), computes the
explicit TF ``SAME``/``VALID``/``causal`` padding of each spatial axis once (cached per shape), and calls the
engine's ``conv``, ``depthwise_conv``, ``separable_conv``, ``conv_transpose``, ``pool`` or ``local_conv`` with
normalised arguments (see ``kbackend.generic.conv``).

Beyond Keras 2.3.1 on TensorFlow, every engine accepts ``strides > 1`` together with ``dilation_rate > 1``,
``padding='causal'`` with ``channels_first`` in ``conv1d``, and ``local_conv1d`` honours ``data_format`` (as
``local_conv2d`` does: Keras 2.3.1 ignored it and always read channels_last).
"""
import functools
import math
import numbers

from .._config import SETTINGS
from .._registry import ops as _ops
from ..generic.conv import output_sizes, pads
from ..graph.dispatch import graph_aware
from ..graph.leaves import SymbolicTensorBase
from . import static_shapes as _rules
from .config import normalize_data_format

_PADDINGS = ("valid", "same")


# --- argument normalisation ----------------------------------------------------------------------------------------
def _positive_ints(value, nd, what, fn):
    """An int or a sequence of ``nd`` ints, each >= 1, as a tuple of ``nd`` ints."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (int(value),) * nd
    elif isinstance(value, (list, tuple)):
        if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value):
            raise TypeError(f"{fn}(): {what} must be an int or a tuple of {nd} ints, got {value!r}")
        value = tuple(int(v) for v in value)
        if len(value) != nd:
            raise ValueError(f"{fn}(): {what} must be an int or a tuple of {nd} ints, got {value!r}")
    else:
        raise TypeError(f"{fn}(): {what} must be an int or a tuple of {nd} ints, got {value!r}")
    if any(v < 1 for v in value):
        raise ValueError(f"{fn}(): {what} must be positive, got {value!r}")
    return value


def _padding(padding, fn, causal=False):
    if padding in _PADDINGS or (causal and padding == "causal"):
        return padding
    allowed = "'valid', 'same' or 'causal'" if causal else "'valid' or 'same'"
    raise ValueError(f"Invalid padding: {padding!r} ({fn}() expects {allowed})")


def _check_rank(shape, rank, what, fn, layout):
    if len(shape) != rank:
        raise ValueError(f"{fn}(): {what} must be a rank-{rank} tensor {layout}, got shape {tuple(shape)}")


def _input_layout(nd, data_format):
    spatial = ", ".join(("steps",) if nd == 1 else ("rows", "cols") if nd == 2 else ("depth", "rows", "cols"))
    return (f"(batch, {spatial}, channels)" if data_format == "channels_last"
            else f"(batch, channels, {spatial})")


def _split(shape, data_format):
    """``(spatial sizes, channels)`` of an input shape."""
    if data_format == "channels_last":
        return tuple(shape[1:-1]), shape[-1]
    return tuple(shape[2:]), shape[1]


def _check_channels(kernel_channels, channels, what, fn):
    if kernel_channels is not None and channels is not None and kernel_channels != channels:
        raise ValueError(f"{fn}(): {what} ({kernel_channels}) does not match the input's {channels} channels")


@functools.lru_cache(maxsize=4096)
def _geometry(fn, sizes, kernel_size, strides, dilation_rate, padding):
    """Explicit pads of the spatial ``sizes``; ValueError when the (dilated) window does not fit."""
    pairs = pads(sizes, kernel_size, strides, dilation_rate, padding)
    out = output_sizes(sizes, kernel_size, strides, dilation_rate, pairs)
    if any(o < 1 for o in out) or any(k < 1 for k in kernel_size):
        effective = tuple((k - 1) * d + 1 for k, d in zip(kernel_size, dilation_rate))
        raise ValueError(f"{fn}(): the window of size {effective} (kernel/pool size {kernel_size}, dilation "
                         f"{dilation_rate}) does not fit in the input of spatial size {sizes} with padding "
                         f"{padding!r}")
    return pairs


def _shape(x):
    """The shape of ``x`` as a tuple (a symbolic tensor's static shape may hold None)."""
    if isinstance(x, SymbolicTensorBase):
        return tuple(x.shape)
    return tuple(_ops.shape_of(x))


def _hashable(value):
    """Lists (and arrays) of ints as tuples, so that the normalisation can be cached."""
    if isinstance(value, list):
        return tuple(value)
    if hasattr(value, "tolist") and not isinstance(value, numbers.Number):
        value = value.tolist()
        return tuple(value) if isinstance(value, list) else value
    return value


def _format(data_format):
    return SETTINGS.image_data_format if data_format is None else data_format


@functools.lru_cache(maxsize=4096)
def _forward(fn, nd, kind, x_shape, k_shape, p_shape, strides, padding, data_format, dilation_rate, types):
    """``(strides, pads, data_format, dilation_rate)`` of a convolution (``kind`` 'conv', 'depthwise' or
    'separable'), after checking every argument. ``types`` (those of strides and dilation_rate) is part of the
    cache key so that ``True`` is not taken for ``1``."""
    data_format = normalize_data_format(data_format)
    strides = _positive_ints(strides, nd, "strides", fn)
    dilation_rate = _positive_ints(dilation_rate, nd, "dilation_rate", fn)
    padding = _padding(padding, fn, causal=fn == "conv1d")
    _check_rank(x_shape, nd + 2, "x", fn, _input_layout(nd, data_format))
    sizes, channels = _split(x_shape, data_format)
    if kind == "conv":
        _check_rank(k_shape, nd + 2, "kernel", fn, "(kernel dims..., input channels, filters)")
        _check_channels(k_shape[nd], channels, "the kernel's input channels", fn)
    else:
        _check_rank(k_shape, nd + 2, "depthwise_kernel", fn, "(kernel dims..., input channels, depth_multiplier)")
        _check_channels(k_shape[nd], channels, "the depthwise kernel's input channels", fn)
    if kind == "separable":
        _check_rank(p_shape, nd + 2, "pointwise_kernel", fn,
                    f"({'1, ' * nd}input channels * depth_multiplier, filters)")
        if any(k != 1 for k in p_shape[:nd]):
            raise ValueError(f"{fn}(): pointwise_kernel must have spatial size {(1,) * nd}, got shape {p_shape}")
        if None not in k_shape[nd:] and p_shape[nd] is not None and p_shape[nd] != k_shape[nd] * k_shape[nd + 1]:
            raise ValueError(f"{fn}(): pointwise_kernel input channels ({p_shape[nd]}) must be the depthwise output "
                             f"channels {k_shape[nd]}*{k_shape[nd + 1]} = {k_shape[nd] * k_shape[nd + 1]}")
    pairs = _geometry(fn, sizes, k_shape[:nd], strides, dilation_rate, padding)
    return strides, pairs, data_format, dilation_rate


def _check_strings(fn, padding, data_format):
    """The errors of non-string (unhashable) ``padding``/``data_format``, before the cached normalisation."""
    if not isinstance(padding, str):
        _padding(padding, fn)
    if data_format is not None and not isinstance(data_format, str):
        normalize_data_format(data_format)


def _conv_args(fn, nd, kind, x, kernel, strides, padding, data_format, dilation_rate, pointwise_kernel=None):
    _check_strings(fn, padding, data_format)
    strides, dilation_rate = _hashable(strides), _hashable(dilation_rate)
    p_shape = None if pointwise_kernel is None else _shape(pointwise_kernel)
    return _forward(fn, nd, kind, _shape(x), _shape(kernel), p_shape, strides, padding,
                    _format(data_format), dilation_rate, (type(strides), type(dilation_rate)))


# --- convolutions --------------------------------------------------------------------------------------------------
@graph_aware(fallback=_rules.convolution(1))
def conv1d(x, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1):
    """1D convolution (cross-correlation) of ``x`` (batch, steps, channels) [channels_last] or (batch, channels,
    steps) with ``kernel`` (kernel_size, in, out). ``padding``: 'valid', 'same' (TF SAME) or 'causal' (left pad
    ``dilation_rate*(kernel_size-1)``, then valid; accepted with both data formats)."""
    return _ops.conv(x, kernel, *_conv_args("conv1d", 1, "conv", x, kernel, strides, padding, data_format,
                                            dilation_rate))


@graph_aware(fallback=_rules.convolution(2))
def conv2d(x, kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1)):
    """2D convolution (cross-correlation) with ``kernel`` (rows, cols, in, out); ``padding`` 'valid' or 'same'
    (TF SAME: the odd padded cell goes after). ``strides`` and ``dilation_rate`` are ints or pairs."""
    return _ops.conv(x, kernel, *_conv_args("conv2d", 2, "conv", x, kernel, strides, padding, data_format,
                                            dilation_rate))


@graph_aware(fallback=_rules.convolution(3))
def conv3d(x, kernel, strides=(1, 1, 1), padding='valid', data_format=None, dilation_rate=(1, 1, 1)):
    """3D convolution (cross-correlation) with ``kernel`` (depth, rows, cols, in, out)."""
    return _ops.conv(x, kernel, *_conv_args("conv3d", 3, "conv", x, kernel, strides, padding, data_format,
                                            dilation_rate))


@graph_aware(fallback=_rules.depthwise_conv2d)
def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1)):
    """Depthwise 2D convolution: each input channel ``c`` is correlated with ``depthwise_kernel[:, :, c, m]``
    (kernel (rows, cols, in, depth_multiplier)), giving output channel ``c*depth_multiplier + m``."""
    return _ops.depthwise_conv(x, depthwise_kernel, *_conv_args(
        "depthwise_conv2d", 2, "depthwise", x, depthwise_kernel, strides, padding, data_format, dilation_rate))


@graph_aware(fallback=_rules.separable(1))
def separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1, padding='valid', data_format=None,
                     dilation_rate=1):
    """Depthwise 1D convolution with ``depthwise_kernel`` (kernel_size, in, mult), then a pointwise convolution with
    ``pointwise_kernel`` (1, in*mult, out)."""
    return _ops.separable_conv(x, depthwise_kernel, pointwise_kernel, *_conv_args(
        "separable_conv1d", 1, "separable", x, depthwise_kernel, strides, padding, data_format, dilation_rate,
        pointwise_kernel))


@graph_aware(fallback=_rules.separable(2))
def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """Depthwise 2D convolution with ``depthwise_kernel`` (rows, cols, in, mult), then a pointwise convolution with
    ``pointwise_kernel`` (1, 1, in*mult, out)."""
    return _ops.separable_conv(x, depthwise_kernel, pointwise_kernel, *_conv_args(
        "separable_conv2d", 2, "separable", x, depthwise_kernel, strides, padding, data_format, dilation_rate,
        pointwise_kernel))


# --- transposed convolutions ---------------------------------------------------------------------------------------
def _dim(dim, output_shape, fn):
    """One ``output_shape`` entry (an int, None, or an integer scalar tensor) as an int or None."""
    if dim is None or (isinstance(dim, numbers.Integral) and not isinstance(dim, bool)):
        return None if dim is None else int(dim)
    try:
        value = _ops.to_numpy(dim)
    except Exception:
        value = None
    if value is None or value.ndim != 0 or value.dtype.kind not in "iu":
        raise TypeError(f"{fn}(): output_shape must be a tuple of ints, got {output_shape!r}")
    return int(value)


def _shape_argument(output_shape, fn):
    """``output_shape`` (tuple, list, 1-D integer array or tensor) as a tuple of ints and Nones."""
    if not isinstance(output_shape, (list, tuple)):
        try:
            output_shape = _ops.to_numpy(output_shape)
        except Exception:
            raise TypeError(f"{fn}(): output_shape must be a tuple of ints, got {output_shape!r}") from None
        if output_shape.ndim != 1:
            raise ValueError(f"{fn}(): output_shape must be a 1-D shape, got {output_shape!r}")
    return tuple(_dim(dim, output_shape, fn) for dim in output_shape)


@functools.lru_cache(maxsize=4096)
def _transposed(fn, nd, x_shape, k_shape, output_shape, strides, padding, data_format, dilation_rate, types):
    """``(output_shape with its batch, strides, pads, data_format, dilation_rate)`` of a transposed convolution,
    after checking that the forward convolution of ``output_shape`` gives the shape of ``x``."""
    data_format = normalize_data_format(data_format)
    strides = _positive_ints(strides, nd, "strides", fn)
    dilation_rate = _positive_ints(dilation_rate, nd, "dilation_rate", fn)
    padding = _padding(padding, fn)
    _check_rank(x_shape, nd + 2, "x", fn, _input_layout(nd, data_format))
    _check_rank(k_shape, nd + 2, "kernel", fn, "(kernel dims..., output channels, input channels)")
    sizes, channels = _split(x_shape, data_format)
    _check_channels(k_shape[nd + 1], channels, "the kernel's input channels (its last axis)", fn)
    if len(output_shape) != nd + 2:
        raise ValueError(f"{fn}(): output_shape must have {nd + 2} entries (batch, spatial..., channels in the "
                         f"layout of data_format), got {output_shape}")
    if output_shape[0] is None:
        output_shape = (x_shape[0],) + output_shape[1:]
    elif x_shape[0] is not None and output_shape[0] != x_shape[0]:
        raise ValueError(f"{fn}(): output_shape batch size {output_shape[0]} differs from the input's {x_shape[0]}")
    out_sizes, out_channels = _split(output_shape, data_format)
    if out_channels != k_shape[nd]:
        raise ValueError(f"{fn}(): output_shape has {out_channels} channels but the kernel produces {k_shape[nd]} "
                         f"(kernel layout (kernel dims..., output channels, input channels))")
    if any(m is None or m < 1 for m in out_sizes):
        raise ValueError(f"{fn}(): output_shape must have positive spatial sizes, got {output_shape}")
    pairs = pads(out_sizes, k_shape[:nd], strides, dilation_rate, padding)
    if output_sizes(out_sizes, k_shape[:nd], strides, dilation_rate, pairs) != sizes:
        ranges = []
        for n, k, st, d in zip(sizes, k_shape[:nd], strides, dilation_rate):
            low = (n - 1) * st + ((k - 1) * d + 1 if padding == "valid" else 1)
            ranges.append(f"{low}..{low + st - 1}")
        raise ValueError(f"{fn}(): output_shape spatial sizes {out_sizes} are not consistent with the input spatial "
                         f"sizes {sizes}, kernel {k_shape[:nd]}, strides {strides}, dilation {dilation_rate} and "
                         f"padding {padding!r} (expected sizes in {', '.join(ranges)} per axis)")
    return output_shape, strides, pairs, data_format, dilation_rate


def _transpose(fn, nd, x, kernel, output_shape, strides, padding, data_format, dilation_rate):
    _check_strings(fn, padding, data_format)
    strides, dilation_rate = _hashable(strides), _hashable(dilation_rate)
    args = _transposed(fn, nd, _shape(x), _shape(kernel), _shape_argument(output_shape, fn),
                       strides, padding, _format(data_format), dilation_rate, (type(strides), type(dilation_rate)))
    return _ops.conv_transpose(x, kernel, *args)


@graph_aware(fallback=_rules.transposed(2))
def conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding='valid', data_format=None,
                     dilation_rate=(1, 1)):
    """Transposed 2D convolution (the gradient of ``conv2d`` with respect to its input) with ``kernel`` (rows, cols,
    out, in). ``output_shape`` is the full output shape in the layout of ``data_format`` (a None batch is taken from
    ``x``); it must be one that ``conv2d`` with these arguments maps back to the shape of ``x`` (ValueError)."""
    return _transpose("conv2d_transpose", 2, x, kernel, output_shape, strides, padding, data_format, dilation_rate)


@graph_aware(fallback=_rules.transposed(3))
def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1), padding='valid', data_format=None):
    """Transposed 3D convolution with ``kernel`` (depth, rows, cols, out, in) and the full ``output_shape``."""
    return _transpose("conv3d_transpose", 3, x, kernel, output_shape, strides, padding, data_format, 1)


# --- pooling -------------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=4096)
def _pooling(fn, nd, x_shape, pool_size, strides, padding, data_format, pool_mode, types):
    data_format = normalize_data_format(data_format)
    pool_size = _positive_ints(pool_size, nd, "pool_size", fn)
    strides = _positive_ints(strides, nd, "strides", fn)
    padding = _padding(padding, fn)
    if pool_mode not in ("max", "avg"):
        raise ValueError(f"Invalid pool_mode: {pool_mode!r} ({fn}() expects 'max' or 'avg')")
    _check_rank(x_shape, nd + 2, "x", fn, _input_layout(nd, data_format))
    sizes, _ = _split(x_shape, data_format)
    pairs = _geometry(fn, sizes, pool_size, strides, (1,) * nd, padding)
    return pool_size, strides, pairs, data_format, pool_mode


def _pool(fn, nd, x, pool_size, strides, padding, data_format, pool_mode):
    _check_strings(fn, padding, data_format)
    if not isinstance(pool_mode, str):
        raise ValueError(f"Invalid pool_mode: {pool_mode!r} ({fn}() expects 'max' or 'avg')")
    pool_size, strides = _hashable(pool_size), _hashable(strides)
    return _ops.pool(x, *_pooling(fn, nd, _shape(x), pool_size, strides, padding, _format(data_format),
                                  pool_mode, (type(pool_size), type(strides))))


@graph_aware(fallback=_rules.pooling(2))
def pool2d(x, pool_size, strides=(1, 1), padding='valid', data_format=None, pool_mode='max'):
    """2D max or average pooling. With ``padding='same'`` the padded cells are ignored: they never win the max
    and are excluded from the mean (TF ``avg_pool``)."""
    return _pool("pool2d", 2, x, pool_size, strides, padding, data_format, pool_mode)


@graph_aware(fallback=_rules.pooling(3))
def pool3d(x, pool_size, strides=(1, 1, 1), padding='valid', data_format=None, pool_mode='max'):
    """3D max or average pooling (padded cells ignored, as in ``pool2d``)."""
    return _pool("pool3d", 3, x, pool_size, strides, padding, data_format, pool_mode)


# --- unshared (locally connected) convolutions ---------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)
def _unshared(fn, nd, x_shape, k_shape, kernel_size, strides, output_shape, data_format, types):
    data_format = normalize_data_format(data_format)
    kernel_size = _positive_ints(kernel_size, nd, "kernel_size", fn)
    strides = _positive_ints(strides, nd, "strides", fn)
    _check_rank(x_shape, nd + 2, "inputs", fn, _input_layout(nd, data_format))
    _check_rank(k_shape, 3, "kernel", fn, "(output positions, kernel_size product * input channels, filters)")
    output_shape = _positive_ints((k_shape[0],) if output_shape is None else output_shape, nd, "output_shape", fn)
    sizes, channels = _split(x_shape, data_format)
    if k_shape[0] != math.prod(output_shape):
        raise ValueError(f"{fn}(): the kernel has {k_shape[0]} positions but output_shape {output_shape} has "
                         f"{math.prod(output_shape)}")
    if channels is not None and k_shape[1] != math.prod(kernel_size) * channels:
        raise ValueError(f"{fn}(): the kernel's feature size {k_shape[1]} must be prod(kernel_size) * channels = "
                         f"{math.prod(kernel_size) * channels}")
    for n, o, k, s in zip(sizes, output_shape, kernel_size, strides):
        if n is not None and (o - 1) * s + k > n:
            raise ValueError(f"{fn}(): {o} windows of size {k} with stride {s} do not fit in the input of spatial "
                             f"size {sizes}")
    return kernel_size, strides, output_shape, data_format


def _local(fn, nd, inputs, kernel, kernel_size, strides, output_shape, data_format):
    _check_strings(fn, "valid", data_format)
    kernel_size, strides, output_shape = _hashable(kernel_size), _hashable(strides), _hashable(output_shape)
    return _ops.local_conv(inputs, kernel, *_unshared(
        fn, nd, _shape(inputs), _shape(kernel), kernel_size, strides, output_shape,
        _format(data_format), (type(kernel_size), type(strides), type(output_shape))))


@graph_aware(fallback=_rules.local_conv1d)
def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    """1D convolution with unshared weights: ``kernel`` (output_length, kernel_size*channels, filters); output step
    ``i`` multiplies the window at ``i*stride`` flattened as (kernel_size, channels) [channels_last] or (channels,
    kernel_size) [channels_first]. Output (batch, output_length, filters) or (batch, filters, output_length)."""
    return _local("local_conv1d", 1, inputs, kernel, kernel_size, strides, None, data_format)


@graph_aware(fallback=_rules.local_conv2d)
def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    """2D convolution with unshared weights: ``kernel`` (rows*cols, kh*kw*channels, filters) for ``output_shape``
    (rows, cols); position ``i*cols + j`` multiplies its window flattened as (kh, kw, channels) [channels_last] or
    (channels, kh, kw) [channels_first]."""
    return _local("local_conv2d", 2, inputs, kernel, kernel_size, strides, output_shape, data_format)


ENGINE_FUNCTIONS = {
    "conv1d": "conv", "conv2d": "conv", "conv3d": "conv",
    "depthwise_conv2d": "depthwise_conv",
    "separable_conv1d": "separable_conv", "separable_conv2d": "separable_conv",
    "conv2d_transpose": "conv_transpose", "conv3d_transpose": "conv_transpose",
    "pool2d": "pool", "pool3d": "pool",
    "local_conv1d": "local_conv", "local_conv2d": "local_conv",
}
