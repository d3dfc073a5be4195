"""NumPy engine: what the ``autograd`` library needs beyond its own NumPy wrappers to differentiate the engine's
autodiff twin (see ``graph.py``).

* VJPs autograd does not define for NumPy calls the engine core makes (``take`` with indices of any rank,
  ``asarray`` of a traced value, ``flip``, ``cumprod``); they are plain vectorised NumPy.
* A box class that understands kbackend variables: while a gradient is computed, a differentiated variable holds
  a traced value, and model code writes ``h + bias`` with ``h`` traced and ``bias`` a variable (e.g. inside a
  ``K.rnn`` step function). autograd's own boxes would hand the variable to NumPy, which turns it into an object
  array of boxes; :class:`VariableAwareBox` passes the variable's value instead, so the trace continues.
"""
import contextlib

import numpy as np
from autograd.extend import defvjp
from autograd.numpy.numpy_boxes import ArrayBox
from autograd.tracer import Box

import autograd.numpy as anp
from kbackend.engine_api import Variable

__all__ = ["register_missing_vjps", "VariableAwareBox", "variable_aware_boxes"]

_BINARY_OPERATORS = ("add", "sub", "mul", "pow", "div", "mod", "truediv", "matmul")
_COMPARISONS = ("eq", "ne", "gt", "ge", "lt", "le")


def register_missing_vjps():
    """Define (once; defining again is harmless) the VJPs autograd lacks for functions the engine core uses."""
    defvjp(anp.take, lambda ans, x, indices, axis=None:
           lambda g: _take_vjp(np.asarray(g), np.shape(x), np.asarray(indices), axis))
    defvjp(anp.asarray, lambda ans, x, *args, **kwargs: lambda g: g)
    defvjp(anp.flip, lambda ans, x, axis=None: lambda g: anp.flip(g, axis))
    defvjp(anp.cumprod, lambda ans, x, axis=None, dtype=None: lambda g: _cumprod_vjp(g, ans, x, axis))


_ONE_HOT_MAX = 64  # scatter into at most this many positions as a one-hot matmul (BLAS), else with np.add.at


def _take_vjp(g, shape, indices, axis):
    """Scatter-add of the cotangent ``g`` of ``take(x, indices, axis)`` (``indices`` of any rank) into ``x``'s shape:
    the index axes of ``g`` are moved first and flattened, then added at their indices along ``axis``."""
    flat_shape, moved_axis = ((int(np.prod(shape)),), 0) if axis is None else (tuple(shape), axis)
    k = indices.ndim
    rest = flat_shape[:moved_axis] + flat_shape[moved_axis + 1:]
    rows = np.moveaxis(g, tuple(range(moved_axis, moved_axis + k)), tuple(range(k))).reshape((-1,) + rest)
    indices, n = indices.reshape(-1), flat_shape[moved_axis]
    if n <= _ONE_HOT_MAX:
        one_hot = (np.arange(n)[:, None] == np.where(indices < 0, indices + n, indices)).astype(g.dtype)
        columns = rows.reshape((len(indices), int(np.prod(rest))))  # (-1 is ambiguous when there are no indices)
        out = np.moveaxis((one_hot @ columns).reshape((n,) + rest), 0, moved_axis)
    else:
        out = np.zeros(flat_shape, dtype=g.dtype)
        np.add.at(np.moveaxis(out, moved_axis, 0), indices, rows)
    return out.reshape(shape)


def _cumprod_vjp(g, ans, x, axis):
    # d/dx_k of sum_j g_j prod_{i<=j} x_i = sum_{j>=k} g_j ans_j / x_k (x without zeros)
    reversed_cumsum = np.flip(np.cumsum(np.flip(g * ans, axis), axis), axis)
    return reversed_cumsum / x


def _unwrapping(method):
    def operator(self, other):
        return method(self, other.current_value() if isinstance(other, Variable) else other)
    operator.__name__ = method.__name__
    return operator


def _operators():
    names = [f"__{op}__" for op in _COMPARISONS]
    names += [f"__{prefix}{op}__" for op in _BINARY_OPERATORS for prefix in ("", "r")]
    methods = {name: _unwrapping(getattr(ArrayBox, name)) for name in names if hasattr(ArrayBox, name)}
    methods["__hash__"] = ArrayBox.__hash__  # defining __eq__ would otherwise drop it
    methods["__slots__"] = ()
    return methods


VariableAwareBox = type("VariableAwareBox", (ArrayBox,), _operators())
VariableAwareBox.__doc__ = "autograd's ArrayBox whose operators take a kbackend variable as its value."
Box.types.add(VariableAwareBox)
Box.type_mappings[VariableAwareBox] = VariableAwareBox


@contextlib.contextmanager
def variable_aware_boxes():
    """Within the block, autograd boxes arrays and scalars in :class:`VariableAwareBox` instead of ``ArrayBox``."""
    mappings = Box.type_mappings
    replaced = {value_type: box for value_type, box in mappings.items()
                if box is ArrayBox and value_type is not ArrayBox}
    mappings.update(dict.fromkeys(replaced, VariableAwareBox))
    try:
        yield
    finally:
        mappings.update(replaced)
