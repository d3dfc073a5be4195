"""Public API: graph functions, gradients and control flow.

``function`` and ``gradients`` build on the facade-level graph (``kbackend.graph``); ``switch``,
``in_train_phase``, ``rnn``, ``map_fn``, ``foldl`` and ``foldr`` compute eagerly on concrete tensors and record one
node (run at evaluation time on concrete values) when given symbolic inputs. In graph mode ``rnn``, ``map_fn``,
``foldl`` and ``foldr`` are always recorded, also for concrete inputs, because the functions they take may read
symbolic tensors or variables they close over. Tensor arguments may be the engine's tensors, variables, NumPy
arrays or nested lists of numbers.
"""
from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple, Union

from .._registry import ops as _ops
from .._types import DTypeLike, Tensor, TensorLike
from ..graph import control, loops
from ..graph import function as _function
from ..graph import gradients as _gradients
from ..graph.dispatch import SymbolicTensor, graph_aware
from .config import learning_phase

_FUNCTION_KWARGS = frozenset(("name", "options", "run_metadata"))


def function(inputs: Sequence[Tensor], outputs: Sequence[TensorLike], updates: Optional[Sequence[Any]] = None,
             **kwargs: Any) -> Callable[[Sequence[Any]], List[Any]]:
    """A callable that computes ``outputs`` from values fed for the placeholders ``inputs``, then applies ``updates``.

    ``f = K.function([x, y], [loss], updates=[(w, w - lr * grad)])`` is called as ``f([x_value, y_value])``. Each
    call computes the outputs and every update value from the state at call time (the variables' values before
    the updates), then assigns the updates. ``K.learning_phase()`` may be one of the inputs (fed 0 or 1); when it
    is not fed it is 0. The program is compiled by the engine's compiler where it has one (``jax.jit``,
    ``tf.function``) and cached per input signature (shapes and dtypes of the fed values, learning phase).

    Arguments:
        inputs: a list/tuple of placeholders (``K.placeholder``, ``K.learning_phase()``).
        outputs: a list/tuple of symbolic tensors, variables or concrete tensors.
        updates: None, or a list/tuple of ``(variable, new_value)`` pairs and results of ``K.update``,
            ``K.update_add``, ``K.update_sub`` or ``K.moving_average_update``.
        **kwargs: ``name`` (a str naming the function); ``options`` and ``run_metadata`` are accepted for TF
            compatibility and ignored.

    Returns:
        A callable (``kbackend.graph.function.Function``): called with a list/tuple of one value per input (arrays,
        numbers, nested lists or engine tensors, converted to the placeholder's dtype; None skips an input), it
        returns a list of NumPy arrays, one per output. The call raises TypeError when not given a list/tuple and
        ValueError for a wrong number of values, a value whose shape contradicts its placeholder, a learning phase
        other than 0 or 1, or a placeholder the outputs need but that was not fed.

    Raises:
        ValueError: a keyword argument other than ``name``, ``options``, ``run_metadata``.
        TypeError: ``inputs``, ``outputs`` or ``updates`` is not a list/tuple; an input is not a placeholder; an
            update is not a ``(variable, value)`` pair or the result of a ``K.update*`` function.
    """
    for key in kwargs:
        if key not in _FUNCTION_KWARGS:
            raise ValueError(f'Invalid argument "{key}" passed to K.function with kbackend '
                             f"(accepted: {', '.join(sorted(_FUNCTION_KWARGS))})")
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("K.function(): `inputs` must be a list or tuple of placeholders")
    if not isinstance(outputs, (list, tuple)):
        raise TypeError("K.function(): `outputs` must be a list or tuple of tensors")
    if updates is not None and not isinstance(updates, (list, tuple)):
        raise TypeError("K.function(): `updates` must be a list or tuple")
    return _function.Function(inputs, outputs, updates or (), kwargs.get("name"))


