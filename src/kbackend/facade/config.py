"""Public API: configuration and global state.

The settings (``floatx``, ``epsilon``, ``image_data_format``) start from ``keras.json`` (see the README) and are
process-wide; ``set_*`` changes them for every thread from then on. None of these functions records a graph node;
``learning_phase()`` creates a symbolic tensor (and so starts graph mode) when no phase has been fixed.
"""
import contextlib
import functools
from typing import Any, Callable, ContextManager, Iterator, Optional, Sequence, Union

import numpy as np

from .. import _config, _state
from .._config import SETTINGS
from .._registry import ops as _ops
from .._types import Tensor, TensorLike
from ..graph import dependencies
from ..graph.dispatch import SymbolicTensor, enter_graph_mode
from ..graph.evaluate import evaluate

SESSION = _state.SESSION
THREAD = _state.THREAD


def backend() -> str:
    """The name of the active engine.

    The name is the one the engine was selected by: a registered name (``'numpy'``, ``'torch'``, ``'jax'``,
    ``'tensorflow'`` or a third-party engine's name) or the dotted module path of an external engine. Inside a
    ``kbackend.backend_scope`` block it is the engine of that block (the active engine is per thread).

    Arguments:
        None.

    Returns:
        A Python str.

    Raises:
        Nothing (the engine is loaded when kbackend is imported).
    """
    return _ops._engine.name


def epsilon() -> float:
    """The fuzz factor added in numeric expressions to avoid a division by zero or a log of zero.

    It starts as ``1e-7`` (or the ``epsilon`` of keras.json) and is read at call time by the functions that use it
    (the crossentropies, ``ctc_batch_cost``, ``ctc_decode``), so ``set_epsilon`` affects later calls.

    Arguments:
        None.

    Returns:
        A Python float.

    Raises:
        Nothing.
    """
    return SETTINGS.epsilon


def set_epsilon(e: float) -> None:
    """Set the fuzz factor returned by ``epsilon()``.

    Arguments:
        e: a positive number (an int, a float or a numeric string); it is stored as a Python float.

    Returns:
        None.

    Raises:
        ValueError: ``e`` is not a number or is not positive.
    """
    SETTINGS.epsilon = _config.check_epsilon(e, "set_epsilon")


def floatx() -> str:
    """The default float type: the dtype that ``dtype=None`` means throughout the API.

    It starts as ``'float32'`` (or the ``floatx`` of keras.json). It is also the dtype in which integer inputs of
    ``mean``, ``var``, ``std``, ``sqrt``, ``exp``, ``log``, ``sin`` and ``cos`` are computed.

    Arguments:
        None.

    Returns:
        A Python str: ``'float16'``, ``'float32'`` or ``'float64'``.

    Raises:
        Nothing.
    """
    return SETTINGS.floatx


def set_floatx(floatx: str) -> None:
    """Set the default float type returned by ``floatx()``; tensors made before keep their dtype.

    Arguments:
        floatx: ``'float16'``, ``'float32'`` or ``'float64'`` (a NumPy dtype equal to one of them is accepted).

    Returns:
        None.

    Raises:
        ValueError: any other value.
    """
    SETTINGS.floatx = _config.check_floatx(floatx, "set_floatx")


def cast_to_floatx(x: TensorLike) -> np.ndarray:
    """``x`` as a NumPy array of dtype ``floatx()`` (NumPy in, NumPy out, on every engine).

    Arguments:
        x: a NumPy array, a Python number or a nested list of numbers (anything ``numpy.asarray`` converts).

    Returns:
        A NumPy array (``numpy.ndarray``) of dtype ``floatx()``, a copy unless ``x`` already has that dtype.

    Raises:
        ValueError: ``x`` holds strings that are not numbers, or is a ragged nested list.
        TypeError: ``x`` holds values that cannot become floats (complex numbers, objects).
    """
    return np.asarray(x, dtype=SETTINGS.floatx)


def image_data_format() -> str:
    """The default image data format: what ``data_format=None`` means in convolution, pooling and padding.

    ``'channels_last'`` puts the channels on the last axis (``(batch, rows, cols, channels)``);
    ``'channels_first'`` puts them on axis 1 (``(batch, channels, rows, cols)``). It starts as
    ``'channels_last'`` (or the ``image_data_format`` of keras.json).

    Arguments:
        None.

    Returns:
        A Python str: ``'channels_last'`` or ``'channels_first'``.

    Raises:
        Nothing.
    """
    return SETTINGS.image_data_format


def set_image_data_format(data_format: str) -> None:
    """Set the default image data format returned by ``image_data_format()``.

    Arguments:
        data_format: ``'channels_last'`` or ``'channels_first'`` (exactly, in lower case).

    Returns:
        None.

    Raises:
        ValueError: any other value.
    """
    if data_format not in _config.DATA_FORMATS:
        raise ValueError(f"Unknown data_format: {data_format!r}; expected 'channels_last' or 'channels_first'")
    SETTINGS.image_data_format = str(data_format)


