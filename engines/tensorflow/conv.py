"""TensorFlow engine: convolution and pooling on the raw TF ops.

The CPU kernels compute channels_last (NHWC/NDHWC) only, so channels_first inputs are transposed in and out (what
Keras 2 did on CPU). 1D convolutions run as 2D ones over a unit row (as ``tf.nn.conv1d``). Padding is explicit
(``EXPLICIT`` for Conv2D/Conv2DBackpropInput, a ``Pad`` then ``VALID`` for Conv3D). Depthwise convolutions are
grouped Conv2Ds. Dilated or grouped Conv2Ds that TF cannot differentiate on CPU get their own gradient
(``conv_gradient``). Dilation is native where TF's CPU kernels support it (Conv2D; float32 Conv3D); elsewhere
(float16/float64 Conv3D, every transposed convolution) the kernel is dilated explicitly, with zeros between its taps.
Pool3D has no float16/float64 CPU kernels: there a 3D window is pooled as a 2D (rows, cols) pool then a 1D (depth)
pool, which is exact for max and, with padded cells excluded, for the mean too (the counts factor per axis).
Arguments are normalised by the facade (see ``kbackend.generic.conv``).
"""
import functools

from kbackend.engine_api import (CHANNELS_LAST, SETTINGS, coerce_with, output_sizes, to_channels_first,
                                 to_channels_last, unit_output_strides)

from .conv_gradient import conv2d_with_gradient, gradient_wanted, spread
from .core import (ENUMS, FLOAT_ENUMS, OpError, R, cast_tensor, convert, dtype_of, enum_of, ints,
                   numpy_error)
from .devices import follow_inputs_in_module

__all__ = ["conv", "depthwise_conv", "conv_transpose", "pool"]

_F32, _F64 = ENUMS["float32"], ENUMS["float64"]
_Transpose, _Reshape, _Pad, _ExpandDims, _Squeeze = R.Transpose, R.Reshape, R.Pad, R.ExpandDims, R.Squeeze
_Conv2D = R.Conv2D


def _float(x):
    x = convert(x)
    return x if enum_of(x) in FLOAT_ENUMS else cast_tensor(x, SETTINGS.floatx)


def _floats(x, kernel):
    x, kernel = coerce_with(convert, dtype_of, x, kernel)
    if enum_of(x) not in FLOAT_ENUMS:
        x, kernel = cast_tensor(x, SETTINGS.floatx), cast_tensor(kernel, SETTINGS.floatx)
    return x, kernel


def _last(x, data_format, nd):
    return x if data_format == CHANNELS_LAST else _Transpose(x=x, perm=ints(to_channels_last(nd)))


def _back(y, data_format, nd):
    return y if data_format == CHANNELS_LAST else _Transpose(x=y, perm=ints(to_channels_first(nd)))


@functools.lru_cache(maxsize=1024)
def _explicit(padding):
    """Conv2D ``explicit_paddings`` for NHWC."""
    return [0, 0] + [p for pair in padding for p in pair] + [0, 0]


def _unit_row(x, kernel, strides, padding, dilation_rate):
    """A 1D problem as a 2D one with a leading unit spatial axis."""
    x = _ExpandDims(input=x, axis=ints(1))
    kernel = _ExpandDims(input=kernel, axis=ints(0))
    return x, kernel, (1,) + strides, ((0, 0),) + padding, (1,) + dilation_rate


def _conv2d(x, kernel, strides, padding, dilation_rate, grouped=False):
    """Conv2D on NHWC with explicit padding (``grouped``: the kernel has one input channel per group). Where TF's
    CPU build has no backprop kernel for the op, one that a gradient may be asked of gets its own backward pass
    (see ``conv_gradient``)."""
    if ((grouped or any(d > 1 for d in dilation_rate))
            and (enum_of(x) == _F64 or any(lo or hi for lo, hi in padding)) and gradient_wanted(x, kernel)):
        return conv2d_with_gradient(_native_conv2d, x, kernel, strides, padding, dilation_rate, grouped)
    return _native_conv2d(x, kernel, strides, padding, dilation_rate)


