"""Public API: convolution and pooling.

Layouts: ``data_format`` is 'channels_last' (``(batch, spatial..., channels)``) or 'channels_first' (``(batch,
channels, spatial...)``), in any letter case; None means ``image_data_format()``. The spatial axes are ``(steps,)``
in 1D, ``(rows, cols)`` in 2D, ``(depth, rows, cols)`` in 3D. Kernel layouts do not depend on ``data_format`` (the
TF convention): ``(spatial..., in_channels, filters)`` for convolutions, ``(spatial..., filters, in_channels)`` for
transposed ones, ``(spatial..., in_channels, depth_multiplier)`` for depthwise kernels.

Convolutions are cross-correlations (the kernel is not flipped), as on TensorFlow. ``strides``, ``dilation_rate``,
``pool_size`` and ``kernel_size`` are an int (the same for every spatial axis) or a list/tuple of one int >= 1 per
spatial axis; strides > 1 may be combined with dilation > 1. A window of ``k`` cells dilated by ``d`` spans
``w = (k - 1) * d + 1`` input cells.

Padding (exact strings): 'valid' pads nothing, giving ``floor((n - w) / s) + 1`` output positions along an axis of
``n`` cells with stride ``s``; 'same' pads as TensorFlow's SAME, giving ``ceil(n / s)`` positions: the axis is
padded by ``max((ceil(n / s) - 1) * s + w - n, 0)`` cells, half before and the odd cell after; 'causal' (``conv1d``
only) pads ``w - 1`` cells before the steps, so that output step ``t`` reads input steps ``<= t`` only.
Convolutions pad with zeros; pooling ignores padded cells (never the max, not counted in the mean).

Dtypes: the input and the kernels are promoted to one dtype (``kbackend._dtypes.promote``: the wider float wins,
integer with float gives the float); float results keep that dtype, integer and bool inputs compute in ``floatx()``.

Tensor arguments may be the engine's tensors, ``kbackend.Variable`` objects, NumPy arrays or nested lists of
numbers. Every argument is checked before the engine runs, with the same exception on every engine (ValueError for
a wrong rank, channel count, size, padding, data format or pool mode; TypeError for a non-int size). In graph mode,
a call given a symbolic tensor or a variable records a node and returns a ``kbackend.SymbolicTensor`` of inferred
static shape; with known sizes the checks run when the call is recorded, otherwise when the graph runs.

Beyond Keras 2.3.1 on TensorFlow, every engine accepts ``strides > 1`` together with ``dilation_rate > 1``,
``padding='causal'`` with ``channels_first`` in ``conv1d``, and ``local_conv1d`` honours ``data_format`` (as
``local_conv2d`` does: Keras 2.3.1 ignored it and always read channels_last). The engines receive normalised
arguments and explicit padding (see ``kbackend.generic.conv``).
"""
import functools
import math
import numbers
from typing import Optional, Sequence, Union

from .._config import SETTINGS
from .._registry import ops as _ops
from .._types import Tensor, TensorLike
from ..generic.conv import output_sizes, pads
from ..graph.dispatch import graph_aware
from ..graph.leaves import SymbolicTensorBase
from . import static_shapes as _rules
from .config import normalize_data_format

