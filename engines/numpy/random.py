"""NumPy engine: random tensors (a fresh Generator per call, seeded by the facade).

Float values are drawn in float64 and cast; a draw that the cast rounds up to ``maxval`` is moved to the value just
below it, so ``random_uniform`` stays in ``[minval, maxval)`` in every float dtype.
"""
import numpy as np

from .core import NP_DTYPES, convert

__all__ = ["random_uniform", "random_normal", "truncated_normal"]

_default_rng = np.random.default_rng
_nextafter = np.nextafter


def _number(value):
    return value if isinstance(value, (int, float)) else convert(value)


def random_uniform(shape, minval, maxval, dtype, seed):
    minval, maxval = _number(minval), _number(maxval)
    np_dtype = NP_DTYPES[dtype]
    values = (_default_rng(seed).random(shape) * (maxval - minval) + minval).astype(np_dtype)
    if np_dtype.kind == "f":
        high = np.asarray(maxval, np_dtype)
        rounded_up = values == high
        if rounded_up.any():
            below = _nextafter(high, np.asarray(minval, np_dtype))
            values[rounded_up] = np.broadcast_to(below, values.shape)[rounded_up]
    return values


def random_normal(shape, mean, stddev, dtype, seed):
    return _default_rng(seed).normal(_number(mean), _number(stddev), shape).astype(NP_DTYPES[dtype])


def truncated_normal(shape, mean, stddev, dtype, seed):
    """Standard normal draws; those beyond two standard deviations are redrawn (only those), then scaled."""
    rng = _default_rng(seed)
    z = np.asarray(rng.standard_normal(shape))
    flat = z.reshape(-1)
    outside = np.flatnonzero(np.abs(flat) > 2.0)
    while outside.size:
        flat[outside] = rng.standard_normal(outside.size)
        outside = outside[np.abs(flat[outside]) > 2.0]
    return (z * _number(stddev) + _number(mean)).astype(NP_DTYPES[dtype])
