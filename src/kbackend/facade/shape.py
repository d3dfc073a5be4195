"""Public API: shape manipulation.

The facade checks and normalises every argument (axes become non-negative ints, shapes/patterns/paddings tuples of
ints, data formats canonical strings), so the engines receive plain values and every engine raises the same
exceptions: ValueError for a bad shape, axis, size or setting, TypeError for an argument of the wrong type.
Integer arguments (sizes, factors, starts) may be Python or NumPy integers or 0-d integer tensors; sequences of them
may also be 1-D integer tensors (``K.reshape(x, K.shape(y))`` works eagerly).
"""
import builtins
import functools
import numbers

import numpy as np

from .. import _dtypes
from .._config import SETTINGS
from .._registry import ops as _ops
from ._checks import axes as _axes, single_axis
from .config import normalize_data_format
from .tensors import dtype as _dtype, int_shape

_PY_SCALARS = (bool, int, float)
_INTERPOLATIONS = ("nearest", "bilinear")


# --- argument helpers ----------------------------------------------------------------------------------------------
def _int(value, what, fn):
    """``value`` as an int: a Python or NumPy integer, or a 0-d integer tensor (TypeError otherwise)."""
    if type(value) is int:
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        return int(value)
    if not isinstance(value, (bool, np.bool_, float, str, bytes, list, tuple, type(None))):
        try:
            array = np.asarray(_ops.to_numpy(value))
        except Exception:  # not something the engine knows as a tensor
            array = None
        if array is not None and array.ndim == 0 and array.dtype.kind in "iu":
            return int(array)
    raise TypeError(f"{fn}(): {what} must be an int, got {value!r}")


def _ints(values, what, fn):
    """A tuple of ints from a list/tuple of ints or a 1-D integer tensor/array (TypeError otherwise)."""
    if type(values) is tuple or type(values) is list:
        if all(type(v) is int for v in values):
            return tuple(values)
        return tuple(_int(v, what, fn) for v in values)
    if isinstance(values, (numbers.Number, str, bytes, type(None))):
        raise TypeError(f"{fn}(): {what} must be a list or tuple of ints, got {values!r}")
    try:
        array = np.asarray(_ops.to_numpy(values))
    except Exception:
        array = None
    if array is None or array.ndim != 1 or (array.dtype.kind not in "iu" and array.size):
        raise TypeError(f"{fn}(): {what} must be a list or tuple of ints, got {values!r}")
    return tuple(int(v) for v in array)


def _count(value, what, fn, minimum=0):
    """A non-negative (or >= ``minimum``) int."""
    value = _int(value, what, fn)
    if value < minimum:
        raise ValueError(f"{fn}(): {what} must be an int >= {minimum}, got {value}")
    return value


def _axis_in(axis, size, fn, what="axis"):
    """A single int axis in ``[-size, size)`` made non-negative (``size`` is the number of valid positions)."""
    if type(axis) is int and -size <= axis < size:
        return axis % size
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{fn}(): {what} must be a single int, got {axis!r}")
    if not -size <= axis < size:
        raise ValueError(f"{fn}(): {what} {axis} is out of range (expected an int in [{-size}, {size}))")
    return int(axis) % size


def _tensor_list(tensors, fn):
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{fn}() expects a list or tuple of tensors, got {type(tensors).__name__}")
    if not tensors:
        raise ValueError(f"{fn}() needs at least one tensor")
    return tensors


def _promoted(tensors):
    """The tensors of a list cast to their common dtype under the promotion rule (Python scalars are weak)."""
    try:  # the common case: tensors whose dtype objects are all equal, returned as they are
        first = tensors[0].dtype
        for t in tensors:
            if t.dtype != first:
                break
        else:
            return tensors
    except AttributeError:  # Python scalars, nested lists
        pass
    dtype_of = _dtype
    strong, weak = [], []
    for t in tensors:
        (weak if type(t) in _PY_SCALARS else strong).append(t)
    names = {dtype_of(t) for t in strong}
    if len(names) == 1 and not weak:
        return tensors
    if names:
        common = functools.reduce(_dtypes.promote, sorted(names))
    else:
        common = functools.reduce(_dtypes.promote, (_dtypes.scalar_dtype(type(t), SETTINGS.floatx) for t in weak))
        weak = []
    for t in weak:
        common = _dtypes.promote_weak(common, type(t), SETTINGS.floatx)
    return [_ops.convert(t, common) for t in tensors]


