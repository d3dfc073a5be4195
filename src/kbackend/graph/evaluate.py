"""Running recorded nodes on concrete values, inside a computing frame of the calling thread."""
import numpy as np

from .. import _state
from .frames import Frame
from .leaves import SymbolicTensorBase, VariableBase
from .nodes import flatten, symbolic_leaves, topological_order

SEED_MODULUS = 2 ** 31 - 1
_ops = _state.ops


class Seeds:
    """Fresh seeds for the random nodes of one run, derived from the run's base seed (a traced value when the
    graph is compiled, so every call of a compiled function draws new numbers)."""

    def __init__(self, base):
        self.base = base

    def for_node(self, node):
        offset = (node.id * 7919 + 1) % SEED_MODULUS
        return self.base + offset if not isinstance(self.base, int) else (self.base + offset) % SEED_MODULUS


def new_base_seed():
    return int(np.random.randint(0, SEED_MODULUS - 2 ** 24))


def missing(tensor):
    raise ValueError(f"No value was fed for the placeholder {tensor.name!r} (shape {tensor.shape}, dtype "
                     f"{tensor.dtype}): list it in the inputs of K.function and pass its value")


class _Step:
    """How to run one node, worked out once: where its symbolic arguments go, where its outputs go."""

    __slots__ = ("keys", "first_key", "single", "slots", "variables", "static_kwargs")

    def __init__(self, node):
        self.keys = tuple(id(o) for o in node.outputs if isinstance(o, SymbolicTensorBase))
        # a node is skipped when its outputs are already known; first_key is the one to test when there is one
        self.first_key = self.keys[0] if len(self.keys) == 1 else None
        self.single = not isinstance(node.structure, (list, tuple))
        top_level = [(i, id(a), a) for i, a in enumerate(node.args) if isinstance(a, SymbolicTensorBase)]
        nested_variables = [v for v in flatten(list(node.args)) if isinstance(v, VariableBase)]
        variables = tuple((i, a) for i, a in enumerate(node.args) if isinstance(a, VariableBase))
        # the common case: every symbolic argument and variable is a positional argument itself (not nested)
        simple = len(top_level) == len(symbolic_leaves(node.args)) and len(variables) == len(nested_variables)
        self.slots = tuple(top_level) if simple else None
        # variables passed as positional arguments get their value in this computation (the engine then sees its
        # own tensor type and takes its fast paths; inside a program the value is the traced or differentiated one)
        self.variables = variables
        self.static_kwargs = not symbolic_leaves(node.kwargs) and not any(
            isinstance(v, VariableBase) for v in flatten(list(node.kwargs.values())))


def _step(node):
    step = node.plan = _Step(node)
    return step


def compute_on_demand(tensor, frame):
    """The value of a symbolic tensor that no node computed yet (one that a function given to ``K.rnn`` closes
    over): its sub-graph runs in ``frame``."""
    if tensor.node is None:
        missing(tensor)
    run_nodes(topological_order([tensor]), frame, Seeds(new_base_seed()), [])
    return frame.env[id(tensor)]


def run_nodes(order, frame, seeds, pending_updates):
    """Compute every node of ``order`` into ``frame.env`` (id(SymbolicTensor) -> value); the values of update
    nodes are appended to ``pending_updates`` as (variable, value)."""
    env = frame.env
    for node in order:
        step = node.plan or _step(node)
        if step.first_key is not None:
            if step.first_key in env:
                continue  # overridden (a gradient target) or already computed
        elif node.outputs and all(key in env for key in step.keys):
            continue
        if node.kind in ("gradients", "loop"):  # nodes that run sub-graphs in frames of their own
            result, computed = node.fn(node, frame, seeds)
            for key, value in (computed or {}).items():
                env.setdefault(key, value)  # the loss sub-graph's values: not computed again
        else:
            if step.slots is None:
                args = frame.resolve(node.args)
            else:
                args = list(node.args)
                for position, key, tensor in step.slots:
                    args[position] = env[key] if key in env else frame.tensor_value(tensor)
                for position, variable in step.variables:
                    args[position] = frame.variable_value(variable)
            kwargs = node.kwargs if step.static_kwargs else frame.resolve(node.kwargs)
            if node.seeded is not None:
                args = list(args)
                args[node.seeded] = seeds.for_node(node)
            result = node.fn(*args, **kwargs)
            if node.kind == "update":
                pending_updates.append((node.target, result))
        if step.single:
            if step.keys:
                env[step.keys[0]] = result
            continue
        for output, leaf in zip(node.outputs, flatten(result)):
            if isinstance(output, SymbolicTensorBase):
                env.setdefault(id(output), leaf)  # a value already there was fed or overridden: it stays
    return env


def value_of(item, frame):
    """The value of an output: a computed symbolic tensor, a variable's value in this computation, or a constant."""
    if isinstance(item, SymbolicTensorBase):
        return frame.tensor_value(item)
    if isinstance(item, VariableBase):
        return frame.variable_value(item)
    return _ops.convert(item)


def evaluate(tensors, feeds=None):
    """Concrete values of ``tensors`` (symbolic or not) with ``feeds`` ({placeholder: value}); update nodes among
    them are applied after everything is computed. Used by ``K.eval`` on symbolic tensors."""
    env = {id(placeholder): _ops.convert(value, placeholder.dtype) for placeholder, value in (feeds or {}).items()}
    pending = []
    symbolic = [t for t in tensors if isinstance(t, SymbolicTensorBase)]
    with Frame(env, compute=compute_on_demand) as frame:
        run_nodes(topological_order(symbolic), frame, Seeds(new_base_seed()), pending)
        values = [value_of(t, frame) for t in tensors]
    for variable, value in pending:
        variable.assign(value)
    return values
