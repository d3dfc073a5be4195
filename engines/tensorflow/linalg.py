"""TensorFlow engine: matrix products with NumPy's semantics (1-D operands, broadcast batches, tensordot axes).

``BatchMatMulV2`` has kernels for float16/32/64 and int16/32/64; other integers compute in a wider signed type and
wrap back (as NumPy's integer matmul wraps), and bool matmul is "any of the pairwise ands", as in NumPy.
"""
import functools
import types

from kbackend.engine_api import coerce_with, sparse_dot

from .core import ENUMS, TF_DTYPES, EagerTensor, OpError, R, convert, dtype_of, enum_of, ints, numpy_error, shape_of, tf
from .devices import follow_inputs_in_module
from .math import WIDER, multiply
from .sparse import is_sparse, sparse_matmul, sparse_tensor, to_dense

__all__ = ["matmul", "tensordot", "dot", "batch_dot"]

_MATMUL_ENUMS = frozenset(ENUMS[n] for n in ("float16", "float32", "float64", "int16", "int32", "int64"))
_FLOAT_ENUMS = frozenset(ENUMS[n] for n in ("float16", "float32", "float64"))
_Cast = R.Cast


def _batch_matmul(x, y):
    """``BatchMatMulV2`` on two tensors of one dtype and rank >= 2, for any dtype."""
    if enum_of(x) in _MATMUL_ENUMS:
        return R.BatchMatMulV2(x=x, y=y)
    name = dtype_of(x)
    wide = TF_DTYPES["int32" if name == "bool" else WIDER[name]]
    out = R.BatchMatMulV2(x=_Cast(x=x, DstT=wide), y=_Cast(x=y, DstT=wide))
    if name == "bool":
        return R.NotEqual(x=out, y=_Cast(x=ints(0), DstT=wide))
    return _Cast(x=out, DstT=TF_DTYPES[name])


def matmul(x, y):
    if not (type(x) is EagerTensor and type(y) is EagerTensor and x._datatype_enum() == y._datatype_enum()):
        x, y = coerce_with(convert, dtype_of, x, y)
    x_ndim, y_ndim = x._rank(), y._rank()
    if x_ndim == 0 or y_ndim == 0:
        raise ValueError(f"matmul: Input operand {0 if x_ndim == 0 else 1} does not have enough dimensions")
    try:
        if x_ndim == 2 and y_ndim == 2 and enum_of(x) in _FLOAT_ENUMS:
            return R.MatMul(a=x, b=y)  # (its gradient is two MatMuls; BatchMatMulV2's adds broadcast reductions)
        if x_ndim >= 2 and y_ndim >= 2:
            return _batch_matmul(x, y)
        if x_ndim == 1:
            x = R.ExpandDims(input=x, axis=ints(0))
        if y_ndim == 1:
            y = R.ExpandDims(input=y, axis=ints(-1))
        out = _batch_matmul(x, y)
    except OpError as err:
        raise numpy_error(err) from None
    return R.Squeeze(input=out, axis=[-2, -1] if x_ndim == y_ndim else [-2] if x_ndim == 1 else [-1])


def _size(shape, axes):
    size = 1
    for a in axes:
        size *= shape[a]
    return size


@functools.lru_cache(maxsize=1024)
def _tensordot_plan(x_shape, y_shape, axes):
    """Permutations and 2-D shapes that turn ``tensordot`` into one matrix product, as int tensors."""
    if isinstance(axes, int):
        x_axes, y_axes = tuple(range(len(x_shape) - axes, len(x_shape))), tuple(range(axes))
    else:
        x_axes, y_axes = (tuple(a) if isinstance(a, (tuple, list)) else (a,) for a in axes)
    if len(x_axes) != len(y_axes):
        raise ValueError("shape-mismatch for sum")
    for a, b in zip(x_axes, y_axes):
        if not (-len(x_shape) <= a < len(x_shape) and -len(y_shape) <= b < len(y_shape)):
            raise IndexError("tuple index out of range")  # as np.tensordot
        if x_shape[a] != y_shape[b]:
            raise ValueError("shape-mismatch for sum")
    x_axes = tuple(a % len(x_shape) for a in x_axes)
    y_axes = tuple(b % len(y_shape) for b in y_axes)
    x_free = tuple(a for a in range(len(x_shape)) if a not in x_axes)
    y_free = tuple(b for b in range(len(y_shape)) if b not in y_axes)
    inner, rows, cols = _size(x_shape, x_axes), _size(x_shape, x_free), _size(y_shape, y_free)
    x_perm, y_perm = x_free + x_axes, y_axes + y_free
    return (None if x_perm == tuple(range(len(x_shape))) else ints(x_perm),
            ints((rows, inner)),
            None if y_perm == tuple(range(len(y_shape))) else ints(y_perm),
            ints((inner, cols)),
            ints(tuple(x_shape[a] for a in x_free) + tuple(y_shape[b] for b in y_free)))