def _factor(value, what, fn):
    return _count(value, what, fn, minimum=1)


def _image_input(x, rank, fn):
    ndim = _ops.ndim(x)
    if ndim != rank:
        raise ValueError(f"{fn}() expects a tensor of rank {rank}, got rank {ndim}")


def _padding(padding, count, fn):
    """``count`` (before, after) pairs of non-negative ints (``count == 1``: one pair)."""
    expected = "(before, after)" if count == 1 else "(" + ", ".join(["(before, after)"] * count) + ")"
    if isinstance(padding, np.ndarray):
        padding = padding.tolist()
    pairs = (padding,) if count == 1 else padding
    if not isinstance(pairs, (list, tuple)) or len(pairs) != count or not all(
            isinstance(p, (list, tuple)) and len(p) == 2 for p in pairs):
        raise ValueError(f"{fn}(): padding must be {expected} with non-negative ints, got {padding!r}")
    out = []
    for before, after in pairs:
        for value in (before, after):
            if type(value) is not int and (isinstance(value, (bool, np.bool_))
                                           or not isinstance(value, numbers.Integral)):
                raise TypeError(f"{fn}(): padding values must be ints, got {padding!r}")
            if value < 0:
                raise ValueError(f"{fn}(): padding values must be >= 0, got {padding!r}")
        out.append((int(before), int(after)))
    return tuple(out)


# --- the public functions ------------------------------------------------------------------------------------------
def concatenate(tensors, axis=-1):
    """Join a list of tensors along an existing ``axis`` (default -1; negative axes count from the end).

    Mixed dtypes are promoted by the project's rule (``kbackend._dtypes.promote``: int32 with float32 gives
    float32). As in Keras 2 on TF, sparse tensors of the engine, if all inputs are, give a sparse tensor; otherwise
    the sparse ones are densified and the result is dense.

    Arguments:
        tensors: a list or tuple of tensors of one rank (>= 1) whose other dimensions match.
        axis: an int.

    Returns:
        A tensor (sparse if every input is sparse).

    Raises:
        TypeError: ``tensors`` is not a list or tuple, or ``axis`` is not an int.
        ValueError: no tensors, zero-dimensional tensors, ranks or dimensions that differ, ``axis`` out of range.
    """
    tensors = _tensor_list(tensors, "concatenate")
    is_sparse = _ops.is_sparse
    for t in tensors:
        if is_sparse(t):
            if all(is_sparse(t) for t in tensors):
                return _sparse_concatenate(tensors, axis)
            tensors = [_ops.to_dense(t) for t in tensors]
            break
    ndim = _ops.ndim(tensors[0])
    if ndim == 0:
        raise ValueError("concatenate(): zero-dimensional tensors cannot be concatenated")
    return _ops.concatenate(_promoted(tensors), _axis_in(axis, ndim, "concatenate"))


def _sparse_concatenate(tensors, axis):
    """Sparse tensors joined along ``axis``, checked here (the engines' sparse kernels raise their own errors)."""
    shapes = [tuple(int_shape(t)) for t in tensors]
    ndim = len(shapes[0])
    if ndim == 0:
        raise ValueError("concatenate(): zero-dimensional tensors cannot be concatenated")
    axis = _axis_in(axis, ndim, "concatenate")
    for shape in shapes[1:]:
        if len(shape) != ndim or any(a is not None and b is not None and a != b
                                     for i, (a, b) in enumerate(zip(shape, shapes[0])) if i != axis):
            raise ValueError(f"concatenate(): shapes {shapes[0]} and {shape} differ outside axis {axis}")
    names = [_dtype(t) for t in tensors]
    common = functools.reduce(_dtypes.promote, sorted(set(names)))
    return _ops.sparse_concatenate([t if n == common else _ops.sparse_tensor(t, common)
                                    for t, n in zip(tensors, names)], axis)


def reshape(x, shape):
    """``x`` with a new ``shape`` (a tuple/list of ints or a 1-D integer tensor; one entry may be -1, inferred).
    ValueError when the number of elements differs."""
    if type(shape) is tuple and all(type(d) is int for d in shape):
        return _ops.reshape(x, _checked_shape(shape))
    if isinstance(shape, numbers.Integral) and not isinstance(shape, (bool, np.bool_)):
        shape = (int(shape),)
    return _ops.reshape(x, _checked_shape(_ints(shape, "shape", "reshape")))


