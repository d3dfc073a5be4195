"""PyTorch engine: shape primitives (NumPy semantics and errors: ValueError for shapes, AxisError for axes).

Results stay on the inputs' device: tensors joined with ones on the CPU take the others' device, ``take``'s indices
join ``x``'s device, ``one_hot`` compares with a class range cached per device."""
import builtins
import functools

import numpy as np
import torch

from kbackend.engine_api import promote, upsample_plan

from .core import (BOOL, DTYPE_NAMES, INT64, TORCH_DTYPES, AxisError, Tensor, common_device, convert, numpy_error,
                   retry_on_one_device)

__all__ = ["reshape", "permute", "expand_dims", "squeeze", "concatenate", "stack", "broadcast_to", "take", "flip",
           "tile", "pad", "upsample_nearest", "slice", "split", "one_hot"]

_reshape, _cat, _stack, _constant_pad = torch.reshape, torch.cat, torch.stack, torch.constant_pad_nd


def _shape(shape):
    return (shape,) if isinstance(shape, int) else shape


def reshape(x, shape):
    try:
        if type(x) is Tensor and type(shape) is tuple:  # the common case: no conversion to make
            return _reshape(x, shape)
        return _reshape(convert(x), _shape(shape))
    except RuntimeError as err:
        raise numpy_error(err) from None


def permute(x, pattern):
    x = convert(x)
    if pattern is None:
        pattern = tuple(range(x.ndim - 1, -1, -1))
    try:
        return x.permute(pattern)
    except (RuntimeError, IndexError) as err:
        raise numpy_error(err) from None


