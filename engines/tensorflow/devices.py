"""TensorFlow engine: devices (issue 11) and the placement hooks of the conformance suite.

TensorFlow's eager runtime runs an op on its default device (the first GPU if there is one, else ``CPU:0``) whatever
device its inputs live on, and copies the inputs there: an op on tensors placed on ``/CPU:1`` (a logical CPU) or
``/GPU:1`` gives a result on ``CPU:0`` / ``GPU:0``. kbackend keeps results where the inputs live instead: on a machine
with more than one logical device, every engine function runs under ``tf.device(d)``, ``d`` being the device of its
first tensor input that was explicitly placed (not on the default device, nor on the host CPU where TensorFlow makes
constants from Python and NumPy values). Tensors the function makes internally (zeros, constants, random draws,
dropout masks) are then made on ``d`` too. With inputs on the default devices, or on a machine with a single device,
nothing changes: there ``follow_inputs`` returns the function itself (no per-call cost). A ``tf.device`` scope costs
about 3-4 us per call, paid only by calls on placed tensors.
"""
import contextlib
import functools

from kbackend.engine_api import Variable as _BaseVariable

from ._loader import import_tensorflow

__all__ = ["placements", "place", "placement_of", "placement_scope"]

tf = import_tensorflow()
_EagerTensor = type(tf.constant(0))
_device_scope = tf.device
_Identity = tf.raw_ops.Identity

# The eager context is initialised by the constants above: the logical devices are fixed from here on.
_LOGICAL = tuple(device.name for device in tf.config.list_logical_devices())
MULTI_DEVICE = len(_LOGICAL) > 1
_HOST = tf.constant(0.0).device                       # where TensorFlow makes constants (the host CPU)
DEFAULT_DEVICE = _Identity(input=tf.constant(0.0)).device  # where an op with no device scope runs
_UNPLACED = frozenset((_HOST, DEFAULT_DEVICE))
_SEQUENCES = (list, tuple)
_NO_SCOPE = contextlib.nullcontext()


def _short(device):
    """'/job:localhost/replica:0/task:0/device:CPU:1' -> '/device:CPU:1' (the logical device's name)."""
    return device[device.index("/device:"):] if "/device:" in device else device


_PLACEMENTS = tuple(name for name in _LOGICAL if name not in {_short(d) for d in _UNPLACED})


def placed_device(value):
    """The device of ``value`` (an eager tensor, a kbackend variable, or a list/tuple of them) if it was placed
    explicitly (not on the default device nor the host CPU); else None."""
    if type(value) is _EagerTensor:
        device = value.device
        return None if device in _UNPLACED else device
    if isinstance(value, _BaseVariable):
        return placed_device(value.value)
    if type(value) in _SEQUENCES:
        for item in value:
            device = placed_device(item)
            if device is not None:
                return device
    return None


def _device_of_call(args, kwargs):
    for value in args:
        device = placed_device(value)
        if device is not None:
            return device
    for value in kwargs.values():
        device = placed_device(value)
        if device is not None:
            return device
    return None


def follow_inputs(function):
    """``function`` run under ``tf.device`` of its first placed tensor input (see the module docstring); on a
    machine with a single logical device, ``function`` itself.

    Arguments:
        function: an engine function taking tensors (anywhere in its arguments, or in lists of them).

    Returns:
        The function to list in the engine table.
    """
    if not MULTI_DEVICE:
        return function

    @functools.wraps(function)
    def on_input_device(*args, **kwargs):
        device = _device_of_call(args, kwargs)
        if device is None:
            return function(*args, **kwargs)
        with _device_scope(device):
            return function(*args, **kwargs)

    return on_input_device


def follow_inputs_in_module(namespace, names, skip=()):
    """Wrap the functions ``names`` of a module (its ``namespace``, ``globals()``) with ``follow_inputs``, except
    ``skip`` (functions that compute nothing, such as ``dtype_of``). Does nothing on a single-device machine.

    Arguments:
        namespace: the calling module's ``globals()``.
        names: the names to wrap (the module's ``__all__``); classes are left alone.
        skip: names that are not wrapped.
    """
    if not MULTI_DEVICE:
        return
    for name in names:
        value = namespace[name]
        if name not in skip and callable(value) and not isinstance(value, type):
            namespace[name] = follow_inputs(value)


def kept_on(new_value, old_value):
    """``new_value`` (an engine tensor) on the device of ``old_value`` (a variable keeps its device through
    assignments, as a ``tf.Variable`` does). Between the default device and the host CPU, the value goes where
    TensorFlow put it (a variable made from NumPy on a GPU machine lives on the host until its first update)."""
    if not MULTI_DEVICE or type(new_value) is not _EagerTensor or type(old_value) is not _EagerTensor:
        return new_value
    device, new_device = old_value.device, new_value.device
    if new_device == device or (device in _UNPLACED and new_device in _UNPLACED):
        return new_value
    with _device_scope(device):
        return _Identity(input=new_value)


# --- placement hooks (read by the conformance suite's placement property) --------------------------------------
def placements():
    """The logical devices of this machine besides the default ones, e.g. ``("/device:CPU:1",)`` once two logical
    CPUs are configured (``tf.config.set_logical_device_configuration`` before TensorFlow initialises).

    Returns:
        A tuple of device names (empty on a machine with one device).
    """
    return _PLACEMENTS


def place(x, placement):
    """A copy of the engine tensor ``x`` on the device ``placement``.

    Arguments:
        x: an eager ``tf.Tensor``.
        placement: a name from ``placements()``.

    Returns:
        The copy, a ``tf.Tensor`` on ``placement``.

    Raises:
        ValueError: ``placement`` is not one of ``placements()``.
    """
    if placement not in _PLACEMENTS:
        raise ValueError(f"Unknown placement {placement!r}: expected one of {_PLACEMENTS}")
    with _device_scope(placement):
        return _Identity(input=x)


def placement_of(x):
    """Where the engine tensor ``x`` lives: its canonical device string
    (``'/job:localhost/replica:0/task:0/device:CPU:1'``).

    Arguments:
        x: an eager ``tf.Tensor`` or a kbackend variable.

    Returns:
        The device string.
    """
    if isinstance(x, _BaseVariable):
        x = x.value
    return x.device


def placement_scope(x):
    """The scope in which TensorFlow's own operators run where ``x`` lives: ``tf.device`` of ``x``'s device when it
    was placed explicitly (shared code runs the function given to ``K.foldl``/``foldr``/``map_fn`` in it, so that the
    function's Python operators on tensors follow the inputs), else a scope that does nothing.

    Arguments:
        x: an eager ``tf.Tensor``, a kbackend variable, or any value.

    Returns:
        A context manager.
    """
    device = placed_device(x) if MULTI_DEVICE else None
    return _NO_SCOPE if device is None else _device_scope(device)
