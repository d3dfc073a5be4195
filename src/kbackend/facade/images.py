"""Public API: padding and resizing of sequences, images and volumes (the spatial axes of Keras layouts).

``data_format`` is 'channels_last' (``(batch, spatial..., channels)``) or 'channels_first' (``(batch, channels,
spatial...)``), in any letter case; None means ``image_data_format()``. Paddings are zeros; nearest resizing repeats
entries, bilinear resizing follows the Keras 2.3.1 / TensorFlow 1 convention (``align_corners=False``, no half-pixel
centres). Results keep the dtype of their input. ValueError for a bad rank, factor, padding or setting, TypeError for
an argument of the wrong type. In graph mode, a call given a symbolic tensor or a variable records a node.
"""
from typing import Optional, Sequence

from .._registry import ops as _ops
from .._types import Tensor, TensorLike
from ..graph.dispatch import graph_aware
from ._shape_args import check_rank, factor_arg, padding_pairs
from .config import normalize_data_format

_INTERPOLATIONS = ("nearest", "bilinear")


@graph_aware
def resize_images(x: TensorLike, height_factor: int, width_factor: int, data_format: Optional[str],
                  interpolation: str = "nearest") -> Tensor:
    """Upsample a batch of images by integer factors along its rows and columns.

    ``'nearest'`` repeats every pixel (``repeat_elements`` on both axes) and keeps the dtype. ``'bilinear'``
    follows Keras 2.3.1 on TensorFlow (the TF1 kernel, ``align_corners=False``, no half-pixel centres): output
    index ``i`` reads the input at ``i / factor``, interpolating linearly between its floor and the next pixel,
    clamped at the last one; float inputs keep their dtype, integer and bool inputs give ``floatx()``.

    Arguments:
        x: rank 4, ``(batch, rows, cols, channels)`` or ``(batch, channels, rows, cols)`` (``data_format``).
        height_factor: the rows factor, an int >= 1.
        width_factor: the columns factor, an int >= 1.
        data_format: required (no default, as in Keras 2): 'channels_last', 'channels_first', or None for
            ``image_data_format()``.
        interpolation: 'nearest' (default) or 'bilinear'.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) with ``rows * height_factor`` rows and ``cols * width_factor`` columns.

    Raises:
        ValueError: ``x`` is not rank 4; a factor is < 1; ``data_format`` or ``interpolation`` is not accepted.
        TypeError: a factor is not an int.
    """
    data_format = normalize_data_format(data_format)
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f'resize_images(): interpolation should be one of "nearest" or "bilinear", '
                         f"got {interpolation!r}")
    check_rank(x, 4, "resize_images")
    return _ops.resize_images(x, factor_arg(height_factor, "height_factor", "resize_images"),
                              factor_arg(width_factor, "width_factor", "resize_images"), data_format, interpolation)


@graph_aware
def resize_volumes(x: TensorLike, depth_factor: int, height_factor: int, width_factor: int,
                   data_format: Optional[str]) -> Tensor:
    """Upsample a batch of volumes by repeating every voxel along its three spatial axes (nearest neighbour).

    Arguments:
        x: rank 5, ``(batch, depth, rows, cols, channels)`` or ``(batch, channels, depth, rows, cols)``.
        depth_factor: an int >= 1.
        height_factor: an int >= 1.
        width_factor: an int >= 1.
        data_format: required: 'channels_last', 'channels_first', or None for ``image_data_format()``.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) with each spatial size multiplied by its factor, in the dtype of ``x``.

    Raises:
        ValueError: ``x`` is not rank 5; a factor is < 1; ``data_format`` is not accepted.
        TypeError: a factor is not an int.
    """
    data_format = normalize_data_format(data_format)
    check_rank(x, 5, "resize_volumes")
    return _ops.resize_volumes(x, factor_arg(depth_factor, "depth_factor", "resize_volumes"),
                               factor_arg(height_factor, "height_factor", "resize_volumes"),
                               factor_arg(width_factor, "width_factor", "resize_volumes"), data_format)


@graph_aware
def temporal_padding(x: TensorLike, padding: Sequence[int] = (1, 1)) -> Tensor:
    """Zero-pad axis 1 (time) of a 3-D tensor ``(batch, time, features)``.

    Arguments:
        x: a 3-D tensor ``(batch, time, features)``.
        padding: ``(before, after)``, two ints >= 0 (a tuple, list or NumPy array); default ``(1, 1)``.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode), ``(batch, time + before + after, features)`` in the dtype of ``x``.

    Raises:
        ValueError: ``x`` is not 3-D; ``padding`` is not a pair, or holds a negative value.
        TypeError: a padding value is not an int.
    """
    padding = padding_pairs(padding, 1, "temporal_padding")[0]
    check_rank(x, 3, "temporal_padding")
    return _ops.temporal_padding(x, padding)


@graph_aware
def spatial_2d_padding(x: TensorLike, padding: Sequence[Sequence[int]] = ((1, 1), (1, 1)),
                       data_format: Optional[str] = None) -> Tensor:
    """Zero-pad the rows and columns of a batch of images.

    Arguments:
        x: rank 4, ``(batch, rows, cols, channels)`` or ``(batch, channels, rows, cols)`` (``data_format``).
        padding: ``((top, bottom), (left, right))``, ints >= 0; default one cell on every side.
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) with ``top + bottom`` more rows and ``left + right`` more columns, in the dtype of ``x``.

    Raises:
        ValueError: ``x`` is not rank 4; ``padding`` is not two pairs, or holds a negative value; ``data_format``
            is not accepted.
        TypeError: a padding value is not an int.
    """
    data_format = normalize_data_format(data_format)
    padding = padding_pairs(padding, 2, "spatial_2d_padding")
    check_rank(x, 4, "spatial_2d_padding")
    return _ops.spatial_2d_padding(x, padding, data_format)


@graph_aware
def spatial_3d_padding(x: TensorLike, padding: Sequence[Sequence[int]] = ((1, 1), (1, 1), (1, 1)),
                       data_format: Optional[str] = None) -> Tensor:
    """Zero-pad the three spatial axes of a batch of volumes.

    Arguments:
        x: rank 5, ``(batch, depth, rows, cols, channels)`` or ``(batch, channels, depth, rows, cols)``.
        padding: ``((d0, d1), (h0, h1), (w0, w1))``, ints >= 0 before and after each spatial axis; default 1 each.
        data_format: 'channels_last' or 'channels_first'; None means ``image_data_format()``.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) with each spatial size grown by its two pads, in the dtype of ``x``.

    Raises:
        ValueError: ``x`` is not rank 5; ``padding`` is not three pairs, or holds a negative value; ``data_format``
            is not accepted.
        TypeError: a padding value is not an int.
    """
    data_format = normalize_data_format(data_format)
    padding = padding_pairs(padding, 3, "spatial_3d_padding")
    check_rank(x, 5, "spatial_3d_padding")
    return _ops.spatial_3d_padding(x, padding, data_format)


ENGINE_FUNCTIONS = {name: name for name in (
    "resize_images", "resize_volumes", "temporal_padding", "spatial_2d_padding", "spatial_3d_padding")}
