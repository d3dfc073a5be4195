"""JAX engine: placements (the hooks of the conformance placement property) and the placement rules of the engine.

JAX says where an array lives with its sharding (``x.sharding``): one device, or a ``NamedSharding`` over a
``jax.sharding.Mesh``. An array is *committed* when it was placed explicitly (``jax.device_put`` with a device or a
sharding) or computed from committed arrays; uncommitted arrays (made from NumPy or Python values) live on the
default device and go wherever a computation needs them. kbackend follows JAX's rules and adds these:

- tensors kbackend makes from a tensor (``zeros_like``, ``ones_like``) take its sharding;
- a variable keeps its placement when given NumPy or Python values or uncommitted arrays (``set_value``,
  ``update*``, ``moving_average_update``); a committed JAX array given to it brings its own placement (this is how a
  variable is placed: ``K.variable(jax.device_put(w, sharding))`` or ``K.set_value(v, jax.device_put(w, sharding))``);
- ``K.function`` places NumPy feeds along their batch axis (axis 0) over the mesh of the variables (see
  ``batch_sharding``) or the mesh set with ``jax.set_mesh``.
"""
import functools

import jax
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec

from kbackend.engine_api import Variable as _BaseVariable

from .core import ArrayImpl

__all__ = ["placements", "place", "placement_of", "placed_like"]

MESH = "mesh"
_AXIS = "batch"


@functools.lru_cache(maxsize=None)
def placements():
    """The placements available besides the default device: ``("mesh",)`` when JAX sees more than one device
    (``XLA_FLAGS=--xla_force_host_platform_device_count=8`` gives 8 CPU devices), else ``()``.

    Returns:
        A tuple of placement names.
    """
    return (MESH,) if jax.device_count() > 1 else ()


def _prime_factors(number):
    factors, divisor = [], 2
    while number > 1:
        while number % divisor == 0:
            factors.append(divisor)
            number //= divisor
        divisor += 1
    return factors


@functools.lru_cache(maxsize=None)
def _placement_mesh():
    """One mesh of every device, with an axis per prime factor of their number (8 devices: 2 x 2 x 2), so that an
    array is sharded in 8, 4 or 2 pieces over a prefix of its axes. Every placed array lives on this one mesh: JAX
    refuses to combine arrays on different device sets, and GSPMD arrays on different meshes."""
    devices = np.array(jax.devices())
    factors = _prime_factors(devices.size) or [1]
    return Mesh(devices.reshape(factors), tuple(f"{_AXIS}{i}" for i in range(len(factors))))


def place(x, placement):
    """``x`` put on ``placement``.

    Arguments:
        x: a JAX array (or a variable, whose value is placed).
        placement: ``"mesh"``: sharded along axis 0 in as many pieces as the largest divisor of the number of
            devices that divides ``x.shape[0]`` (8, 4, 2), each piece replicated over the other devices; replicated
            over all devices when none divides or ``x`` is 0-d. Every placed array lives on all the devices.

    Returns:
        The placed ``jax.Array``.

    Raises:
        ValueError: ``placement`` is not one of ``placements()``.
    """
    if placement not in placements():
        raise ValueError(f"Unknown placement {placement!r}: expected one of {placements()}")
    if isinstance(x, _BaseVariable):
        x = x.value
    mesh = _placement_mesh()
    size = x.shape[0] if x.ndim else 0
    axes = list(mesh.axis_names)
    while axes:  # the longest prefix of the mesh's axes whose devices divide the batch
        pieces = int(np.prod([mesh.shape[axis] for axis in axes]))
        if size and size % pieces == 0 and pieces > 1:
            return jax.device_put(x, NamedSharding(mesh, PartitionSpec(tuple(axes))))
        axes.pop()
    return jax.device_put(x, NamedSharding(mesh, PartitionSpec()))


