"""NumPy engine: random tensors (a fresh Generator per call, seeded by the facade)."""
import numpy as np

from .core import NP_DTYPES

__all__ = ["random_uniform", "random_normal"]


def random_uniform(shape, minval, maxval, dtype, seed):
    return np.random.default_rng(seed).uniform(minval, maxval, shape).astype(NP_DTYPES[dtype])


def random_normal(shape, mean, stddev, dtype, seed):
    return np.random.default_rng(seed).normal(mean, stddev, shape).astype(NP_DTYPES[dtype])