_PADDINGS = ("valid", "same")
_Ints = Union[int, Sequence[int]]  # an int for every spatial axis, or one int per spatial axis


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
def conv1d(x: TensorLike, kernel: TensorLike, strides: _Ints = 1, padding: str = 'valid',
           data_format: Optional[str] = None, dilation_rate: _Ints = 1) -> Tensor:
    """1D convolution (cross-correlation: the kernel is not flipped) of a batch of sequences.

    Output channel ``f`` at each window position is the sum of the window times ``kernel[:, :, f]`` over the kernel
    steps and input channels. Layouts, output sizes and the dtype rule: ``help(kbackend.facade.conv)``.

    Arguments:
        x: rank 3, ``(batch, steps, channels)`` for channels_last or ``(batch, channels, steps)`` for channels_first.
        kernel: rank 3, ``(kernel_size, channels, filters)`` in either data format.
        strides: an int >= 1 (or a 1-tuple).
        padding: 'valid' (no padding: ``(steps - w) // stride + 1`` outputs, ``w`` the dilated kernel size), 'same'
            (TF SAME: ``ceil(steps / stride)`` outputs) or 'causal' (``w - 1`` zeros before the steps, then valid;
            output ``t`` sees steps ``<= t`` only; accepted in both data formats).
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.
        dilation_rate: an int >= 1 (or a 1-tuple).

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode): ``(batch, out_steps, filters)`` or ``(batch, filters, out_steps)``.

    Raises:
        ValueError: ``x`` or ``kernel`` is not rank 3; their channel counts differ; ``padding`` or ``data_format`` is
            not an accepted string; a stride or dilation is < 1 or not one value; the window does not fit.
        TypeError: ``strides`` or ``dilation_rate`` is not an int or a tuple of ints.
    """
    return _ops.conv(x, kernel, *_conv_args("conv1d", 1, "conv", x, kernel, strides, padding, data_format,
                                            dilation_rate))


@graph_aware(fallback=_rules.convolution(2))
def conv2d(x: TensorLike, kernel: TensorLike, strides: _Ints = (1, 1), padding: str = 'valid',
           data_format: Optional[str] = None, dilation_rate: _Ints = (1, 1)) -> Tensor:
    """2D convolution (cross-correlation: the kernel is not flipped) of a batch of images.

    Output channel ``f`` at each window position is the sum of the window times ``kernel[:, :, :, f]`` over the
    kernel rows, cols and input channels. Layouts, output sizes and the dtype rule: ``help(kbackend.facade.conv)``.

    Arguments:
        x: rank 4, ``(batch, rows, cols, channels)`` for channels_last or ``(batch, channels, rows, cols)`` for
            channels_first.
        kernel: rank 4, ``(kernel_rows, kernel_cols, channels, filters)`` in either data format.
        strides: an int or a pair of ints >= 1 (rows, cols).
        padding: 'valid' (no padding: ``(size - w) // stride + 1`` outputs, ``w`` the dilated kernel size) or 'same'
            (TF SAME: ``ceil(size / stride)`` outputs, zero padding with the odd padded cell after).
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.
        dilation_rate: an int or a pair of ints >= 1.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode): ``(batch, out_rows, out_cols, filters)`` or ``(batch, filters, out_rows, out_cols)``.

    Raises:
        ValueError: ``x`` or ``kernel`` is not rank 4; their channel counts differ; ``padding`` (also 'causal') or
            ``data_format`` is not accepted; a stride or dilation is < 1 or not 2 values; the window does not fit.
        TypeError: ``strides`` or ``dilation_rate`` is not an int or a tuple of ints.
    """
    return _ops.conv(x, kernel, *_conv_args("conv2d", 2, "conv", x, kernel, strides, padding, data_format,
                                            dilation_rate))


@graph_aware(fallback=_rules.convolution(3))
def conv3d(x: TensorLike, kernel: TensorLike, strides: _Ints = (1, 1, 1), padding: str = 'valid',
           data_format: Optional[str] = None, dilation_rate: _Ints = (1, 1, 1)) -> Tensor:
    """3D convolution (cross-correlation: the kernel is not flipped) of a batch of volumes.

    Output channel ``f`` at each window position is the sum of the window times ``kernel[..., f]`` over the kernel's
    three spatial axes and the input channels. Layouts, output sizes and dtypes: ``help(kbackend.facade.conv)``.

    Arguments:
        x: rank 5, ``(batch, depth, rows, cols, channels)`` for channels_last or ``(batch, channels, depth, rows,
            cols)`` for channels_first.
        kernel: rank 5, ``(kernel_depth, kernel_rows, kernel_cols, channels, filters)`` in either data format.
        strides: an int or 3 ints >= 1.
        padding: 'valid' or 'same' (TF SAME).
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.
        dilation_rate: an int or 3 ints >= 1.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode): ``(batch, out_depth, out_rows, out_cols, filters)`` or ``(batch, filters, out_depth,
        out_rows, out_cols)``.

    Raises:
        ValueError: ``x`` or ``kernel`` is not rank 5; their channel counts differ; ``padding`` or ``data_format`` is
            not accepted; a stride or dilation is < 1 or not 3 values; the window does not fit.
        TypeError: ``strides`` or ``dilation_rate`` is not an int or a tuple of ints.
    """
    return _ops.conv(x, kernel, *_conv_args("conv3d", 3, "conv", x, kernel, strides, padding, data_format,
                                            dilation_rate))


