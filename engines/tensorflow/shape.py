"""TensorFlow engine: shape primitives, with NumPy's semantics (tile's rank rules, take's negative indices and
``axis=None``, squeeze's ``axis=()``) and NumPy's exception types (ValueError, IndexError, AxisError)."""
import functools

import numpy as np

from kbackend.engine_api import SETTINGS, compute_dtype, holds_values, is_float, lerp_plan, promote, upsample_plan

from .core import (NP_DTYPES, TF_DTYPES, OpError, R, _checked, _constant, _scalar, cast_tensor, convert, dtype_of,
                   ints, numpy_error, shape_of, tf)
from .devices import follow_inputs_in_module

__all__ = ["reshape", "permute", "expand_dims", "squeeze", "concatenate", "stack", "broadcast_to", "take", "gather",
           "flip", "tile", "pad", "upsample_nearest", "slice", "split", "one_hot", "resize_images"]

_AxisError = np.exceptions.AxisError
_INT64 = TF_DTYPES["int64"]


def _axis(axis, ndim):
    if not -ndim <= axis < ndim:
        raise _AxisError(axis, ndim)
    return axis % ndim


def reshape(x, shape):
    try:
        return R.Reshape(tensor=convert(x), shape=ints(tuple(shape)))
    except OpError as err:
        raise numpy_error(err) from None


@functools.lru_cache(maxsize=1024)
def _perm(pattern, ndim):
    if pattern is None:
        return ints(tuple(range(ndim - 1, -1, -1)))
    out = tuple(_axis(a, ndim) for a in pattern)
    if len(out) != ndim or len(set(out)) != ndim:
        raise ValueError(f"axes {pattern} don't match array of rank {ndim}")
    return ints(out)


def permute(x, pattern):
    x = convert(x)
    return R.Transpose(x=x, perm=_perm(None if pattern is None else tuple(pattern), x._rank()))


def expand_dims(x, axis):
    x = convert(x)
    if not isinstance(axis, tuple):
        axis = (axis,)
    out_ndim = x._rank() + len(axis)
    positions = sorted(_axis(a, out_ndim) for a in axis)
    if len(set(positions)) != len(positions):
        raise ValueError("repeated axis")
    for position in positions:
        x = R.ExpandDims(input=x, axis=ints(position))
    return x


def squeeze(x, axis):
    x = convert(x)
    shape = shape_of(x)
    if axis is None:
        axis = tuple(i for i, d in enumerate(shape) if d == 1)
    elif not isinstance(axis, tuple):
        if not shape and axis in (0, -1):  # NumPy lets a 0-d array squeeze the int axis 0
            return x
        axis = (axis,)
    axis = tuple(_axis(a, len(shape)) for a in axis)
    if len(set(axis)) != len(axis):
        raise ValueError("duplicate value in 'axis'")
    if any(shape[a] not in (1, None) for a in axis):
        raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    if not axis:
        return x
    return R.Squeeze(input=x, axis=list(axis))


def _common(tensors, what):
    """Converted tensors of one dtype: their common dtype under kbackend's promotion rule (int32 with float32 gives
    float32, not NumPy's float64)."""
    tensors = [convert(t) for t in tensors]
    if not tensors:
        raise ValueError(f"need at least one array to {what}")
    names = {dtype_of(t) for t in tensors}
    if len(names) > 1:
        common = functools.reduce(promote, sorted(names))
        tensors = [convert(t, common) for t in tensors]
    return tensors


def concatenate(tensors, axis):
    tensors = _common(tensors, "concatenate")
    if axis is None:
        tensors = [R.Reshape(tensor=t, shape=ints((-1,))) for t in tensors]
        axis = 0
    ndim = tensors[0]._rank()
    if ndim == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    axis = _axis(axis, ndim)
    if len(tensors) == 1:
        return tensors[0]
    try:
        return R.ConcatV2(values=tensors, axis=ints(axis))
    except OpError as err:
        raise numpy_error(err) from None


def stack(tensors, axis):
    tensors = _common(tensors, "stack")
    axis = _axis(axis, tensors[0]._rank() + 1)
    try:
        return R.Pack(values=tensors, axis=axis)
    except OpError as err:
        raise numpy_error(err) from None


def broadcast_to(x, shape):
    try:
        return R.BroadcastTo(input=convert(x), shape=ints(tuple(shape)))
    except OpError as err:
        raise numpy_error(err) from None


def _index_error(values, size, axis):
    """NumPy's IndexError for the int array ``values`` indexing an axis of ``size``."""
    if not size:
        return IndexError("cannot do a non-empty take from an empty axes.")
    bad = values[(values < -size) | (values >= size)].flat[0]
    return IndexError(f"index {bad} is out of bounds for axis {axis} with size {size}")


