"""PyTensor engine: shape primitives, products, and the natives of the shape section (others are generic)."""
import builtins
import functools

import numpy as np
import pytensor.tensor as pt

from kbackend.engine_api import promote

from .compiled import graph_function
from .core import dtype_of, symbolic
from .math import pair

__all__ = ["reshape", "permute", "expand_dims", "squeeze", "concatenate", "stack", "broadcast_to", "take", "flip",
           "tile", "pad", "matmul", "tensordot", "slice", "one_hot"]


def _in(x, dtype):
    return x if x.type.dtype == dtype else pt.cast(x, dtype)


@graph_function
def reshape(x, shape):
    return pt.reshape(symbolic(x), shape)


@graph_function
def permute(x, pattern):
    return symbolic(x).dimshuffle(pattern)


@graph_function
def expand_dims(x, axis):
    return pt.expand_dims(symbolic(x), axis)


@graph_function
def squeeze(x, axis):
    x = symbolic(x)
    for a in (axis if isinstance(axis, tuple) else (axis,)):
        if x.type.shape[a] not in (1, None):
            raise ValueError(f"cannot select an axis to squeeze out which has size not equal to one "
                             f"(axis {a} of shape {x.type.shape})")
    return pt.squeeze(x, axis)


def _common(tensors):
    """The tensors as symbolic variables of their common dtype under kbackend's promotion rule."""
    tensors = [symbolic(t) for t in tensors]
    if tensors:
        name = functools.reduce(promote, (dtype_of(t) for t in tensors))
        tensors = [_in(t, name) for t in tensors]
    return tensors


@graph_function
def concatenate(tensors, axis):
    tensors = _common(tensors)
    ranks = [t.type.ndim for t in tensors]
    if len(set(ranks)) > 1:
        raise ValueError(f"concatenate: all tensors must have the same rank, got ranks {ranks}")
    return pt.concatenate(tensors, axis=axis)


@graph_function
def stack(tensors, axis):
    return pt.stack(_common(tensors), axis=axis)


@graph_function
def broadcast_to(x, shape):
    return pt.broadcast_to(symbolic(x), shape)


@graph_function
def take(x, indices, axis):
    return pt.take(symbolic(x), symbolic(indices), axis=axis)


@graph_function
def flip(x, axes):
    return pt.flip(symbolic(x), axis=axes)


@graph_function
def tile(x, reps):
    return pt.tile(symbolic(x), tuple(reps))


@graph_function
def pad(x, paddings, value=0):
    """``x`` placed in a tensor of ``value`` (PyTensor's own ``pad`` is an OpFromGraph, whose inner function
    compiles in PyTensor's default mode whatever mode the outer one uses)."""
    x = symbolic(x)
    value = symbolic(value, x.type.dtype)
    # The sizes the type knows as ints: a symbolic size makes alloc infer the static shape, which clones and
    # rewrites the whole graph that x comes from (seconds in a traced LSTM program)
    sizes = [x.shape[axis] if size is None else size for axis, size in enumerate(x.type.shape)]
    shape = [size + before + after for size, (before, after) in zip(sizes, paddings)]
    inside = tuple(builtins.slice(before, before + size) for size, (before, _) in zip(sizes, paddings))
    return pt.set_subtensor(pt.alloc(value, *shape)[inside], x)


def _product(operation):
    def body(x, y, *rest):
        x, y = pair(x, y)
        dtype = x.type.dtype
        if dtype == "bool":
            x, y = pt.cast(x, "int32"), pt.cast(y, "int32")
            return pt.neq(operation(x, y, *rest), 0)
        return _in(operation(x, y, *rest), dtype)
    body.__name__ = operation.__name__
    return body


matmul = graph_function(_product(pt.matmul))
tensordot = graph_function(_product(lambda x, y, axes: pt.tensordot(x, y, axes)))
tensordot.__name__ = "tensordot"


@graph_function
def slice(x, start, size):
    x = symbolic(x)
    return x[tuple(builtins.slice(b, b + n) for b, n in zip(start, size))]


@graph_function
def one_hot(indices, num_classes, dtype):
    indices = symbolic(indices)
    classes = pt.constant(np.arange(num_classes, dtype=indices.type.dtype))
    return pt.cast(pt.eq(pt.shape_padright(indices), classes), dtype)