@graph_aware(fallback=_rules.depthwise_conv2d)
def depthwise_conv2d(x: TensorLike, depthwise_kernel: TensorLike, strides: _Ints = (1, 1), padding: str = 'valid',
                     data_format: Optional[str] = None, dilation_rate: _Ints = (1, 1)) -> Tensor:
    """Depthwise 2D convolution: every input channel is correlated with its own kernels, without mixing channels.

    Output channel ``c * depth_multiplier + m`` is input channel ``c`` correlated with ``depthwise_kernel[:, :, c,
    m]``. Layouts, output sizes and the dtype rule: ``help(kbackend.facade.conv)``.

    Arguments:
        x: rank 4, ``(batch, rows, cols, channels)`` or ``(batch, channels, rows, cols)`` (``data_format``).
        depthwise_kernel: rank 4, ``(kernel_rows, kernel_cols, channels, depth_multiplier)``.
        strides: an int or a pair of ints >= 1.
        padding: 'valid' or 'same' (TF SAME).
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.
        dilation_rate: an int or a pair of ints >= 1.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) with ``channels * depth_multiplier`` channels, in the layout of ``x``.

    Raises:
        ValueError: as ``conv2d`` (rank, channels, padding, data_format, strides, dilation, window size).
        TypeError: ``strides`` or ``dilation_rate`` is not an int or a tuple of ints.
    """
    return _ops.depthwise_conv(x, depthwise_kernel, *_conv_args(
        "depthwise_conv2d", 2, "depthwise", x, depthwise_kernel, strides, padding, data_format, dilation_rate))


@graph_aware(fallback=_rules.separable(1))
def separable_conv1d(x: TensorLike, depthwise_kernel: TensorLike, pointwise_kernel: TensorLike, strides: _Ints = 1,
                     padding: str = 'valid', data_format: Optional[str] = None, dilation_rate: _Ints = 1) -> Tensor:
    """Separable 1D convolution: a depthwise convolution, then a pointwise (size-1) convolution mixing channels.

    The depthwise step correlates each input channel ``c`` with ``depthwise_kernel[:, c, m]`` (output channel
    ``c * depth_multiplier + m``) using ``strides``, ``padding`` and ``dilation_rate``; the pointwise step maps
    those channels to ``filters``. Layouts, output sizes and the dtype rule: ``help(kbackend.facade.conv)``.

    Arguments:
        x: rank 3, ``(batch, steps, channels)`` or ``(batch, channels, steps)`` (``data_format``).
        depthwise_kernel: rank 3, ``(kernel_size, channels, depth_multiplier)``.
        pointwise_kernel: rank 3, ``(1, channels * depth_multiplier, filters)``.
        strides: an int >= 1 (or a 1-tuple).
        padding: 'valid' or 'same' (TF SAME).
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.
        dilation_rate: an int >= 1 (or a 1-tuple).

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode): ``(batch, out_steps, filters)`` or ``(batch, filters, out_steps)``.

    Raises:
        ValueError: as ``conv1d`` ('causal' is not accepted), or ``pointwise_kernel`` is not of size 1 or does not
            take ``channels * depth_multiplier`` inputs.
        TypeError: ``strides`` or ``dilation_rate`` is not an int or a tuple of ints.
    """
    return _ops.separable_conv(x, depthwise_kernel, pointwise_kernel, *_conv_args(
        "separable_conv1d", 1, "separable", x, depthwise_kernel, strides, padding, data_format, dilation_rate,
        pointwise_kernel))


