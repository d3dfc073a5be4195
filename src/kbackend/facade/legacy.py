"""Public API: legacy names from Keras 1 and early Keras 2, as aliases of their current equivalents.

``'tf'`` dim ordering is ``channels_last``, ``'th'`` is ``channels_first``. The aliases that compute call the current
function, so they behave as it does on every engine, in graph mode too (a symbolic input records that function's
node).
"""
from typing import Optional, Sequence, Union

from .._types import Shape, Tensor, TensorLike
from . import config as _config
from . import conv as _conv
from . import elementwise as _elementwise
from . import images as _images
from . import tensors as _tensors

_DIM_ORDERINGS = {"tf": "channels_last", "th": "channels_first"}

def image_dim_ordering() -> str:
    """The default image layout in Keras 1 terms: ``'tf'`` or ``'th'`` (see ``image_data_format``).

    Arguments:
        None.

    Returns:
        A Python str: ``'tf'`` when ``image_data_format()`` is ``'channels_last'``, ``'th'`` when it is
        ``'channels_first'``.

    Raises:
        Nothing.
    """
    return "tf" if _config.image_data_format() == "channels_last" else "th"


def set_image_dim_ordering(dim_ordering: str) -> None:
    """Set ``image_data_format()`` from a Keras 1 dim ordering.

    Arguments:
        dim_ordering: ``'tf'`` (sets ``'channels_last'``) or ``'th'`` (sets ``'channels_first'``).

    Returns:
        None.

    Raises:
        ValueError: ``dim_ordering`` is anything else.
    """
    if not isinstance(dim_ordering, str) or dim_ordering not in _DIM_ORDERINGS:
        raise ValueError(f"Unknown dim_ordering: {dim_ordering!r}; expected 'tf' or 'th'")
    _config.set_image_data_format(_DIM_ORDERINGS[dim_ordering])


def get_variable_shape(x: TensorLike) -> Optional[Shape]:
    """The static shape of ``x``: the same as ``int_shape(x)``.

    Arguments:
        x: a variable, a tensor, a symbolic tensor, a NumPy array or a nested list of numbers.

    Returns:
        A tuple of ints (``None`` for a size not known statically), or None for a symbolic tensor of unknown rank.

    Raises:
        Nothing for valid input.
    """
    return _tensors.int_shape(x)


def lesser(x: TensorLike, y: TensorLike) -> Tensor:
    """Element-wise ``x < y``: the same as ``less(x, y)``.

    The inputs broadcast against each other (NumPy rules) and are compared after promotion to a common dtype.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.
        y: the same kinds of value as ``x``.

    Returns:
        A bool tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape.

    Raises:
        ValueError: the shapes do not broadcast.
        TypeError: an input is not numeric (a string, None, a complex number).
    """
    return _elementwise.less(x, y)


def lesser_equal(x: TensorLike, y: TensorLike) -> Tensor:
    """Element-wise ``x <= y``: the same as ``less_equal(x, y)``.

    The inputs broadcast against each other (NumPy rules) and are compared after promotion to a common dtype.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.
        y: the same kinds of value as ``x``.

    Returns:
        A bool tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape.

    Raises:
        ValueError: the shapes do not broadcast.
        TypeError: an input is not numeric (a string, None, a complex number).
    """
    return _elementwise.less_equal(x, y)


def deconv2d(x: TensorLike, kernel: TensorLike, output_shape: Union[Sequence[Optional[int]], Tensor],
             strides: Union[int, Sequence[int]] = (1, 1), padding: str = 'valid',
             data_format: Optional[str] = None) -> Tensor:
    """Transposed 2D convolution: the same as ``conv2d_transpose`` with ``dilation_rate=(1, 1)``.

    It computes the gradient of ``conv2d(y, kernel, strides, padding, data_format)`` with respect to its input
    ``y`` of shape ``output_shape``, applied to ``x``; see ``conv2d_transpose`` for the full rules.

    Arguments:
        x: a rank-4 tensor, ``(batch, rows, cols, in_channels)`` for ``'channels_last'`` or ``(batch, in_channels,
            rows, cols)`` for ``'channels_first'``.
        kernel: a rank-4 tensor ``(kernel_rows, kernel_cols, out_channels, in_channels)``, whatever the data format.
        output_shape: the full output shape (4 ints in the layout of ``data_format``; a None batch is taken from
            ``x``), as a tuple, a list or a 1-D integer tensor; ``conv2d`` with these arguments must map it back to
            the shape of ``x``.
        strides: an int or a pair of positive ints; default ``(1, 1)``.
        padding: ``'valid'`` (default) or ``'same'``.
        data_format: ``'channels_last'``, ``'channels_first'``, or None for ``image_data_format()``.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of shape ``output_shape``.

    Raises:
        ValueError: ``x`` or ``kernel`` is not rank 4, the kernel's channels do not match, ``padding`` or
            ``data_format`` is not one of the accepted values, a stride is not positive, or ``output_shape`` is
            not a 4-entry shape reachable from the shape of ``x``.
        TypeError: ``strides`` or the entries of ``output_shape`` are not ints.
    """
    return _conv.conv2d_transpose(x, kernel, output_shape, strides, padding, data_format)


def asymmetric_temporal_padding(x: TensorLike, left_pad: int = 1, right_pad: int = 1) -> Tensor:
    """Zero-pad axis 1 (time) of a 3-D tensor: the same as ``temporal_padding(x, (left_pad, right_pad))``.

    Arguments:
        x: a rank-3 tensor ``(batch, time, features)``.
        left_pad: the number of zero steps added before the first one; a non-negative int, default 1.
        right_pad: the number of zero steps added after the last one; a non-negative int, default 1.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of shape ``(batch, time + left_pad + right_pad, features)`` and
        the dtype of ``x``.

    Raises:
        ValueError: ``x`` is not rank 3, or a pad is negative.
        TypeError: a pad is not an int.
    """
    return _images.temporal_padding(x, (left_pad, right_pad))


ENGINE_FUNCTIONS = {"lesser": "less", "lesser_equal": "less_equal"}
