"""Generic random functions on the engine core (first argument: the engine namespace E).

Seeds are non-negative ints (the facade draws one from NumPy's global generator when the user gives None).
"""
__all__ = ["random_binomial", "truncated_normal", "random_integers"]

_ROUNDS = 64  # truncated_normal: after 64 redraws, P(a value still outside) = 0.0455 ** 64 per element


def random_binomial(E, shape, p, dtype, seed):
    """1 where a uniform draw in [0, 1) is <= p, else 0, in ``dtype`` (Keras 2 on TF)."""
    draws = E.random_uniform(shape, 0.0, 1.0, dtype, seed)
    return E.cast(E.less_equal(draws, p), dtype)


def _derived_seed(seed, round_):
    return (seed * 1000003 + round_ * 7919) % (1 << 62)


def truncated_normal(E, shape, mean, stddev, dtype, seed):
    """Standard normal draws, values beyond two standard deviations redrawn, then scaled (float16 in float32)."""
    compute = "float32" if dtype == "float16" else dtype
    z = E.random_normal(shape, 0.0, 1.0, compute, seed)
    for round_ in range(1, _ROUNDS):
        outside = E.greater(E.abs(z), 2.0)
        if not bool(E.to_numpy(E.any(outside, None, False))):
            break
        z = E.where(outside, E.random_normal(shape, 0.0, 1.0, compute, _derived_seed(seed, round_)), z)
    else:
        z = E.clip(z, -2.0, 2.0)
    return E.cast(E.add(E.multiply(z, stddev), mean), dtype)


def random_integers(E, shape, minval, maxval, dtype, seed):
    """Uniform integers in [minval, maxval) (Python ints, minval < maxval): the floor of a float64 draw."""
    span = maxval - minval
    draws = E.cast(E.random_uniform(shape, 0.0, float(span), "float64", seed), "int64")  # truncation = floor here
    draws = E.minimum(draws, span - 1)  # a draw that rounded up to span
    return E.cast(E.add(draws, minval), dtype)