@graph_aware(fallback=_rules.separable(2))
def separable_conv2d(x: TensorLike, depthwise_kernel: TensorLike, pointwise_kernel: TensorLike,
                     strides: _Ints = (1, 1), padding: str = 'valid', data_format: Optional[str] = None,
                     dilation_rate: _Ints = (1, 1)) -> Tensor:
    """Separable 2D convolution: ``depthwise_conv2d``, then a pointwise (1x1) convolution mixing channels.

    ``strides``, ``padding`` and ``dilation_rate`` apply to the depthwise step; the pointwise step maps its
    ``channels * depth_multiplier`` channels to ``filters``. Layouts, sizes and dtypes: ``help(kbackend.facade.conv)``.

    Arguments:
        x: rank 4, ``(batch, rows, cols, channels)`` or ``(batch, channels, rows, cols)`` (``data_format``).
        depthwise_kernel: rank 4, ``(kernel_rows, kernel_cols, channels, depth_multiplier)``.
        pointwise_kernel: rank 4, ``(1, 1, channels * depth_multiplier, filters)``.
        strides: an int or a pair of ints >= 1.
        padding: 'valid' or 'same' (TF SAME).
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.
        dilation_rate: an int or a pair of ints >= 1.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) with ``filters`` channels, in the layout of ``x``.

    Raises:
        ValueError: as ``conv2d``, or ``pointwise_kernel`` is not 1x1 or does not take ``channels *
            depth_multiplier`` inputs.
        TypeError: ``strides`` or ``dilation_rate`` is not an int or a tuple of ints.
    """
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
def conv2d_transpose(x: TensorLike, kernel: TensorLike, output_shape: Union[Sequence[Optional[int]], Tensor],
                     strides: _Ints = (1, 1), padding: str = 'valid', data_format: Optional[str] = None,
                     dilation_rate: _Ints = (1, 1)) -> Tensor:
    """Transposed 2D convolution: the gradient of ``conv2d`` with respect to its input (sometimes "deconvolution").

    Each input cell scatters ``x * kernel[:, :, f, c]`` onto the output window it would be read from by ``conv2d``
    with the same ``strides``, ``padding`` and ``dilation_rate``. Since several output sizes map to one input size,
    ``output_shape`` chooses: per spatial axis of ``n`` input cells, a size in ``(n - 1) * s + w ..
    (n - 1) * s + w + s - 1`` for 'valid' and ``(n - 1) * s + 1 .. n * s`` for 'same' (``w``: the dilated window).
    Layouts and the dtype rule: ``help(kbackend.facade.conv)``.

    Arguments:
        x: rank 4, ``(batch, rows, cols, in_channels)`` or ``(batch, in_channels, rows, cols)`` (``data_format``).
        kernel: rank 4, ``(kernel_rows, kernel_cols, filters, in_channels)`` (out before in, as TF).
        output_shape: the full output shape in the layout of ``data_format``, including batch and ``filters``: a
            tuple/list of ints or a 1-D integer tensor; a None batch means the batch of ``x``.
        strides: an int or a pair of ints >= 1.
        padding: 'valid' or 'same'.
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.
        dilation_rate: an int or a pair of ints >= 1.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of shape ``output_shape``.

    Raises:
        ValueError: a rank, channel count, ``padding``, ``data_format``, stride or dilation is invalid (as
            ``conv2d``); ``output_shape`` is not 1-D with 4 entries, differs from ``x`` in batch size, does not
            have the kernel's ``filters``, or has spatial sizes outside the ranges above.
        TypeError: ``output_shape`` holds something other than ints and None; a stride or dilation is not an int.
    """
    return _transpose("conv2d_transpose", 2, x, kernel, output_shape, strides, padding, data_format, dilation_rate)