def _host_indices(values, shape, axis):
    """Indices given as NumPy or Python ints (already on the host): checked there, negative ones wrapped, then made a
    tensor (bool counts as 0/1, floats are a TypeError, as in ``np.take``)."""
    kind = values.dtype.kind
    if kind == "f":
        raise TypeError(f"Cannot cast array data from dtype('{values.dtype}') to dtype('int64') according to the rule "
                        f"'same_kind'")
    if kind in "bu":
        values = values.astype(np.int64)
    if values.size:
        size = shape[axis]
        if 0 in shape[:axis]:  # nothing is gathered, and NumPy checks no index
            values = np.zeros_like(values)
        elif values.min() < -size or values.max() >= size:
            raise _index_error(values, size, axis)
        elif values.min() < 0:
            values = np.where(values < 0, values + size, values)
    return _constant(values)


def _indices(indices):
    """Integer indices as a tensor (converted like any input); bool counts as 0/1 and other dtypes are a TypeError,
    as in ``np.take``."""
    indices = convert(indices)
    name = dtype_of(indices)
    if name == "bool" or name.startswith("u"):
        return R.Cast(x=indices, DstT=_INT64)
    if not name.startswith("int"):
        raise TypeError(f"Cannot cast array data from dtype('{name}') to dtype('int64') according to the rule "
                        f"'same_kind'")
    return indices


_HOST_INDEX_KINDS = frozenset("biuf")


def take(x, indices, axis):
    """``np.take``: negative indices wrap, out-of-range ones are an IndexError. Indices given as NumPy or Python
    values are checked on the host, where they are. Tensor indices are never read back: negative ones wrap on the
    device, and out-of-range ones are left to the kernel's own check, raised as IndexError (TensorFlow's CPU kernel
    checks; its GPU kernel gives zeros for them, as ``tf.gather`` documents)."""
    x = convert(x)
    if axis is None:
        x = R.Reshape(tensor=x, shape=ints((-1,)))
        axis = 0
    shape = shape_of(x)
    axis = _axis(axis, len(shape))
    dim = ints(axis)
    if type(indices) is np.ndarray or type(indices) in (int, list, tuple):
        values = None if type(indices) in (list, tuple) and holds_values(indices) else np.asarray(indices)
        if values is not None and values.dtype.kind in _HOST_INDEX_KINDS:
            return R.GatherV2(params=x, indices=_host_indices(values, shape, axis), axis=dim)
    indices = _indices(indices)
    if 0 in shape[:axis]:  # nothing is gathered, and NumPy checks no index
        indices = R.ZerosLike(x=indices)
    name = dtype_of(indices)
    size = shape[axis]
    size = _scalar(size, name) if size is not None else R.Cast(x=R.Shape(input=x)[axis], DstT=indices.dtype)
    wrapped = R.SelectV2(condition=R.Less(x=indices, y=_scalar(0, name)), t=R.AddV2(x=indices, y=size), e=indices)
    try:
        return R.GatherV2(params=x, indices=wrapped, axis=dim)
    except tf.errors.InvalidArgumentError:  # (eager only: a graph raises when it runs)
        raise _index_error(indices.numpy(), shape[axis], axis) from None


def gather(reference, indices):
    """``take`` along axis 0, given the indices as the caller gave them (NumPy and Python indices are checked on
    the host, before any conversion)."""
    return take(reference, indices, 0)


def flip(x, axes):
    x = convert(x)
    ndim = x._rank()
    if axes is None:
        axes = tuple(range(ndim))
    elif not isinstance(axes, tuple):
        axes = (axes,)
    axes = tuple(_axis(a, ndim) for a in axes)
    if len(set(axes)) != len(axes):
        raise ValueError("repeated axis")
    if not axes:
        return x
    return R.ReverseV2(tensor=x, axis=ints(axes))


def tile(x, reps):
    x = convert(x)
    reps = tuple(reps) if isinstance(reps, (tuple, list)) else (reps,)
    ndim = x._rank()
    for _ in range(len(reps) - ndim):
        x = R.ExpandDims(input=x, axis=ints(0))
    if len(reps) < ndim:
        reps = (1,) * (ndim - len(reps)) + reps
    try:
        return R.Tile(input=x, multiples=ints(reps))
    except OpError as err:
        raise numpy_error(err) from None


@functools.lru_cache(maxsize=1024)
def _paddings(paddings, ndim):
    """Per-axis (before, after) pairs as ``np.pad`` reads them (a number, a pair, or one pair per axis)."""
    array = np.asarray(paddings)
    if array.dtype.kind != "i":
        raise TypeError("`pad_width` must be of integral type.")
    if array.size and array.min() < 0:
        raise ValueError("index can't contain negative values")
    if array.ndim < 3 and array.size == 1:
        pairs = ((int(array.flat[0]),) * 2,) * ndim
    elif array.ndim < 3 and array.size == 2 and array.shape != (2, 1):
        pairs = (tuple(int(v) for v in array.ravel()),) * ndim
    else:
        pairs = tuple(map(tuple, np.broadcast_to(array, (ndim, 2)).tolist()))
    return ints(pairs) if pairs else None