def normalize_data_format(value: Optional[str]) -> str:
    """A ``data_format`` argument in canonical form: ``None`` gives ``image_data_format()``.

    Arguments:
        value: None, ``'channels_last'`` or ``'channels_first'``, in any letter case.

    Returns:
        A Python str: ``'channels_last'`` or ``'channels_first'``.

    Raises:
        ValueError: ``value`` is anything else (also a non-string).
    """
    if value is None:
        return SETTINGS.image_data_format
    return _config.check_data_format(value)


def get_uid(prefix: str = "") -> int:
    """The next value of a counter kept per ``prefix``: 1 on the first call with a prefix, then 2, 3, ...

    Keras layers use it to make unique names. The counters are safe across threads and are reset by
    ``reset_uids`` and ``clear_session``.

    Arguments:
        prefix: the counter's key, usually a string; default ``''``.

    Returns:
        A Python int.

    Raises:
        TypeError: ``prefix`` is not hashable (a list, a dict).
    """
    return _state.next_uid(prefix)


def reset_uids() -> None:
    """Reset every ``get_uid`` counter, so that the next ``get_uid(prefix)`` returns 1.

    Arguments:
        None.

    Returns:
        None.

    Raises:
        Nothing.
    """
    SESSION.uids.clear()


def clear_session() -> None:
    """Reset the global session state and leave graph mode.

    Resets the ``get_uid`` counters, the learning phase (a value fixed by ``set_learning_phase`` and the symbolic
    ``learning_phase()`` tensor), the session object of ``get_session`` and the manual-initialisation flag, and
    turns graph mode off. Symbolic tensors made before must not be used after. The settings (``floatx``,
    ``epsilon``, ``image_data_format``), the active engine, variables and their names are kept.

    Arguments:
        None.

    Returns:
        None.

    Raises:
        Nothing.
    """
    _state.reset_session()


def manual_variable_initialization(value: bool) -> None:
    """Record whether variables are to be initialised by hand (a Keras 2 on TensorFlow 1 setting).

    The flag is stored (as a bool) for code that reads it; it changes nothing else, since every engine gives a
    variable its value when ``variable`` creates it.

    Arguments:
        value: true for manual initialisation; any value, taken by its truth.

    Returns:
        None.

    Raises:
        Nothing.
    """
    SESSION.manual_init = bool(value)


def learning_phase() -> Union[int, Tensor]:
    """The learning phase: 0 for test mode, 1 for training mode.

    When ``set_learning_phase`` (or a ``learning_phase_scope`` block) has fixed it, this is that Python int.
    Otherwise it is a symbolic int32 scalar named ``keras_learning_phase``, the same object until
    ``clear_session``: ``K.function`` accepts it as an input (feed 0 or 1), and it is 0 when not fed. Creating that
    tensor (on the first call) starts graph mode.

    Arguments:
        None.

    Returns:
        A Python int (0 or 1), or a ``kbackend.SymbolicTensor`` of shape ``()`` and dtype int32.

    Raises:
        Nothing.
    """
    if THREAD.learning_phases:  # inside a learning_phase_scope of this thread
        return THREAD.learning_phases[-1]
    if SESSION.learning_phase_value is not None:
        return SESSION.learning_phase_value
    if SESSION.learning_phase_tensor is None:
        SESSION.learning_phase_tensor = SymbolicTensor((), "int32", name="keras_learning_phase", is_placeholder=True)
    return SESSION.learning_phase_tensor


def _check_phase(value):
    if value not in (0, 1) or isinstance(value, float):
        raise ValueError(f"Expected learning phase to be 0 or 1, got {value!r}")
    return int(value)


def set_learning_phase(value: int) -> None:
    """Fix the learning phase to ``value`` until ``clear_session`` (or another call).

    From then on ``learning_phase()`` returns that int, and ``in_train_phase`` / ``in_test_phase`` choose their
    branch from it.

    Arguments:
        value: 0 (test mode) or 1 (training mode); ``False``/``True`` are accepted as 0/1, floats are not.

    Returns:
        None.

    Raises:
        ValueError: ``value`` is not 0 or 1.
    """
    SESSION.learning_phase_value = _check_phase(value)


def learning_phase_scope(value: int) -> ContextManager[int]:
    """A context manager within which the learning phase is fixed to ``value``.

    ``with K.learning_phase_scope(1): ...`` runs the block in training mode; the previous setting (a fixed value,
    or none) comes back after the block, also when it raises. The scope belongs to the calling thread: other threads
    keep seeing their own setting (``set_learning_phase`` is the process-wide one).

    Arguments:
        value: 0 (test mode) or 1 (training mode); ``False``/``True`` are accepted as 0/1, floats are not.

    Returns:
        A context manager; ``with ... as phase`` binds the int ``value``.

    Raises:
        ValueError: ``value`` is not 0 or 1 (raised by the call, before the block runs).
    """
    return _phase_scope(_check_phase(value))