def gradients(loss: Tensor, variables: Union[Tensor, Sequence[Tensor]]) -> List[Tensor]:
    """Symbolic gradients of ``loss`` with respect to each of ``variables``.

    A non-scalar loss is summed first (as ``tf.gradients``). The gradients are computed when a ``K.function`` (or
    ``K.eval``) evaluates them, by the engine's automatic differentiation (``jax.grad``, ``torch.autograd``,
    ``tf.GradientTape``, ``autograd`` for NumPy); ``K.stop_gradient`` is respected, and a tensor the loss does not
    depend on gets zeros.

    Arguments:
        loss: a symbolic tensor, built in graph mode (from placeholders or variables, after ``K.placeholder`` or
            inside a function decorated with ``K.symbolic``).
        variables: a list/tuple (or a single one) of variables, placeholders or intermediate symbolic tensors.

    Returns:
        A list of kbackend.SymbolicTensor objects, one per entry of ``variables``, of its shape and dtype.

    Raises:
        ValueError: ``loss`` is not a symbolic tensor (an eager value has no graph to differentiate).
        TypeError: an entry of ``variables`` is not a variable or a symbolic tensor.
    """
    return _gradients.gradients(loss, variables)


def stop_gradient(variables: Union[TensorLike, Sequence[TensorLike]]) -> Union[Tensor, Iterator[Tensor]]:
    """The same values with gradients blocked: ``K.gradients`` treats the result as a constant.

    Arguments:
        variables: a tensor (variable, NumPy array, nested list of numbers), or a list/tuple of them.

    Returns:
        For a single tensor, a tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a
        kbackend.SymbolicTensor in graph mode) with its values; for a list/tuple, a ``map`` iterator of such
        tensors (as Keras 2 on Python 3: unpack it, ``a, b = K.stop_gradient([x, y])``).

    Raises:
        TypeError: an input is not numeric (raised when the iterator reaches it, for a list).
    """
    if isinstance(variables, (list, tuple)):
        return map(stop_gradient, variables)
    return _stop_gradient(variables)


@graph_aware
def _stop_gradient(x):
    return _ops.stop_gradient(_ops.convert(x))


def switch(condition: TensorLike, then_expression: Union[TensorLike, Callable[[], Any]],
           else_expression: Union[TensorLike, Callable[[], Any]]) -> Tensor:
    """``then_expression`` where ``condition`` holds, ``else_expression`` elsewhere.

    Callables are called first (both of them). A Python bool/int condition, or a 0-d tensor or NumPy condition,
    picks a whole branch (the branches may differ in shape), returned as an engine tensor (as ``K.identity`` would
    give it: never the NumPy array or variable passed). A condition of rank ``r > 0``
    (cast to bool) selects entry by entry, broadcast by appending trailing axes: a ``(batch,)`` condition picks
    whole samples of ``(batch, ...)`` expressions (not NumPy's right-aligned broadcasting). A symbolic condition,
    such as ``K.learning_phase()``, records a node that selects when the graph runs.

    Arguments:
        condition: a Python bool or int, or a tensor of rank at most that of the expressions.
        then_expression: a tensor, or a callable without arguments returning one.
        else_expression: a tensor of the shape of ``then_expression`` (unless the condition is a scalar), or a
            callable returning one.

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode); mixed dtypes of the two expressions are promoted.

    Raises:
        ValueError: ``condition`` has a higher rank than the expressions; the expressions' shapes differ (with a
            condition of rank > 0).
        TypeError: a value is not numeric.
    """
    then_value = then_expression() if callable(then_expression) else then_expression
    else_value = else_expression() if callable(else_expression) else else_expression
    return _switch(condition, then_value, else_value)


@graph_aware
def _switch(condition, then_value, else_value):
    return control.switch_values(condition, then_value, else_value)


