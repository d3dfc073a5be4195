"""Generic dot and batch_dot on matmul, tensordot, permute and reshape; dot of sparse operands."""
from .. import _dtypes

__all__ = ["dot", "sparse_dot", "batch_dot"]


def dot(E, x, y):
    if E.is_sparse(x) or E.is_sparse(y):
        return sparse_dot(E, x, y)
    x, y = E.coerce_pair(x, y)
    x_ndim, y_ndim = len(E.shape_of(x)), len(E.shape_of(y))
    if x_ndim <= 2 and y_ndim <= 2:
        return E.matmul(x, y)
    return E.tensordot(x, y, ((x_ndim - 1,), (max(y_ndim - 2, 0),)))


def sparse_dot(E, x, y):
    """``dot`` with a sparse operand, as Keras 2 on TF: a 2-D sparse ``x`` times a 2-D ``y`` is the engine's sparse
    product (``sparse_matmul``, of one dtype by the promotion rule); any other sparse operand is densified first.
    The result is dense."""
    if E.is_sparse(y):
        y = E.to_dense(y)
    if E.is_sparse(x):
        y = E.convert(y)
        if len(E.shape_of(x)) == 2 and len(E.shape_of(y)) == 2:
            dtype = _dtypes.promote(E.dtype_of(x), E.dtype_of(y))
            x = x if E.dtype_of(x) == dtype else E.sparse_tensor(x, dtype)
            return E.sparse_matmul(x, E.convert(y, dtype))
        x = E.to_dense(x)
    return E.dot(x, y)


def _prod(values):
    out = 1
    for v in values:
        out *= v
    return out


def batch_dot(E, x, y, axes):
    """``axes`` is a pair of non-negative, non-zero ints, checked by the facade (which sends (b, n, k) x (b, k, m)
    straight to ``matmul``)."""
    x, y = E.coerce_pair(x, y)
    xs, ys = tuple(E.shape_of(x)), tuple(E.shape_of(y))
    a0, a1 = axes
    x_perm = tuple(i for i in range(len(xs)) if i != a0) + (a0,)
    y_perm = (0, a1) + tuple(i for i in range(1, len(ys)) if i != a1)
    x_rest = tuple(xs[i] for i in x_perm[1:-1])
    y_rest = tuple(ys[i] for i in y_perm[2:])
    batch, inner = xs[0], xs[a0]
    x3 = _reshaped(E, _permuted(E, x, x_perm), (batch, _prod(x_rest), inner))
    y3 = _reshaped(E, _permuted(E, y, y_perm), (batch, inner, _prod(y_rest)))
    out = _reshaped(E, E.matmul(x3, y3), (batch,) + x_rest + y_rest)
    if not x_rest and not y_rest:
        out = E.reshape(out, (batch, 1))
    return out


def _permuted(E, x, perm):
    """``x`` permuted; no call (and no copy) when ``perm`` is the identity, as for (b, n, k) x (b, k, m) inputs."""
    return x if perm == tuple(range(len(perm))) else E.permute(x, perm)


def _reshaped(E, x, shape):
    return x if tuple(E.shape_of(x)) == shape else E.reshape(x, shape)
