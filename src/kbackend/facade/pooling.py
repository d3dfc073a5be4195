"""Public API: pooling and locally connected (unshared) convolutions.

Layouts, ``data_format`` and padding rules are those of the convolutions (``help(kbackend.facade.conv)``).
``'same'`` average pooling excludes the padded cells from the mean (TF ``avg_pool``); max pooling never picks them. In
graph mode, a call given a symbolic tensor or a variable records a node.
"""
import functools
import math
from typing import Optional, Sequence

from .._registry import ops as _ops
from .._types import Tensor, TensorLike
from ..graph.dispatch import graph_aware
from . import static_shapes as _rules
from ._conv_args import (Ints, check_rank, check_strings, geometry, given_format, hashable, input_layout, padding_name,
                         positive_ints, split_layout, static_shape)
from .config import normalize_data_format


@functools.lru_cache(maxsize=4096)
def _pooling(fn, nd, x_shape, pool_size, strides, padding, data_format, pool_mode, types):
    data_format = normalize_data_format(data_format)
    pool_size = positive_ints(pool_size, nd, "pool_size", fn)
    strides = positive_ints(strides, nd, "strides", fn)
    padding = padding_name(padding, fn)
    if pool_mode not in ("max", "avg"):
        raise ValueError(f"Invalid pool_mode: {pool_mode!r} ({fn}() expects 'max' or 'avg')")
    check_rank(x_shape, nd + 2, "x", fn, input_layout(nd, data_format))
    sizes, _ = split_layout(x_shape, data_format)
    pairs = geometry(fn, sizes, pool_size, strides, (1,) * nd, padding)
    return pool_size, strides, pairs, data_format, pool_mode


def _pool(fn, nd, x, pool_size, strides, padding, data_format, pool_mode):
    check_strings(fn, padding, data_format)
    if not isinstance(pool_mode, str):
        raise ValueError(f"Invalid pool_mode: {pool_mode!r} ({fn}() expects 'max' or 'avg')")
    pool_size, strides = hashable(pool_size), hashable(strides)
    return _ops.pool(x, *_pooling(fn, nd, static_shape(x), pool_size, strides, padding, given_format(data_format),
                                  pool_mode, (type(pool_size), type(strides))))


@graph_aware(fallback=_rules.pooling(2))
def pool2d(x: TensorLike, pool_size: Ints, strides: Ints = (1, 1), padding: str = 'valid',
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
def pool3d(x: TensorLike, pool_size: Ints, strides: Ints = (1, 1, 1), padding: str = 'valid',
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
    kernel_size = positive_ints(kernel_size, nd, "kernel_size", fn)
    strides = positive_ints(strides, nd, "strides", fn)
    check_rank(x_shape, nd + 2, "inputs", fn, input_layout(nd, data_format))
    check_rank(k_shape, 3, "kernel", fn, "(output positions, kernel_size product * input channels, filters)")
    output_shape = positive_ints((k_shape[0],) if output_shape is None else output_shape, nd, "output_shape", fn)
    sizes, channels = split_layout(x_shape, data_format)
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
    check_strings(fn, "valid", data_format)
    kernel_size, strides, output_shape = hashable(kernel_size), hashable(strides), hashable(output_shape)
    return _ops.local_conv(inputs, kernel, *_unshared(
        fn, nd, static_shape(inputs), static_shape(kernel), kernel_size, strides, output_shape,
        given_format(data_format), (type(kernel_size), type(strides), type(output_shape))))


@graph_aware(fallback=_rules.local_conv1d)
def local_conv1d(inputs: TensorLike, kernel: TensorLike, kernel_size: Ints, strides: Ints,
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
def local_conv2d(inputs: TensorLike, kernel: TensorLike, kernel_size: Ints, strides: Ints,
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


ENGINE_FUNCTIONS = {"pool2d": "pool", "pool3d": "pool", "local_conv1d": "local_conv", "local_conv2d": "local_conv"}
