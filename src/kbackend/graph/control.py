"""Control flow on concrete tensors: switch, rnn, map_fn, folds. In graph mode each call is recorded as one node
(``kbackend.facade.graph``), which runs these functions when the graph is evaluated; the functions given to them
then compute on concrete values too (they run inside the evaluation's frame)."""
from .. import _state

_ops = _state.ops


def _rank(x):
    return len(_ops.shape_of(x))


def switch_values(condition, then_value, else_value):
    if isinstance(condition, (bool, int)):  # (a tensor of the engine, never the NumPy array or variable given)
        return _ops.convert(then_value) if condition else _ops.convert(else_value)
    condition = _ops.convert(condition)
    if _rank(condition) == 0:
        try:
            chosen = bool(_ops.to_numpy(condition))
        except Exception:  # a traced condition inside a compiled function: select element-wise
            chosen = None
        if chosen is not None:
            return _ops.convert(then_value) if chosen else _ops.convert(else_value)
    then_value, else_value = _ops.convert(then_value), _ops.convert(else_value)
    rank = _rank(then_value)
    if _rank(condition) > rank:
        raise ValueError(f"K.switch(): the condition has rank {_rank(condition)}, more than the expressions "
                         f"(rank {rank})")
    condition = _ops.cast(condition, "bool")
    return _ops.where(_ops.expand_to(condition, rank), then_value, else_value)


def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None, unroll=False,
        input_length=None, loop=None):
    """``K.rnn`` on concrete values: the arguments checked and converted, then the engine's ``rnn_loop``, or
    ``loop(E, ...)`` when given (``kbackend.generic.control.rnn_loop``: a Python loop calling the step once per
    time step, in order)."""
    inputs = _ops.convert(inputs)
    shape = tuple(_ops.shape_of(inputs))
    if len(shape) < 3:
        raise ValueError(f"K.rnn(): inputs must have at least 3 dimensions (samples, time, ...), got {shape}")
    steps = shape[1]
    if unroll and input_length is not None and input_length != steps:
        raise ValueError(f"K.rnn(): input_length={input_length} does not match the time dimension {steps}")
    if mask is not None:
        mask = _ops.convert(mask)
        if _ops.dtype_of(mask) != "bool":
            mask = _ops.cast(mask, "bool")
        if tuple(_ops.shape_of(mask)) != shape[:2]:
            raise ValueError(f"K.rnn(): mask must have shape (samples, time) = {shape[:2]}, got "
                             f"{tuple(_ops.shape_of(mask))}")
    constants = list(constants or [])
    states = [_ops.convert(s) for s in initial_states]
    if loop is not None:
        return loop(_ops, step_function, inputs, states, constants, bool(go_backwards), mask)
    return _ops.rnn_loop(step_function, inputs, states, constants, bool(go_backwards), mask)


def map_fn(fn, elems, dtype=None):
    elems = _ops.convert(elems)
    with _ops.placement_scope(elems):  # what fn makes with the framework's operators lands where elems lives
        results = [_ops.convert(fn(_ops.take(elems, _ops.convert(i, "int32"), 0)))
                   for i in range(_ops.shape_of(elems)[0])]
    out = _ops.stack(results, 0)
    return out if dtype is None else _ops.cast(out, dtype)


def fold(fn, elems, initializer, from_right):
    elems = _ops.convert(elems)
    count = _ops.shape_of(elems)[0]
    indices = list(range(count))
    if from_right:
        indices.reverse()
    if initializer is None:
        if not indices:
            raise ValueError("K.foldl/foldr(): cannot fold an empty tensor without an initializer")
        accumulator, indices = _ops.take(elems, _ops.convert(indices[0], "int32"), 0), indices[1:]
    else:
        accumulator = initializer
    with _ops.placement_scope(elems):  # what fn makes with the framework's operators lands where elems lives
        for i in indices:
            accumulator = fn(accumulator, _ops.take(elems, _ops.convert(i, "int32"), 0))
    if isinstance(accumulator, (list, tuple, dict)):
        return accumulator
    return _ops.convert(accumulator)  # an engine tensor (fn may give a NumPy scalar, a number, a variable)
