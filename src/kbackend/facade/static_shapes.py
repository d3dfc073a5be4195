"""Static shape rules of the functions whose probes cannot succeed when sizes of their weights are unknown.

Shapes are inferred by probing (``kbackend.graph.shapes``). A convolution whose kernel is a placeholder of unknown
sizes, or whose ``output_shape`` pins sizes that the probes' free sizes contradict, has constraints between sizes
that a search over probe sizes does not always satisfy. For those functions the rules below give the static shape
and dtype from the static shapes of the inputs (``None`` where a size is not known); they are used only when every
probe fails while some input sizes are unknown (``graph_aware(fallback=...)``).
"""
import numbers

from .. import _dtypes
from .config import normalize_data_format


def _shape(x, rank):
    shape = getattr(x, "shape", None)
    if shape is None:
        return (None,) * rank
    return tuple(None if d is None else int(d) for d in shape)


def _dtype(*tensors):
    names = [getattr(t, "dtype", None) for t in tensors]
    names = [_dtypes.dtype_name(n) for n in names if n is not None]
    result = names[0]
    for name in names[1:]:
        result = _dtypes.promote(result, name)
    return result


def _layout(batch, spatial, channels, data_format):
    if normalize_data_format(data_format) == "channels_last":
        return (batch,) + tuple(spatial) + (channels,)
    return (batch, channels) + tuple(spatial)


def _last(shape):
    return shape[-1] if shape else None


def convolution(nd):
    """The rule of ``conv1d``/``conv2d``/``conv3d``: (batch, unknown spatial sizes, the kernel's filters)."""
    def rule(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
        return _layout(_shape(x, nd + 2)[0], (None,) * nd, _last(_shape(kernel, nd + 2)), data_format), \
            _dtype(x, kernel)
    return rule


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    kernel = _shape(depthwise_kernel, 4)
    channels = kernel[2] * kernel[3] if None not in kernel[2:] else None
    return _layout(_shape(x, 4)[0], (None, None), channels, data_format), _dtype(x, depthwise_kernel)


def separable(nd):
    """The rule of ``separable_conv1d``/``separable_conv2d``: the pointwise kernel's filters."""
    def rule(x, depthwise_kernel, pointwise_kernel, strides=1, padding="valid", data_format=None,
             dilation_rate=1):
        return _layout(_shape(x, nd + 2)[0], (None,) * nd, _last(_shape(pointwise_kernel, nd + 2)), data_format), \
            _dtype(x, depthwise_kernel, pointwise_kernel)
    return rule


def transposed(nd):
    """The rule of ``conv2d_transpose``/``conv3d_transpose``: ``output_shape``, its batch from ``x`` if None."""
    def rule(x, kernel, output_shape, strides=1, padding="valid", data_format=None, dilation_rate=1):
        entries = [d if d is None else int(d) for d in output_shape] if isinstance(output_shape, (list, tuple)) \
            else [None] * (nd + 2)
        if entries and entries[0] is None:
            entries[0] = _shape(x, nd + 2)[0]
        return tuple(entries), _dtype(x, kernel)
    return rule


def pooling(nd):
    """The rule of ``pool2d``/``pool3d``: (batch, unknown spatial sizes, channels)."""
    def rule(x, pool_size, strides=1, padding="valid", data_format=None, pool_mode="max"):
        shape = _shape(x, nd + 2)
        channels = shape[-1] if normalize_data_format(data_format) == "channels_last" else shape[1]
        return _layout(shape[0], (None,) * nd, channels, data_format), _dtype(x)
    return rule


def local_conv1d(inputs, kernel, kernel_size, strides, data_format=None):
    positions, _, filters = _shape(kernel, 3)
    return _layout(_shape(inputs, 3)[0], (positions,), filters, data_format), _dtype(inputs, kernel)


def local_conv2d(inputs, kernel, kernel_size, strides, output_shape, data_format=None):
    filters = _shape(kernel, 3)[2]
    spatial = tuple(output_shape) if isinstance(output_shape, (list, tuple)) else (None, None)
    return _layout(_shape(inputs, 4)[0], spatial, filters, data_format), _dtype(inputs, kernel)


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    batch = _shape(y_pred, 3)[0]
    return (batch if batch is not None else _shape(y_true, 2)[0], 1), _dtype(y_pred)


def slice(x, start, size):
    sizes = [int(s) if isinstance(s, numbers.Integral) else s for s in (size.tolist() if hasattr(size, "tolist")
                                                                        else size)]
    return tuple(s if type(s) is int and s >= 0 else None for s in sizes), _dtype(x)


def arange(start, stop=None, step=1, dtype="int32"):
    """A 1-D result whose length depends on the values of the bounds."""
    return (None,), _dtypes.dtype_name(dtype)
