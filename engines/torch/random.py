"""PyTorch engine: random tensors (a fresh ``torch.Generator`` per call, seeded by the facade).

float16 and float32 are drawn in float32, everything else in float64, then cast. ``random_uniform`` stays in
``[minval, maxval)`` in every float dtype: a value that rounding carried up to ``maxval`` is moved just below it.
``truncated_normal`` samples the normal distribution restricted to two standard deviations by its inverse CDF.
"""
import math

import numpy as np
import torch

from .core import NP_DTYPES, TORCH_DTYPES, convert

__all__ = ["random_uniform", "random_normal", "truncated_normal", "random_binomial"]

_FLOAT32, _FLOAT64 = torch.float32, torch.float64
_FLOATS = frozenset(("float16", "float32", "float64"))
_SCALARS = (int, float)
_ERF_2 = math.erf(2.0 / math.sqrt(2.0))  # P(|z| <= 2) for a standard normal z
_SQRT2 = math.sqrt(2.0)


def _generator(seed):
    if seed < 0:
        raise ValueError(f"expected non-negative integer seed, got {seed}")
    return torch.Generator().manual_seed(seed)


def _number(value):
    return value if isinstance(value, (int, float)) else convert(value)


def _wide(dtype):
    """Draw float16/float32 in float32, everything else (float64, integers cast after) in float64."""
    return _FLOAT32 if dtype in ("float16", "float32") else _FLOAT64


def random_uniform(shape, minval, maxval, dtype, seed):
    minval, maxval = _number(minval), _number(maxval)
    wide = _wide(dtype)
    draw = torch.rand(shape, generator=_generator(seed), dtype=wide)
    target = TORCH_DTYPES[dtype]
    if target is wide and type(minval) in _SCALARS and type(maxval) in _SCALARS and minval == 0 and maxval == 1:
        return draw  # already in [0, 1) in its own dtype
    values = (draw * (maxval - minval) + minval).to(target)
    if dtype not in _FLOATS:
        return values
    if type(minval) in _SCALARS and type(maxval) in _SCALARS:
        high = NP_DTYPES[dtype].type(maxval)
        return torch.where(values == float(high), float(np.nextafter(high, NP_DTYPES[dtype].type(minval))), values)
    high = torch.as_tensor(maxval, dtype=target)
    return torch.where(values == high, torch.nextafter(high, torch.as_tensor(minval, dtype=target)), values)


def random_normal(shape, mean, stddev, dtype, seed):
    mean, stddev = _number(mean), _number(stddev)
    draw = torch.randn(shape, generator=_generator(seed), dtype=_wide(dtype))
    return (draw * stddev + mean).to(TORCH_DTYPES[dtype])


def truncated_normal(shape, mean, stddev, dtype, seed):
    mean, stddev = _number(mean), _number(stddev)
    draw = torch.rand(shape, generator=_generator(seed), dtype=_wide(dtype))
    z = torch.erfinv(draw.mul_(2.0 * _ERF_2).sub_(_ERF_2)).mul_(_SQRT2).clamp_(-2.0, 2.0)
    return (z * stddev + mean).to(TORCH_DTYPES[dtype])


def random_binomial(shape, p, dtype, seed):
    draw = torch.rand(shape, generator=_generator(seed), dtype=_wide(dtype))
    return (draw <= _number(p)).to(TORCH_DTYPES[dtype])
