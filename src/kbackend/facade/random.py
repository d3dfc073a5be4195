"""Public API: random tensors.

``dtype=None`` means ``floatx()``. ``seed=None`` draws a seed from NumPy's global generator (as Keras 2 does), so
``np.random.seed(n)`` makes a run reproducible; a given seed gives the same values on the same engine (engines
use different generators, so the values differ between engines). ``shape`` is a tuple, a list or an int.

In graph mode every call is recorded, with or without symbolic arguments, and returns a ``kbackend.SymbolicTensor``
whose values are drawn afresh (with a new seed) each time a ``K.function`` or ``K.eval`` computes it, as in Keras 2
on TensorFlow 1; ``K.variable(K.random_uniform(shape))`` draws its initial value once.
"""
import numbers
from typing import Optional

import numpy as np

from .. import _dtypes
from .._registry import ops as _ops
from .._types import DTypeLike, ShapeLike, Tensor
from ..graph.dispatch import graph_aware
from ._checks import dtype_or_floatx, random_seed, shape_arg

_SEED_HIGH = 10e6  # Keras 2 draws np.random.randint(10e6) for random ops


def _float_dtype(dtype, function):
    dtype = dtype_or_floatx(dtype)
    if not _dtypes.is_float(dtype):
        raise TypeError(f"{function}(): dtype must be a float dtype (float16, float32, float64), got {dtype!r}")
    return dtype


@graph_aware(seeded=True)
def random_normal(shape: ShapeLike, mean: float = 0.0, stddev: float = 1.0, dtype: DTypeLike = None,
                  seed: Optional[int] = None) -> Tensor:
    """A tensor of values drawn from the normal distribution with mean ``mean`` and standard deviation ``stddev``.

    Arguments:
        shape: the shape of the result: an int or a list/tuple of non-negative ints.
        mean: the mean of the distribution, a number; default 0.
        stddev: the standard deviation, a non-negative number; default 1.
        dtype: a float dtype (``'float16'``, ``'float32'``, ``'float64'`` or an equivalent dtype object); None
            means ``floatx()``.
        seed: None (a seed drawn from NumPy's global generator) or a non-negative int.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of ``shape`` and ``dtype``.

    Raises:
        ValueError: ``shape`` is not an int or a list/tuple of non-negative ints; ``seed`` is negative.
        TypeError: ``dtype`` is unknown or not a float dtype; ``seed`` is not None or an int.
    """
    dtype = _float_dtype(dtype, "random_normal")
    return _ops.random_normal(shape_arg(shape), mean, stddev, dtype, random_seed(seed, _SEED_HIGH))


