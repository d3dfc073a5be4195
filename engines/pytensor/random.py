"""PyTensor engine: random tensors.

kbackend's random functions take an int seed per call (the facade draws one; a compiled ``K.function`` derives a
new one per run from a traced base seed). PyTensor's own random variables draw from a generator held in a shared
variable instead, so the draws are an op of this engine, :class:`SeededDraw`: a fresh NumPy ``Generator`` per call,
seeded by its (possibly symbolic) seed input, exactly as the NumPy engine draws. Eager calls compute the same
values directly with NumPy (no graph to compile: each call has a new seed).
"""
import numpy as np
import pytensor.tensor as pt
from pytensor.graph.basic import Apply
from pytensor.graph.op import Op

from .compiled import is_symbolic
from .core import NP_DTYPES, convert, symbolic

__all__ = ["random_uniform", "random_normal", "SeededDraw"]


def _uniform(rng, shape, minval, maxval, dtype):
    np_dtype = NP_DTYPES[dtype]
    values = np.asarray(rng.random(shape) * (maxval - minval) + minval).astype(np_dtype)
    if np_dtype.kind == "f":  # the contract: [minval, maxval) in the dtype, also after rounding
        high = np.asarray(maxval, np_dtype)
        rounded_up = values == high
        if rounded_up.any():
            below = np.nextafter(high, np.asarray(minval, np_dtype))
            values[rounded_up] = np.broadcast_to(below, values.shape)[rounded_up]
    return values


def _normal(rng, shape, mean, stddev, dtype):
    return np.asarray(rng.normal(mean, stddev, shape)).astype(NP_DTYPES[dtype])


_DRAWS = {"uniform": _uniform, "normal": _normal}


class SeededDraw(Op):
    """Random values of a kind and dtype, drawn with ``numpy.random.default_rng(seed)``.

    Inputs: the seed (an int64 scalar), the shape (an int64 vector) and the two parameters of the distribution
    (uniform: minval, maxval; normal: mean, stddev; float64 tensors broadcastable to the shape). It has no
    gradient (the draws do not depend on the parameters differentiably here: a ``K.function`` differentiates
    the graph built from them, as every engine does).
    """

    __props__ = ("kind", "dtype", "static_shape")

    def __init__(self, kind, dtype, static_shape):
        self.kind = kind
        self.dtype = dtype
        self.static_shape = static_shape  # the sizes known when the graph is built (None for the others)

    def make_node(self, seed, shape, first, second):
        seed = pt.cast(pt.as_tensor_variable(seed), "int64")
        shape = pt.cast(pt.as_tensor_variable(shape), "int64")
        first, second = (pt.cast(pt.as_tensor_variable(p), "float64") for p in (first, second))
        out = pt.tensor(dtype=self.dtype, shape=self.static_shape)
        return Apply(self, [seed, shape, first, second], [out])

    def perform(self, node, inputs, outputs):
        seed, shape, first, second = inputs
        rng = np.random.default_rng(int(seed))
        outputs[0][0] = _DRAWS[self.kind](rng, tuple(int(s) for s in shape), first, second, self.dtype)

    def infer_shape(self, fgraph, node, input_shapes):
        return [tuple(node.inputs[1][i] for i in range(node.outputs[0].type.ndim))]

    def grad(self, inputs, output_grads):
        return [pt.zeros_like(i, dtype="float64") if i.type.dtype.startswith("float") else
                pt.zeros_like(i).astype("float64") for i in inputs]


def _number(value):
    return value if isinstance(value, (int, float)) else convert(value)


def _draw(kind, shape, first, second, dtype, seed):
    if is_symbolic(seed) or any(is_symbolic(v) for v in (first, second)) or any(is_symbolic(s) for s in shape):
        shape_tensor = pt.stack([symbolic(s, "int64") for s in shape]) if len(shape) else \
            pt.constant(np.zeros(0, np.int64))
        static = tuple(s if isinstance(s, int) else None for s in shape)
        return SeededDraw(kind, dtype, static)(symbolic(seed, "int64"), shape_tensor, symbolic(first, "float64"),
                                       symbolic(second, "float64"))
    return _DRAWS[kind](np.random.default_rng(seed), tuple(shape), _number(first), _number(second), dtype)


def random_uniform(shape, minval, maxval, dtype, seed):
    """Uniform values in ``[minval, maxval)`` of ``dtype`` (see the module docstring for where they come from)."""
    return _draw("uniform", shape, minval, maxval, dtype, seed)


def random_normal(shape, mean, stddev, dtype, seed):
    """Normal values of ``dtype`` (see the module docstring for where they come from)."""
    return _draw("normal", shape, mean, stddev, dtype, seed)
