"""The data of the graph's leaves: symbolic tensors and variables, without their Python operators.

The bottom of the graph layer: the modules that walk argument structures (``nodes``, ``frames``, ``shapes``)
recognise leaves by these base classes. The classes users meet add the operators, which record nodes:
``kbackend.graph.dispatch.SymbolicTensor`` and ``kbackend.graph.variable.Variable``.
"""
import threading

from .. import _state

_THREAD = _state.THREAD
_NAME_COUNTS = {}
_name_lock = threading.Lock()


def unique_name(prefix):
    """``prefix`` the first time, then ``prefix_1``, ``prefix_2``, ... (safe across threads)."""
    with _name_lock:
        count = _NAME_COUNTS.get(prefix, 0)
        _NAME_COUNTS[prefix] = count + 1
    return prefix if count == 0 else f"{prefix}_{count}"



class SymbolicTensorBase:
    """A tensor known by its static shape and dtype until the graph is evaluated.

    ``shape`` is a tuple whose entries are ints or None (unknown size), or None for an unknown rank; ``dtype`` a
    dtype name. A placeholder has no ``node``; any other symbolic tensor is output ``index`` of a recorded ``Node``.
    The attributes Keras layers set on tensors (``_keras_shape``, ``_keras_history``, ``_uses_learning_phase``) are
    accepted.
    """

    __array_priority__ = 200  # NumPy defers binary operators to us

    def __init__(self, shape, dtype, name=None, is_placeholder=False, sparse=False, node=None, index=0):
        self.shape = shape
        self.dtype = dtype
        self.name = unique_name(name or ("placeholder" if is_placeholder else "tensor"))
        self.sparse = sparse
        self.node = node
        self.index = index
        self._is_placeholder = is_placeholder
        self._keras_shape = shape
        self._uses_learning_phase = False

    @property
    def ndim(self):
        return None if self.shape is None else len(self.shape)

    def __repr__(self):
        return f"<kbackend.SymbolicTensor {self.name!r} shape={self.shape} dtype={self.dtype}>"

    def __array__(self, dtype=None, copy=None):
        raise TypeError(f"{self!r} has no value until the graph is evaluated: use K.function or K.eval (a symbolic "
                        f"tensor from before K.clear_session() cannot be used after it)")

    # Identity semantics: symbolic tensors are dict keys (feeds, gradients), as in Keras 2 on TF1.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    def __bool__(self):
        raise TypeError(f"{self!r} has no truth value until it is computed: use K.switch or evaluate it")

    def __iter__(self):
        raise TypeError(f"{self!r} is not iterable: index it, or use K.map_fn / K.rnn")

    def __len__(self):
        if not self.shape or self.shape[0] is None:
            raise TypeError(f"len() of {self!r}: the first dimension is not statically known")
        return self.shape[0]


class VariableBase:
    """A mutable tensor with a name: ``value`` holds an engine tensor, replaced (never mutated) on update."""

    _ops = None  # the function namespace of the variable's engine (``bind_engine``)

    def __init__(self, value, name=None, constraint=None):
        self.value = value
        # held while a read-modify-write of this variable runs (an eager update, a K.function call that assigns it):
        # concurrent updates from several threads then behave as if run one after another
        self.lock = threading.RLock()
        self.name = unique_name(name or "variable")
        self.constraint = constraint
        self._keras_shape = tuple(self._ops.shape_of(value))
        self._uses_learning_phase = False

    @classmethod
    def bind_engine(cls, ops):
        """Called once when the engine that owns this Variable class is built: ``ops`` is its function table."""
        cls._ops = ops

    def current_value(self):
        """The value this variable has in the calling thread's computation: inside a graph evaluation, the value
        that computation uses (a traced or differentiated one), else ``value``. Framework interoperability hooks
        (``__array__``, ``__torch_function__``, ...) read this."""
        frames = _THREAD.frames
        return frames[-1].variable_value(self) if frames else self.value

    @property
    def dtype(self):
        return self._ops.dtype_of(self.value)

    @property
    def shape(self):
        return self._ops.shape_of(self.value)

    @property
    def ndim(self):
        return len(self._ops.shape_of(self.value))

    def __repr__(self):
        return f"<kbackend.Variable {self.name!r} shape={self.shape} dtype={self.dtype}>"

    # == and != stay identity-based so that variables can be dict keys (as in Keras 2 on TF1); use K.equal.
    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__

    def __len__(self):
        shape = self.shape
        if not shape:
            raise TypeError("len() of a 0-d variable")
        return shape[0]
