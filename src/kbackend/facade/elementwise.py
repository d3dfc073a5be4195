"""Public API: element-wise math and comparisons.

Inputs may be tensors of the active engine, variables, NumPy arrays, Python numbers or nested lists of numbers;
strings, None and complex numbers are a TypeError. Binary functions broadcast their inputs (NumPy rules; shapes that
do not broadcast are a ValueError) and follow the promotion rule of ``kbackend._dtypes`` on every engine: bool <
integers < floats, the wider type of a kind wins, and Python scalars never widen a tensor (``x * 0.5`` stays float16
for a float16 ``x``; an integer tensor with a Python float gives ``floatx()``). Comparisons give bool tensors.

In graph mode, a call given a symbolic tensor or a variable records a node and returns a
``kbackend.SymbolicTensor`` (its value is computed when a ``K.function`` or ``K.eval`` runs the graph).
"""
from .._registry import ops as _ops
from .._types import Tensor, TensorLike
from ..graph.dispatch import graph_aware


@graph_aware
def square(x: TensorLike) -> Tensor:
    """Element-wise ``x * x``; the result keeps the dtype of ``x`` (integers wrap around on overflow).

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the shape and dtype of ``x``.

    Raises:
        TypeError: ``x`` is not numeric (a string, None, a complex number).
    """
    return _ops.square(x)


@graph_aware
def abs(x: TensorLike) -> Tensor:
    """Element-wise absolute value; the result keeps the dtype of ``x``.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the shape and dtype of ``x``.

    Raises:
        TypeError: ``x`` is not numeric (a string, None, a complex number).
    """
    return _ops.abs(x)


@graph_aware
def sqrt(x: TensorLike) -> Tensor:
    """Element-wise square root, with negative inputs clipped to 0 first (``sqrt(-1) == 0``, not NaN).

    Float inputs keep their dtype; integer and bool inputs are computed in ``floatx()``.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the shape of ``x``, float dtype of ``x`` or ``floatx()``.

    Raises:
        TypeError: ``x`` is not numeric (a string, None, a complex number).
    """
    return _ops.sqrt(x)


@graph_aware
def exp(x: TensorLike) -> Tensor:
    """Element-wise exponential ``e ** x``.

    Float inputs keep their dtype; integer and bool inputs are computed in ``floatx()``.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the shape of ``x``, float dtype of ``x`` or ``floatx()``.

    Raises:
        TypeError: ``x`` is not numeric (a string, None, a complex number).
    """
    return _ops.exp(x)


@graph_aware
def log(x: TensorLike) -> Tensor:
    """Element-wise natural logarithm, without clipping: ``log(0) == -inf`` and a negative input gives NaN.

    Float inputs keep their dtype; integer and bool inputs are computed in ``floatx()``.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the shape of ``x``, float dtype of ``x`` or ``floatx()``.

    Raises:
        TypeError: ``x`` is not numeric (a string, None, a complex number).
    """
    return _ops.log(x)


@graph_aware
def round(x: TensorLike) -> Tensor:
    """Element-wise rounding to the nearest integer, halves to the even one (``round(2.5) == 2``).

    The result keeps the dtype of ``x`` (integer and bool inputs are returned unchanged in value).

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the shape and dtype of ``x``.

    Raises:
        TypeError: ``x`` is not numeric (a string, None, a complex number).
    """
    return _ops.round(x)


@graph_aware
def sign(x: TensorLike) -> Tensor:
    """Element-wise sign: -1 for negative values, 0 for zero, 1 for positive values (NaN stays NaN).

    The result keeps the dtype of ``x`` (bool inputs are returned unchanged).

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the shape and dtype of ``x``.

    Raises:
        TypeError: ``x`` is not numeric (a string, None, a complex number).
    """
    return _ops.sign(x)


@graph_aware
def pow(x: TensorLike, a: TensorLike) -> Tensor:
    """Element-wise power ``x ** a``, broadcasting ``x`` and ``a``.

    The result dtype follows the promotion rule: ``pow(float32, 2)`` stays float32, an integer tensor to a
    Python float power gives ``floatx()``, ``pow(float32, float64 tensor)`` gives float64.

    Arguments:
        x: the base: a tensor, variable, NumPy array, Python number or nested list of numbers.
        a: the exponent: a Python number or any of the kinds of value ``x`` accepts.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape and the promoted dtype.

    Raises:
        ValueError: the shapes do not broadcast; an integer ``x`` is raised to a negative integer power.
        TypeError: an input is not numeric (a string, None, a complex number).
    """
    return _ops.power(x, a)


@graph_aware
def clip(x: TensorLike, min_value: TensorLike, max_value: TensorLike) -> Tensor:
    """``x`` with every element limited to ``[min_value, max_value]``.

    That is ``minimum(maximum(x, min_value), max_value)``; None for a bound means no limit on that side. When
    both bounds are Python numbers and ``max_value < min_value``, ``max_value`` is taken equal to ``min_value``
    (every element becomes ``min_value``). Tensor bounds clip element-wise and broadcast with ``x``. The result
    keeps the dtype of ``x``: the bounds are converted to it (float bounds of an integer ``x`` are truncated
    toward zero).

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.
        min_value: None, a number, or a tensor that broadcasts with ``x``: the lower bound.
        max_value: None, a number, or a tensor that broadcasts with ``x``: the upper bound.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape and the dtype of ``x``.

    Raises:
        ValueError: tensor bounds do not broadcast with ``x`` (a TypeError on the JAX engine).
        TypeError: an input is not numeric (a string, a complex number).
        OverflowError: a Python int bound does not fit the integer dtype of ``x`` (``-1`` for uint8).
    """
    if (min_value is not None and max_value is not None and isinstance(min_value, (int, float))
            and isinstance(max_value, (int, float)) and max_value < min_value):
        max_value = min_value
    return _ops.clip(x, min_value, max_value)


