"""The NumPy engine's autodiff helpers: the scatter-add VJP of ``take`` against the explicit Jacobian (both the
one-hot matmul and the ``np.add.at`` paths, indices of rank 0 to 2, negative indices, ``axis=None``)."""
import numpy as np
import pytest

pytest.importorskip("autograd")
from kbackend.engines.numpy.autodiff import _ONE_HOT_MAX, _take_vjp  # noqa: E402

RNG = np.random.default_rng(5)
CASES = [
    ((5, 7, 3), 1, (4, 2)),
    ((5, _ONE_HOT_MAX + 9, 3), 1, (30, 3)),   # np.add.at path
    ((4, 6), None, (5,)),
    ((3, 4), 0, ()),
    ((6,), 0, (8,)),
    ((2, 3, 5), 2, (3, 4)),
]


@pytest.mark.parametrize("shape,axis,index_shape", CASES)
def test_take_vjp_is_the_transposed_gather(shape, axis, index_shape):
    n = int(np.prod(shape)) if axis is None else shape[axis]
    indices = RNG.integers(-n, n, index_shape)
    cotangent = RNG.normal(size=np.take(np.zeros(shape), indices, axis).shape)
    expected = np.zeros(int(np.prod(shape)))
    for i in range(expected.size):   # row i of the Jacobian of take, applied to the cotangent
        basis = np.zeros(expected.size)
        basis[i] = 1.0
        expected[i] = np.sum(np.take(basis.reshape(shape), indices, axis) * cotangent)
    got = _take_vjp(cotangent, shape, indices, axis)
    assert got.shape == shape
    np.testing.assert_allclose(got.reshape(-1), expected, rtol=1e-12, atol=1e-12)