def _hashable(value):
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return tuple(_hashable(v) for v in value) if isinstance(value, (list, tuple)) else value


def pad(x, paddings, value=0):
    x = convert(x)
    paddings = _paddings(_hashable(paddings), x._rank())
    if paddings is None:
        return x
    constant = _constant(_checked(np.asarray(value, dtype=NP_DTYPES[dtype_of(x)])))
    try:
        return R.PadV2(input=x, paddings=paddings, constant_values=constant)
    except OpError as err:
        raise numpy_error(err) from None


# --- natives of the shape section ---------------------------------------------------------------------------------
def upsample_nearest(x, factors):
    """Every element repeated ``factors[i]`` times along axis ``i``: Reshape, Tile, Reshape (BroadcastTo does not
    take that many broadcast axes)."""
    x = convert(x)
    factors = tuple(factors)
    if all(f == 1 for f in factors):
        return x
    view, expanded, final = upsample_plan(shape_of(x), factors)
    multiples = ints(tuple(e if v == 1 else 1 for v, e in zip(view, expanded)))
    return R.Reshape(tensor=R.Tile(input=R.Reshape(tensor=x, shape=ints(view)), multiples=multiples),
                     shape=ints(final))


def slice(x, start, size):
    return R.Slice(input=convert(x), begin=ints(tuple(start)), size=ints(tuple(size)))


def split(x, sizes, axis):
    """One ``SplitV`` (its gradient is one concatenation, where separate slices would add padded copies)."""
    return list(R.SplitV(value=convert(x), size_splits=ints(tuple(sizes)), axis=axis, num_split=len(sizes)))


_ONE_HOT_INDICES = frozenset(("uint8", "int8", "int32", "int64"))


def one_hot(indices, num_classes, dtype):
    indices = convert(indices)
    if dtype_of(indices) not in _ONE_HOT_INDICES:
        indices = cast_tensor(indices, "int64")
    return R.OneHot(indices=indices, depth=ints(num_classes), on_value=convert(1, dtype), off_value=convert(0, dtype),
                    axis=-1)


@functools.lru_cache(maxsize=512)
def _lerp_constants(size, factor, trailing, dtype):
    lower, upper, weight = lerp_plan(size, factor)
    with tf.init_scope():  # eager constants even while tracing: the cache outlives any graph
        return (_constant(lower), _constant(upper),
                _constant(weight.reshape((-1,) + (1,) * trailing).astype(NP_DTYPES[dtype])))


def _lerp(x, factor, axis, dtype):
    """Bilinear upsampling of one axis (the legacy TF1 kernel; see ``kbackend.generic.shape.lerp_plan``)."""
    shape = shape_of(x)
    lower, upper, weight = _lerp_constants(shape[axis], factor, len(shape) - axis - 1, dtype)
    below = R.GatherV2(params=x, indices=lower, axis=ints(axis))
    above = R.GatherV2(params=x, indices=upper, axis=ints(axis))
    return R.AddV2(x=below, y=R.Mul(x=R.Sub(x=above, y=below), y=weight))


_NHWC, _NCHW = ints((0, 2, 3, 1)), ints((0, 3, 1, 2))


def resize_images(x, height_factor, width_factor, data_format, interpolation):
    x = convert(x)
    rows = 2 if data_format == "channels_first" else 1
    if interpolation == "nearest":
        factors = [1, 1, 1, 1]
        factors[rows], factors[rows + 1] = height_factor, width_factor
        return upsample_nearest(x, tuple(factors))
    name = dtype_of(x)
    result = name if is_float(name) else SETTINGS.floatx
    compute = compute_dtype(name)
    shape = shape_of(x)
    if compute == "float32" and shape[rows] and shape[rows + 1]:
        # TensorFlow's own kernel: ResizeBilinear computes in float32 (legacy TF1 coordinates).
        images = cast_tensor(x, "float32") if name == "bool" else x  # ResizeBilinear takes numbers only
        images = images if rows == 1 else R.Transpose(x=images, perm=_NHWC)
        size = ints((shape[rows] * height_factor, shape[rows + 1] * width_factor))
        out = R.ResizeBilinear(images=images, size=size, align_corners=False, half_pixel_centers=False)
        if rows == 2:
            out = R.Transpose(x=out, perm=_NCHW)
        return out if result == "float32" else cast_tensor(out, result)
    x = cast_tensor(x, compute) if name != compute else x
    if width_factor != 1:
        x = _lerp(x, width_factor, rows + 1, compute)
    if height_factor != 1:
        x = _lerp(x, height_factor, rows, compute)
    return x if result == compute else cast_tensor(x, result)


follow_inputs_in_module(globals(), __all__)
