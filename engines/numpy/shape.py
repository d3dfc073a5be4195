"""NumPy engine: shape primitives."""
import numpy as np

from .core import convert

__all__ = ["reshape", "permute", "expand_dims", "squeeze", "concatenate", "stack", "broadcast_to", "take", "flip",
           "tile", "pad"]


def reshape(x, shape):
    return np.reshape(convert(x), shape)


def permute(x, pattern):
    return np.transpose(convert(x), pattern)


def expand_dims(x, axis):
    return np.expand_dims(convert(x), axis)


def squeeze(x, axis):
    return np.squeeze(convert(x), axis)


def concatenate(tensors, axis):
    return np.concatenate([convert(t) for t in tensors], axis)


def stack(tensors, axis):
    return np.stack([convert(t) for t in tensors], axis)


def broadcast_to(x, shape):
    return np.broadcast_to(convert(x), shape)


def take(x, indices, axis):
    return np.take(convert(x), convert(indices), axis)


def flip(x, axes):
    return np.flip(convert(x), axes)


def tile(x, reps):
    return np.tile(convert(x), reps)


def pad(x, paddings, value=0):
    return np.pad(convert(x), paddings, constant_values=value)