def placement_of(x):
    """Where ``x`` lives: the frozenset of the ids of its devices (a batch sharded over 8 devices and a result
    replicated over the same 8 compare equal).

    Arguments:
        x: a JAX array or a variable.

    Returns:
        A frozenset of ints.

    Raises:
        TypeError: ``x`` is not a concrete JAX array.
    """
    if isinstance(x, _BaseVariable):
        x = x.value
    if not isinstance(x, jax.Array) or isinstance(x, jax.core.Tracer):
        raise TypeError(f"placement_of() expects a concrete JAX array, got {type(x).__name__}")
    return frozenset(device.id for device in x.sharding.device_set)




# --- the engine's own placement rules ----------------------------------------------------------------------------
def sharding_of(x):
    """The sharding of a committed concrete array ``x``, else None (uncommitted arrays, tracers, NumPy)."""
    if type(x) is ArrayImpl and x.committed:
        return x.sharding
    return None


def spread(sharding):
    """Whether ``sharding`` covers more than one device."""
    return len(sharding.device_set) > 1


def mesh_of(sharding):
    """The mesh of a sharding over several devices: its own mesh for a ``NamedSharding`` with a concrete mesh, else a
    one-axis mesh of its devices (in the order of their ids)."""
    mesh = getattr(sharding, "mesh", None)
    if isinstance(mesh, Mesh):
        return mesh
    return _mesh_of_devices(tuple(sorted(sharding.device_set, key=lambda device: device.id)))


def placed_like(x, like):
    """``x`` on the devices of ``like`` when ``like`` was placed (committed): on its device, or replicated over its
    devices when it spreads over several (the results of a host algorithm, such as CTC decoding, join their input).

    Arguments:
        x: a JAX array.
        like: a JAX array.

    Returns:
        A JAX array.
    """
    sharding = sharding_of(like)
    if sharding is None or sharding == x.sharding:
        return x
    return jax.device_put(x, NamedSharding(mesh_of(sharding), PartitionSpec()) if spread(sharding) else sharding)


def unsharded(x):
    """``x`` replicated over its devices when it is split over several (a sharded kernel); else ``x`` itself.
    XLA's SPMD partitioner computes wrong values (times the replica count) for ``lax.conv_general_dilated`` with
    the input and the kernel both split along axis 0 (reproduced with ``jax.jit`` and ``lax`` alone; jax 0.10.2,
    CPU): convolutions take their kernel whole."""
    sharding = sharding_of(x)
    if sharding is None or sharding.is_fully_replicated:
        return x
    return jax.device_put(x, NamedSharding(mesh_of(sharding), PartitionSpec()))


def empty_placed_like(result, *inputs):
    """The size-0 ``result`` on the placement of the first committed array of ``inputs``. JAX folds a jitted
    ``jnp.where``/``jnp.take`` of size-0 arrays into a constant, which it makes on the default device whatever its
    inputs' sharding (reproduced in plain JAX 0.10: ``jax.jit(lambda x: jnp.where(x < 0, 0., x))`` of an empty
    sharded array); callers test ``result.size`` first (the hot path) and call this only for empty results, which
    are then replicated over the inputs' devices.

    Arguments:
        result: a JAX array holding no elements.
        inputs: the arrays (or other values) the result was computed from.

    Returns:
        A JAX array.
    """
    for value in inputs:
        if sharding_of(value) is not None:
            return placed_like(result, value)
    return result


@functools.lru_cache(maxsize=64)
def _mesh_of_devices(devices):
    return Mesh(np.array(devices), (_AXIS,))


@functools.lru_cache(maxsize=256)
def batch_sharding(mesh, shape):
    """Where a host array of ``shape`` fed to a program on ``mesh`` goes: sharded along axis 0 over the mesh's first
    axis (the data axis by JAX's convention, as in ``jax.make_mesh((4, 2), ("data", "model"))``) when that axis
    divides the batch, else replicated over the mesh."""
    axis = mesh.axis_names[0]
    if shape and shape[0] and shape[0] % mesh.shape[axis] == 0:
        return NamedSharding(mesh, PartitionSpec(axis))
    return NamedSharding(mesh, PartitionSpec())


@functools.lru_cache(maxsize=256)
def replicated(mesh):
    """Every device of ``mesh`` holds the whole array."""
    return NamedSharding(mesh, PartitionSpec())
