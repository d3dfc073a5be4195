"""PyTorch engine: random tensors (a fresh ``torch.Generator`` per call, seeded by the facade)."""
import torch

from .core import TORCH_DTYPES, convert

__all__ = ["random_uniform", "random_normal"]

_FLOAT32, _FLOAT64 = torch.float32, torch.float64


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
    draw = torch.rand(shape, generator=_generator(seed), dtype=_wide(dtype))
    return (draw * (maxval - minval) + minval).to(TORCH_DTYPES[dtype])


def random_normal(shape, mean, stddev, dtype, seed):
    mean, stddev = _number(mean), _number(stddev)
    draw = torch.randn(shape, generator=_generator(seed), dtype=_wide(dtype))
    return (draw * stddev + mean).to(TORCH_DTYPES[dtype])
