"""Cases: random_normal, random_uniform, random_binomial, truncated_normal.

Engines use different generators, so values are checked as samples: 200x200 draws per float dtype, their mean and
standard deviation within a few standard errors of the distribution's, their bounds, dtype and shape; a given seed
reproduces the same values, and ``seed=None`` follows NumPy's global seed.
"""
import functools

import numpy as np

from ..model import FLOATS, CheckCase, ErrorCase

SHAPE = (200, 200)
TRUNCATED_STD = 0.87962  # std of a standard normal restricted to [-2, 2]


def _sample(K, fn, dtype, **kwargs):
    x = getattr(K, fn)(SHAPE, dtype=dtype, seed=kwargs.pop("seed", 1234), **kwargs)
    assert K.dtype(x) == dtype, f"dtype {K.dtype(x)}, expected {dtype}"
    assert tuple(K.int_shape(x)) == SHAPE, f"shape {K.int_shape(x)}, expected {SHAPE}"
    values = K.eval(x)
    assert values.dtype == np.dtype(dtype) and values.shape == SHAPE
    return values.astype(np.float64)


def _near(name, got, expected, tolerance):
    assert abs(got - expected) <= tolerance, f"{name} {got:.5f}, expected {expected:.5f} +- {tolerance}"


def normal_sample(K, dtype):
    values = _sample(K, "random_normal", dtype, mean=1.0, stddev=2.0)
    _near("mean", values.mean(), 1.0, 0.05)
    _near("std", values.std(), 2.0, 0.05)
    assert np.isfinite(values).all()


def uniform_sample(K, dtype):
    values = _sample(K, "random_uniform", dtype, minval=-1.0, maxval=2.0)
    assert values.min() >= -1.0 and values.max() < 2.0, (values.min(), values.max())
    _near("mean", values.mean(), 0.5, 0.03)
    _near("std", values.std(), 3.0 / np.sqrt(12.0), 0.03)
    default = K.eval(K.random_uniform(SHAPE, dtype=dtype, seed=99)).astype(np.float64)
    assert default.min() >= 0.0 and default.max() < 1.0, (default.min(), default.max())
    _near("mean of [0, 1)", default.mean(), 0.5, 0.01)


def binomial_sample(K, dtype):
    values = _sample(K, "random_binomial", dtype, p=0.3)
    assert set(np.unique(values)) <= {0.0, 1.0}
    _near("mean", values.mean(), 0.3, 0.015)
    ones = K.eval(K.random_binomial((50,), p=1.0, dtype=dtype, seed=1))
    zeros = K.eval(K.random_binomial((50,), dtype=dtype, seed=1))  # p defaults to 0.0
    assert ones.tolist() == [1.0] * 50 and zeros.sum() <= 1.0


def truncated_sample(K, dtype):
    values = _sample(K, "truncated_normal", dtype, mean=1.0, stddev=2.0)
    slack = 4.0 * 2.0 ** -10 if dtype == "float16" else 1e-6  # the bound after rounding to the dtype
    assert values.min() >= 1.0 - 4.0 - slack and values.max() <= 1.0 + 4.0 + slack, (values.min(), values.max())
    _near("mean", values.mean(), 1.0, 0.05)
    _near("std", values.std(), 2.0 * TRUNCATED_STD, 0.04)


def seeded(K, fn):
    """A seed reproduces the values; another seed gives others; seed=None follows np.random.seed."""
    make = getattr(K, fn)
    first, again = K.eval(make((4, 5), seed=7)), K.eval(make((4, 5), seed=7))
    np.testing.assert_array_equal(first, again)
    if fn != "random_binomial":
        assert not np.array_equal(first, K.eval(make((4, 5), seed=8))), "seeds 7 and 8 gave the same values"
    else:
        a, b = K.eval(make((40, 50), p=0.5, seed=7)), K.eval(make((40, 50), p=0.5, seed=8))
        assert not np.array_equal(a, b), "seeds 7 and 8 gave the same values"
    np.random.seed(11)
    one = K.eval(make((3, 3), seed=None) if fn != "random_binomial" else make((30, 30), p=0.5))
    np.random.seed(11)
    two = K.eval(make((3, 3)) if fn != "random_binomial" else make((30, 30), p=0.5))
    np.testing.assert_array_equal(one, two)
    three = K.eval(make((3, 3)) if fn != "random_binomial" else make((30, 30), p=0.5))
    assert not np.array_equal(two, three), "seed=None gave the same values twice without reseeding"


