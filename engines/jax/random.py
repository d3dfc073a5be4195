"""JAX engine: random tensors from ``jax.random`` keyed by the seed (the facade draws one when the user gives None),
so the same seed gives the same values. Each draw is one jitted call (key, sample, scale and cast).

``random_uniform`` stays in ``[minval, maxval)`` in every float dtype (a value that rounding carried up to ``maxval``
is moved just below it); ``truncated_normal`` is ``jax.random.truncated_normal`` on [-2, 2], scaled."""
import functools

import jax
import jax.numpy as jnp
from jax import lax

from .core import FLOAT_DTYPES, JNP_DTYPES

__all__ = ["random_uniform", "random_normal", "truncated_normal", "random_binomial"]

_FLOAT32 = JNP_DTYPES["float32"]
_FLOAT64 = JNP_DTYPES["float64"]
_SEED_LIMIT = 2 ** 63  # jax.random.key takes a signed 64-bit seed


def checked_seed(seed):
    if isinstance(seed, jax.Array):  # traced inside a compiled K.function
        return seed
    seed = int(seed)
    if seed < 0:
        raise ValueError(f"expected non-negative integer seed, got {seed}")  # as NumPy's default_rng
    return seed % _SEED_LIMIT if seed >= _SEED_LIMIT else seed


def _sample_dtype(dtype):
    """Floats sample in their own dtype (float16 via float32); other dtypes sample float64 and cast (truncating,
    as the NumPy engine does)."""
    if dtype not in FLOAT_DTYPES:
        return _FLOAT64
    return _FLOAT32 if dtype.itemsize == 2 else dtype


@functools.partial(jax.jit, static_argnums=(1, 4))
def _uniform(seed, shape, minval, maxval, dtype):
    sample = _sample_dtype(dtype)
    low, high = lax.convert_element_type(minval, sample), lax.convert_element_type(maxval, sample)
    values = jax.random.uniform(jax.random.key(seed), shape, sample) * (high - low) + low
    values = lax.convert_element_type(values, dtype)
    if dtype not in FLOAT_DTYPES:
        return values
    high = lax.convert_element_type(maxval, dtype)
    return jnp.where(values == high, jnp.nextafter(high, lax.convert_element_type(minval, dtype)), values)


@functools.partial(jax.jit, static_argnums=(1, 4))
def _normal(seed, shape, mean, stddev, dtype):
    sample = _sample_dtype(dtype)
    values = jax.random.normal(jax.random.key(seed), shape, sample)
    values = values * lax.convert_element_type(stddev, sample) + lax.convert_element_type(mean, sample)
    return lax.convert_element_type(values, dtype)


@functools.partial(jax.jit, static_argnums=(1, 4))
def _truncated(seed, shape, mean, stddev, dtype):
    sample = _sample_dtype(dtype)
    values = jax.random.truncated_normal(jax.random.key(seed), -2.0, 2.0, shape, sample)
    values = values * lax.convert_element_type(stddev, sample) + lax.convert_element_type(mean, sample)
    return lax.convert_element_type(values, dtype)


@functools.partial(jax.jit, static_argnums=(1, 3))
def _binomial(seed, shape, p, dtype):
    draws = jax.random.uniform(jax.random.key(seed), shape, _sample_dtype(dtype))
    return lax.convert_element_type(draws <= p, dtype)


def _bound(value):
    return getattr(value, "value", value)  # a variable's value (jit would see a pytree)


def random_uniform(shape, minval, maxval, dtype, seed):
    return _uniform(checked_seed(seed), tuple(shape), _bound(minval), _bound(maxval), JNP_DTYPES[dtype])


def random_normal(shape, mean, stddev, dtype, seed):
    return _normal(checked_seed(seed), tuple(shape), _bound(mean), _bound(stddev), JNP_DTYPES[dtype])


def truncated_normal(shape, mean, stddev, dtype, seed):
    return _truncated(checked_seed(seed), tuple(shape), _bound(mean), _bound(stddev), JNP_DTYPES[dtype])


def random_binomial(shape, p, dtype, seed):
    return _binomial(checked_seed(seed), tuple(shape), _bound(p), JNP_DTYPES[dtype])
