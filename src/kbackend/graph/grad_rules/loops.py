"""The gradient rule of ``K.rnn``'s loop: backpropagation through time, built from the traced step.

The step of a loop node is a recorded sub-graph (``kbackend.graph.loops``), so the rule differentiates it once with
the other rules (``walk``): seeded with placeholders for the cotangents of the step's output and new states, the
reverse walk over the step's nodes gives the *reverse step*, a sub-graph of ordinary nodes computing the cotangents
of the step's input, of its states and of the tensors and variables it reads from outside. The forward tensors the
reverse step reads are saved by the loop at every time step (its tape, ``node.extra["saved"]``); the nodes of the
reverse step that read only outside tensors (a transposed kernel) are computed once, outside the loop.

The rule records one *reverse loop* node: it runs the reverse step over the time steps from the last to the first,
carrying the cotangents of the states (and, with a mask, of the output a masked step keeps), and accumulating the
cotangents of the outside tensors and variables; the cotangents of the inputs are stacked along the time axis.
Masked steps pass the cotangents of the kept output and states through to the previous step. Everything runs on
engine-table functions, so every engine gets the same gradients. Where the loop's states keep their shapes (the
tape tells from the first step), every time step has the same shapes: the run-time ``sum_to`` nodes of the reverse
step (undoing broadcasts that static shapes with unknown sizes cannot rule out) that the first reverse step finds
unchanged are dropped from the reverse step for the other time steps.

Not covered (``NoRule``: ``K.gradients`` uses the engine's autodiff): a step returning a variable or a constant, an
integer output or state, a step holding another loop or a gradients node; gradients of the reverse loop itself.
"""
from ... import _state
from ...generic.control import expand_to
from ..dispatch import SymbolicTensor
from ..fusion import unfused_where_differentiated
from ..leaves import SymbolicTensorBase, VariableBase
from ..loops import evaluate_loop, step_runner
from ..nodes import Node, flatten, substitute, topological_order
from .emit import HELPERS, NoRule, cast_to, dtype, is_float, shape
from .emit import add as add_cotangents
from .registry import runs
from .walk import active_path, backpropagate

_ops = _state.ops
GRAPH_LEAVES = (SymbolicTensorBase, VariableBase)


def _check_covered(output, states_in, new_states, order):
    if not isinstance(output, SymbolicTensorBase) or not all(isinstance(s, SymbolicTensorBase) for s in new_states):
        raise NoRule("a K.rnn step that returns a variable or a constant")
    if not (is_float(output) and all(is_float(s) for s in list(states_in) + list(new_states))):
        raise NoRule("a K.rnn loop with an integer output or state")
    if any(n.kind != "call" for n in order):
        raise NoRule("a K.rnn step holding a loop or a gradients node")


def _placeholder(like, name):
    return SymbolicTensor(like.shape, like.dtype, name=name, is_placeholder=True)


def _reverse_sub_graph(outputs, forward, placeholders):
    """The nodes of the reverse step (those computing ``outputs`` that read a forward tensor of the step or a
    cotangent placeholder, forward nodes excluded), the forward tensors they read (the residuals), and the outside
    tensors and variables they read."""
    dependent = set(forward) | {id(p) for p in placeholders}
    order, residuals, outside, variables = [], {}, {}, {}
    for node in topological_order([t for t in outputs if isinstance(t, SymbolicTensorBase)]):
        if any(isinstance(o, SymbolicTensorBase) and id(o) in forward for o in node.outputs):
            continue
        needs = node.needs()
        if not any(id(t) in dependent for t in needs):
            continue
        order.append(node)
        dependent.update(id(o) for o in node.outputs if isinstance(o, SymbolicTensorBase))
        for item in flatten([list(node.args), list(node.kwargs.values())]) + list(node.reads):
            if isinstance(item, VariableBase):
                variables[id(item)] = item
    for node in order:
        for tensor in node.needs():
            if id(tensor) in forward:
                residuals[id(tensor)] = forward[id(tensor)]
            elif id(tensor) not in dependent:
                outside[id(tensor)] = tensor
    for tensor in outputs:
        if isinstance(tensor, SymbolicTensorBase):
            if id(tensor) in forward:
                residuals[id(tensor)] = forward[id(tensor)]
            elif id(tensor) not in dependent:
                outside[id(tensor)] = tensor
    return order, list(residuals.values()), list(outside.values()), list(variables.values())