def _unit_strides(x, kernel, strides, padding, dilation_rate):
    """Strides avoiding oneDNN's wrong results on strided axes of output size 1 (``unit_output_strides``), or None
    (also when a size is unknown while tracing)."""
    nd = len(strides)
    sizes, taps = tuple(x.shape.as_list()[1:1 + nd]), tuple(kernel.shape.as_list()[:nd])
    if None in sizes or None in taps:
        return None
    return unit_output_strides(sizes, taps, tuple(strides), tuple(dilation_rate), tuple(padding))


def _first_positions(y, unit, strides):
    """``y`` (channels last) cut to its first position along the axes ``unit`` computed with stride 1."""
    if unit is None:
        return y
    return y[(slice(None),) + tuple(slice(0, 1) if u != s else slice(None) for u, s in zip(unit, strides))]


def _native_conv2d(x, kernel, strides, padding, dilation_rate):
    unit = _unit_strides(x, kernel, strides, padding, dilation_rate)
    if unit is not None:
        return _first_positions(_native_conv2d(x, kernel, unit, padding, dilation_rate), unit, strides)
    if any(lo or hi for lo, hi in padding):
        return _Conv2D(input=x, filter=kernel, strides=[1, *strides, 1], padding="EXPLICIT",
                       explicit_paddings=_explicit(padding), dilations=[1, *dilation_rate, 1])
    return _Conv2D(input=x, filter=kernel, strides=[1, *strides, 1], padding="VALID", dilations=[1, *dilation_rate, 1])


def _empty(x, kernel, filters, strides, padding, dilation_rate):
    """The zero-size result of a convolution of an empty channels-last ``x`` (TF's CPU Conv2D/Conv3D return a
    wrongly shaped tensor for those)."""
    shape = x.shape.as_list()
    nd = len(strides)
    sizes = output_sizes(tuple(shape[1:-1]), tuple(kernel.shape.as_list()[:nd]), strides, dilation_rate, padding)
    return R.Fill(dims=ints((shape[0],) + sizes + (filters,)), value=R.Cast(x=ints(0), DstT=x.dtype))


def conv(x, kernel, strides, padding, data_format, dilation_rate):
    x, kernel = _floats(x, kernel)
    nd = len(strides)
    x = _last(x, data_format, nd)
    if not x.shape.num_elements():
        return _back(_empty(x, kernel, kernel.shape[-1], strides, padding, dilation_rate), data_format, nd)
    try:
        if nd == 3:
            if enum_of(x) != _F32 and any(d > 1 for d in dilation_rate):
                kernel, dilation_rate = spread(kernel, dilation_rate, 0), (1, 1, 1)
            if any(lo or hi for lo, hi in padding):
                x = _Pad(input=x, paddings=ints(((0, 0),) + padding + ((0, 0),)))
            unit = _unit_strides(x, kernel, strides, ((0, 0),) * 3, dilation_rate)
            y = _first_positions(R.Conv3D(input=x, filter=kernel, strides=[1, *(unit or strides), 1], padding="VALID",
                                          dilations=[1, *dilation_rate, 1]), unit, strides)
        elif nd == 2:
            y = _conv2d(x, kernel, strides, padding, dilation_rate)
        else:
            y = _Squeeze(input=_conv2d(*_unit_row(x, kernel, strides, padding, dilation_rate)),
                         axis=[1])
    except OpError as err:
        raise numpy_error(err) from None
    return _back(y, data_format, nd)


def depthwise_conv(x, kernel, strides, padding, data_format, dilation_rate):
    """A grouped Conv2D, one group per input channel, whose output channel ``c*mult + m`` is channel ``c`` with
    ``kernel[..., c, m]`` (faster on CPU than DepthwiseConv2dNative, and without its restrictions on strides and
    dilation)."""
    x, kernel = _floats(x, kernel)
    nd = len(strides)
    x = _last(x, data_format, nd)
    shape = kernel.shape.as_list()
    if not x.shape.num_elements():
        return _back(_empty(x, kernel, shape[nd] * shape[nd + 1], strides, padding, dilation_rate), data_format, nd)
    kernel = _Reshape(tensor=kernel, shape=ints(tuple(shape[:nd]) + (1, shape[nd] * shape[nd + 1])))
    try:
        if nd == 2:
            y = _conv2d(x, kernel, strides, padding, dilation_rate, grouped=True)
        else:
            y = _Squeeze(input=_conv2d(*_unit_row(x, kernel, strides, padding, dilation_rate), grouped=True),
                         axis=[1])
    except OpError as err:
        raise numpy_error(err) from None
    return _back(y, data_format, nd)


