"""Public API: configuration and global state."""
import contextlib
import functools

import numpy as np

from .. import _config, _state
from .._config import SETTINGS
from .._registry import ops as _ops
from ..graph.dispatch import SymbolicTensor, enter_graph_mode
from ..graph.evaluate import evaluate

SESSION = _state.SESSION


def backend():
    """The name of the active engine (a registered name such as ``'numpy'``, or the dotted module path given)."""
    return _ops._engine.name


def epsilon():
    """The fuzz factor used in numeric expressions (default ``1e-7``)."""
    return SETTINGS.epsilon


def set_epsilon(e):
    """Set the fuzz factor; ``e`` must be a positive number (stored as a float)."""
    SETTINGS.epsilon = _config.check_epsilon(e, "set_epsilon")


def floatx():
    """The default float type as a string: ``'float16'``, ``'float32'`` or ``'float64'``."""
    return SETTINGS.floatx


def set_floatx(floatx):
    """Set the default float type; anything but float16/float32/float64 is a ValueError."""
    SETTINGS.floatx = _config.check_floatx(floatx, "set_floatx")


def cast_to_floatx(x):
    """``x`` as a NumPy array of dtype ``floatx()`` (NumPy in, NumPy out)."""
    return np.asarray(x, dtype=SETTINGS.floatx)


def image_data_format():
    """The default image data format: ``'channels_last'`` or ``'channels_first'``."""
    return SETTINGS.image_data_format


def set_image_data_format(data_format):
    """Set the default image data format; anything but channels_last/channels_first is a ValueError."""
    if data_format not in _config.DATA_FORMATS:
        raise ValueError(f"Unknown data_format: {data_format!r}; expected 'channels_last' or 'channels_first'")
    SETTINGS.image_data_format = str(data_format)


def normalize_data_format(value):
    """``None`` -> ``image_data_format()``; otherwise the lower-cased value, which must be a known data format."""
    if value is None:
        return SETTINGS.image_data_format
    return _config.check_data_format(value)


def get_uid(prefix=""):
    """A per-prefix counter: 1 for the first call with ``prefix``, then 2, 3, ... (safe across threads)."""
    return _state.next_uid(prefix)


def reset_uids():
    """Reset every ``get_uid`` counter."""
    SESSION.uids.clear()


def clear_session():
    """Reset the global state: uids, the learning phase and the session; leave graph mode (symbolic tensors made
    before cannot be used after)."""
    _state.reset_session()


def manual_variable_initialization(value):
    """Record whether variables are initialised by hand (eager engines initialise them at creation)."""
    SESSION.manual_init = bool(value)


def learning_phase():
    """The learning phase: the value given to ``set_learning_phase`` if any, else a symbolic int32 scalar that
    ``K.function`` accepts as an input and that is 0 (test mode) when not fed."""
    if SESSION.learning_phase_value is not None:
        return SESSION.learning_phase_value
    if SESSION.learning_phase_tensor is None:
        SESSION.learning_phase_tensor = SymbolicTensor((), "int32", name="keras_learning_phase", is_placeholder=True)
    return SESSION.learning_phase_tensor


def _check_phase(value):
    if value not in (0, 1) or isinstance(value, float):
        raise ValueError(f"Expected learning phase to be 0 or 1, got {value!r}")
    return int(value)


def set_learning_phase(value):
    """Fix the learning phase to 0 (test) or 1 (train); anything else is a ValueError."""
    SESSION.learning_phase_value = _check_phase(value)


def learning_phase_scope(value):
    """Within the block the learning phase is ``value`` (0 or 1); the previous setting is restored after."""
    return _phase_scope(_check_phase(value))


@contextlib.contextmanager
def _phase_scope(value):
    previous = SESSION.learning_phase_value
    SESSION.learning_phase_value = value
    try:
        yield value
    finally:
        SESSION.learning_phase_value = previous


@contextlib.contextmanager
def name_scope(name):
    """A context in which ``name`` is pushed on the name-scope stack (``'/'``-joined scope in ``scope``)."""
    if not isinstance(name, str):
        raise TypeError(f"name_scope() expects a string name, got {type(name).__name__}")
    scopes = _state.THREAD.name_scopes
    scopes.append(name)
    try:
        yield "/".join(scopes)
    finally:
        scopes.pop()


def symbolic(func):
    """Decorator: ``func`` runs in graph mode (operations on variables and random functions are recorded, so
    that ``K.gradients`` and ``K.function`` can use them), as Keras 2.3 entered its graph with it."""
    @functools.wraps(func)
    def in_graph(*args, **kwargs):
        enter_graph_mode()
        return func(*args, **kwargs)
    return in_graph


def eager(func):
    """Decorator kept for Keras 2.3 compatibility; returns ``func`` unchanged (eager is the default)."""
    return func


@contextlib.contextmanager
def control_dependencies(control_inputs):
    """A context whose operations run after ``control_inputs`` (eager engines have already run them)."""
    if control_inputs is not None and not isinstance(control_inputs, (list, tuple)):
        raise TypeError("control_dependencies() expects a list of tensors or None")
    yield


class Session:
    """The object ``get_session()`` returns: ``run(fetches)`` evaluates tensors to NumPy values."""

    def run(self, fetches, feed_dict=None):
        """The values of ``fetches`` (a tensor or a list of tensors) as NumPy arrays, with ``feed_dict``
        ({placeholder: value}) feeding the placeholders they need."""
        tensors = list(fetches) if isinstance(fetches, (list, tuple)) else [fetches]
        values = [_ops.to_numpy(v) for v in evaluate(tensors, feed_dict)]
        return values if isinstance(fetches, (list, tuple)) else values[0]


def get_session():
    """The current session object (created on first use); kept for Keras 2 code that asks for one."""
    if SESSION.session is None:
        SESSION.session = Session()
    return SESSION.session


def set_session(session):
    """Replace the session returned by ``get_session``."""
    SESSION.session = session