@contextlib.contextmanager
def _phase_scope(value):
    phases = THREAD.learning_phases
    phases.append(value)
    try:
        yield value
    finally:
        phases.pop()


@contextlib.contextmanager
def name_scope(name: str) -> Iterator[str]:
    """A context manager that pushes ``name`` on the calling thread's name-scope stack.

    Kept for Keras 2 code that groups operations by name (``with K.name_scope('dense'): ...``); scopes nest, and
    kbackend does not prefix the names of tensors or variables with them.

    Arguments:
        name: the scope name, a str.

    Returns:
        A context manager; ``with ... as scope`` binds the full scope, the ``'/'``-joined names of the enclosing
        scopes and this one (``'outer/inner'``).

    Raises:
        TypeError: ``name`` is not a str (raised when the block is entered).
    """
    if not isinstance(name, str):
        raise TypeError(f"name_scope() expects a string name, got {type(name).__name__}")
    scopes = _state.THREAD.name_scopes
    scopes.append(name)
    try:
        yield "/".join(scopes)
    finally:
        scopes.pop()


def symbolic(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator: calling the decorated function first turns graph mode on, then runs ``func``.

    In graph mode, operations on variables and placeholders and the random functions are recorded, so that
    ``K.gradients`` and ``K.function`` can use what ``func`` builds (Keras 2.3 built its graph in such functions).
    Graph mode stays on after the call, until ``clear_session``.

    Arguments:
        func: any callable.

    Returns:
        A function with the name, docstring and signature of ``func``.

    Raises:
        Nothing by itself; the wrapper raises what ``func`` raises.
    """
    @functools.wraps(func)
    def in_graph(*args, **kwargs):
        enter_graph_mode()
        return func(*args, **kwargs)
    return in_graph


def eager(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator kept for Keras 2.3 code: it returns ``func`` unchanged (eager execution is the default).

    Arguments:
        func: any callable.

    Returns:
        ``func`` itself.

    Raises:
        Nothing.
    """
    return func


@contextlib.contextmanager
def control_dependencies(control_inputs: Optional[Sequence[Tensor]]) -> Iterator[None]:
    """A context manager whose operations run after ``control_inputs`` (a TensorFlow 1 notion).

    In graph mode, a call recorded inside the block that reads a variable updated by one of the update operations
    among ``control_inputs`` (results of ``K.update``, ``K.update_add``, ...) reads the updated value, as
    TensorFlow orders such reads after the updates: Keras 2.3.1's stateful metrics compute ``result()`` this way.
    Dependencies are transitive (an update recorded inside a block carries the block's updates). Other control
    inputs (plain tensors) need no ordering: they are computed when needed. Outside graph mode the block simply runs.

    Arguments:
        control_inputs: None or a list/tuple of tensors or update operations.

    Returns:
        A context manager; ``with ... as value`` binds None.

    Raises:
        TypeError: ``control_inputs`` is neither None nor a list/tuple (raised when the block is entered).
    """
    if control_inputs is not None and not isinstance(control_inputs, (list, tuple)):
        raise TypeError("control_dependencies() expects a list of tensors or None")
    with dependencies.AfterUpdates(dependencies.mapping_of(control_inputs)):
        yield


class Session:
    """The object ``get_session()`` returns: ``run(fetches)`` evaluates tensors to NumPy values."""

    def run(self, fetches: Union[Tensor, Sequence[Tensor]], feed_dict: Optional[dict] = None) -> Any:
        """Compute ``fetches`` and return their values as NumPy arrays.

        Arguments:
            fetches: a tensor (symbolic, a variable or concrete) or a list/tuple of them.
            feed_dict: None or a dict ``{placeholder: value}`` giving the placeholders the fetches need.

        Returns:
            A NumPy array, or a list of NumPy arrays when ``fetches`` is a list/tuple.

        Raises:
            ValueError: a placeholder the fetches need is not in ``feed_dict``.
        """
        tensors = list(fetches) if isinstance(fetches, (list, tuple)) else [fetches]
        values = [_ops.to_numpy(v) for v in evaluate(tensors, feed_dict)]
        return values if isinstance(fetches, (list, tuple)) else values[0]


def get_session() -> Session:
    """The current session object, created on first use; kept for Keras 2 code that asks for one.

    Its ``run(fetches, feed_dict=None)`` method computes tensors to NumPy arrays. ``clear_session`` forgets it.

    Arguments:
        None.

    Returns:
        A ``kbackend.facade.config.Session``, or the object given to ``set_session``.

    Raises:
        Nothing.
    """
    if SESSION.session is None:
        SESSION.session = Session()
    return SESSION.session


def set_session(session: Any) -> None:
    """Replace the object that ``get_session()`` returns (until ``clear_session``).

    Arguments:
        session: any object; Keras 2 code passes a session it made.

    Returns:
        None.

    Raises:
        Nothing.
    """
    SESSION.session = session