@graph_aware(fallback=_rules.transposed(3))
def conv3d_transpose(x: TensorLike, kernel: TensorLike, output_shape: Union[Sequence[Optional[int]], Tensor],
                     strides: _Ints = (1, 1, 1), padding: str = 'valid', data_format: Optional[str] = None) -> Tensor:
    """Transposed 3D convolution: the gradient of ``conv3d`` (without dilation) with respect to its input.

    As ``conv2d_transpose`` with three spatial axes: ``output_shape`` chooses among the output sizes that ``conv3d``
    maps back to the shape of ``x``. Layouts and the dtype rule: ``help(kbackend.facade.conv)``.

    Arguments:
        x: rank 5, ``(batch, depth, rows, cols, in_channels)`` or ``(batch, in_channels, depth, rows, cols)``.
        kernel: rank 5, ``(kernel_depth, kernel_rows, kernel_cols, filters, in_channels)``.
        output_shape: the full output shape (5 entries) in the layout of ``data_format``, as in ``conv2d_transpose``.
        strides: an int or 3 ints >= 1.
        padding: 'valid' or 'same'.
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of shape ``output_shape``.

    Raises:
        ValueError: as ``conv2d_transpose``, for rank-5 tensors and 5-entry shapes.
        TypeError: as ``conv2d_transpose``.
    """
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
def pool2d(x: TensorLike, pool_size: _Ints, strides: _Ints = (1, 1), padding: str = 'valid',
           data_format: Optional[str] = None, pool_mode: str = 'max') -> Tensor:
    """2D max or average pooling over windows of ``pool_size`` cells, moved by ``strides``.

    ``strides`` defaults to 1 (not to ``pool_size``): pass ``strides=pool_size`` for non-overlapping windows. With
    'same' padding the padded cells are ignored: never the max, not counted in the mean (TF ``avg_pool``). Output
    sizes and the dtype rule (integer and bool inputs give ``floatx()``): ``help(kbackend.facade.conv)``.

    Arguments:
        x: rank 4, ``(batch, rows, cols, channels)`` or ``(batch, channels, rows, cols)`` (``data_format``).
        pool_size: an int or a pair of ints >= 1 (rows, cols).
        strides: an int or a pair of ints >= 1.
        padding: 'valid' or 'same'.
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.
        pool_mode: 'max' or 'avg'.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) in the layout of ``x``, with pooled rows and cols.

    Raises:
        ValueError: ``x`` is not rank 4; ``padding``, ``data_format`` or ``pool_mode`` is not accepted; a pool size
            or stride is < 1 or not 2 values; the window is larger than the (padded) input.
        TypeError: ``pool_size`` or ``strides`` is not an int or a tuple of ints.
    """
    return _pool("pool2d", 2, x, pool_size, strides, padding, data_format, pool_mode)


