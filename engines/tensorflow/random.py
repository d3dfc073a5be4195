"""TensorFlow engine: random tensors from stateless ops (the same seed gives the same values), seeded by the facade.

Like the NumPy engine, values are drawn in floating point and cast to the requested dtype (integer dtypes truncate).
"""
from .core import TF_DTYPES, tf

__all__ = ["random_uniform", "random_normal"]

_FLOAT32 = TF_DTYPES["float32"]
_FLOAT64 = TF_DTYPES["float64"]


def _seed(seed):
    seed = int(seed) % (1 << 64)
    if seed >= 1 << 63:
        seed -= 1 << 64
    return tf.constant([seed, 0], dtype=tf.int64)


def _draw(sample, shape, a, b, dtype, seed):
    compute = _FLOAT32 if dtype in ("float16", "float32") else _FLOAT64
    out = sample(shape, _seed(seed), a, b, dtype=compute)
    return out if out.dtype == TF_DTYPES[dtype] else tf.cast(out, TF_DTYPES[dtype])


def random_uniform(shape, minval, maxval, dtype, seed):
    return _draw(tf.random.stateless_uniform, tuple(shape), minval, maxval, dtype, seed)


def random_normal(shape, mean, stddev, dtype, seed):
    return _draw(tf.random.stateless_normal, tuple(shape), mean, stddev, dtype, seed)
