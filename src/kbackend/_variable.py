"""The variable type shared by every engine.

A ``Variable`` holds an engine tensor in ``.value`` and is updated in place (the object keeps its identity, its value
is replaced). Python operators work on it through the owning engine's functions, so ``v * 2``, ``x + v``, ``-v`` and
``v[0]`` follow the same promotion rule as ``K.*``. Each engine subclasses it to add interoperability with its
framework (``__array__`` for NumPy, ``__torch_function__``, ``__jax_array__``, a TensorFlow conversion function), and
``build_engine`` sets ``_ops`` to that engine's function namespace.
"""
import types

import numpy as np

_NAME_COUNTS = {}
# Graph-mode state (see kbackend.graph.mode): in graph mode, operators on variables record nodes, so that
# expressions of variables are read at run time and can be differentiated.
GRAPH = types.SimpleNamespace(active=False, depth=0, probing=False)


def _operator(name, reflected=False):
    def method(self, other):
        if GRAPH.active and not GRAPH.depth:
            from .graph.mode import record_op
            return record_op(name, (other, self) if reflected else (self, other))
        function = getattr(self._ops, name)
        return function(other, self.value) if reflected else function(self.value, other)
    method.__name__ = f"__{'r' if reflected else ''}{name}__"
    return method


def _unary(name):
    def method(self):
        if GRAPH.active and not GRAPH.depth:
            from .graph.mode import record_op
            return record_op(name, (self,))
        return getattr(self._ops, name)(self.value)
    return method


def unique_name(prefix):
    count = _NAME_COUNTS.get(prefix, 0)
    _NAME_COUNTS[prefix] = count + 1
    return prefix if count == 0 else f"{prefix}_{count}"


class Variable:
    """A mutable tensor with a name; ``K.variable`` creates one on the active engine."""

    _ops = None  # set per engine subclass when the engine is built
    __array_priority__ = 100  # NumPy defers binary operators to us

    def __init__(self, value, name=None, constraint=None):
        self.value = value
        self.name = unique_name(name or "variable")
        self.constraint = constraint
        self._keras_shape = tuple(self._ops.shape_of(value))
        self._uses_learning_phase = False

    # --- introspection -------------------------------------------------------------------------------------
    @property
    def dtype(self):
        return self._ops.dtype_of(self.value)

    @property
    def shape(self):
        return self._ops.shape_of(self.value)

    @property
    def ndim(self):
        return len(self._ops.shape_of(self.value))

    def numpy(self):
        return self._ops.to_numpy(self.value)

    def __array__(self, dtype=None, copy=None):
        array = np.asarray(self._ops.to_numpy(self.value))
        return array if dtype is None else array.astype(dtype, copy=False)

    def __repr__(self):
        return f"<kbackend.Variable {self.name!r} shape={self.shape} dtype={self.dtype}>"

    # --- in-place updates ----------------------------------------------------------------------------------
    def assign(self, new_value):
        ops = self._ops
        value = ops.convert(new_value, self.dtype)
        new_shape = ops.shape_of(value)
        if new_shape != ops.shape_of(self.value):
            raise ValueError(f"Cannot assign a value of shape {tuple(new_shape)} to variable {self.name!r} "
                             f"of shape {tuple(ops.shape_of(self.value))}")
        self.value = value
        return self

    def assign_add(self, increment):
        return self.assign(self._ops.add(self.value, increment))

    def assign_sub(self, decrement):
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

    # == and != stay identity-based so that variables can be dict keys (as in Keras 2 on TF1); use K.equal.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    def __getitem__(self, key):
        if GRAPH.active and not GRAPH.depth:
            from .graph.mode import record_op
            return record_op("getitem", (self, key))
        return self.value[key]

    def __len__(self):
        shape = self.shape
        if not shape:
            raise TypeError("len() of a 0-d variable")
        return shape[0]

    def __float__(self):
        return float(self.numpy())

    def __int__(self):
        return int(self.numpy())

    def __bool__(self):
        return bool(self.numpy())
