"""Procedural checks of the neural-network functions: dropout (random), the crossentropies' epsilon read at call
time, finite results where float32/float16 cannot represent ``1 - epsilon()``."""
import numpy as np

from ..model import CheckCase, ErrorCase, T
from ..reference import nn as ref


def _np(K, x):
    return np.asarray(K.eval(x))


# --- dropout -------------------------------------------------------------------------------------------------------
def _check_fraction(level):
    def check(K):
        out = _np(K, K.dropout(K.ones((200, 200)), level, seed=1234))
        kept = out != 0
        fraction = kept.mean()
        assert abs(fraction - (1.0 - level)) < 0.015, f"kept fraction {fraction}, expected about {1 - level}"
        scale = np.float32(1.0) * np.float32(1.0 / (1.0 - level))
        assert np.all(out[kept] == scale), f"survivors {np.unique(out[kept])}, expected {scale}"
        assert out.dtype == np.float32 and out.shape == (200, 200)
    return check


def _check_scaling(dtype):
    def check(K):
        x = np.random.default_rng(5).uniform(-2.0, 2.0, (50, 40)).astype(dtype)
        out = _np(K, K.dropout(K.constant(x, dtype=dtype), 0.25, seed=99))
        assert out.dtype == np.dtype(dtype), f"dtype {out.dtype}, expected {dtype}"
        kept = out != 0
        expected = (x * np.asarray(1.0 / 0.75, dtype=dtype)).astype(dtype)
        np.testing.assert_array_equal(out[kept], expected[kept])
        assert 0.6 < kept.mean() < 0.9
    return check


def _check_int_input(K):
    out = K.dropout(K.constant(np.ones((20, 20)), dtype="int32"), 0.5, seed=3)
    assert K.dtype(out) == K.floatx(), f"dtype {K.dtype(out)}, expected {K.floatx()}"
    assert set(np.unique(_np(K, out))) <= {0.0, 2.0}


def _check_noise_shape(K):
    x = K.ones((10, 20, 8))
    for noise_shape in ((10, 1, 8), [None, 1, None], (1, 1, 8), (10, 20, 1)):
        out = _np(K, K.dropout(x, 0.5, noise_shape=noise_shape, seed=7))
        assert out.shape == (10, 20, 8)
        for axis, dim in enumerate(noise_shape):
            if dim == 1:  # the mask is shared along this axis
                first = np.take(out, [0], axis=axis)
                assert np.all(out == first), f"noise_shape {noise_shape}: values differ along axis {axis}"
        kept = (out != 0).mean()
        assert 0.3 < kept < 0.7, f"noise_shape {noise_shape}: kept fraction {kept}"


def _check_seed(K):
    x = K.ones((30, 30))
    a = _np(K, K.dropout(x, 0.5, seed=42))
    b = _np(K, K.dropout(x, 0.5, seed=42))
    c = _np(K, K.dropout(x, 0.5, seed=43))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c), "different seeds gave the same mask"
    state = np.random.get_state()
    try:
        np.random.seed(2024)
        d = _np(K, K.dropout(x, 0.5))
        e = _np(K, K.dropout(x, 0.5))
        np.random.seed(2024)
        f = _np(K, K.dropout(x, 0.5))
    finally:
        np.random.set_state(state)
    np.testing.assert_array_equal(d, f)
    assert not np.array_equal(d, e), "two calls with seed=None gave the same mask"


def _check_level_zero(K):
    x = np.random.default_rng(1).uniform(-1, 1, (4, 5)).astype("float32")
    np.testing.assert_array_equal(_np(K, K.dropout(K.constant(x), 0.0, seed=1)), x)
    np.testing.assert_array_equal(_np(K, K.dropout(x, 0)), x)


# --- crossentropies ------------------------------------------------------------------------------------------------
P = np.array([[0.0, 0.7, 0.3], [0.2, 0.0, 0.8]])
LABELS = np.array([0, 1])
ONE_HOT = np.eye(3)[LABELS]


