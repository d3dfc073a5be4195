"""Type aliases used in the annotations of the public functions (for readers, IDEs and type checkers).

kbackend functions accept and return the active engine's own tensor type, so the tensor aliases are ``Any`` at run
time; their names say what is expected.
"""
from typing import Any, Optional, Sequence, Tuple, Union

Tensor = Any
"""An engine tensor (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array``, ``tf.Tensor``), a ``kbackend.Variable`` or,
in graph mode, a ``kbackend.SymbolicTensor``."""

TensorLike = Any
"""A ``Tensor``, a NumPy array, a Python number or bool, or a nested list of them."""

DTypeLike = Any
"""A dtype name (``'float32'``), a NumPy dtype or type, or a framework dtype object; ``None`` where allowed means
``floatx()``."""

Shape = Tuple[Optional[int], ...]
"""A static shape: a tuple of ints, ``None`` for a size that is not known."""

ShapeLike = Union[int, Sequence[int]]
"""A shape given as an int or a list/tuple of non-negative ints."""

Axis = Union[int, Sequence[int], None]
"""``None`` (every axis), an int in ``[-rank, rank)``, or a list/tuple of them."""

__all__ = ["Tensor", "TensorLike", "DTypeLike", "Shape", "ShapeLike", "Axis"]