def in_train_phase(x: Union[TensorLike, Callable[[], Any]], alt: Union[TensorLike, Callable[[], Any]],
                   training: Union[None, bool, int, Tensor] = None) -> Tensor:
    """``x`` in the training phase, ``alt`` otherwise (callables are called).

    ``training=None`` reads ``learning_phase()``: a Python int when ``set_learning_phase`` fixed it, otherwise a
    symbolic scalar (fed to ``K.function``, 0 when not fed), and the result is then a symbolic tensor (graph mode
    starts) marked ``_uses_learning_phase``. ``1``/``True`` and ``0``/``False`` select directly, and then ``x`` and
    ``alt`` may differ in shape; a tensor goes through ``switch``.

    Arguments:
        x: what to return in the training phase: a tensor or a callable without arguments returning one.
        alt: what to return otherwise: a tensor or a callable.
        training: None (the learning phase; default), a Python bool or int, or a scalar tensor.

    Returns:
        ``x`` or ``alt`` (called if callable) as given when the phase is a Python value; otherwise a tensor of the
        active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor in graph
        mode).

    Raises:
        ValueError: as ``switch`` (a tensor ``training`` of higher rank than ``x``, shapes that differ).
        TypeError: ``training`` is not a bool, an int or a numeric tensor.
    """
    uses_phase = training is None
    if training is None:
        training = learning_phase()
    if isinstance(training, (bool, int)) and training in (0, 1):
        chosen = x if training else alt
        return chosen() if callable(chosen) else chosen
    out = switch(training, x, alt)
    if uses_phase and isinstance(out, SymbolicTensor):
        out._uses_learning_phase = True
    return out


def in_test_phase(x: Union[TensorLike, Callable[[], Any]], alt: Union[TensorLike, Callable[[], Any]],
                  training: Union[None, bool, int, Tensor] = None) -> Tensor:
    """``x`` in the test phase, ``alt`` otherwise: ``in_train_phase(alt, x, training)``.

    Arguments:
        x: what to return in the test phase: a tensor or a callable without arguments returning one.
        alt: what to return in the training phase: a tensor or a callable.
        training: None (the learning phase; default), a Python bool or int, or a scalar tensor.

    Returns:
        As ``in_train_phase``: ``x`` or ``alt`` as given for a Python phase, else a tensor (symbolic in graph mode).

    Raises:
        ValueError: as ``switch``.
        TypeError: ``training`` is not a bool, an int or a numeric tensor.
    """
    return in_train_phase(alt, x, training=training)


@graph_aware(takes_functions=True, recorder=loops.record_rnn)
def rnn(step_function: Callable[[Tensor, List[Tensor]], Tuple[Tensor, Sequence[Tensor]]], inputs: TensorLike,
        initial_states: Sequence[TensorLike], go_backwards: bool = False, mask: Optional[TensorLike] = None,
        constants: Optional[Sequence[TensorLike]] = None, unroll: bool = False,
        input_length: Optional[int] = None) -> Tuple[Tensor, Tensor, List[Tensor]]:
    """Iterate ``step_function`` over the time axis (axis 1) of ``inputs``, carrying states.

    At each step, ``output_t, new_states = step_function(inputs[:, t], states + constants)``. With ``mask``, a
    masked step keeps the previous output (zeros before the first step) and the previous states (Keras 2.2.5+).
    The loop runs step by step on concrete values; in graph mode the whole loop is one recorded node, and
    ``step_function`` may close over variables and symbolic tensors.

    Arguments:
        step_function: ``(input_t, states) -> (output_t, new_states)``; ``input_t`` is ``(samples, ...)``,
            ``states`` a list (the states, then ``constants``), ``new_states`` a list of the states' shapes.
        inputs: ``(samples, time, ...)``, rank >= 3.
        initial_states: a list of tensors, the states before the first step (any shapes; may be empty).
        go_backwards: iterate from the last step to the first; the outputs are stacked in iteration order.
        mask: None, or ``(samples, time)`` (any dtype, cast to bool: nonzero steps are computed).
        constants: None, or a list of tensors appended to the states passed to ``step_function``.
        unroll: accepted for Keras compatibility (the loop is always unrolled); with it, ``input_length`` must be
            the number of steps.
        input_length: None, or the number of time steps.

    Returns:
        A tuple ``(last_output, outputs, new_states)``: the last step's output ``(samples, ...)``, every step's
        output stacked ``(samples, time, ...)`` and the list of final states, as tensors of the active engine
        (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; kbackend.SymbolicTensor objects in graph mode).

    Raises:
        ValueError: ``inputs`` has rank < 3 or no time steps; ``mask`` is not ``(samples, time)``; ``unroll`` with
            an ``input_length`` other than the number of steps. Errors of ``step_function`` propagate.
    """
    return control.rnn(step_function, inputs, initial_states, go_backwards, mask, constants, unroll, input_length)