@graph_aware(fallback=_rules.pooling(3))
def pool3d(x: TensorLike, pool_size: _Ints, strides: _Ints = (1, 1, 1), padding: str = 'valid',
           data_format: Optional[str] = None, pool_mode: str = 'max') -> Tensor:
    """3D max or average pooling over windows of ``pool_size`` cells, moved by ``strides`` (default 1).

    As ``pool2d`` with three spatial axes (padded cells ignored). Output sizes and dtypes:
    ``help(kbackend.facade.conv)``.

    Arguments:
        x: rank 5, ``(batch, depth, rows, cols, channels)`` or ``(batch, channels, depth, rows, cols)``.
        pool_size: an int or 3 ints >= 1.
        strides: an int or 3 ints >= 1.
        padding: 'valid' or 'same'.
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.
        pool_mode: 'max' or 'avg'.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) in the layout of ``x``, with pooled spatial axes.

    Raises:
        ValueError: as ``pool2d``, for rank-5 inputs and 3 values per size.
        TypeError: ``pool_size`` or ``strides`` is not an int or a tuple of ints.
    """
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
def local_conv1d(inputs: TensorLike, kernel: TensorLike, kernel_size: _Ints, strides: _Ints,
                 data_format: Optional[str] = None) -> Tensor:
    """1D convolution with unshared weights (a locally connected layer): each output step has its own kernel.

    Output step ``i`` is the window of ``kernel_size`` steps starting at ``i * strides``, flattened as
    ``(kernel_size, channels)`` for channels_last or ``(channels, kernel_size)`` for channels_first, times
    ``kernel[i]``. No padding; the number of outputs is ``kernel.shape[0]``. Dtypes: ``help(kbackend.facade.conv)``.

    Arguments:
        inputs: rank 3, ``(batch, steps, channels)`` or ``(batch, channels, steps)`` (``data_format``).
        kernel: rank 3, ``(output_length, kernel_size * channels, filters)``.
        kernel_size: an int >= 1 (or a 1-tuple).
        strides: an int >= 1 (or a 1-tuple).
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode): ``(batch, output_length, filters)`` or ``(batch, filters, output_length)``.

    Raises:
        ValueError: ``inputs`` is not rank 3 or ``kernel`` not rank 3; ``kernel.shape[1]`` is not
            ``kernel_size * channels``; the ``output_length`` windows do not fit in ``steps``; ``data_format`` is
            not accepted; a size or stride is < 1.
        TypeError: ``kernel_size`` or ``strides`` is not an int or a tuple of ints.
    """
    return _local("local_conv1d", 1, inputs, kernel, kernel_size, strides, None, data_format)


@graph_aware(fallback=_rules.local_conv2d)
def local_conv2d(inputs: TensorLike, kernel: TensorLike, kernel_size: _Ints, strides: _Ints,
                 output_shape: Sequence[int], data_format: Optional[str] = None) -> Tensor:
    """2D convolution with unshared weights (a locally connected layer): each output position has its own kernel.

    Output position ``(i, j)`` is the window of ``kernel_size`` cells starting at ``(i * strides[0], j *
    strides[1])``, flattened as ``(kernel_rows, kernel_cols, channels)`` for channels_last or ``(channels,
    kernel_rows, kernel_cols)`` for channels_first, times ``kernel[i * output_cols + j]``. No padding. Dtypes:
    ``help(kbackend.facade.conv)``.

    Arguments:
        inputs: rank 4, ``(batch, rows, cols, channels)`` or ``(batch, channels, rows, cols)`` (``data_format``).
        kernel: rank 3, ``(output_rows * output_cols, kernel_rows * kernel_cols * channels, filters)``.
        kernel_size: an int or a pair of ints >= 1.
        strides: an int or a pair of ints >= 1.
        output_shape: ``(output_rows, output_cols)``, ints >= 1.
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode): ``(batch, output_rows, output_cols, filters)`` or ``(batch, filters, output_rows,
        output_cols)``.

    Raises:
        ValueError: ``inputs`` is not rank 4 or ``kernel`` not rank 3; ``kernel.shape[0]`` is not
            ``output_rows * output_cols``; ``kernel.shape[1]`` does not match ``kernel_size`` and the channels; the
            windows do not fit in the input; ``data_format`` is not accepted; a size or stride is < 1.
        TypeError: ``kernel_size``, ``strides`` or ``output_shape`` is not an int or a tuple of ints.
    """
    return _local("local_conv2d", 2, inputs, kernel, kernel_size, strides, output_shape, data_format)


ENGINE_FUNCTIONS = {
    "conv1d": "conv", "conv2d": "conv", "conv3d": "conv",
    "depthwise_conv2d": "depthwise_conv",
    "separable_conv1d": "separable_conv", "separable_conv2d": "separable_conv",
    "conv2d_transpose": "conv_transpose", "conv3d_transpose": "conv_transpose",
    "pool2d": "pool", "pool3d": "pool",
    "local_conv1d": "local_conv", "local_conv2d": "local_conv",
}
