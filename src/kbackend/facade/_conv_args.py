"""Argument checks shared by the convolution and pooling functions of the facade: strides, dilations, kernel and pool
sizes, paddings, ranks and layouts, the window geometry.
"""
import functools
import numbers
from typing import Sequence, Union

from .._config import SETTINGS
from .._registry import ops as _ops
from ..generic.conv import output_sizes, pads
from ..graph.leaves import SymbolicTensorBase
from .config import normalize_data_format

PADDINGS = ("valid", "same")
Ints = Union[int, Sequence[int]]  # an int for every spatial axis, or one int per spatial axis


def positive_ints(value, nd, what, fn):
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


def padding_name(padding, fn, causal=False):
    if padding in PADDINGS or (causal and padding == "causal"):
        return padding
    allowed = "'valid', 'same' or 'causal'" if causal else "'valid' or 'same'"
    raise ValueError(f"Invalid padding: {padding!r} ({fn}() expects {allowed})")


def check_rank(shape, rank, what, fn, layout):
    if len(shape) != rank:
        raise ValueError(f"{fn}(): {what} must be a rank-{rank} tensor {layout}, got shape {tuple(shape)}")


def input_layout(nd, data_format):
    spatial = ", ".join(("steps",) if nd == 1 else ("rows", "cols") if nd == 2 else ("depth", "rows", "cols"))
    return (f"(batch, {spatial}, channels)" if data_format == "channels_last"
            else f"(batch, channels, {spatial})")


def split_layout(shape, data_format):
    """``(spatial sizes, channels)`` of an input shape."""
    if data_format == "channels_last":
        return tuple(shape[1:-1]), shape[-1]
    return tuple(shape[2:]), shape[1]


def check_channels(kernel_channels, channels, what, fn):
    if kernel_channels is not None and channels is not None and kernel_channels != channels:
        raise ValueError(f"{fn}(): {what} ({kernel_channels}) does not match the input's {channels} channels")


@functools.lru_cache(maxsize=4096)
def geometry(fn, sizes, kernel_size, strides, dilation_rate, padding):
    """Explicit pads of the spatial ``sizes``; ValueError when the (dilated) window does not fit."""
    pairs = pads(sizes, kernel_size, strides, dilation_rate, padding)
    out = output_sizes(sizes, kernel_size, strides, dilation_rate, pairs)
    if any(o < 1 for o in out) or any(k < 1 for k in kernel_size):
        effective = tuple((k - 1) * d + 1 for k, d in zip(kernel_size, dilation_rate))
        raise ValueError(f"{fn}(): the window of size {effective} (kernel/pool size {kernel_size}, dilation "
                         f"{dilation_rate}) does not fit in the input of spatial size {sizes} with padding "
                         f"{padding!r}")
    return pairs


def static_shape(x):
    """The shape of ``x`` as a tuple (a symbolic tensor's static shape may hold None)."""
    if isinstance(x, SymbolicTensorBase):
        return tuple(x.shape)
    return tuple(_ops.shape_of(x))


def hashable(value):
    """Lists (and arrays) of ints as tuples, so that the normalisation can be cached."""
    if isinstance(value, list):
        return tuple(value)
    if hasattr(value, "tolist") and not isinstance(value, numbers.Number):
        value = value.tolist()
        return tuple(value) if isinstance(value, list) else value
    return value


def given_format(data_format):
    return SETTINGS.image_data_format if data_format is None else data_format


def check_strings(fn, padding, data_format):
    """The errors of non-string (unhashable) ``padding``/``data_format``, before the cached normalisation."""
    if not isinstance(padding, str):
        padding_name(padding, fn)
    if data_format is not None and not isinstance(data_format, str):
        normalize_data_format(data_format)
