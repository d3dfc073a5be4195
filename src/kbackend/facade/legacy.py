"""Public API: legacy names from Keras 1 and early Keras 2, as aliases of their current equivalents.

``'tf'`` dim ordering is ``channels_last``, ``'th'`` is ``channels_first``.
"""
from . import config as _config
from . import conv as _conv
from . import math as _math
from . import shape as _shape
from . import tensors as _tensors

_DIM_ORDERINGS = {"tf": "channels_last", "th": "channels_first"}


def image_dim_ordering():
    """``'tf'`` when ``image_data_format()`` is ``'channels_last'``, ``'th'`` when it is ``'channels_first'``."""
    return "tf" if _config.image_data_format() == "channels_last" else "th"


def set_image_dim_ordering(dim_ordering):
    """Set ``image_data_format()`` from a dim ordering: ``'tf'`` (channels_last) or ``'th'`` (channels_first);
    anything else is a ValueError."""
    if not isinstance(dim_ordering, str) or dim_ordering not in _DIM_ORDERINGS:
        raise ValueError(f"Unknown dim_ordering: {dim_ordering!r}; expected 'tf' or 'th'")
    _config.set_image_data_format(_DIM_ORDERINGS[dim_ordering])


def get_variable_shape(x):
    """The static shape of ``x`` as a tuple (``int_shape``)."""
    return _tensors.int_shape(x)


def lesser(x, y):
    """Element-wise ``x < y`` as a bool tensor (``less``)."""
    return _math.less(x, y)


def lesser_equal(x, y):
    """Element-wise ``x <= y`` as a bool tensor (``less_equal``)."""
    return _math.less_equal(x, y)


def deconv2d(x, kernel, output_shape, strides=(1, 1), padding='valid', data_format=None):
    """Transposed 2D convolution (``conv2d_transpose``)."""
    return _conv.conv2d_transpose(x, kernel, output_shape, strides, padding, data_format)


def asymmetric_temporal_padding(x, left_pad=1, right_pad=1):
    """Zero-pad axis 1 of a 3-D tensor by ``left_pad`` before and ``right_pad`` after (``temporal_padding``)."""
    return _shape.temporal_padding(x, (left_pad, right_pad))


ENGINE_FUNCTIONS = {"lesser": "less", "lesser_equal": "less_equal"}