@graph_aware
def equal(x: TensorLike, y: TensorLike) -> Tensor:
    """Element-wise ``x == y``, broadcasting ``x`` and ``y`` and comparing in their promoted dtype.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.
        y: the same kinds of value as ``x``.

    Returns:
        A bool tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape.

    Raises:
        ValueError: the shapes do not broadcast.
        TypeError: an input is not numeric (a string, None, a complex number).
    """
    return _ops.equal(x, y)


@graph_aware
def not_equal(x: TensorLike, y: TensorLike) -> Tensor:
    """Element-wise ``x != y``, broadcasting ``x`` and ``y`` and comparing in their promoted dtype.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.
        y: the same kinds of value as ``x``.

    Returns:
        A bool tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape.

    Raises:
        ValueError: the shapes do not broadcast.
        TypeError: an input is not numeric (a string, None, a complex number).
    """
    return _ops.not_equal(x, y)


@graph_aware
def greater(x: TensorLike, y: TensorLike) -> Tensor:
    """Element-wise ``x > y``, broadcasting ``x`` and ``y`` and comparing in their promoted dtype.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.
        y: the same kinds of value as ``x``.

    Returns:
        A bool tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape.

    Raises:
        ValueError: the shapes do not broadcast.
        TypeError: an input is not numeric (a string, None, a complex number).
    """
    return _ops.greater(x, y)


@graph_aware
def greater_equal(x: TensorLike, y: TensorLike) -> Tensor:
    """Element-wise ``x >= y``, broadcasting ``x`` and ``y`` and comparing in their promoted dtype.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.
        y: the same kinds of value as ``x``.

    Returns:
        A bool tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape.

    Raises:
        ValueError: the shapes do not broadcast.
        TypeError: an input is not numeric (a string, None, a complex number).
    """
    return _ops.greater_equal(x, y)


@graph_aware
def less(x: TensorLike, y: TensorLike) -> Tensor:
    """Element-wise ``x < y``, broadcasting ``x`` and ``y`` and comparing in their promoted dtype.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.
        y: the same kinds of value as ``x``.

    Returns:
        A bool tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape.

    Raises:
        ValueError: the shapes do not broadcast.
        TypeError: an input is not numeric (a string, None, a complex number).
    """
    return _ops.less(x, y)


@graph_aware
def less_equal(x: TensorLike, y: TensorLike) -> Tensor:
    """Element-wise ``x <= y``, broadcasting ``x`` and ``y`` and comparing in their promoted dtype.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.
        y: the same kinds of value as ``x``.

    Returns:
        A bool tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape.

    Raises:
        ValueError: the shapes do not broadcast.
        TypeError: an input is not numeric (a string, None, a complex number).
    """
    return _ops.less_equal(x, y)


@graph_aware
def maximum(x: TensorLike, y: TensorLike) -> Tensor:
    """Element-wise maximum of ``x`` and ``y``, broadcasting them; a NaN in either input gives NaN.

    The result dtype follows the promotion rule (``maximum(int32, 1.5)`` gives ``floatx()``).

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.
        y: the same kinds of value as ``x``.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape and the promoted dtype.

    Raises:
        ValueError: the shapes do not broadcast.
        TypeError: an input is not numeric (a string, None, a complex number).
    """
    return _ops.maximum(x, y)


@graph_aware
def minimum(x: TensorLike, y: TensorLike) -> Tensor:
    """Element-wise minimum of ``x`` and ``y``, broadcasting them; a NaN in either input gives NaN.

    The result dtype follows the promotion rule (``minimum(int32, 1.5)`` gives ``floatx()``).

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.
        y: the same kinds of value as ``x``.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the broadcast shape and the promoted dtype.

    Raises:
        ValueError: the shapes do not broadcast.
        TypeError: an input is not numeric (a string, None, a complex number).
    """
    return _ops.minimum(x, y)


@graph_aware
def sin(x: TensorLike) -> Tensor:
    """Element-wise sine of ``x`` (in radians).

    Float inputs keep their dtype; integer and bool inputs are computed in ``floatx()``.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the shape of ``x``, float dtype of ``x`` or ``floatx()``.

    Raises:
        TypeError: ``x`` is not numeric (a string, None, a complex number).
    """
    return _ops.sin(x)


@graph_aware
def cos(x: TensorLike) -> Tensor:
    """Element-wise cosine of ``x`` (in radians).

    Float inputs keep their dtype; integer and bool inputs are computed in ``floatx()``.

    Arguments:
        x: a tensor, variable, NumPy array, Python number or nested list of numbers.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of the shape of ``x``, float dtype of ``x`` or ``floatx()``.

    Raises:
        TypeError: ``x`` is not numeric (a string, None, a complex number).
    """
    return _ops.cos(x)


ENGINE_FUNCTIONS = {name: name for name in (
    "square", "abs", "sqrt", "exp", "log", "round", "sign", "clip", "equal", "not_equal", "greater",
    "greater_equal", "less", "less_equal", "maximum", "minimum", "sin", "cos")}
ENGINE_FUNCTIONS["pow"] = "power"