def shapes(K, fn):
    """shape as a tuple, a list, an int, with a size-0 axis, a scalar; dtype None is floatx."""
    make = getattr(K, fn)
    for shape, expected in (((2, 3), (2, 3)), ([2, 3], (2, 3)), (5, (5,)), ((0, 3), (0, 3)), ((), ())):
        x = make(shape, seed=1)
        assert tuple(K.int_shape(x)) == expected, f"shape {shape!r} gave {K.int_shape(x)}"
        assert K.eval(x).shape == expected
        assert K.dtype(x) == K.floatx()
    x = make(K.shape(K.zeros((2, 4))), seed=1)  # a shape given as a tensor (K.shape)
    assert tuple(K.int_shape(x)) == (2, 4)


def uniform_integers(K):
    x = K.random_uniform((2000,), 3, 9, dtype="int32", seed=5)
    values = K.eval(x)
    assert K.dtype(x) == "int32"
    assert set(np.unique(values).tolist()) == set(range(3, 9)), np.unique(values)
    x = K.random_uniform((100,), -2, 0, dtype="int64", seed=5)
    assert K.dtype(x) == "int64" and set(np.unique(K.eval(x)).tolist()) == {-2, -1}


def tensor_arguments(K):
    """Bounds, moments and p may be tensors."""
    low = K.constant(np.array([0.0, 10.0, -5.0]))
    high = K.constant(np.array([1.0, 20.0, -4.0]))
    values = K.eval(K.random_uniform((500, 3), low, high, seed=3))
    assert (values >= [0.0, 10.0, -5.0]).all() and (values < [1.0, 20.0, -4.0]).all()
    values = K.eval(K.random_normal((4000, 2), K.constant(np.array([0.0, 100.0])), 1.0, seed=3))
    assert abs(values[:, 0].mean()) < 0.1 and abs(values[:, 1].mean() - 100.0) < 0.1
    p = K.constant(np.array([0.0, 1.0]))
    values = K.eval(K.random_binomial((100, 2), p, seed=3))
    assert values[:, 0].sum() <= 1.0 and values[:, 1].sum() == 100.0


def empty_range(K):
    """minval == maxval gives minval (as TF's formula minval + u * (maxval - minval))."""
    np.testing.assert_array_equal(K.eval(K.random_uniform((3,), 1.5, 1.5, seed=1)), [1.5, 1.5, 1.5])


CASES = []
for _fn, _check in (("random_normal", normal_sample), ("random_uniform", uniform_sample),
                    ("random_binomial", binomial_sample), ("truncated_normal", truncated_sample)):
    for _dtype in FLOATS:
        CASES.append(CheckCase(_fn, functools.partial(_check, dtype=_dtype), f"sample-200x200-{_dtype}"))
    CASES.append(CheckCase(_fn, functools.partial(seeded, fn=_fn), "seed-reproducibility"))
    CASES.append(CheckCase(_fn, functools.partial(shapes, fn=_fn), "shapes-and-floatx"))
    CASES += [
        ErrorCase(_fn, ((2, 2),), {"dtype": "float8"}, TypeError, "unknown-dtype"),
        ErrorCase(_fn, ((2, 2),), {"seed": -1}, ValueError, "negative-seed"),
        ErrorCase(_fn, ((2, 2),), {"seed": 1.5}, TypeError, "float-seed"),
        ErrorCase(_fn, ((2, -1),), {}, ValueError, "negative-dimension"),
    ]
    if _fn != "random_uniform":
        CASES.append(ErrorCase(_fn, ((2, 2),), {"dtype": "int32"}, TypeError, "integer-dtype"))
del _fn, _check, _dtype
CASES += [
    CheckCase("random_uniform", uniform_integers, "integer-dtype"),
    CheckCase("random_uniform", tensor_arguments, "tensor-arguments"),
    CheckCase("random_uniform", empty_range, "minval-equals-maxval"),
    ErrorCase("random_uniform", ((2, 2),), {"dtype": "bool"}, TypeError, "bool-dtype"),
    ErrorCase("random_uniform", ((2, 2), 0, 0.5), {"dtype": "int32"}, ValueError, "integer-dtype-float-bound"),
    ErrorCase("random_uniform", ((2, 2), 3, 3), {"dtype": "int32"}, ValueError, "integer-dtype-empty-range"),
    ErrorCase("random_uniform", ((2, 2), -1, 3), {"dtype": "uint8"}, ValueError, "integer-dtype-out-of-range"),
]