def conv_transpose(x, kernel, output_shape, strides, padding, data_format, dilation_rate):
    """Conv2DBackpropInput / Conv3DBackpropInputV2 (the gradient of the forward convolution with respect to its
    input, whose filter layout is the kernel's (k..., out, in)) for the output size of ``output_shape``."""
    x, kernel = _floats(x, kernel)
    nd = len(strides)
    x = _last(x, data_format, nd)
    if data_format != CHANNELS_LAST:
        output_shape = (output_shape[0],) + tuple(output_shape[2:]) + (output_shape[1],)
    if any(d > 1 for d in dilation_rate):   # no CPU kernel takes dilations here
        kernel = spread(kernel, dilation_rate, 0)
    sizes = ints(tuple(output_shape))
    try:
        if nd == 2:
            if any(lo or hi for lo, hi in padding):
                y = R.Conv2DBackpropInput(input_sizes=sizes, filter=kernel, out_backprop=x, strides=[1, *strides, 1],
                                          padding="EXPLICIT", explicit_paddings=_explicit(padding))
            else:
                y = R.Conv2DBackpropInput(input_sizes=sizes, filter=kernel, out_backprop=x, strides=[1, *strides, 1],
                                          padding="VALID")
        else:   # pads come from 'same' or 'valid' (checked by the facade against output_shape): TF recomputes them
            mode = "SAME" if any(lo or hi for lo, hi in padding) else "VALID"
            y = R.Conv3DBackpropInputV2(input_sizes=sizes, filter=kernel, out_backprop=x, strides=[1, *strides, 1],
                                        padding=mode)
    except OpError as err:
        raise numpy_error(err) from None
    return _back(y, data_format, nd)


def _pool2d(x, pool_mode, window, strides, mode):
    if pool_mode == "max":
        return R.MaxPool(input=x, ksize=[1, *window, 1], strides=[1, *strides, 1], padding=mode)
    return R.AvgPool(value=x, ksize=[1, *window, 1], strides=[1, *strides, 1], padding=mode)


def pool(x, pool_size, strides, padding, data_format, pool_mode):
    """MaxPool/AvgPool(3D) with TF ``SAME``/``VALID`` (pads here come only from those modes; TF's ``SAME`` pads are
    the facade's, and its average excludes the padded cells)."""
    x = _last(_float(x), data_format, len(strides))
    nd = len(strides)
    mode = "SAME" if any(lo or hi for lo, hi in padding) else "VALID"
    try:
        if nd == 2:
            y = _pool2d(x, pool_mode, pool_size, strides, mode)
        elif enum_of(x) == _F32:
            op = R.MaxPool3D if pool_mode == "max" else R.AvgPool3D
            y = op(input=x, ksize=[1, *pool_size, 1], strides=[1, *strides, 1], padding=mode)
        else:   # (rows, cols) then depth
            n, depth, rows, cols, channels = x.shape.as_list()
            plane = _pool2d(_Reshape(tensor=x, shape=ints((n * depth, rows, cols, channels))), pool_mode,
                            pool_size[1:], strides[1:], mode)
            out_rows, out_cols = plane.shape.as_list()[1:3]
            column = _Reshape(tensor=plane, shape=ints((n, depth, out_rows * out_cols, channels)))
            y = _pool2d(column, pool_mode, (pool_size[0], 1), (strides[0], 1), mode)
            y = _Reshape(tensor=y, shape=ints((n, y.shape[1], out_rows, out_cols, channels)))
    except OpError as err:
        raise numpy_error(err) from None
    return _back(y, data_format, nd)


follow_inputs_in_module(globals(), __all__)
