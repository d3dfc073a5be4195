"""NumPy engine: the crossentropy of a softmax as one ``autograd`` primitive, for the autodiff twin.

A Keras 2 classifier's loss, recorded from the logits (``kbackend.graph.fusion``), is otherwise about 15 traced
primitives (log-softmax, the clip's comparisons and selections, product, sum); each costs autograd several µs of
boxing and bookkeeping, which dominates a small model's training step. Here the engine's own function computes the
value and the VJP is the closed form. With ``l = log_softmax(z)``, ``c = clip(l, log eps, log(1 - eps))`` and
``L = -sum(t * c)`` over the class axis, for a cotangent ``g`` of ``L``:

* ``dL/dz = u - softmax(z) * sum(u)`` with ``u = -g * t * m`` (``m``: where ``l`` lies within the bounds, ties
  included, as the clip passes the gradient at its bounds);
* ``dL/dt = -g * c``.
"""
import numpy as np
from autograd.extend import defvjp, primitive

from kbackend.engine_api import Variable, log_probability_bounds

from . import nn as _native
from .core import DTYPE_NAMES

__all__ = ["LOSS_KERNELS"]

softmax_categorical_crossentropy = primitive(_native.softmax_categorical_crossentropy)


def _parts(logits, axis, epsilon):
    """(unclipped log-probabilities, clipped ones, the mask where the clip passes the gradient)"""
    log_p = _native.log_softmax(logits, axis)
    low, high = log_probability_bounds(epsilon, DTYPE_NAMES[log_p.dtype])
    return log_p, np.clip(log_p, low, high), (log_p >= low) & (log_p <= high)


def _in_dtype_of(gradient, value):
    dtype = np.result_type(value)
    return gradient.astype(dtype, copy=False) if dtype.kind == "f" else gradient


def _target_vjp(ans, target, logits, axis, epsilon):
    _, clipped, _ = _parts(logits, axis, epsilon)
    return lambda g: _in_dtype_of(-np.expand_dims(np.asarray(g), axis) * clipped, target)


def _logits_vjp(ans, target, logits, axis, epsilon):
    log_p, _, inside = _parts(logits, axis, epsilon)
    weights = np.asarray(target, dtype=log_p.dtype) * inside
    probabilities = np.exp(log_p)

    def vjp(g):
        u = -np.expand_dims(np.asarray(g), axis) * weights
        return _in_dtype_of(u - probabilities * np.sum(u, axis, keepdims=True), logits)
    return vjp


defvjp(softmax_categorical_crossentropy, _target_vjp, _logits_vjp)


def _twin(target, logits, axis, epsilon):
    """Variables are read first (in the twin their value may be a traced box)."""
    target = target.value if isinstance(target, Variable) else target
    logits = logits.value if isinstance(logits, Variable) else logits
    return softmax_categorical_crossentropy(target, logits, axis, epsilon)


LOSS_KERNELS = {"softmax_categorical_crossentropy": _twin}
