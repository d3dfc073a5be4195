"""Symbolic tensors: what ``K.placeholder`` returns and what any public function returns for symbolic inputs.

A symbolic tensor has a static shape (entries may be ``None``; ``None`` for an unknown rank), a dtype name and a
name, and accepts the attributes Keras layers set on tensors (``_keras_shape``, ``_keras_history``,
``_uses_learning_phase``). A placeholder has no node; any other symbolic tensor is output ``index`` of a graph
``Node`` (see ``kbackend.graph``). Python operators and indexing record nodes too.
"""
from ._variable import unique_name


class SymbolicTensor:
    """A tensor known only by its shape and dtype until ``K.function`` (or ``K.eval``) computes it."""

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
        if is_placeholder:
            from .graph import mode
            mode.activate()

    @property
    def ndim(self):
        return None if self.shape is None else len(self.shape)

    def __repr__(self):
        return f"<kbackend.SymbolicTensor {self.name!r} shape={self.shape} dtype={self.dtype}>"

    # Operators record engine-level operations (the same ones Variables use eagerly).
    def _op(self, name, *args):
        from .graph.mode import record_op
        return record_op(name, args)

    def __add__(self, other):
        return self._op("add", self, other)

    def __radd__(self, other):
        return self._op("add", other, self)

    def __sub__(self, other):
        return self._op("subtract", self, other)

    def __rsub__(self, other):
        return self._op("subtract", other, self)

    def __mul__(self, other):
        return self._op("multiply", self, other)

    def __rmul__(self, other):
        return self._op("multiply", other, self)

    def __truediv__(self, other):
        return self._op("divide", self, other)

    def __rtruediv__(self, other):
        return self._op("divide", other, self)

    def __pow__(self, other):
        return self._op("power", self, other)

    def __rpow__(self, other):
        return self._op("power", other, self)

    def __matmul__(self, other):
        return self._op("matmul", self, other)

    def __rmatmul__(self, other):
        return self._op("matmul", other, self)

    def __neg__(self):
        return self._op("negative", self)

    def __abs__(self):
        return self._op("abs", self)

    def __lt__(self, other):
        return self._op("less", self, other)

    def __le__(self, other):
        return self._op("less_equal", self, other)

    def __gt__(self, other):
        return self._op("greater", self, other)

    def __ge__(self, other):
        return self._op("greater_equal", self, other)

    def __getitem__(self, key):
        return self._op("getitem", self, key)

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