def _positions_in_tape(node, residuals):
    """The positions of ``residuals`` among the loop's saved tensors, which are added to the list (append only,
    so positions stay valid for other reverse loops of the same node)."""
    saved = node.extra.setdefault("saved", [])
    index = {id(t): i for i, t in enumerate(saved)}
    for tensor in residuals:
        if id(tensor) not in index:
            index[id(tensor)] = len(saved)
            saved.append(tensor)
    return [index[id(t)] for t in residuals]


@runs(evaluate_loop)
def _rnn(b):
    node = b.node
    _, inputs, initial_states, go_backwards, mask, _, _, _ = node.args
    x_t, states_in, output, new_states, order = node.extra["step"]
    _check_covered(output, states_in, new_states, order)
    count = len(states_in)
    g_last, g_outputs, g_finals = b.cotangents[0], b.cotangents[1], list(b.cotangents[2:2 + count])
    wants_x = b.wants(inputs)
    accumulate = [t for t in node.depends if b.wants(t)] + [v for v in node.reads if b.wants(v)]
    initial_targets = [(j, s) for j, s in enumerate(initial_states) if isinstance(s, GRAPH_LEAVES) and b.wants(s)]
    if not (wants_x or accumulate or initial_targets):
        return []
    seeds_output = g_last is not None or g_outputs is not None
    if not seeds_output and all(g is None for g in g_finals):
        return []

    # the reverse walk over the step, seeded with placeholders for the cotangents of its output and new states
    wrt = ([x_t] if wants_x else []) + list(states_in) + [t for t in accumulate if isinstance(t, SymbolicTensorBase)]
    active = {id(t) for t in wrt} | {id(v) for v in accumulate if isinstance(v, VariableBase)}
    variable_targets = {id(v) for v in accumulate if isinstance(v, VariableBase)}
    on_path = active_path(unfused_where_differentiated(order, wrt), active, variable_targets)
    g_output_in = _placeholder(output, "rnn_output_cotangent") if seeds_output else None
    g_states_in = [_placeholder(s, "rnn_state_cotangent") for s in new_states]
    cotangents = {} if g_output_in is None else {id(output): g_output_in}
    for state, g in zip(new_states, g_states_in):
        cotangents[id(state)] = add_cotangents(cotangents.get(id(state)), g)
    backpropagate(on_path, cotangents, active)

    def cotangent(target):
        g = cotangents.get(id(target))
        return None if g is None else cast_to(g, target)
    step_outputs, layout = [], []  # layout: per result (x, each state, each accumulated), its step output or None
    for target in ([x_t] if wants_x else []) + list(states_in) + accumulate:
        g = cotangent(target)
        layout.append(None if g is None else len(step_outputs))
        if g is not None:
            step_outputs.append(g)
    if not step_outputs:
        return []
    forward = {id(t): t for t in [x_t] + list(states_in)}
    forward.update((id(o), o) for n in order for o in n.outputs if isinstance(o, SymbolicTensorBase))
    placeholders = ([g_output_in] if seeds_output else []) + g_states_in
    reverse_order, residuals, outside, variables = _reverse_sub_graph(step_outputs, forward, placeholders)
    step_inputs = residuals + placeholders
    # the reverse step also returns, for each run-time sum_to (a broadcast undone where static shapes cannot tell),
    # its result and its cotangent: the first time step tells which ones return the cotangent unchanged
    reductions = [n for n in reverse_order if n.fn is HELPERS["sum_to"] and isinstance(n.args[0], SymbolicTensorBase)]
    probes = [t for n in reductions for t in (n.outputs[0], n.args[0])]
    holder = Node(None, (), {}, "rnn_reverse_step", kind="loop",
                  extra={"step": (step_inputs[0], step_inputs[1:], step_outputs[0], step_outputs[1:] + probes,
                                  reverse_order),
                         "outputs": len(step_outputs), "reductions": reductions, "specialized": {}})

    # the reverse loop node
    finals = node.outputs[2:2 + count]
    args = (node.outputs[-1], g_last, g_outputs, g_finals, mask, finals, node.outputs[0], bool(go_backwards))
    x_layout, state_layout, accumulated_layout = (layout[:1] if wants_x else []), \
        layout[int(wants_x):int(wants_x) + count], layout[int(wants_x) + count:]
    reverse = Node(evaluate_reverse_loop, args, {}, "rnn_gradient", kind="loop",
                   extra={"reverse_step": holder, "positions": _positions_in_tape(node, residuals),
                          "seeds_output": seeds_output, "x": x_layout, "states": state_layout,
                          "accumulated": accumulated_layout})
    reverse.depends, reverse.reads = outside, variables
    targets = ([inputs] if wants_x else []) + list(initial_states) + accumulate
    results = []
    for index, target in enumerate(targets):
        results.append(SymbolicTensor(shape(target), dtype(target), name="rnn_gradient", node=reverse, index=index))
    reverse.structure = [None] * len(results)
    reverse.outputs = results
    pairs = [(inputs, results[0])] if wants_x and x_layout[0] is not None else []
    offset = int(wants_x)
    pairs += [(s, results[offset + j]) for j, s in initial_targets]
    offset += count
    pairs += [(t, results[offset + k]) for k, t in enumerate(accumulate) if accumulated_layout[k] is not None]
    return pairs


