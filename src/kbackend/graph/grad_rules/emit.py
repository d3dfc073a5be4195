"""The building blocks of gradient rules: calls of engine-table functions, recorded as ordinary graph nodes.

A rule builds its vector-Jacobian product with ``call(name, *args)``: the active engine's table function ``name``
with already-normalised positional arguments (as the facade hands them to the engine). Given a symbolic tensor or a
variable, the call is recorded as a node (whose function is ``engine_function(name)``, the same object for every
node of that name, and for the Python operators the very function they record); given constants only, it is
computed at once. The gradient rules of these nodes are in the same registry, so gradients of gradients work.

Three helpers do what needs the run-time shape of a tensor whose static shape has unknown sizes, each one node:
``sum_to`` (reduce a broadcast cotangent back to a tensor's shape), ``broadcast_like`` and ``unreduce`` (spread the
cotangent of a reduction back over the reduced axes, divided by their size for a mean).
"""
import functools
import math

import numpy as np

from ... import _state
from ..dispatch import operator_function, record
from ..leaves import SymbolicTensorBase, VariableBase
from ..nodes import has_graph_input
from ..shape_helpers import HELPERS

_ops = _state.ops
GRAPH_LEAVES = (SymbolicTensorBase, VariableBase)


class NoRule(Exception):
    """A rule cannot differentiate this call (an unknown rank, a form it does not cover): the ``K.gradients`` call
    uses the engine's own differentiation instead."""


@functools.lru_cache(maxsize=None)
def engine_function(name):
    """The function that a recorded call of the engine-table function ``name`` runs (one object per name)."""
    existing = operator_function(name)
    if existing is not None:
        return existing

    def engine_call(*args):
        return getattr(_ops, name)(*args)
    engine_call.__name__ = engine_call.__qualname__ = name
    engine_call.engine_table_name = name  # a lowered program calls the engine's function itself
    return engine_call


def call(name, *args):
    """``name(*args)`` of the active engine's table: a recorded node when an argument is symbolic or a variable."""
    if has_graph_input(args, {}):
        return record(name, engine_function(name), args, {})
    return getattr(_ops, name)(*args)


# --- static facts ---------------------------------------------------------------------------------------------------
def shape(x):
    """The static shape of ``x`` (entries may be None), or None for an unknown rank."""
    if isinstance(x, SymbolicTensorBase):
        return x.shape
    if isinstance(x, VariableBase):
        return tuple(int(d) for d in x.shape)
    if isinstance(x, (int, float, bool)):
        return ()
    return tuple(int(d) for d in _ops.shape_of(x))


def rank(x):
    """The rank of ``x``; NoRule when it is not known."""
    s = shape(x)
    if s is None:
        raise NoRule("unknown rank")
    return len(s)


def dtype(x):
    """The dtype name of ``x``, or None for a Python number (which takes the dtype of the other operand)."""
    if isinstance(x, (SymbolicTensorBase, VariableBase)):
        return x.dtype
    if isinstance(x, (int, float, bool)):
        return None
    return _ops.dtype_of(x)


def is_float(x):
    name = dtype(x)
    return name is not None and "float" in name


def known(s):
    """Whether a static shape is fully known."""
    return s is not None and None not in s


def normalize_axes(axis, ndim):
    """``axis`` (None, an int or a sequence, possibly negative) as a sorted tuple of non-negative ints."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (list, tuple)):
        return tuple(sorted(int(a) % ndim for a in axis)) if ndim else ()
    return (int(axis) % ndim,) if ndim else ()




def helper(name, *args):
    """A recorded call of one of the run-time shape helpers (computed at once on constants)."""
    function = HELPERS[name]
    if has_graph_input(args, {}):
        return record(name, function, args, {})
    return function(*args)


# --- cotangent algebra ----------------------------------------------------------------------------------------------
def sum_to(g, x):
    """The cotangent ``g`` of a broadcast result, summed back to the shape of the input ``x``."""
    g_shape, x_shape = shape(g), shape(x)
    if g_shape is not None and x_shape is not None and known(x_shape):
        if g_shape == x_shape:
            return g
        lead = len(g_shape) - len(x_shape)
        if lead >= 0 and all(d is not None or t == 1 for t, d in zip(x_shape, g_shape[lead:])):
            axes = tuple(range(lead)) + tuple(lead + i for i, (t, d) in enumerate(zip(x_shape, g_shape[lead:]))
                                              if t == 1 and d != 1)
            if not axes:
                return g
            out = call("sum", g, axes, True)
            return call("reshape", out, x_shape) if lead else out
    return helper("sum_to", g, x)


def broadcast_to_shape_of(g, x):
    """``g`` broadcast to the shape of ``x``."""
    g_shape, x_shape = shape(g), shape(x)
    if g_shape is not None and g_shape == x_shape and known(x_shape):
        return g
    if known(x_shape):
        return call("broadcast_to", g, x_shape)
    return helper("broadcast_like", g, x)


def add(a, b):
    """The sum of two cotangents (None counts as zero)."""
    if a is None:
        return b
    if b is None:
        return a
    return call("add", a, b)


def cast_to(g, x):
    """``g`` in the dtype of ``x`` when both are floats of different precision."""
    want, have = dtype(x), dtype(g)
    if want is not None and have is not None and want != have and "float" in want:
        return call("cast", g, want)
    return g


def ones_like(x):
    """Ones of the shape and dtype of ``x`` (a constant when its shape is known)."""
    s = shape(x)
    if known(s):
        return _ops.convert(np.ones(s, dtype=x.dtype), x.dtype)
    return call("ones_like", x, x.dtype)


def zeros_like(x):
    """Zeros of the shape and dtype of ``x`` (a constant when its shape is known)."""
    s = shape(x)
    if known(s):
        return _ops.convert(np.zeros(s, dtype=dtype(x)), dtype(x))
    return call("zeros_like", x, dtype(x))
