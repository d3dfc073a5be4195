"""``K.rnn`` in graph mode: the step function is traced once, with symbolic per-step inputs, as TensorFlow traces the
body of its while loop; the loop node then runs the step's sub-graph at every time step.

Tracing makes every step function Keras 2 writes work: one that reads symbolic tensors made outside it (a slice of
a kernel, a dropout mask, ``K.flatten`` of a bias), one that calls ``K.in_train_phase`` (the learning phase is an
input of the sub-graph), and one that creates and caches a dropout mask on its first call (LSTM and GRU cells do:
the mask is a node of the sub-graph, drawn once per run, the same at every step). The outputs' static shapes are
those of the traced step's outputs. The symbolic tensors and variables the sub-graph reads from outside become
dependencies of the loop node, so a gradient through the loop reaches them. A step function that cannot be traced
(one that needs concrete values) is recorded as any other call, by probing.

The loop node has one more output than ``K.rnn`` returns: its *tape*, the values of the step's tensors listed in
``node.extra["saved"]`` at every time step (a list per step, in iteration order), which the gradient rule of the
loop (``kbackend.graph.grad_rules.loops``) asks for and reads; None while nothing is saved.
"""
from .. import _state
from ..generic import control as generic_control
from . import control
from .dispatch import SymbolicTensor
from .evaluate import compute_on_demand, run_nodes, value_of
from .frames import Frame
from .leaves import SymbolicTensorBase, VariableBase
from .lowering import lower_step, lowering_enabled
from .nodes import Node, flatten, topological_order
from .slices import merge_slices

_ops = _state.ops


def _static(value):
    """(static shape, dtype name) of a symbolic tensor, a variable or a concrete value."""
    if isinstance(value, SymbolicTensorBase):
        return value.shape, value.dtype
    if isinstance(value, VariableBase):
        return tuple(value.shape), value.dtype
    value = _ops.convert(value)
    return tuple(_ops.shape_of(value)), _ops.dtype_of(value)


def _sub_graph(step_inputs, leaves):
    """The nodes that depend on the step inputs (in order), the outer symbolic tensors they read, and the variables
    they read."""
    dependent = {id(t) for t in step_inputs}
    order, outer, reads = [], {}, {}
    for node in topological_order([t for t in leaves if isinstance(t, SymbolicTensorBase)]):
        if not any(id(t) in dependent for t in node.needs()):
            continue
        order.append(node)
        dependent.update(id(o) for o in node.outputs if isinstance(o, SymbolicTensorBase))
        for item in flatten([list(node.args), list(node.kwargs.values())]) + list(node.reads):
            if isinstance(item, VariableBase):
                reads[id(item)] = item
    for node in order:
        for tensor in node.needs():
            if id(tensor) not in dependent:
                outer[id(tensor)] = tensor
    for tensor in leaves:
        if isinstance(tensor, SymbolicTensorBase) and id(tensor) not in dependent:
            outer[id(tensor)] = tensor
    return order, list(outer.values()), list(reads.values())


def record_rnn(args, kwargs):
    """Record ``K.rnn`` by tracing its step function; None when the call cannot be traced (it is then probed)."""
    step_function, inputs, initial_states, go_backwards, mask, constants, unroll, input_length = args
    if not isinstance(inputs, SymbolicTensorBase) or inputs.shape is None or len(inputs.shape) < 3 or kwargs:
        return None
    x_t = SymbolicTensor((inputs.shape[0],) + tuple(inputs.shape[2:]), inputs.dtype, name="rnn_step_input",
                         is_placeholder=True)
    states_in = [SymbolicTensor(*_static(s), name="rnn_step_state", is_placeholder=True) for s in initial_states]
    try:
        output, new_states = step_function(x_t, states_in + list(constants or []))
        new_states = list(new_states)
        (out_shape, out_dtype), state_info = _static(output), [_static(s) for s in new_states]
    except Exception:  # noqa: BLE001 - a step that needs concrete values: recorded by probing instead
        return None
    order, outer, reads = _sub_graph([x_t] + states_in, [output] + new_states)
    order = merge_slices(order)
    node = Node(evaluate_loop, args, kwargs, "rnn", kind="loop",
                extra={"step": (x_t, states_in, output, new_states, order),
                       "seeded": any(n.seeded is not None or (n.extra or {}).get("seeded") for n in order)})
    node.depends, node.reads = outer, reads
    time = inputs.shape[1]
    last = SymbolicTensor(out_shape, out_dtype, name="rnn", node=node, index=0)
    stacked_shape = None if out_shape is None or not out_shape else (out_shape[0], time) + tuple(out_shape[1:])
    outputs = SymbolicTensor(stacked_shape, out_dtype, name="rnn", node=node, index=1)
    states = [SymbolicTensor(shape, dtype, name="rnn_state", node=node, index=2 + i)
              for i, (shape, dtype) in enumerate(state_info)]
    tape = SymbolicTensor(None, None, name="rnn_tape", node=node, index=2 + len(states))
    node.structure = (None, None, [None] * len(states), None)
    node.outputs = [last, outputs] + states + [tape]
    return last, outputs, states