def _specialized(holder, unchanged):
    """The reverse step without the run-time ``sum_to`` nodes flagged in ``unchanged`` (their result is their
    cotangent: the later nodes read the cotangent itself), built once per pattern. Used when the loop's tensors have
    the same shapes at every time step, so that what the first time step shows holds for all."""
    cache = holder.extra["specialized"]
    if unchanged not in cache:
        x, inputs, output, outputs, order = holder.extra["step"]
        outputs = [output] + list(outputs[:holder.extra["outputs"] - 1])
        skipped = {id(n): n for n, same in zip(holder.extra["reductions"], unchanged) if same}
        alias = {}

        def lookup(tensor):
            return alias.get(id(tensor), tensor)
        kept = []
        for node in order:
            if id(node) in skipped:
                alias[id(node.outputs[0])] = lookup(node.args[0])
                continue
            if any(id(t) in alias for t in node.needs()):
                rewritten = Node(node.fn, substitute(node.args, lookup), substitute(node.kwargs, lookup), node.name,
                                 node.kind, node.target, node.seeded, node.extra)
                rewritten.structure, rewritten.outputs = node.structure, node.outputs
                rewritten.depends, rewritten.reads = node.depends, node.reads
                node = rewritten
            kept.append(node)
        outputs = [lookup(t) if isinstance(t, SymbolicTensorBase) else t for t in outputs]
        cache[unchanged] = Node(None, (), {}, "rnn_reverse_step", kind="loop",
                                extra={"step": (x, inputs, outputs[0], outputs[1:], kept)})
    return cache[unchanged]


def _kept(keep, value):
    """``(value where keep, value elsewhere)``: the part of a cotangent that goes into a step that ran, and the part
    that a masked step passes through to the previous one."""
    keep = expand_to(_ops, keep, len(_ops.shape_of(value)))
    return _ops.where(keep, value, 0.0), _ops.where(keep, 0.0, value)