@graph_aware(takes_functions=True)
def map_fn(fn: Callable[[Tensor], TensorLike], elems: TensorLike, name: Optional[str] = None,
           dtype: Optional[DTypeLike] = None) -> Tensor:
    """``fn`` applied to each slice ``elems[i]`` along axis 0, the results stacked: ``stack([fn(e) for e in elems])``.

    Arguments:
        fn: a function of one tensor (a slice of ``elems``) returning a tensor of one shape for every slice.
        elems: a tensor of rank >= 1 with at least one slice along axis 0.
        name: ignored (Keras 2 compatibility).
        dtype: None (the results' dtype), or the dtype to cast the stacked results to (a name such as 'float32').

    Returns:
        A tensor of the active engine (numpy.ndarray, torch.Tensor, jax.Array or tf.Tensor; a kbackend.SymbolicTensor
        in graph mode) of shape ``(len(elems),) + fn_result_shape``.

    Raises:
        ValueError: ``elems`` has no slices; the results of ``fn`` differ in shape. Errors of ``fn`` propagate.
    """
    return control.map_fn(fn, elems, dtype)


@graph_aware(takes_functions=True)
def foldl(fn: Callable[[Any, Tensor], Any], elems: TensorLike, initializer: Optional[TensorLike] = None,
          name: Optional[str] = None) -> Tensor:
    """Reduce ``elems`` along axis 0 from left to right: ``acc = fn(acc, elems[i])`` for ``i = 0, 1, ...``.

    Arguments:
        fn: ``(accumulator, element) -> new accumulator``.
        elems: a tensor of rank >= 1 (the elements are its slices along axis 0).
        initializer: the first accumulator; None (default) starts from ``elems[0]`` and folds the rest.
        name: ignored (Keras 2 compatibility).

    Returns:
        The last accumulator: what ``fn`` returns (a tensor of the active engine; a kbackend.SymbolicTensor in graph
        mode), or ``initializer`` as given when ``elems`` has no slices.

    Raises:
        ValueError: ``elems`` has no slices and ``initializer`` is None. Errors of ``fn`` propagate.
    """
    return control.fold(fn, elems, initializer, False)


@graph_aware(takes_functions=True)
def foldr(fn: Callable[[Any, Tensor], Any], elems: TensorLike, initializer: Optional[TensorLike] = None,
          name: Optional[str] = None) -> Tensor:
    """Reduce ``elems`` along axis 0 from right to left: ``acc = fn(acc, elems[i])`` for ``i = n - 1, ..., 0``.

    Arguments:
        fn: ``(accumulator, element) -> new accumulator``.
        elems: a tensor of rank >= 1 (the elements are its slices along axis 0).
        initializer: the first accumulator; None (default) starts from ``elems[-1]`` and folds the rest.
        name: ignored (Keras 2 compatibility).

    Returns:
        The last accumulator: what ``fn`` returns (a tensor of the active engine; a kbackend.SymbolicTensor in graph
        mode), or ``initializer`` as given when ``elems`` has no slices.

    Raises:
        ValueError: ``elems`` has no slices and ``initializer`` is None. Errors of ``fn`` propagate.
    """
    return control.fold(fn, elems, initializer, True)


ENGINE_FUNCTIONS = {"stop_gradient": "stop_gradient"}
