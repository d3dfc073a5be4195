"""PyTorch engine: random tensors (a fresh ``torch.Generator`` per call, seeded by the facade).

float16 and float32 are drawn in float32, everything else in float64, then cast. ``random_uniform`` stays in
``[minval, maxval)`` in every float dtype: a value that rounding carried up to ``maxval`` is moved just below it.
``truncated_normal`` samples the normal distribution restricted to two standard deviations by its inverse CDF.

Draws are made on the device of a tensor ``minval``/``maxval``/``mean``/``stddev``/``p`` if there is one, else on
torch's default device (``torch.set_default_device``), by a generator of that device: one seed gives the same
values on every call on one device type, but CPU and CUDA generators give different values (as in torch). The
``meta`` device has no generator (nor values).
"""
import math

import numpy as np
import torch

from .core import DTYPE_NAMES, NP_DTYPES, TORCH_DTYPES, convert
from .math import float_input, multiply, where

__all__ = ["random_uniform", "random_normal", "truncated_normal", "random_binomial", "dropout"]

_FLOAT32, _FLOAT64 = torch.float32, torch.float64
_FLOATS = frozenset(("float16", "float32", "float64"))
_SCALARS = (int, float)
_ERF_2 = math.erf(2.0 / math.sqrt(2.0))  # P(|z| <= 2) for a standard normal z
_SQRT2 = math.sqrt(2.0)


_active_modes = torch._C._len_torch_function_stack
_CPU = torch.device("cpu")


def _generator(seed, device):
    """A generator of ``device`` seeded with ``seed`` (None for the meta device, which draws no values)."""
    if seed < 0:
        raise ValueError(f"expected non-negative integer seed, got {seed}")
    if device.type == "meta":
        return None
    return torch.Generator(device).manual_seed(seed)


def _number(value):
    return value if isinstance(value, (int, float)) else convert(value)


def _device(*params):
    """The device draws are made on: that of the first tensor among ``params``, else torch's default device."""
    for param in params:
        if isinstance(param, torch.Tensor):
            return param.device
    # torch.get_default_device() costs ~3 us; with no torch-function mode active (no ``with torch.device(...)``)
    # the default is the global one, which set_default_device also installs as a mode: so it is the CPU
    return torch.get_default_device() if _active_modes() else _CPU


def _draw(sampler, shape, dtype, seed, device):
    return sampler(shape, generator=_generator(seed, device), dtype=dtype, device=device)


def _wide(dtype):
    """Draw float16/float32 in float32, everything else (float64, integers cast after) in float64."""
    return _FLOAT32 if dtype in ("float16", "float32") else _FLOAT64


def random_uniform(shape, minval, maxval, dtype, seed):
    minval, maxval = _number(minval), _number(maxval)
    return _uniform(shape, minval, maxval, dtype, seed, _device(minval, maxval))


def _uniform(shape, minval, maxval, dtype, seed, device):
    wide = _wide(dtype)
    draw = _draw(torch.rand, shape, wide, seed, device)
    target = TORCH_DTYPES[dtype]
    if target is wide and type(minval) in _SCALARS and type(maxval) in _SCALARS and minval == 0 and maxval == 1:
        return draw  # already in [0, 1) in its own dtype
    values = (draw * (maxval - minval) + minval).to(target)
    if dtype not in _FLOATS:
        return values
    if type(minval) in _SCALARS and type(maxval) in _SCALARS:
        high = NP_DTYPES[dtype].type(maxval)
        return torch.where(values == float(high), float(np.nextafter(high, NP_DTYPES[dtype].type(minval))), values)
    high = torch.as_tensor(maxval, dtype=target, device=device)
    low = torch.as_tensor(minval, dtype=target, device=device)
    return torch.where(values == high, torch.nextafter(high, low), values)


def random_normal(shape, mean, stddev, dtype, seed):
    mean, stddev = _number(mean), _number(stddev)
    draw = _draw(torch.randn, shape, _wide(dtype), seed, _device(mean, stddev))
    return (draw * stddev + mean).to(TORCH_DTYPES[dtype])


def truncated_normal(shape, mean, stddev, dtype, seed):
    mean, stddev = _number(mean), _number(stddev)
    draw = _draw(torch.rand, shape, _wide(dtype), seed, _device(mean, stddev))
    z = torch.erfinv(draw.mul_(2.0 * _ERF_2).sub_(_ERF_2)).mul_(_SQRT2).clamp_(-2.0, 2.0)
    return (z * stddev + mean).to(TORCH_DTYPES[dtype])


def random_binomial(shape, p, dtype, seed):
    p = _number(p)
    draw = _draw(torch.rand, shape, _wide(dtype), seed, _device(p))
    return (draw <= p).to(TORCH_DTYPES[dtype])


def dropout(x, level, noise_shape, seed):
    """``x`` with entries zeroed where a uniform draw (of ``noise_shape``, broadcast, in x's dtype, on x's device) is
    below ``level``, the others scaled by ``1 / (1 - level)`` (Keras 2 on TF: the generic computation)."""
    x = float_input(x)
    if level == 0.0:
        return x
    keep = _uniform(noise_shape, 0.0, 1.0, DTYPE_NAMES[x.dtype], seed, x.device) >= level
    return where(keep, multiply(x, 1.0 / (1.0 - level)), 0.0)
