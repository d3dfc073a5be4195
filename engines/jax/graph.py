"""JAX engine: graph hooks. Programs compile with ``jax.jit``; gradients come from ``jax.grad``."""
import jax
from jax import lax

from .core import convert

__all__ = ["jit", "grad", "stop_gradient", "print_value"]


def jit(program):
    return jax.jit(program)


def grad(loss_of, points):
    return list(jax.grad(loss_of, argnums=tuple(range(len(points))))(*points))


def stop_gradient(x):
    return lax.stop_gradient(convert(x))


def print_value(x, message):
    jax.debug.print(message + " {}" if message else "{}", convert(x))