def _integer_bound(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or int(value) != value:
        raise ValueError(f"random_uniform(): with an integer dtype, {name} must be an integer, got {value!r}")
    return int(value)


@graph_aware(seeded=True)
def random_uniform(shape: ShapeLike, minval: float = 0.0, maxval: float = 1.0, dtype: DTypeLike = None,
                   seed: Optional[int] = None) -> Tensor:
    """A tensor of values drawn uniformly from the half-open interval ``[minval, maxval)``.

    Float results lie in ``[minval, maxval)`` with the bounds taken in ``dtype`` (a draw that rounds up to
    ``maxval`` is moved to the value just below it). An integer ``dtype`` gives uniform integers in
    ``[minval, maxval)``; the bounds must then be integers with ``minval < maxval`` that fit the dtype.

    Arguments:
        shape: the shape of the result: an int or a list/tuple of non-negative ints.
        minval: the lower bound (included), a number; default 0.
        maxval: the upper bound (excluded), a number greater than ``minval``; default 1.
        dtype: a float dtype (``'float16'``, ``'float32'``, ``'float64'``), an integer dtype (``'int32'``,
            ``'int64'``, ``'uint8'``, ...) or an equivalent dtype object; None means ``floatx()``.
        seed: None (a seed drawn from NumPy's global generator) or a non-negative int.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of ``shape`` and ``dtype``.

    Raises:
        ValueError: ``shape`` is not an int or a list/tuple of non-negative ints; ``seed`` is negative; with an
            integer ``dtype``, a bound is not an integer, ``minval >= maxval``, or the range does not fit the
            dtype.
        TypeError: ``dtype`` is unknown or bool; ``seed`` is not None or an int.
    """
    dtype = dtype_or_floatx(dtype)
    shape = shape_arg(shape)
    seed = random_seed(seed, _SEED_HIGH)
    if _dtypes.is_float(dtype):
        return _ops.random_uniform(shape, minval, maxval, dtype, seed)
    if not _dtypes.is_int(dtype):
        raise TypeError(f"random_uniform(): dtype must be a float or integer dtype, got {dtype!r}")
    low, high = _integer_bound(minval, "minval"), _integer_bound(maxval, "maxval")
    if low >= high:
        raise ValueError(f"random_uniform(): an integer range needs minval < maxval, got [{low}, {high})")
    info = np.iinfo(dtype)
    if low < info.min or high - 1 > info.max:
        raise ValueError(f"random_uniform(): [{low}, {high}) does not fit {dtype}")
    return _ops.random_integers(shape, low, high, dtype, seed)


@graph_aware(seeded=True)
def random_binomial(shape: ShapeLike, p: float = 0.0, dtype: DTypeLike = None,
                    seed: Optional[int] = None) -> Tensor:
    """A tensor of Bernoulli draws: 1 with probability ``p``, else 0.

    Each value is 1 where a uniform draw from ``[0, 1)`` is ``<= p`` and 0 elsewhere (Keras 2 on TensorFlow), so
    ``p <= 0`` gives (almost surely) zeros and ``p >= 1`` gives ones.

    Arguments:
        shape: the shape of the result: an int or a list/tuple of non-negative ints.
        p: the probability of a 1, a number in ``[0, 1]`` (or a tensor that broadcasts to ``shape``); default 0.
        dtype: a float dtype (``'float16'``, ``'float32'``, ``'float64'`` or an equivalent dtype object); None
            means ``floatx()``.
        seed: None (a seed drawn from NumPy's global generator) or a non-negative int.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of ``shape`` and ``dtype``, holding 0s and 1s.

    Raises:
        ValueError: ``shape`` is not an int or a list/tuple of non-negative ints; ``seed`` is negative.
        TypeError: ``dtype`` is unknown or not a float dtype; ``seed`` is not None or an int.
    """
    dtype = _float_dtype(dtype, "random_binomial")
    return _ops.random_binomial(shape_arg(shape), p, dtype, random_seed(seed, _SEED_HIGH))


@graph_aware(seeded=True)
def truncated_normal(shape: ShapeLike, mean: float = 0.0, stddev: float = 1.0, dtype: DTypeLike = None,
                     seed: Optional[int] = None) -> Tensor:
    """A tensor of normal values restricted to within two standard deviations of the mean.

    Values are drawn from the normal distribution with mean ``mean`` and standard deviation ``stddev``; a draw
    more than ``2 * stddev`` away from ``mean`` is redrawn. The values therefore lie in
    ``[mean - 2 * stddev, mean + 2 * stddev]`` and their standard deviation is about ``0.87962 * stddev``.

    Arguments:
        shape: the shape of the result: an int or a list/tuple of non-negative ints.
        mean: the mean of the distribution before truncation, a number; default 0.
        stddev: the standard deviation before truncation, a non-negative number; default 1.
        dtype: a float dtype (``'float16'``, ``'float32'``, ``'float64'`` or an equivalent dtype object); None
            means ``floatx()``.
        seed: None (a seed drawn from NumPy's global generator) or a non-negative int.

    Returns:
        A tensor of the active engine (``numpy.ndarray``, ``torch.Tensor``, ``jax.Array`` or ``tf.Tensor``; a
        ``kbackend.SymbolicTensor`` in graph mode) of ``shape`` and ``dtype``.

    Raises:
        ValueError: ``shape`` is not an int or a list/tuple of non-negative ints; ``seed`` is negative.
        TypeError: ``dtype`` is unknown or not a float dtype; ``seed`` is not None or an int.
    """
    dtype = _float_dtype(dtype, "truncated_normal")
    return _ops.truncated_normal(shape_arg(shape), mean, stddev, dtype, random_seed(seed, _SEED_HIGH))


ENGINE_FUNCTIONS = {name: name for name in ("random_normal", "random_uniform", "random_binomial",
                                            "truncated_normal")}