def _check_epsilon_at_call_time(K):
    old = K.epsilon()
    try:
        K.set_epsilon(1e-2)
        got = _np(K, K.categorical_crossentropy(K.constant(ONE_HOT), K.constant(P)))
        np.testing.assert_allclose(got, ref.categorical_crossentropy(ONE_HOT, P, epsilon=1e-2), rtol=1e-5)
        got = _np(K, K.sparse_categorical_crossentropy(K.constant(LABELS, dtype="int32"), K.constant(P)))
        np.testing.assert_allclose(got, ref.sparse_categorical_crossentropy(LABELS, P, epsilon=1e-2), rtol=1e-5)
        got = _np(K, K.binary_crossentropy(K.constant(ONE_HOT), K.constant(P)))
        np.testing.assert_allclose(got, ref.binary_crossentropy(ONE_HOT, P, epsilon=1e-2), rtol=1e-5)
    finally:
        K.set_epsilon(old)
    got = _np(K, K.binary_crossentropy(K.constant(ONE_HOT), K.constant(P)))
    np.testing.assert_allclose(got, ref.binary_crossentropy(ONE_HOT, P, epsilon=old), rtol=1e-5)


def _check_finite_extremes(K):
    """Outputs of exactly 0 and 1 give finite losses close to -log(epsilon) in every float dtype."""
    eps = K.epsilon()
    for dtype in ("float16", "float32", "float64"):
        t = K.constant(np.array([[0.0, 1.0, 1.0, 0.0]]), dtype=dtype)
        o = K.constant(np.array([[1.0, 0.0, 1.0, 0.0]]), dtype=dtype)
        loss = _np(K, K.binary_crossentropy(t, o))
        assert loss.dtype == np.dtype(dtype) and np.all(np.isfinite(loss)), f"{dtype}: {loss}"
        np.testing.assert_allclose(loss[0, :2], -np.log(eps), rtol=0.02)
        assert np.all(loss[0, 2:] < 1e-3), f"{dtype}: {loss}"
        loss = _np(K, K.categorical_crossentropy(K.constant(ONE_HOT, dtype=dtype), K.constant(P, dtype=dtype)))
        assert np.all(np.isfinite(loss)), f"{dtype}: {loss}"
        np.testing.assert_allclose(loss, -np.log(eps), rtol=0.02)
        loss = _np(K, K.sparse_categorical_crossentropy(K.constant(LABELS, dtype="int64"),
                                                        K.constant(P, dtype=dtype)))
        assert loss.dtype == np.dtype(dtype) and np.all(np.isfinite(loss)), f"{dtype}: {loss}"


def _check_from_logits_flag(K):
    """Any truthy ``from_logits`` counts, as in Keras (``if from_logits``)."""
    a = _np(K, K.categorical_crossentropy(K.constant(ONE_HOT), K.constant(P), from_logits=1))
    np.testing.assert_allclose(a, ref.categorical_crossentropy(ONE_HOT, P, from_logits=True), rtol=1e-5)


CHECKS = [
    CheckCase("dropout", _check_fraction(0.3), "fraction-and-scale-level=0.3"),
    CheckCase("dropout", _check_fraction(0.8), "fraction-and-scale-level=0.8"),
    CheckCase("dropout", _check_fraction(0.05), "fraction-and-scale-level=0.05"),
    CheckCase("dropout", _check_scaling("float16"), "scaling-exact-float16"),
    CheckCase("dropout", _check_scaling("float32"), "scaling-exact-float32"),
    CheckCase("dropout", _check_scaling("float64"), "scaling-exact-float64"),
    CheckCase("dropout", _check_int_input, "int-input-floatx"),
    CheckCase("dropout", _check_noise_shape, "noise_shape"),
    CheckCase("dropout", _check_seed, "seed-reproducible"),
    CheckCase("dropout", _check_level_zero, "level=0"),
    ErrorCase("dropout", (T(np.ones((3, 4))), -0.5), {}, ValueError, "negative-level"),
    ErrorCase("dropout", (T(np.ones((3, 4))), 1.0), {}, ValueError, "level=1"),
    ErrorCase("dropout", (T(np.ones((3, 4))), 1.5), {}, ValueError, "level>1"),
    ErrorCase("dropout", (T(np.ones((3, 4))), "a"), {}, TypeError, "string-level"),
    ErrorCase("dropout", (T(np.ones((3, 4))), 0.5), {"noise_shape": (3,)}, ValueError, "noise_shape-rank"),
    ErrorCase("dropout", (T(np.ones((3, 4))), 0.5), {"noise_shape": (3, 2)}, ValueError, "noise_shape-dims"),
    CheckCase("categorical_crossentropy", _check_epsilon_at_call_time, "epsilon-read-at-call-time"),
    CheckCase("binary_crossentropy", _check_finite_extremes, "finite-at-0-and-1-every-dtype"),
    CheckCase("categorical_crossentropy", _check_from_logits_flag, "truthy-from_logits"),
]