@functools.lru_cache(maxsize=2048)
def _checked_shape(shape):
    if any(d < -1 for d in shape) or builtins.sum(d == -1 for d in shape) > 1:
        raise ValueError(f"reshape(): invalid shape {shape!r}: expected non-negative ints and at most one -1")
    return shape


@functools.lru_cache(maxsize=1024)
def _permutation(pattern, ndim):
    out = tuple(_axis_in(a, ndim, "permute_dimensions", "pattern entry") for a in pattern)
    if sorted(out) != list(range(ndim)):
        raise ValueError(f"permute_dimensions(): pattern {pattern!r} is not a permutation of the {ndim} axes "
                         f"(expected each of 0..{ndim - 1} exactly once)")
    return out


def permute_dimensions(x, pattern):
    """``x`` with its axes reordered: axis ``i`` of the result is axis ``pattern[i]`` of ``x``. ``pattern`` must be
    a permutation of ``range(ndim(x))`` (negative entries count from the end); anything else is a ValueError."""
    return _ops.permute(x, _permutation(_ints(pattern, "pattern", "permute_dimensions"), _ops.ndim(x)))


def resize_images(x, height_factor, width_factor, data_format, interpolation="nearest"):
    """Upsample a 4-D image batch by integer factors along its rows and columns.

    ``data_format`` is required ('channels_last': ``(batch, rows, cols, channels)``; 'channels_first':
    ``(batch, channels, rows, cols)``; None means ``image_data_format()``). ``interpolation='nearest'`` repeats
    every pixel (= ``repeat_elements`` on both axes) and keeps the dtype. ``'bilinear'`` follows Keras 2.3.1 on
    TensorFlow (the legacy TF1 kernel, ``align_corners=False, half_pixel_centers=False``): output index ``i`` reads
    the input at ``i / factor``, interpolating linearly between its floor and the next pixel, clamped at the last
    one; float inputs keep their dtype, integer and bool inputs give ``floatx()``. Factors are ints >= 1;
    anything but 'nearest'/'bilinear' is a ValueError."""
    data_format = normalize_data_format(data_format)
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f'resize_images(): interpolation should be one of "nearest" or "bilinear", '
                         f"got {interpolation!r}")
    _image_input(x, 4, "resize_images")
    return _ops.resize_images(x, _factor(height_factor, "height_factor", "resize_images"),
                              _factor(width_factor, "width_factor", "resize_images"), data_format, interpolation)


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    """Upsample a 5-D volume batch by repeating every voxel ``depth_factor``, ``height_factor`` and
    ``width_factor`` times along its three spatial axes (nearest neighbour; ints >= 1). ``data_format`` is
    required ('channels_last': ``(batch, d, h, w, channels)``; 'channels_first': ``(batch, channels, d, h, w)``;
    None means ``image_data_format()``)."""
    data_format = normalize_data_format(data_format)
    _image_input(x, 5, "resize_volumes")
    return _ops.resize_volumes(x, _factor(depth_factor, "depth_factor", "resize_volumes"),
                               _factor(height_factor, "height_factor", "resize_volumes"),
                               _factor(width_factor, "width_factor", "resize_volumes"), data_format)


def repeat_elements(x, rep, axis):
    """Repeat each element of ``x`` ``rep`` times along ``axis``, as ``np.repeat`` (``[1, 2]`` -> ``[1, 1, 2, 2]``
    for ``rep=2``); ``rep`` is an int >= 0, ``axis`` a single int (negative counts from the end)."""
    rep = _count(rep, "rep", "repeat_elements")
    return _ops.repeat_elements(x, rep, single_axis(axis, x))


def repeat(x, n):
    """Repeat a 2-D tensor ``n`` times along a new axis 1: ``(samples, dim)`` -> ``(samples, n, dim)``. Any other
    rank is a ValueError."""
    n = _count(n, "n", "repeat")
    ndim = _ops.ndim(x)
    if ndim != 2:
        raise ValueError(f"repeat() expects a 2-D tensor (samples, dim), got rank {ndim}")
    return _ops.repeat(x, n)