def _axes(axis, ndim):
    """``axis`` (an int or a tuple of ints, possibly negative) as a tuple of non-negative axes of a rank-ndim
    tensor; AxisError out of range, ValueError on repeats (as NumPy)."""
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    out = []
    for a in axes:
        if not -ndim <= a < ndim:
            raise AxisError(f"axis {a} is out of bounds for array of dimension {ndim}")
        out.append(a % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in {axis!r}")
    return out


def expand_dims(x, axis):
    x = convert(x)
    if type(axis) is int:
        if not -x.ndim - 1 <= axis <= x.ndim:
            raise AxisError(f"axis {axis} is out of bounds for array of dimension {x.ndim + 1}")
        return torch.unsqueeze(x, axis)
    new_axes = _axes(axis, x.ndim + len(axis))
    shape = iter(x.shape)
    return x.reshape(tuple(1 if i in new_axes else next(shape) for i in range(x.ndim + len(new_axes))))


def squeeze(x, axis):
    x = convert(x)
    if axis is None:
        return torch.squeeze(x)
    axes = _axes(axis, x.ndim)
    if any(x.shape[a] != 1 for a in axes):
        raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    return torch.squeeze(x, tuple(axes))


def _common(tensors, what):
    """The tensors converted to their common dtype under the promotion rule."""
    if tensors and type(tensors[0]) is Tensor:  # the common case: tensors of one dtype
        dtype = tensors[0].dtype
        for t in tensors:
            if type(t) is not Tensor or t.dtype is not dtype:
                break
        else:
            return tensors
    tensors = [convert(t) for t in tensors]
    if not tensors:
        raise ValueError(f"need at least one array to {what}")
    dtype = tensors[0].dtype
    if any(t.dtype is not dtype for t in tensors):
        name = functools.reduce(promote, (DTYPE_NAMES[t.dtype] for t in tensors))
        dtype = TORCH_DTYPES[name]
        tensors = [t.to(dtype) for t in tensors]
    return common_device(tensors)


def _join(fn, tensors, axis):
    """``fn(tensors, axis)`` (cat or stack); tensors on the CPU join the others' device if the kernel refuses."""
    try:
        return fn(tensors, axis)
    except IndexError as err:
        raise numpy_error(err) from None
    except RuntimeError as err:
        return retry_on_one_device(lambda *joined: fn(joined, axis), err, *tensors)


def concatenate(tensors, axis):
    tensors = _common(tensors, "concatenate")
    if axis is None:
        tensors, axis = [t.reshape(-1) for t in tensors], 0
    return _join(_cat, tensors, axis)


def stack(tensors, axis):
    return _join(_stack, _common(tensors, "stack"), axis)


def broadcast_to(x, shape):
    try:
        return torch.broadcast_to(convert(x), _shape(shape))
    except RuntimeError as err:
        raise numpy_error(err) from None


_INDEX_DTYPES = (torch.int32, INT64)
_index_select, _aminmax = torch.index_select, torch.aminmax


def take(x, indices, axis):
    """``np.take``: negative indices wrap, out-of-range ones are an IndexError. Runs on ``index_select`` (advanced
    indexing costs 10-100 times more). Indices join the device of ``x``. Indices on the CPU are checked there (no
    device sync); indices on an accelerator are not read back to the host: negative ones wrap on the device and
    out-of-range ones are left to the kernel's own device-side check (on CUDA a device-side assertion, not an
    IndexError)."""
    x, indices = convert(x), convert(indices)
    if indices.is_floating_point():
        raise TypeError(f"Cannot cast array data from dtype('{DTYPE_NAMES[indices.dtype]}') to dtype('int64') "
                        f"according to the rule 'same_kind'")
    if indices.dtype not in _INDEX_DTYPES:  # bool and uint8 are numbers here, not masks (as np.take)
        indices = indices.to(INT64)
    if axis is None:
        x, axis = x.reshape(-1), 0
    elif not -x.ndim <= axis < x.ndim:
        raise AxisError(f"axis {axis} is out of bounds for array of dimension {x.ndim}")
    axis %= x.ndim
    flat = indices.reshape(-1)
    shape = tuple(x.shape)
    if flat.numel():
        if 0 in shape[:axis]:  # nothing is gathered, and NumPy checks no index
            return x.new_empty(shape[:axis] + tuple(indices.shape) + shape[axis + 1:])
        size = shape[axis]
        if not size:
            raise IndexError("cannot do a non-empty take from an empty axes.")
        if flat.is_cpu:
            low, high = (int(v) for v in _aminmax(flat))
            if low < -size or high >= size:
                bad = low if low < -size else high
                raise IndexError(f"index {bad} is out of bounds for axis {axis} with size {size}")
            if low < 0:
                flat = torch.where(flat < 0, flat + size, flat)
            if not x.is_cpu:
                flat = flat.to(x.device)
        else:
            flat = torch.where(flat < 0, flat + size, flat)
            if flat.device != x.device:
                flat = flat.to(x.device)
    elif flat.device != x.device:
        flat = flat.to(x.device)
    out = _index_select(x, axis, flat)
    if indices.ndim == 1:
        return out
    return out.reshape(shape[:axis] + tuple(indices.shape) + shape[axis + 1:])


def flip(x, axes):
    x = convert(x)
    axes = range(x.ndim) if axes is None else _axes(axes, x.ndim)
    return torch.flip(x, tuple(axes))


def tile(x, reps):
    try:
        return torch.tile(convert(x), _shape(reps))
    except RuntimeError as err:
        raise numpy_error(err) from None


def pad(x, paddings, value=0):
    """``paddings`` as NumPy's ``pad_width`` (per-axis ``(before, after)`` pairs, or one pair/int for all axes)."""
    x = convert(x)
    widths = np.asarray(paddings)
    if widths.dtype.kind not in "iu":
        raise TypeError("`pad_width` must be of integral type.")
    widths = np.broadcast_to(widths, (x.ndim, 2))  # as np.pad reads it
    if (widths < 0).any():
        raise ValueError("index can't contain negative values")
    flat = widths[::-1].reshape(-1).tolist()  # torch lists the last axis first
    if isinstance(value, Tensor) or not isinstance(value, (int, float)):
        value = np.asarray(value).item()
    return _constant_pad(x, flat, value)


def upsample_nearest(x, factors):
    """Every element repeated ``factors[i]`` times along axis ``i``: a view, an expand, one copy."""
    x = convert(x)
    if all(f == 1 for f in factors):
        return x
    view, expanded, final = upsample_plan(tuple(x.shape), tuple(factors))
    return x.reshape(view).expand(expanded).reshape(final)


def slice(x, start, size):
    return convert(x)[tuple(builtins.slice(b, b + n) for b, n in zip(start, size))]


def split(x, sizes, axis):
    """``torch.split``: views of ``x``, whose gradient is one concatenation."""
    return list(torch.split(convert(x), list(sizes), axis))


@functools.lru_cache(maxsize=256)
def _classes(num_classes, device):
    """``arange(num_classes)`` on ``device`` (cached per device: each device keeps its own copy)."""
    return torch.arange(num_classes, device=device)


def one_hot(indices, num_classes, dtype):
    indices = convert(indices)
    return torch.eq(indices.unsqueeze(-1), _classes(num_classes, indices.device)).to(TORCH_DTYPES[dtype])
