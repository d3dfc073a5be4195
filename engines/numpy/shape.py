"""NumPy engine: shape primitives and natives of the shape section (the others are generic)."""
import builtins
import functools

import numpy as np

from kbackend.engine_api import promote, upsample_plan

from .core import DTYPE_NAMES, NP_DTYPES, array_result, convert

__all__ = ["reshape", "permute", "expand_dims", "squeeze", "concatenate", "stack", "broadcast_to", "take", "flip",
           "tile", "pad", "upsample_nearest", "slice", "one_hot"]

_ndarray = np.ndarray


def reshape(x, shape):
    return convert(x).reshape(shape)  # the method np.reshape calls, without its wrapper


def permute(x, pattern):
    return convert(x).transpose(pattern)


def expand_dims(x, axis):
    return np.expand_dims(convert(x), axis)


def squeeze(x, axis):
    return np.squeeze(convert(x), axis)


def _common(tensors):
    """The tensors as arrays of their common dtype under kbackend's promotion rule (not NumPy's: int32 with float32
    gives float32 here, float64 in NumPy)."""
    if tensors and type(tensors[0]) is np.ndarray:  # the common case: arrays of one dtype
        dtype = tensors[0].dtype
        for t in tensors:
            if type(t) is not np.ndarray or t.dtype != dtype:
                break
        else:
            return tensors
    arrays = [convert(t) for t in tensors]
    if arrays:
        dtype = arrays[0].dtype
        if any(a.dtype != dtype for a in arrays):
            name = functools.reduce(promote, (DTYPE_NAMES[a.dtype] for a in arrays))
            arrays = [a.astype(NP_DTYPES[name], copy=False) for a in arrays]
    return arrays


def concatenate(tensors, axis):
    return np.concatenate(_common(tensors), axis)


def stack(tensors, axis):
    return np.stack(_common(tensors), axis)


def broadcast_to(x, shape):
    return np.broadcast_to(convert(x), shape)


def take(x, indices, axis):
    out = np.take(convert(x), convert(indices), axis)
    return out if type(out) is _ndarray else array_result(out)


def flip(x, axes):
    return np.flip(convert(x), axes)


def tile(x, reps):
    return np.tile(convert(x), reps)


def pad(x, paddings, value=0):
    return np.pad(convert(x), paddings, mode="constant", constant_values=value)


def upsample_nearest(x, factors):
    """Every element repeated ``factors[i]`` times along axis ``i``: one broadcast and one copy."""
    x = convert(x)
    if all(f == 1 for f in factors):
        return x
    view, expanded, final = upsample_plan(x.shape, tuple(factors))
    out = np.broadcast_to(x.reshape(view), expanded).reshape(final)
    return out if out.flags.writeable else out.copy()  # a view of the broadcast when a repeated axis has size 1


def slice(x, start, size):
    out = convert(x)[tuple(builtins.slice(b, b + n) for b, n in zip(start, size))]
    return out if type(out) is _ndarray else array_result(out)


def one_hot(indices, num_classes, dtype):
    indices = convert(indices)
    return (indices[..., None] == np.arange(num_classes)).astype(NP_DTYPES[dtype])
