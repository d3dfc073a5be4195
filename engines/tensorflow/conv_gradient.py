"""TensorFlow engine: the gradient of the 2D convolutions whose backprop kernels TF's CPU build lacks.

TensorFlow differentiates Conv2D with Conv2DBackpropInput/Filter called with the forward attributes; on CPU those
reject dilated or grouped (depthwise) convolutions in float64, and dilated or grouped ones with ``EXPLICIT`` padding
in every float dtype (the forward kernels take all of these). For those, ``conv2d_with_gradient`` keeps the native
forward op and gives it a backward pass on kernels that exist for every float dtype: the padding becomes a ``Pad`` of
the input and the dilation a kernel with zeros between its taps, so that the backprop ops run with ``VALID`` padding
and no dilation (Conv2DBackpropInput/Filter for dense kernels, DepthwiseConv2dNativeBackpropInput/Filter for grouped
ones, where a stride that differs between rows and columns is also undone, by spreading the output gradient with
zeros, as that kernel takes only equal strides). The input gradient is then cropped to the unpadded input, and the
kernel gradient keeps the taps of the undilated kernel.

The wrapper costs a Python call per op (``tf.custom_gradient``), so ``gradient_wanted`` limits it to calls that a
tape records or that are being traced into a graph (which may be differentiated later); plain eager calls run the
forward op alone.
"""
from tensorflow.python.eager import record  # whether a gradient tape records an op on given tensors

from .core import R, ints, tf

__all__ = ["spread", "gradient_wanted", "conv2d_with_gradient"]

_Pad, _Reshape, _ExpandDims = R.Pad, R.Reshape, R.ExpandDims


def spread(t, factors, first):
    """``t`` with ``f - 1`` zeros between consecutive entries along axes ``first, first + 1, ...`` (one factor ``f``
    each): a dilated kernel (``first`` 0), or an output gradient at stride 1 (``first`` 1, batch size may be
    unknown)."""
    for i, factor in enumerate(factors):
        if factor == 1:
            continue
        axis = first + i
        shape = [-1 if d is None else d for d in t.shape.as_list()]
        size = shape[axis]
        widths = [(0, 0)] * (len(shape) + 1)
        widths[axis + 1] = (0, factor - 1)
        wide = _Pad(input=_ExpandDims(input=t, axis=ints(axis + 1)), paddings=ints(tuple(widths)))
        wide = _Reshape(tensor=wide, shape=ints(tuple(shape[:axis] + [size * factor] + shape[axis + 1:])))
        t = wide[(slice(None),) * axis + (slice(0, (size - 1) * factor + 1),)]
    return t


def gradient_wanted(*tensors):
    """Whether a gradient of an op on ``tensors`` may be asked for: a tape records it, or a graph is being built."""
    return not tf.executing_eagerly() or record.should_record_backprop(tensors)


def _crop(t, padding):
    """``t`` (NHWC) without the rows and columns that ``padding`` added."""
    shape = t.shape.as_list()
    return t[(slice(None),) + tuple(slice(lo, size - hi) for (lo, hi), size in zip(padding, shape[1:3]))]


def _at_stride_one(dy, strides, full_sizes):
    """The output gradient of a strided convolution as that of the same convolution at stride 1, whose output has
    ``full_sizes`` rows and columns: zeros at the positions the stride skipped."""
    dy = spread(dy, strides, 1)
    rows, cols = dy.shape.as_list()[1:3]
    return _Pad(input=dy, paddings=ints(((0, 0), (0, full_sizes[0] - rows), (0, full_sizes[1] - cols), (0, 0))))


def _backward(dy, x, kernel, strides, padding, dilation_rate, grouped):
    if any(lo or hi for lo, hi in padding):
        x = _Pad(input=x, paddings=ints(((0, 0),) + tuple(padding) + ((0, 0),)))
    wide = spread(kernel, dilation_rate, 0)
    sizes = ints(tuple(x.shape.as_list()))
    if grouped:   # kernel (k..., 1, channels * multiplier) -> the depthwise layout (k..., channels, multiplier)
        kh, kw = wide.shape.as_list()[:2]
        channels = x.shape.as_list()[-1]
        depthwise = _Reshape(tensor=wide, shape=ints((kh, kw, channels, wide.shape.as_list()[-1] // channels)))
        if strides[0] != strides[1]:
            full = (x.shape.as_list()[1] - kh + 1, x.shape.as_list()[2] - kw + 1)
            dy, strides = _at_stride_one(dy, strides, full), (1, 1)
        attrs = dict(strides=[1, *strides, 1], padding="VALID")
        dx = R.DepthwiseConv2dNativeBackpropInput(input_sizes=sizes, filter=depthwise, out_backprop=dy, **attrs)
        dk = R.DepthwiseConv2dNativeBackpropFilter(input=x, filter_sizes=ints(tuple(depthwise.shape.as_list())),
                                                   out_backprop=dy, **attrs)
        dk = _Reshape(tensor=dk, shape=ints(tuple(wide.shape.as_list())))
    else:
        attrs = dict(strides=[1, *strides, 1], padding="VALID")
        dx = R.Conv2DBackpropInput(input_sizes=sizes, filter=wide, out_backprop=dy, **attrs)
        dk = R.Conv2DBackpropFilter(input=x, filter_sizes=ints(tuple(wide.shape.as_list())), out_backprop=dy,
                                    **attrs)
    if any(d > 1 for d in dilation_rate):
        dk = dk[::dilation_rate[0], ::dilation_rate[1]]
    return _crop(dx, padding), dk


def conv2d_with_gradient(forward, x, kernel, strides, padding, dilation_rate, grouped):
    """``forward(x, kernel, strides, padding, dilation_rate)`` (a 2D convolution on NHWC, grouped when the kernel
    has one input channel per group) with the backward pass described in the module docstring."""
    @tf.custom_gradient
    def convolution(x, kernel):
        def backward(dy):
            return _backward(dy, x, kernel, strides, padding, dilation_rate, grouped)
        return forward(x, kernel, strides, padding, dilation_rate), backward
    return convolution(x, kernel)