def arange(start, stop=None, step=1, dtype="int32"):
    """``[start, stop)`` by ``step`` as a 1-D tensor of ``dtype``, computed as NumPy's ``arange`` (in int64, or
    float64 if a bound is a float) and cast.

    As in Keras 2: with one argument it is the stop (start 0), and a negative single argument gives an empty tensor;
    the bounds may be 0-d tensors or variables (``K.arange(K.constant(3, dtype='int32'))``), read as numbers.

    Arguments:
        start: a real number or a 0-d numeric tensor (the stop when ``stop`` is None).
        stop: None, a real number or a 0-d numeric tensor.
        step: a non-zero real number or 0-d numeric tensor.
        dtype: the result dtype (default ``'int32'``).

    Returns:
        A 1-D tensor.

    Raises:
        TypeError: a bound is not a number or a 0-d numeric tensor (bools, strings, tensors of another rank), or
            ``dtype`` is unknown.
        ValueError: ``step`` is zero.
    """
    dtype = _dtypes.dtype_name(dtype)
    start, step = _number(start, "start"), _number(step, "step")
    if stop is None:
        start, stop = 0, builtins.max(start, 0)
    else:
        stop = _number(stop, "stop")
    if step == 0:
        raise ValueError("arange(): step must not be zero")
    return _ops.arange(start, stop, step, dtype)


