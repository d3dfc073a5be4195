"""Public API: linear algebra (dot, batch_dot, transpose, gather)."""
import functools
import numbers

from .._registry import ops as _ops
from .tensors import int_shape


def dot(x, y):
    """Matrix product; for N-D inputs the last axis of ``x`` is contracted with the second-to-last axis of ``y``
    (shape ``x.shape[:-1] + y.shape[:-2] + y.shape[-1:]``, e.g. (2,3).(4,3,5) -> (2,4,5)).

    A sparse ``x`` (an engine sparse tensor, e.g. ``K.variable(scipy_matrix)``) of rank 2 times a rank-2 ``y`` is the
    engine's sparse-dense product, as Keras 2 on TF computed it; any other sparse operand is densified first. The
    result is dense. Mixed dtypes follow the promotion rule.

    Arguments:
        x: a tensor (dense or sparse).
        y: a tensor (dense or sparse).

    Returns:
        A dense tensor.

    Raises:
        ValueError: the contracted dimensions differ.
        TypeError: an operand is not numeric.
    """
    return _ops.dot(x, y)


@functools.lru_cache(maxsize=1024)
def _batch_dot_axes(x_shape, y_shape, axes):
    x_ndim, y_ndim = len(x_shape), len(y_shape)
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError(f"batch_dot() needs inputs of rank >= 2, got shapes {x_shape} and {y_shape}")
    if x_shape[0] is not None and y_shape[0] is not None and x_shape[0] != y_shape[0]:
        raise ValueError(f"batch_dot(): the batch sizes differ: {x_shape} and {y_shape}")
    if axes is None:
        axes = (x_ndim - 1, y_ndim - 1) if y_ndim == 2 else (x_ndim - 1, y_ndim - 2)
    elif isinstance(axes, numbers.Integral) and not isinstance(axes, bool):
        axes = (axes, axes)
    if not isinstance(axes, tuple) or len(axes) != 2:
        raise ValueError(f"batch_dot(): axes must be None, an int or a pair of ints, got {axes!r}")
    if not all(isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in axes):
        raise ValueError(f"Multiple target dimensions are not supported: batch_dot() axes must be ints, got {axes!r}")
    a0, a1 = axes
    if not (-x_ndim <= a0 < x_ndim and -y_ndim <= a1 < y_ndim):
        raise ValueError(f"batch_dot(): axes {axes} out of range for shapes {x_shape} and {y_shape}")
    a0, a1 = a0 % x_ndim, a1 % y_ndim
    if a0 == 0 or a1 == 0:
        raise ValueError(f"Can not perform batch_dot over axis 0 (the batch axis): axes {axes} for shapes "
                         f"{x_shape} and {y_shape}")
    d0, d1 = x_shape[a0], y_shape[a1]
    if d0 is not None and d1 is not None and d0 != d1:
        raise ValueError(f"batch_dot(): cannot contract axis {a0} of shape {x_shape} (size {d0}) with axis "
                         f"{a1} of shape {y_shape} (size {d1})")
    return a0, a1


def batch_dot(x, y, axes=None):
    """Per-sample ``tensordot`` of ``x`` and ``y`` over ``axes`` (Keras 2.3 rules: default axes ``(x.ndim-1,
    y.ndim-1)`` if ``y`` is 2-D else ``(x.ndim-1, y.ndim-2)``; axis 0 is an error; a rank-1 result becomes
    ``(batch, 1)``)."""
    if isinstance(axes, list):
        axes = tuple(tuple(a) if isinstance(a, list) else a for a in axes)
    x_shape, y_shape = int_shape(x), int_shape(y)
    try:
        normalized = _batch_dot_axes(x_shape, y_shape, axes)
    except TypeError:  # unhashable axes
        raise ValueError(f"Multiple target dimensions are not supported: batch_dot() axes must be ints, "
                         f"got {axes!r}") from None
    if normalized == (2, 1) and len(x_shape) == 3 and len(y_shape) == 3:  # (b, n, k) x (b, k, m): a matmul
        return _ops.matmul(x, y)
    return _ops.batch_dot(x, y, normalized)


def transpose(x):
    """``x`` with the order of all its axes reversed."""
    return _ops.permute(x, tuple(range(_ops.ndim(x) - 1, -1, -1)))


def gather(reference, indices):
    """Rows of ``reference`` (along axis 0) at the integer ``indices``; shape
    ``indices.shape + reference.shape[1:]``."""
    return _ops.gather(reference, indices)


ENGINE_FUNCTIONS = {"dot": "dot", "batch_dot": "batch_dot", "gather": "gather", "transpose": "permute"}
