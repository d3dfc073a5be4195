"""Symbolic tensors: what ``K.placeholder`` returns.

A symbolic tensor has a static shape (entries may be ``None``), a dtype name and a name, and accepts the attributes
Keras layers set on tensors (``_keras_shape``, ``_keras_history``, ``_uses_learning_phase``). The graph issue adds
nodes, ``K.function`` and ``K.gradients`` on top of this class.
"""
from ._variable import unique_name


class SymbolicTensor:
    """A tensor known only by its shape and dtype until ``K.function`` feeds it."""

    def __init__(self, shape, dtype, name=None, is_placeholder=False, sparse=False):
        self.shape = shape
        self.dtype = dtype
        self.name = unique_name(name or "placeholder")
        self.sparse = sparse
        self._is_placeholder = is_placeholder
        self._keras_shape = shape
        self._uses_learning_phase = False

    @property
    def ndim(self):
        return None if self.shape is None else len(self.shape)

    def __repr__(self):
        return f"<kbackend.SymbolicTensor {self.name!r} shape={self.shape} dtype={self.dtype}>"
