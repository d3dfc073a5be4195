"""The variable type shared by every engine.

A ``Variable`` holds an engine tensor in ``.value`` and is updated in place (the object keeps its identity, its value
is replaced). Python operators work on it through the owning engine's functions, so ``v * 2``, ``x + v``, ``-v`` and
``v[0]`` follow the same promotion rule as ``K.*``. Each engine subclasses it to add interoperability with its
framework (``__array__`` for NumPy, ``__torch_function__``, ``__jax_array__``, a TensorFlow conversion function), and
``build_engine`` sets ``_ops`` to that engine's function namespace.
"""
import numpy as np

_NAME_COUNTS = {}


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
    def __add__(self, other):
        return self._ops.add(self.value, other)

    def __radd__(self, other):
        return self._ops.add(other, self.value)

    def __sub__(self, other):
        return self._ops.subtract(self.value, other)

    def __rsub__(self, other):
        return self._ops.subtract(other, self.value)

    def __mul__(self, other):
        return self._ops.multiply(self.value, other)

    def __rmul__(self, other):
        return self._ops.multiply(other, self.value)

    def __truediv__(self, other):
        return self._ops.divide(self.value, other)

    def __rtruediv__(self, other):
        return self._ops.divide(other, self.value)

    def __pow__(self, other):
        return self._ops.power(self.value, other)

    def __rpow__(self, other):
        return self._ops.power(other, self.value)

    def __matmul__(self, other):
        return self._ops.matmul(self.value, other)

    def __rmatmul__(self, other):
        return self._ops.matmul(other, self.value)

    def __neg__(self):
        return self._ops.negative(self.value)

    def __pos__(self):
        return self.value

    def __abs__(self):
        return self._ops.abs(self.value)

    def __lt__(self, other):
        return self._ops.less(self.value, other)

    def __le__(self, other):
        return self._ops.less_equal(self.value, other)

    def __gt__(self, other):
        return self._ops.greater(self.value, other)

    def __ge__(self, other):
        return self._ops.greater_equal(self.value, other)

    # == and != stay identity-based so that variables can be dict keys (as in Keras 2 on TF1); use K.equal.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    def __getitem__(self, key):
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
