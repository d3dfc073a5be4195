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
import numbers
from typing import Optional, Sequence, Union

from .._registry import ops as _ops
from .._types import Tensor, TensorLike
from ..generic.conv import output_sizes, pads
from ..graph.dispatch import graph_aware
from . import static_shapes as _rules
from ._conv_args import (Ints, check_channels, check_rank, check_strings, geometry, given_format, hashable,
                         input_layout, padding_name, positive_ints, split_layout, static_shape)
from .config import normalize_data_format


@functools.lru_cache(maxsize=4096)
def _forward(fn, nd, kind, x_shape, k_shape, p_shape, strides, padding, data_format, dilation_rate, types):
    """``(strides, pads, data_format, dilation_rate)`` of a convolution (``kind`` 'conv', 'depthwise' or
    'separable'), after checking every argument. ``types`` (those of strides and dilation_rate) is part of the
    cache key so that ``True`` is not taken for ``1``."""
    data_format = normalize_data_format(data_format)
    strides = positive_ints(strides, nd, "strides", fn)
    dilation_rate = positive_ints(dilation_rate, nd, "dilation_rate", fn)
    padding = padding_name(padding, fn, causal=fn == "conv1d")
    check_rank(x_shape, nd + 2, "x", fn, input_layout(nd, data_format))
    sizes, channels = split_layout(x_shape, data_format)
    if kind == "conv":
        check_rank(k_shape, nd + 2, "kernel", fn, "(kernel dims..., input channels, filters)")
        check_channels(k_shape[nd], channels, "the kernel's input channels", fn)
    else:
        check_rank(k_shape, nd + 2, "depthwise_kernel", fn, "(kernel dims..., input channels, depth_multiplier)")
        check_channels(k_shape[nd], channels, "the depthwise kernel's input channels", fn)
    if kind == "separable":
        check_rank(p_shape, nd + 2, "pointwise_kernel", fn,
                    f"({'1, ' * nd}input channels * depth_multiplier, filters)")
        if any(k != 1 for k in p_shape[:nd]):
            raise ValueError(f"{fn}(): pointwise_kernel must have spatial size {(1,) * nd}, got shape {p_shape}")
        if None not in k_shape[nd:] and p_shape[nd] is not None and p_shape[nd] != k_shape[nd] * k_shape[nd + 1]:
            raise ValueError(f"{fn}(): pointwise_kernel input channels ({p_shape[nd]}) must be the depthwise output "
                             f"channels {k_shape[nd]}*{k_shape[nd + 1]} = {k_shape[nd] * k_shape[nd + 1]}")
    pairs = geometry(fn, sizes, k_shape[:nd], strides, dilation_rate, padding)
    return strides, pairs, data_format, dilation_rate


def _conv_args(fn, nd, kind, x, kernel, strides, padding, data_format, dilation_rate, pointwise_kernel=None):
    check_strings(fn, padding, data_format)
    strides, dilation_rate = hashable(strides), hashable(dilation_rate)
    p_shape = None if pointwise_kernel is None else static_shape(pointwise_kernel)
    return _forward(fn, nd, kind, static_shape(x), static_shape(kernel), p_shape, strides, padding,
                    given_format(data_format), dilation_rate, (type(strides), type(dilation_rate)))


# --- convolutions --------------------------------------------------------------------------------------------------
@graph_aware(fallback=_rules.convolution(1))
def conv1d(x: TensorLike, kernel: TensorLike, strides: Ints = 1, padding: str = 'valid',
           data_format: Optional[str] = None, dilation_rate: Ints = 1) -> Tensor:
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
def conv2d(x: TensorLike, kernel: TensorLike, strides: Ints = (1, 1), padding: str = 'valid',
           data_format: Optional[str] = None, dilation_rate: Ints = (1, 1)) -> Tensor:
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
def conv3d(x: TensorLike, kernel: TensorLike, strides: Ints = (1, 1, 1), padding: str = 'valid',
           data_format: Optional[str] = None, dilation_rate: Ints = (1, 1, 1)) -> Tensor:
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
def depthwise_conv2d(x: TensorLike, depthwise_kernel: TensorLike, strides: Ints = (1, 1), padding: str = 'valid',
                     data_format: Optional[str] = None, dilation_rate: Ints = (1, 1)) -> Tensor:
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
def separable_conv1d(x: TensorLike, depthwise_kernel: TensorLike, pointwise_kernel: TensorLike, strides: Ints = 1,
                     padding: str = 'valid', data_format: Optional[str] = None, dilation_rate: Ints = 1) -> Tensor:
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
                     strides: Ints = (1, 1), padding: str = 'valid', data_format: Optional[str] = None,
                     dilation_rate: Ints = (1, 1)) -> Tensor:
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
    strides = positive_ints(strides, nd, "strides", fn)
    dilation_rate = positive_ints(dilation_rate, nd, "dilation_rate", fn)
    padding = padding_name(padding, fn)
    check_rank(x_shape, nd + 2, "x", fn, input_layout(nd, data_format))
    check_rank(k_shape, nd + 2, "kernel", fn, "(kernel dims..., output channels, input channels)")
    sizes, channels = split_layout(x_shape, data_format)
    check_channels(k_shape[nd + 1], channels, "the kernel's input channels (its last axis)", fn)
    if len(output_shape) != nd + 2:
        raise ValueError(f"{fn}(): output_shape must have {nd + 2} entries (batch, spatial..., channels in the "
                         f"layout of data_format), got {output_shape}")
    if output_shape[0] is None:
        output_shape = (x_shape[0],) + output_shape[1:]
    elif x_shape[0] is not None and output_shape[0] != x_shape[0]:
        raise ValueError(f"{fn}(): output_shape batch size {output_shape[0]} differs from the input's {x_shape[0]}")
    out_sizes, out_channels = split_layout(output_shape, data_format)
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
    check_strings(fn, padding, data_format)
    strides, dilation_rate = hashable(strides), hashable(dilation_rate)
    args = _transposed(fn, nd, static_shape(x), static_shape(kernel), _shape_argument(output_shape, fn),
                       strides, padding, given_format(data_format), dilation_rate, (type(strides), type(dilation_rate)))
    return _ops.conv_transpose(x, kernel, *args)


@graph_aware(fallback=_rules.transposed(2))
def conv2d_transpose(x: TensorLike, kernel: TensorLike, output_shape: Union[Sequence[Optional[int]], Tensor],
                     strides: Ints = (1, 1), padding: str = 'valid', data_format: Optional[str] = None,
                     dilation_rate: Ints = (1, 1)) -> Tensor:
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
                     strides: Ints = (1, 1, 1), padding: str = 'valid', data_format: Optional[str] = None) -> Tensor:
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


ENGINE_FUNCTIONS = {
    "conv1d": "conv", "conv2d": "conv", "conv3d": "conv",
    "depthwise_conv2d": "depthwise_conv",
    "separable_conv1d": "separable_conv", "separable_conv2d": "separable_conv",
    "conv2d_transpose": "conv_transpose", "conv3d_transpose": "conv_transpose",
}
