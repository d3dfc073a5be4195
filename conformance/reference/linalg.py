"""Reference linear algebra (float64), with explicit loops where that is clearer than a library call."""
import numpy as np


def dot(x, y):
    """Last axis of x with the second-to-last of y (the last if y is 1-D)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if y.ndim == 1:
        return np.tensordot(x, y, axes=([x.ndim - 1], [0]))
    return np.tensordot(x, y, axes=([x.ndim - 1], [y.ndim - 2]))


def batch_dot(x, y, axes=None):
    """Per-sample tensordot over (axes[0]-1, axes[1]-1), with Keras 2.3 default axes; rank-1 results -> (b, 1)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if axes is None:
        axes = (x.ndim - 1, y.ndim - 1) if y.ndim == 2 else (x.ndim - 1, y.ndim - 2)
    elif isinstance(axes, int):
        axes = (axes, axes)
    a0, a1 = axes[0] % x.ndim, axes[1] % y.ndim
    samples = [np.tensordot(x[i], y[i], axes=(a0 - 1, a1 - 1)) for i in range(x.shape[0])]
    out = np.stack(samples)
    return out.reshape(out.shape[0], 1) if out.ndim == 1 else out


def transpose(x):
    return np.asarray(x).T


def gather(reference, indices):
    reference = np.asarray(reference)
    indices = np.asarray(indices)
    return np.stack([reference[i] for i in indices.reshape(-1)]).reshape(indices.shape + reference.shape[1:]) \
        if indices.size else np.zeros(indices.shape + reference.shape[1:], reference.dtype)
