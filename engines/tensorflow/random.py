"""TensorFlow engine: random tensors from stateless ops (the same seed gives the same values), seeded by the facade.

Like the NumPy engine, values are drawn in floating point and cast to the requested dtype (integer dtypes truncate).
``random_uniform`` stays in ``[minval, maxval)`` in every float dtype (a value that rounding carried up to ``maxval`` is
moved just below it); ``truncated_normal`` is ``tf.random.stateless_truncated_normal`` (redraws beyond 2 stddev).
"""
import numpy as np

from .core import NP_DTYPES, TF_DTYPES, tf
from .devices import follow_inputs_in_module

__all__ = ["random_uniform", "random_normal", "truncated_normal", "random_binomial"]

_FLOAT32 = TF_DTYPES["float32"]
_FLOAT64 = TF_DTYPES["float64"]
_FLOAT16 = TF_DTYPES["float16"]
_INT16 = tf.int16
_FLOATS = frozenset(("float16", "float32", "float64"))
_SCALARS = (int, float)
_stateless_uniform = tf.random.stateless_uniform
_stateless_normal = tf.random.stateless_normal
_stateless_truncated = tf.random.stateless_truncated_normal


def _seed(seed):
    if isinstance(seed, tf.Tensor):  # traced inside a compiled K.function
        return tf.stack([tf.cast(seed, tf.int64), tf.constant(0, tf.int64)])
    seed = int(seed) % (1 << 64)
    if seed >= 1 << 63:
        seed -= 1 << 64
    return tf.constant([seed, 0], dtype=tf.int64)


def _compute(dtype):
    return _FLOAT32 if dtype in ("float16", "float32") else _FLOAT64


def _bound(value, compute):
    return value if type(value) in _SCALARS else tf.cast(value, compute)


def _draw(sample, shape, a, b, dtype, seed):
    compute = _compute(dtype)
    out = sample(shape, _seed(seed), _bound(a, compute), _bound(b, compute), dtype=compute)
    return out if out.dtype == TF_DTYPES[dtype] else tf.cast(out, TF_DTYPES[dtype])


def _nextafter16(a, b):
    """float16 nextafter (tf.math.nextafter has no half kernel): one step of the bit pattern toward ``b``."""
    bits = tf.bitcast(a, _INT16)
    up = b > a
    stepped = tf.where(tf.math.logical_xor(up, a < 0), bits + 1, bits - 1)  # away from zero: +1, toward zero: -1
    from_zero = tf.where(up, tf.constant(1, _INT16), tf.constant(-32767, _INT16))  # +/- the smallest subnormal
    stepped = tf.where(tf.equal(a, 0), from_zero, stepped)
    return tf.where(tf.equal(a, b), a, tf.bitcast(stepped, _FLOAT16))


def random_uniform(shape, minval, maxval, dtype, seed):
    values = _draw(_stateless_uniform, tuple(shape), minval, maxval, dtype, seed)
    if dtype not in _FLOATS:
        return values  # integers truncate
    if type(minval) in _SCALARS and type(maxval) in _SCALARS:
        if dtype != "float16" and minval == 0 and maxval == 1:
            return values  # [0, 1) drawn in its own dtype cannot round up
        high = NP_DTYPES[dtype].type(maxval)
        return tf.where(tf.equal(values, high), np.nextafter(high, NP_DTYPES[dtype].type(minval)), values)
    target = TF_DTYPES[dtype]
    high = tf.cast(maxval, target)
    low = tf.cast(minval, target)
    below = _nextafter16(high, low) if dtype == "float16" else tf.math.nextafter(high, low)
    return tf.where(tf.equal(values, high), below, values)


def random_normal(shape, mean, stddev, dtype, seed):
    return _draw(_stateless_normal, tuple(shape), mean, stddev, dtype, seed)


def truncated_normal(shape, mean, stddev, dtype, seed):
    return _draw(_stateless_truncated, tuple(shape), mean, stddev, dtype, seed)


def random_binomial(shape, p, dtype, seed):
    draws = _stateless_uniform(tuple(shape), _seed(seed), dtype=_compute(dtype))
    return tf.cast(draws <= tf.cast(p, draws.dtype), TF_DTYPES[dtype])


follow_inputs_in_module(globals(), __all__)