def _number(value, what):
    """A bound of ``arange`` as a Python int or float: a real number, or a 0-d numeric tensor's value."""
    if type(value) is int or type(value) is float:
        return value
    if isinstance(value, (bool, np.bool_, str)):
        raise TypeError(f"arange(): {what} must be a number or a 0-d tensor, got {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    try:
        array = np.asarray(_ops.to_numpy(value))
    except (TypeError, ValueError):
        array = None
    if array is None or array.shape != () or array.dtype.kind not in "iuf":
        raise TypeError(f"arange(): {what} must be a number or a 0-d numeric tensor, got {value!r}")
    return array.item()


@functools.lru_cache(maxsize=1024)
def _tile_reps(n, ndim):
    if len(n) > ndim:
        raise ValueError(f"tile(): n has {len(n)} entries but x has rank {ndim}; n may have at most one entry per "
                         f"axis (shorter n is left-padded with 1s)")
    if any(r < 0 for r in n):
        raise ValueError(f"tile(): n must hold ints >= 0, got {n!r}")
    return (1,) * (ndim - len(n)) + n


def tile(x, n):
    """``x`` repeated ``n[i]`` times along axis ``i``. An int ``n`` means ``(n,)``; a shorter ``n`` is left-padded
    with 1s (Keras 2.3). A longer ``n`` than the rank of ``x`` is a ValueError (Keras raised NotImplementedError),
    and so is a negative entry."""
    if isinstance(n, numbers.Integral) and not isinstance(n, (bool, np.bool_)):
        n = (int(n),)
    else:
        n = _ints(n, "n", "tile")
    return _ops.tile(x, _tile_reps(n, _ops.ndim(x)))


def flatten(x):
    """``x`` as a 1-D tensor (a scalar gives shape ``(1,)``)."""
    return _ops.flatten(x)


def batch_flatten(x):
    """``x`` reshaped to ``(batch, -1)``: axis 0 is kept and the others are flattened (a 1-D ``x`` gives
    ``(batch, 1)``; a scalar gives ``(1, 1)``, as Keras on TensorFlow)."""
    return _ops.batch_flatten(x)


def expand_dims(x, axis=-1):
    """``x`` with a new size-1 axis inserted at ``axis``, an int in ``[-ndim-1, ndim]`` (-1: the new axis is
    last)."""
    return _ops.expand_dims(x, _axis_in(axis, _ops.ndim(x) + 1, "expand_dims"))


def squeeze(x, axis):
    """``x`` without the single ``axis`` (an int, negative counts from the end), which must have size 1
    (ValueError otherwise)."""
    axis = single_axis(axis, x)
    size = _ops.shape_of(x)[axis]
    if size != 1:
        raise ValueError(f"squeeze(): axis {axis} has size {size}; only an axis of size 1 can be squeezed")
    return _ops.squeeze(x, axis)


def temporal_padding(x, padding=(1, 1)):
    """Zero-pad axis 1 (time) of a 3-D tensor ``(batch, time, features)`` by ``padding = (before, after)``
    (non-negative ints)."""
    padding = _padding(padding, 1, "temporal_padding")[0]
    _image_input(x, 3, "temporal_padding")
    return _ops.temporal_padding(x, padding)


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    """Zero-pad the rows and columns of a 4-D tensor by ``padding = ((top, bottom), (left, right))``
    (non-negative ints); the spatial axes follow ``data_format`` (None: ``image_data_format()``)."""
    data_format = normalize_data_format(data_format)
    padding = _padding(padding, 2, "spatial_2d_padding")
    _image_input(x, 4, "spatial_2d_padding")
    return _ops.spatial_2d_padding(x, padding, data_format)


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    """Zero-pad the three spatial axes of a 5-D tensor by ``padding = ((d0, d1), (h0, h1), (w0, w1))``
    (non-negative ints); the spatial axes follow ``data_format`` (None: ``image_data_format()``)."""
    data_format = normalize_data_format(data_format)
    padding = _padding(padding, 3, "spatial_3d_padding")
    _image_input(x, 5, "spatial_3d_padding")
    return _ops.spatial_3d_padding(x, padding, data_format)


def stack(x, axis=0):
    """Join a list of tensors of one shape along a new ``axis`` (an int in ``[-ndim-1, ndim]`` of the inputs'
    rank ``ndim``); mixed dtypes are promoted as in ``concatenate``. Different shapes are a ValueError."""
    x = _tensor_list(x, "stack")
    return _ops.stack(_promoted(x), _axis_in(axis, _ops.ndim(x[0]) + 1, "stack"))


def one_hot(indices, num_classes):
    """One-hot encoding of an integer tensor ``indices``: shape ``indices.shape + (num_classes,)``, dtype
    ``floatx()`` (TensorFlow's ``tf.one_hot`` defaults to float32; we follow ``floatx()``). An index outside
    ``[0, num_classes)`` gives a row of zeros (as ``tf.one_hot``); a trailing size-1 axis is kept (unlike
    ``keras.utils.to_categorical``). Non-integer indices are a TypeError."""
    num_classes = _count(num_classes, "num_classes", "one_hot")
    name = _dtype(indices)
    if not _dtypes.is_int(name):
        raise TypeError(f"one_hot(): indices must be an integer tensor, got dtype {name}")
    return _ops.one_hot(indices, num_classes, SETTINGS.floatx)


def reverse(x, axes):
    """``x`` reversed along ``axes`` (an int or a list/tuple of ints; negative axes count from the end)."""
    if isinstance(axes, (list, tuple)):
        if any(isinstance(a, (bool, np.bool_)) or not isinstance(a, numbers.Integral) for a in axes):
            raise TypeError(f"reverse(): axes must be an int or a list/tuple of ints, got {axes!r}")
        axes = _axes(tuple(int(a) for a in axes), x)
    else:
        axes = (single_axis(axes, x, "axes"),)
    return _ops.flip(x, axes)


@functools.lru_cache(maxsize=1024)
def _slice_sizes(start, size, shape):
    if not len(shape) == len(start) == len(size):
        raise ValueError("The dimension and the size of indices should match.")
    out = []
    for begin, length, dim in zip(start, size, shape):
        if not 0 <= begin <= dim:
            raise ValueError(f"slice(): start {start} is out of range for shape {shape}")
        if length == -1:
            length = dim - begin
        if length < 0 or begin + length > dim:
            raise ValueError(f"slice(): size {size} from start {start} does not fit shape {shape} "
                             f"(each size must be -1 or in [0, dim - start])")
        out.append(length)
    return tuple(out)


def slice(x, start, size):
    """The block of ``x`` that begins at ``start`` and spans ``size`` along each axis (``tf.slice``): axis ``i``
    keeps ``x[start[i]:start[i] + size[i]]``, and a size of -1 keeps the rest of the axis. ``start`` and ``size``
    are lists/tuples of ints (or 1-D integer tensors) with one entry per axis of ``x`` (ValueError 'The dimension
    and the size of indices should match.' otherwise); a block that does not fit is a ValueError."""
    start = _ints(start, "start", "slice")
    size = _ints(size, "size", "slice")
    return _ops.slice(x, start, _slice_sizes(start, size, tuple(_ops.shape_of(x))))


ENGINE_FUNCTIONS = {
    "concatenate": "concatenate", "reshape": "reshape", "permute_dimensions": "permute",
    "resize_images": "resize_images", "resize_volumes": "resize_volumes", "repeat_elements": "repeat_elements",
    "repeat": "repeat", "arange": "arange", "tile": "tile", "flatten": "flatten", "batch_flatten": "batch_flatten",
    "expand_dims": "expand_dims", "squeeze": "squeeze", "temporal_padding": "temporal_padding",
    "spatial_2d_padding": "spatial_2d_padding", "spatial_3d_padding": "spatial_3d_padding", "stack": "stack",
    "one_hot": "one_hot", "reverse": "flip", "slice": "slice",
}
