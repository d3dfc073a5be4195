"""JAX engine: graph hooks. Programs compile with ``jax.jit``; gradients come from ``jax.grad``."""
import jax
from jax import lax

from .core import convert

__all__ = ["jit", "grad", "grad_and_aux", "stop_gradient", "print_value"]


def jit(program):
    return jax.jit(program)


def grad(loss_of, points):
    return list(jax.grad(loss_of, argnums=tuple(range(len(points))))(*points))


def grad_and_aux(loss_and_aux, points):
    """``jax.grad`` with ``has_aux``: the gradients, and the auxiliary values of the same run."""
    gradients, aux = jax.grad(loss_and_aux, argnums=tuple(range(len(points))), has_aux=True)(*points)
    return list(gradients), aux


def stop_gradient(x):
    return lax.stop_gradient(convert(x))


def print_value(x, message):
    jax.debug.print(message + " {}" if message else "{}", convert(x))