def tensordot(x, y, axes):
    x, y = coerce_with(convert, dtype_of, x, y)
    x_shape, y_shape = shape_of(x), shape_of(y)
    if isinstance(axes, list):
        axes = tuple(tuple(a) if isinstance(a, list) else a for a in axes)
    if None in x_shape or None in y_shape:  # a graph tensor of unknown dimensions
        return tf.tensordot(x, y, axes if isinstance(axes, int) else [list(a) for a in axes])
    x_perm, x_2d, y_perm, y_2d, out_shape = _tensordot_plan(x_shape, y_shape, axes)
    if x_perm is not None:
        x = R.Transpose(x=x, perm=x_perm)
    if y_perm is not None:
        y = R.Transpose(x=y, perm=y_perm)
    out = _batch_matmul(R.Reshape(tensor=x, shape=x_2d), R.Reshape(tensor=y, shape=y_2d))
    return R.Reshape(tensor=out, shape=out_shape)


def dot(x, y):
    if not (type(x) is EagerTensor and type(y) is EagerTensor and x._datatype_enum() == y._datatype_enum()):
        if is_sparse(x) or is_sparse(y):
            return _sparse_dot(x, y)
        x, y = coerce_with(convert, dtype_of, x, y)
    x_ndim, y_ndim = x._rank(), y._rank()
    if y_ndim <= 2:
        if x_ndim >= 1 and y_ndim >= 1:
            return matmul(x, y)
        return multiply(x, y)
    return tensordot(x, y, ((x_ndim - 1,), (y_ndim - 2,)))


def _sparse_dot(x, y):
    """``dot`` with a sparse operand: the generic version (``kbackend.generic.linalg.sparse_dot``) on this engine's
    functions."""
    return sparse_dot(_SPARSE_DOT_OPS, x, y)


def batch_dot(x, y, axes):
    """Per-sample tensordot over ``axes`` (a facade-checked pair of non-zero axes), as one batched matmul; the batch
    dimension may be unknown (None) in a graph."""
    x, y = coerce_with(convert, dtype_of, x, y)
    xs, ys = shape_of(x), shape_of(y)
    a0, a1 = axes
    x_perm = tuple(i for i in range(len(xs)) if i != a0) + (a0,)
    y_perm = (0, a1) + tuple(i for i in range(1, len(ys)) if i != a1)
    x_rest, y_rest = tuple(xs[i] for i in x_perm[1:-1]), tuple(ys[i] for i in y_perm[2:])
    batch = -1 if xs[0] is None else xs[0]
    x3 = R.Reshape(tensor=R.Transpose(x=x, perm=ints(x_perm)), shape=ints((batch, _size(x_rest, range(len(x_rest))),
                                                                           xs[a0])))
    y3 = R.Reshape(tensor=R.Transpose(x=y, perm=ints(y_perm)), shape=ints((batch, ys[a1],
                                                                           _size(y_rest, range(len(y_rest))))))
    out_shape = (batch,) + x_rest + y_rest if x_rest or y_rest else (batch, 1)
    return R.Reshape(tensor=_batch_matmul(x3, y3), shape=ints(out_shape))


_SPARSE_DOT_OPS = types.SimpleNamespace(is_sparse=is_sparse, to_dense=to_dense, convert=convert, shape_of=shape_of,
                                        dtype_of=dtype_of, sparse_tensor=sparse_tensor, sparse_matmul=sparse_matmul,
                                        dot=dot)


follow_inputs_in_module(globals(), __all__)
