"""JAX engine: graph hooks. Programs compile with ``jax.jit``; gradients come from ``jax.grad``.

A compiled ``K.function`` program runs where its variables live. When they live on several devices (or a mesh is
set with ``jax.set_mesh``), NumPy feeds are sharded along their batch axis (axis 0) over that mesh
(``devices.batch_sharding``: the mesh's first axis when it divides the batch, else replicated), and variables on a
single device are replicated over the mesh. The placement chosen for an input is the same on every call, so the
program compiles once per input signature.
"""
import jax
import numpy as np
from jax import lax

from kbackend.engine_api import holds_values, host_array

from .core import DTYPE_NAMES, ArrayImpl, convert
from .devices import batch_sharding, mesh_of, replicated

__all__ = ["jit", "feed", "grad_and_aux", "stop_gradient", "print_value", "release_caches"]

_get_mesh = jax.sharding.get_mesh
_device_put = jax.device_put
_ndarray = np.ndarray
_HOST_SCALARS = (bool, int, float)


def jit(program):
    """``program(feeds, variable_values, seed)`` compiled with ``jax.jit``, its inputs placed by the rule above."""
    return PlacedProgram(jax.jit(program))


class PlacedProgram:
    """A jitted ``K.function`` program that places its NumPy feeds and single-device variables on the mesh of the
    variables (or of ``jax.set_mesh``) before each call; on one device it calls the jitted program directly."""

    __slots__ = ("compiled", "_placed")

    def __init__(self, compiled):
        self.compiled = compiled
        self._placed = {}  # variable position -> (value given, its replicated copy), for values the program keeps

    def __call__(self, feeds, values, seed):
        mesh = _program_mesh(feeds, values)
        if mesh is not None:
            feeds = tuple(_placed_feed(f, mesh) for f in feeds)
            values = tuple(self._placed_value(i, v, mesh) for i, v in enumerate(values))
        return self.compiled(feeds, values, seed)

    def _placed_value(self, position, value, mesh):
        if type(value) is not ArrayImpl or (value.committed and len(value.sharding.device_set) > 1):
            return value
        source, placed = self._placed.get(position, (None, None))
        if source is not value or (placed.sharding.mesh is not mesh and placed.sharding.mesh != mesh):
            placed = _device_put(value, replicated(mesh))
            self._placed[position] = (value, placed)
        return placed


def _program_mesh(feeds, values):
    """The mesh a program runs on: the one set with ``jax.set_mesh``, else the mesh of the first variable spread
    over several devices, else that of the first feed spread over several devices; None on one device."""
    mesh = _get_mesh()
    if not mesh.empty:
        return mesh
    for group in (values, feeds):
        for value in group:
            if type(value) is ArrayImpl and value.committed:
                sharding = value.sharding
                if len(sharding.device_set) > 1:
                    return mesh_of(sharding)
    return None


def _placed_feed(value, mesh):
    """A NumPy (or uncommitted) feed sharded along its batch axis over ``mesh``; placed feeds stay as they are."""
    if type(value) is _ndarray or (type(value) is ArrayImpl and not value.committed):
        return _device_put(value, batch_sharding(mesh, value.shape))
    return value


def release_caches():
    """``jax.clear_caches()``: JAX keeps the compiled executables and traces of every program and of every
    operation's shapes and dtypes (about 10 MB per conformance case) until told to drop them."""
    jax.clear_caches()


def feed(value, dtype):
    """A value fed to a placeholder of ``dtype``: JAX arrays are converted (keeping their placement), other values
    become NumPy arrays of ``dtype`` (``jax.jit``, or the program's placement, moves them to the devices itself, for
    less than converting them first)."""
    if type(value) is _ndarray:
        return value if DTYPE_NAMES.get(value.dtype) == dtype else host_array(value, dtype)
    if type(value) in _HOST_SCALARS or (type(value) in (list, tuple) and not holds_values(value)):
        return host_array(value, dtype)
    return convert(value, dtype)


def grad_and_aux(loss_and_aux, points):
    """``jax.grad`` with ``has_aux``: the gradients, and the auxiliary values of the same run."""
    gradients, aux = jax.grad(loss_and_aux, argnums=tuple(range(len(points))), has_aux=True)(*points)
    return list(gradients), aux


def stop_gradient(x):
    return lax.stop_gradient(convert(x))


def print_value(x, message):
    jax.debug.print(message + " {}" if message else "{}", convert(x))
