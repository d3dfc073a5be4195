"""Public API: random tensors.

``dtype=None`` means ``floatx()``. ``seed=None`` draws a seed from NumPy's global generator (as Keras 2 does), so
``np.random.seed(n)`` makes a run reproducible; a given seed gives the same values on the same engine (engines
use different generators, so the values differ between engines). ``shape`` is a tuple, a list or an int.
"""
import numbers

import numpy as np

from .. import _dtypes
from .._registry import ops as _ops
from ..graph.dispatch import graph_aware
from ._checks import dtype_or_floatx, random_seed, shape_arg

_SEED_HIGH = 10e6  # Keras 2 draws np.random.randint(10e6) for random ops


def _float_dtype(dtype, function):
    dtype = dtype_or_floatx(dtype)
    if not _dtypes.is_float(dtype):
        raise TypeError(f"{function}(): dtype must be a float dtype (float16, float32, float64), got {dtype!r}")
    return dtype


@graph_aware(seeded=True)
def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Values drawn from the normal distribution N(``mean``, ``stddev``**2), of ``shape`` and float ``dtype``."""
    dtype = _float_dtype(dtype, "random_normal")
    return _ops.random_normal(shape_arg(shape), mean, stddev, dtype, random_seed(seed, _SEED_HIGH))


def _integer_bound(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or int(value) != value:
        raise ValueError(f"random_uniform(): with an integer dtype, {name} must be an integer, got {value!r}")
    return int(value)


@graph_aware(seeded=True)
def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Values drawn uniformly from ``[minval, maxval)``, of ``shape`` and ``dtype`` (floatx).

    Float results lie in ``[minval, maxval)`` with the bounds taken in ``dtype`` (a draw that rounds up to
    ``maxval`` is moved to the value just below it). An integer ``dtype`` gives uniform integers in
    ``[minval, maxval)``; the bounds must then be integers with ``minval < maxval`` (ValueError otherwise).
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
def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """Bernoulli draws: 1 with probability ``p``, else 0, in the float ``dtype`` (Keras 2: ``where(uniform <= p,
    1, 0)``)."""
    dtype = _float_dtype(dtype, "random_binomial")
    return _ops.random_binomial(shape_arg(shape), p, dtype, random_seed(seed, _SEED_HIGH))


@graph_aware(seeded=True)
def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Values from N(``mean``, ``stddev``**2) restricted to ``mean +- 2 * stddev`` (draws beyond two standard
    deviations are redrawn), so their standard deviation is about ``0.87962 * stddev``."""
    dtype = _float_dtype(dtype, "truncated_normal")
    return _ops.truncated_normal(shape_arg(shape), mean, stddev, dtype, random_seed(seed, _SEED_HIGH))


ENGINE_FUNCTIONS = {name: name for name in ("random_normal", "random_uniform", "random_binomial",
                                            "truncated_normal")}
