"""The run-time shape helpers of the gradient rules: each is one recorded node that reads its second argument for its
shape only (a cotangent summed, broadcast, spread or reshaped to the shape of a value known only at run time).

A leaf module (it imports only the engine table), so that the lowering can recognise the helpers without importing
the rules.
"""
import math

from .. import _state

_ops = _state.ops


# --- the helpers -------------------------------------------------------------------------
def _sum_to(g, like):
    g_shape, target = tuple(_ops.shape_of(g)), tuple(_ops.shape_of(like))
    if g_shape == target:
        return g
    lead = len(g_shape) - len(target)
    axes = tuple(range(lead)) + tuple(lead + i for i, (t, d) in enumerate(zip(target, g_shape[lead:]))
                                      if t == 1 and d != 1)
    out = _ops.sum(g, axes, True) if axes else g
    return _ops.reshape(out, target)


def _broadcast_like(g, like):
    target = tuple(_ops.shape_of(like))
    return g if tuple(_ops.shape_of(g)) == target else _ops.broadcast_to(g, target)


def _unreduce(g, like, axes, keepdims, mean):
    target = tuple(_ops.shape_of(like))
    if mean:
        count = math.prod(target[a] for a in axes)
        g = _ops.divide(g, float(count) if count else float("nan"))
    if not keepdims:
        g = _ops.reshape(g, tuple(1 if i in axes else d for i, d in enumerate(target)))
    return _ops.broadcast_to(g, target)


def _reshape_like(g, like):
    return _ops.reshape(g, tuple(_ops.shape_of(like)))


for _helper in (_sum_to, _broadcast_like, _unreduce, _reshape_like):
    _helper.__name__ = _helper.__qualname__ = _helper.__name__.lstrip("_")
HELPERS = {"sum_to": _sum_to, "broadcast_like": _broadcast_like, "unreduce": _unreduce,
           "reshape_like": _reshape_like}