class Tape:
    """The values a loop saved for its gradient: ``steps[i]`` lists the values of the saved tensors at the ``i``-th
    time step of the iteration (one object, so that the loop's result flattens to one leaf per output);
    ``uniform`` tells that the first step's new states have the shapes of the states it was given, so that every
    tensor of the step has the same shape at every time step."""

    __slots__ = ("steps", "uniform")

    def __init__(self, steps):
        self.steps = steps
        self.uniform = False


def step_runner(holder, frame, seeds):
    """A Python function computing one step of a traced sub-graph in ``frame``.

    Arguments:
        holder: a node whose ``extra["step"]`` is ``(x, inputs, output, outputs, order)``: the sub-graph ``order``
            computes ``output`` and ``outputs`` (a list) from the placeholders ``x`` and ``inputs`` (a list) and
            from tensors and variables it reads in ``frame`` (a loop node's step; the reverse step of its gradient).
        frame: the computing frame.
        seeds: the run's seeds (random nodes draw the same values at every step of a run).

    Returns:
        ``step(x_value, input_values) -> (output_value, output_values)``: the step lowered to generated code for
        the active engine (built once per engine), or run by the interpreter when lowering is disabled or the
        sub-graph holds a node that reads values through the frame.
    """
    make_step = None
    if lowering_enabled():
        lowered = holder.extra.setdefault("lowered_steps", {})
        engine = _ops._engine
        if engine not in lowered:
            lowered[engine] = lower_step(holder)
        make_step = lowered[engine]
    if make_step is not None:
        return make_step(frame, seeds)
    x_t, states_in, output, new_states, order = holder.extra["step"]

    def step(x, states_and_constants):
        env = dict(frame.env)
        env[id(x_t)] = x
        for placeholder, value in zip(states_in, states_and_constants):
            env[id(placeholder)] = value
        with Frame(env, frame.variables, compute=compute_on_demand) as inner:
            run_nodes(order, inner, seeds, [])
            return value_of(output, inner), [value_of(s, inner) for s in new_states]
    return step


def _saving_step(node):
    """A holder of the loop's step that also returns the values of the saved tensors (after the new states), built
    again when the list of saved tensors grew."""
    saved = node.extra["saved"]
    holder = node.extra.get("saving_step")
    if holder is None or holder.extra["saved_count"] != len(saved):
        x_t, states_in, output, new_states, order = node.extra["step"]
        holder = Node(None, (), {}, "rnn_step", kind="loop",
                      extra={"step": (x_t, states_in, output, list(new_states) + list(saved), order),
                             "saved_count": len(saved)})
        node.extra["saving_step"] = holder
    return holder


def evaluate_loop(node, frame, seeds):
    """Run the loop in ``frame``: the step's sub-graph once per time step (random nodes draw the same values at
    every step of a run). Returns ``((last_output, outputs, states, tape), None)``."""
    step_function, inputs, initial_states, go_backwards, mask, constants, unroll, input_length = frame.resolve(
        node.args)
    if not node.extra.get("saved"):
        step = step_runner(node, frame, seeds)
        last, outputs, states = control.rnn(step, inputs, initial_states, go_backwards, mask, constants, unroll,
                                            input_length)
        return (last, outputs, states, None), None
    # Saving the step's values: the engine's loop may be a primitive that traces the step once (lax.scan), so the
    # loop runs in Python on the engine core, the step appending its saved values to the tape at every time step.
    count = len(initial_states)
    saving = step_runner(_saving_step(node), frame, seeds)
    tape = Tape([])

    def step(x, states_and_constants):
        output, rest = saving(x, states_and_constants)
        if not tape.steps:
            tape.uniform = all(tuple(_ops.shape_of(new)) == tuple(_ops.shape_of(old))
                               for new, old in zip(rest[:count], states_and_constants))
        tape.steps.append(rest[count:])
        return output, rest[:count]

    last, outputs, states = control.rnn(step, inputs, initial_states, go_backwards, mask, constants, unroll,
                                        input_length, loop=generic_control.rnn_loop)
    return (last, outputs, states, tape), None