def _zeros(like):
    return _ops.zeros_like(like, _ops.dtype_of(like))


def _add(a, b):
    return b if a is None else a if b is None else _ops.add(a, b)


def _time_steps(value, steps):
    """The time steps of ``value`` (axis 1), as a list."""
    return [_ops.squeeze(piece, 1) for piece in _ops.split(value, (1,) * steps, 1)]


def evaluate_reverse_loop(node, frame, seeds):
    """Run the reverse loop of a ``K.rnn`` gradient in ``frame`` (see the module docstring). Returns the list of
    the cotangents (inputs, initial states, accumulated tensors and variables, as laid out by the rule) and
    None."""
    tape, g_last, g_outputs, g_finals, mask, finals, last, go_backwards = frame.resolve(node.args)
    info = node.extra
    holder = info["reverse_step"]
    step = step_runner(holder, frame, seeds)
    len_outputs = holder.extra["outputs"]
    positions, seeds_output = info["positions"], info["seeds_output"]
    x_layout, state_layout, accumulated_layout = info["x"], info["states"], info["accumulated"]
    steps = len(tape.steps)
    zero_output = _zeros(last) if seeds_output else None
    pieces = _time_steps(g_outputs, steps) if seeds_output and g_outputs is not None else None
    keeps = None
    if mask is not None:
        mask = _ops.convert(mask)
        keeps = _time_steps(mask if _ops.dtype_of(mask) == "bool" else _ops.cast(mask, "bool"), steps)
    carry = [None if g is None else _ops.convert(g) for g in g_finals]
    zero_states = [None] * len(carry)
    carried_output = None
    x_cotangents = [None] * steps
    x_index = x_layout[0] if x_layout else None
    sums = [None] * len(accumulated_layout)
    accumulated = [(n, k) for n, k in enumerate(accumulated_layout) if k is not None]
    whole = steps and list(positions) == list(range(len(tape.steps[0])))  # the tape holds just what this step reads
    add = _ops.add
    for i in range(steps - 1, -1, -1):
        t = steps - 1 - i if go_backwards else i
        for j, g in enumerate(carry):
            if g is None:
                if zero_states[j] is None:
                    zero_states[j] = _zeros(finals[j])
                carry[j] = zero_states[j]
        direct = None
        if seeds_output:
            g = None if pieces is None else pieces[i]
            if i == steps - 1 and g_last is not None:
                g = _add(g, g_last)
        if keeps is not None:
            keep = keeps[t]
            if seeds_output:
                g = _add(g, carried_output)
                if g is not None:
                    g, carried_output = _kept(keep, g)
            split = [_kept(keep, c) for c in carry]
            carry, direct = [c for c, _ in split], [d for _, d in split]
        values = list(tape.steps[i]) if whole else [tape.steps[i][p] for p in positions]
        if seeds_output:
            values.append(zero_output if g is None else g)
        values += carry
        first, rest = step(values[0], values[1:])
        outputs = [first] + list(rest)
        if i == steps - 1:  # the general step, telling which run-time reductions leave their cotangent unchanged
            probes, outputs = outputs[len_outputs:], outputs[:len_outputs]
            if tape.uniform and probes:
                unchanged = tuple(result is g for result, g in zip(probes[::2], probes[1::2]))
                step = step_runner(_specialized(holder, unchanged), frame, seeds)
        if x_index is not None:
            x_cotangents[t] = outputs[x_index]
        carry = [None if k is None else outputs[k] for k in state_layout]
        if direct is not None:
            carry = [_add(c, d) for c, d in zip(carry, direct)]
        for n, k in accumulated:
            sums[n] = outputs[k] if sums[n] is None else add(sums[n], outputs[k])
    results = []
    if x_layout:
        results.append(_ops.stack(x_cotangents, 1) if x_index is not None else None)
    results += [c if c is not None else _zeros(f) for c, f in zip(carry, finals)]
    results += sums
    return results, None
