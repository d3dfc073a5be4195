"""Public API: activation functions, element-wise (``softmax``: along an axis).

Inputs may be the engine's tensors, ``kbackend.Variable`` objects, NumPy arrays, Python numbers or nested lists of
numbers; strings, None and complex values are a TypeError. Integer and bool inputs compute in ``floatx()``; results
keep the float dtype of the input. Every activation is computed stably: finite at +-1e4 wherever the function is.
Number arguments (``alpha``, ``max_value``, ``threshold``) may be Python or NumPy numbers or 0-d tensors.

In graph mode, a call given a symbolic tensor or a variable records a node and returns a ``kbackend.SymbolicTensor``.
"""
from typing import Optional

from .._registry import ops as _ops
from .._types import Tensor, TensorLike
from ..graph.dispatch import graph_aware
from ._checks import real_number, single_axis


@graph_aware
def relu(x: TensorLike, alpha: float = 0.0, max_value: Optional[float] = None, threshold: float = 0.0) -> Tensor:
    """Rectified linear unit with optional leak, ceiling and threshold, computed as Keras 2 on TensorFlow did.

    The rule of the Keras 2.2.4/2.3.1 TensorFlow code (not of its docstring), which every Keras 2 model computed:
    ``y = x`` where ``x > threshold``, else 0; then ``y`` is clipped to ``[0, max_value]`` when ``max_value`` is
    given; then ``alpha * max(threshold - x, 0)`` is subtracted. With only ``alpha`` given (no ``max_value``,
    ``threshold`` 0) it is TF's leaky relu ``max(x, alpha * x)``. On ``[-1, -0.5, 0, 0.5, 0.8]``: ``alpha=0.1,
    max_value=5, threshold=-2.8`` gives ``[0, 0, 0, 0.5, 0.8]``; ``alpha=0.1, max_value=0, threshold=0.8`` gives
    ``[-0.18, -0.13, -0.08, -0.03, 0]``.

    Arguments:
        x: a tensor, variable, NumPy array, number or nested list of numbers.
        alpha: the slope below the threshold, a number; default 0.
        max_value: None (no ceiling; default) or a number.
        threshold: the activation threshold, a number; default 0.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``, in its float dtype (``floatx()`` for integer and bool inputs).

    Raises:
        TypeError: ``x`` is not numeric; ``alpha``, ``max_value`` or ``threshold`` is not a number.
    """
    if type(alpha) is not float:  # (floats, the defaults among them, need no check)
        alpha = real_number(alpha, "relu", "alpha")
    if type(threshold) is not float:
        threshold = real_number(threshold, "relu", "threshold")
    if max_value is not None and type(max_value) is not float:
        max_value = real_number(max_value, "relu", "max_value")
    return _ops.relu(x, alpha, max_value, threshold)


@graph_aware
def elu(x: TensorLike, alpha: float = 1.0) -> Tensor:
    """Exponential linear unit, element-wise.

    ``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)``.

    Arguments:
        x: a tensor, variable, NumPy array, number or nested list of numbers.
        alpha: the scale of the negative part (a number; default 1.0).

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``, in its float dtype (``floatx()`` for integer and bool inputs).

    Raises:
        TypeError: ``x`` is not numeric; ``alpha`` is not a number.
    """
    return _ops.elu(x, real_number(alpha, "elu", "alpha"))


@graph_aware
def softmax(x: TensorLike, axis: int = -1) -> Tensor:
    """Softmax along one axis: ``exp(x) / sum(exp(x), axis, keepdims=True)``.

    Computed stably (``x - max(x, axis)`` first), so large logits do not overflow; the entries along ``axis`` sum
    to 1. A row (along ``axis``) holding NaN or ``+inf`` is NaN across the row; ``-inf`` entries are 0, unless the
    whole row is ``-inf`` (then NaN).

    Arguments:
        x: a tensor, variable, NumPy array or nested list of numbers, of rank >= 1.
        axis: a single int in ``[-rank, rank)``; default -1 (the last axis).

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``, in its float dtype (``floatx()`` for integer and bool inputs).

    Raises:
        ValueError: ``axis`` is out of range (any axis, for a 0-d ``x``).
        TypeError: ``axis`` is not a single int; ``x`` is not numeric.
    """
    return _ops.softmax(x, single_axis(axis, x))


@graph_aware
def softplus(x: TensorLike) -> Tensor:
    """Softplus ``log(1 + exp(x))``, element-wise.

    Computed stably: ``softplus(1e4) == 1e4`` (no overflow), and tiny for very negative ``x``.

    Arguments:
        x: a tensor, variable, NumPy array, number or nested list of numbers.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``, in its float dtype (``floatx()`` for integer and bool inputs).

    Raises:
        TypeError: ``x`` is not numeric.
    """
    return _ops.softplus(x)


@graph_aware
def softsign(x: TensorLike) -> Tensor:
    """Softsign ``x / (1 + abs(x))``, element-wise.

    Values lie in ``(-1, 1)``.

    Arguments:
        x: a tensor, variable, NumPy array, number or nested list of numbers.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``, in its float dtype (``floatx()`` for integer and bool inputs).

    Raises:
        TypeError: ``x`` is not numeric.
    """
    return _ops.softsign(x)


@graph_aware
def sigmoid(x: TensorLike) -> Tensor:
    """Logistic sigmoid ``1 / (1 + exp(-x))``, element-wise.

    Computed without overflow for large ``abs(x)``; values lie in ``[0, 1]``.

    Arguments:
        x: a tensor, variable, NumPy array, number or nested list of numbers.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``, in its float dtype (``floatx()`` for integer and bool inputs).

    Raises:
        TypeError: ``x`` is not numeric.
    """
    return _ops.sigmoid(x)


@graph_aware
def hard_sigmoid(x: TensorLike) -> Tensor:
    """Piecewise linear approximation of the sigmoid, element-wise.

    ``clip(0.2 * x + 0.5, 0, 1)``: 0 for ``x < -2.5``, 1 for ``x > 2.5``, linear between.

    Arguments:
        x: a tensor, variable, NumPy array, number or nested list of numbers.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``, in its float dtype (``floatx()`` for integer and bool inputs).

    Raises:
        TypeError: ``x`` is not numeric.
    """
    return _ops.hard_sigmoid(x)


@graph_aware
def tanh(x: TensorLike) -> Tensor:
    """Hyperbolic tangent, element-wise.

    Values lie in ``[-1, 1]``.

    Arguments:
        x: a tensor, variable, NumPy array, number or nested list of numbers.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of the shape of ``x``, in its float dtype (``floatx()`` for integer and bool inputs).

    Raises:
        TypeError: ``x`` is not numeric.
    """
    return _ops.tanh(x)


ENGINE_FUNCTIONS = {name: name for name in (
    "relu", "elu", "softmax", "softplus", "softsign", "sigmoid", "hard_sigmoid", "tanh")}
