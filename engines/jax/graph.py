"""JAX engine: graph hooks. Programs compile with ``jax.jit``; gradients come from ``jax.grad``."""
import jax
import numpy as np
from jax import lax

from .core import DTYPE_NAMES, convert

__all__ = ["jit", "feed", "grad_and_aux", "stop_gradient", "print_value", "release_caches"]


def jit(program):
    return jax.jit(program)


def release_caches():
    """``jax.clear_caches()``: JAX keeps the compiled executables and traces of every program and of every
    operation's shapes and dtypes (about 10 MB per conformance case) until told to drop them."""
    jax.clear_caches()


def feed(value, dtype):
    """NumPy arrays of the right dtype go into the compiled program as they are: ``jax.jit`` moves them to the
    device itself, for less than converting them first."""
    if type(value) is np.ndarray and DTYPE_NAMES.get(value.dtype) == dtype:
        return value
    return convert(value, dtype)


def grad_and_aux(loss_and_aux, points):
    """``jax.grad`` with ``has_aux``: the gradients, and the auxiliary values of the same run."""
    gradients, aux = jax.grad(loss_and_aux, argnums=tuple(range(len(points))), has_aux=True)(*points)
    return list(gradients), aux


def stop_gradient(x):
    return lax.stop_gradient(convert(x))


def print_value(x, message):
    jax.debug.print(message + " {}" if message else "{}", convert(x))
