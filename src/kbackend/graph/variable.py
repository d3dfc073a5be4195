"""The variable type shared by every engine.

A ``Variable`` holds an engine tensor in ``.value`` and is updated in place (the object keeps its identity, its value
is replaced). Python operators work on it through the owning engine's functions, so ``v * 2``, ``x + v``, ``-v`` and
``v[0]`` follow the same promotion rule as ``K.*``; in graph mode they record nodes (so that an expression of
variables is read when the graph runs). Each engine subclasses it to add interoperability with its framework
(``__array__`` for NumPy, ``__torch_function__``, ``__jax_array__``, a TensorFlow conversion function); the engine
loader binds the subclass to its engine's function table (``bind_engine``).
"""
import numpy as np

from .. import _state
from .dispatch import operate
from .leaves import VariableBase

GRAPH = _state.GRAPH


def _operator(name, reflected=False):
    def method(self, other):
        if GRAPH.on:
            return operate(name, (other, self) if reflected else (self, other))
        function = getattr(self._ops, name)
        return function(other, self.value) if reflected else function(self.value, other)
    method.__name__ = f"__{'r' if reflected else ''}{name}__"
    return method


def _unary(name):
    def method(self):
        if GRAPH.on:
            return operate(name, (self,))
        return getattr(self._ops, name)(self.value)
    return method


class Variable(VariableBase):
    """A mutable tensor with a name; ``K.variable`` creates one on the active engine."""

    __array_priority__ = 100  # NumPy defers binary operators to us

    def numpy(self):
        return self._ops.to_numpy(self.value)

    def __array__(self, dtype=None, copy=None):
        array = np.asarray(self._ops.to_numpy(self.current_value()))
        return array if dtype is None else array.astype(dtype, copy=False)

    # --- in-place updates ----------------------------------------------------------------------------------
    def assign(self, new_value):
        """Replace the value by ``new_value`` converted to the variable's dtype (ValueError on a shape change)."""
        ops = self._ops
        value = ops.convert(new_value, self.dtype)
        new_shape = ops.shape_of(value)
        if new_shape != ops.shape_of(self.value):
            raise ValueError(f"Cannot assign a value of shape {tuple(new_shape)} to variable {self.name!r} "
                             f"of shape {tuple(ops.shape_of(self.value))}")
        self.value = value
        return self

    def assign_add(self, increment):
        with self.lock:
            return self.assign(self._ops.add(self.value, increment))

    def assign_sub(self, decrement):
        with self.lock:
            return self.assign(self._ops.subtract(self.value, decrement))

    # --- Python operators ----------------------------------------------------------------------------------
    __add__, __radd__ = _operator("add"), _operator("add", True)
    __sub__, __rsub__ = _operator("subtract"), _operator("subtract", True)
    __mul__, __rmul__ = _operator("multiply"), _operator("multiply", True)
    __truediv__, __rtruediv__ = _operator("divide"), _operator("divide", True)
    __pow__, __rpow__ = _operator("power"), _operator("power", True)
    __matmul__, __rmatmul__ = _operator("matmul"), _operator("matmul", True)
    __lt__, __le__ = _operator("less"), _operator("less_equal")
    __gt__, __ge__ = _operator("greater"), _operator("greater_equal")
    __neg__, __abs__ = _unary("negative"), _unary("abs")

    def __pos__(self):
        return self.value

    def __getitem__(self, key):
        if GRAPH.on:
            return operate("getitem", (self, key))
        return self.value[key]

    def __float__(self):
        return float(self.numpy())

    def __int__(self):
        return int(self.numpy())

    def __bool__(self):
        return bool(self.numpy())
