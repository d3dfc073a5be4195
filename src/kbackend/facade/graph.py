"""Public API: graph functions, gradients and control flow.

``function`` and ``gradients`` build on the facade-level graph (``kbackend.graph``); ``switch``,
``in_train_phase``, ``rnn``, ``map_fn``, ``foldl`` and ``foldr`` compute eagerly on concrete tensors and record one
node (run at evaluation time on concrete values) when given symbolic inputs.
"""
from .._registry import ops as _ops
from ..graph import control, function as _function, gradients as _gradients
from ..graph.dispatch import SymbolicTensor, graph_aware
from .config import learning_phase

_FUNCTION_KWARGS = frozenset(("name", "options", "run_metadata"))


def function(inputs, outputs, updates=None, **kwargs):
    """A callable ``f(list_of_values) -> list of NumPy arrays`` computing ``outputs`` from the placeholders
    ``inputs`` (which may include ``learning_phase()``, 0 when not fed); then it applies ``updates``
    ((variable, new_value) pairs or results of ``K.update*``), all computed from the state at call time.
    Compiled by the engine's compiler where it has one and cached per input signature. Unknown keyword
    arguments are a ValueError."""
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


def gradients(loss, variables):
    """The gradients of ``loss`` (summed if not scalar) with respect to each of ``variables`` (variables,
    placeholders or intermediate symbolic tensors), as a list of symbolic tensors; computed by the engine's
    automatic differentiation when evaluated. Tensors the loss does not depend on get zeros."""
    return _gradients.gradients(loss, variables)


def stop_gradient(variables):
    """``variables`` (a tensor, or a list/tuple of tensors, then returned as a ``map`` iterator) with gradients
    blocked."""
    if isinstance(variables, (list, tuple)):
        return map(stop_gradient, variables)
    return _stop_gradient(variables)


@graph_aware
def _stop_gradient(x):
    return _ops.stop_gradient(_ops.convert(x))


def switch(condition, then_expression, else_expression):
    """``then_expression`` where ``condition`` holds, else ``else_expression`` (callables are called). A scalar
    condition picks a whole branch; a condition of lower rank is broadcast by appending trailing axes
    (per-sample selection); a condition of higher rank than the expressions is a ValueError."""
    then_value = then_expression() if callable(then_expression) else then_expression
    else_value = else_expression() if callable(else_expression) else else_expression
    return _switch(condition, then_value, else_value)


@graph_aware
def _switch(condition, then_value, else_value):
    return control.switch_values(condition, then_value, else_value)


def in_train_phase(x, alt, training=None):
    """``x`` in the training phase, ``alt`` otherwise (callables are called); ``training`` defaults to
    ``learning_phase()``; ``1``/``True`` and ``0``/``False`` select directly (then shapes may differ)."""
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


def in_test_phase(x, alt, training=None):
    """``x`` in the test phase, ``alt`` otherwise: ``in_train_phase(alt, x, training)``."""
    return in_train_phase(alt, x, training=training)


@graph_aware(takes_functions=True)
def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None, unroll=False,
        input_length=None):
    """Iterate ``step_function(input_t, states + constants) -> (output_t, new_states)`` over the time axis 1 of
    ``inputs`` (rank >= 3); returns ``(last_output, outputs, new_states)``. ``mask`` (samples, time): a masked
    step keeps the previous output (zeros before the first step) and the previous states."""
    return control.rnn(step_function, inputs, initial_states, go_backwards, mask, constants, unroll, input_length)


@graph_aware(takes_functions=True)
def map_fn(fn, elems, name=None, dtype=None):
    """``stack([fn(e) for e in elems])`` over axis 0, cast to ``dtype`` when given."""
    return control.map_fn(fn, elems, dtype)


@graph_aware(takes_functions=True)
def foldl(fn, elems, initializer=None, name=None):
    """Reduce ``elems`` along axis 0 with ``fn(accumulator, element)`` from left to right, starting from
    ``initializer`` (default: ``elems[0]``, folding the rest)."""
    return control.fold(fn, elems, initializer, False)


@graph_aware(takes_functions=True)
def foldr(fn, elems, initializer=None, name=None):
    """Reduce ``elems`` along axis 0 with ``fn(accumulator, element)`` from right to left, starting from
    ``initializer`` (default: ``elems[-1]``)."""
    return control.fold(fn, elems, initializer, True)


ENGINE_FUNCTIONS = {"stop_gradient": "stop_gradient"}
