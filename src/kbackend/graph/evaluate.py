"""Running recorded nodes on concrete values."""
import numpy as np

from .._registry import ops as _ops
from .._symbolic import SymbolicTensor
from .._variable import Variable
from .mode import computing
from .nodes import flatten, substitute, symbolic_leaves, topological_order

SEED_MODULUS = 2 ** 31 - 1


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


def _missing(tensor):
    raise ValueError(f"No value was fed for the placeholder {tensor.name!r} (shape {tensor.shape}, dtype "
                     f"{tensor.dtype}): list it in the inputs of K.function and pass its value")


class _Step:
    """How to run one node, worked out once: where its symbolic arguments go, where its outputs go."""

    __slots__ = ("keys", "first_key", "single", "slots", "variables", "static_kwargs")

    def __init__(self, node):
        self.keys = tuple(id(o) for o in node.outputs if isinstance(o, SymbolicTensor))
        # a node is skipped when its outputs are already known; first_key is the one to test when there is one
        self.first_key = self.keys[0] if len(self.keys) == 1 else None
        self.single = not isinstance(node.structure, (list, tuple))
        top_level = [(i, id(a), a) for i, a in enumerate(node.args) if isinstance(a, SymbolicTensor)]
        # the common case: every symbolic argument is a positional argument itself (not nested in a list)
        self.slots = tuple(top_level) if len(top_level) == len(symbolic_leaves(node.args)) else None
        # variables passed as positional arguments get their current value (the engine then sees its own tensor
        # type and takes its fast paths; inside a program the value is the traced or differentiated one)
        self.variables = tuple((i, a) for i, a in enumerate(node.args) if isinstance(a, Variable))
        self.static_kwargs = not symbolic_leaves(node.kwargs)


def _step(node):
    step = node.plan = _Step(node)
    return step


def run_nodes(order, env, seeds, pending_updates):
    """Compute every node of ``order`` into ``env`` (id(SymbolicTensor) -> value)."""
    def lookup(tensor):
        try:
            return env[id(tensor)]
        except KeyError:
            return _missing(tensor)

    with computing():
        for node in order:
            step = node.plan or _step(node)
            if step.first_key is not None:
                if step.first_key in env:
                    continue  # overridden (a gradient target) or already computed
            elif node.outputs and all(key in env for key in step.keys):
                continue
            if node.kind == "gradients":
                from .gradients import evaluate_gradients
                result, computed = evaluate_gradients(node, env, seeds)
                for key, value in (computed or {}).items():
                    env.setdefault(key, value)  # the loss sub-graph's values: not computed again
            else:
                if step.slots is None:
                    args = substitute(node.args, lookup)
                else:
                    args = list(node.args)
                    for position, key, tensor in step.slots:
                        args[position] = env[key] if key in env else _missing(tensor)
                    for position, variable in step.variables:
                        args[position] = variable.value
                kwargs = node.kwargs if step.static_kwargs else substitute(node.kwargs, lookup)
                if node.seeded:
                    kwargs = dict(kwargs, seed=seeds.for_node(node))
                result = node.fn(*args, **kwargs)
                if node.kind == "update":
                    pending_updates.append((node.target, result))
            if step.single:
                if step.keys:
                    env[step.keys[0]] = result
                continue
            for output, leaf in zip(node.outputs, flatten(result)):
                if isinstance(output, SymbolicTensor):
                    env[id(output)] = leaf
    return env


def value_of(item, env):
    """The value of an output: a computed symbolic tensor, a variable's current value, or a constant."""
    if isinstance(item, SymbolicTensor):
        if id(item) not in env:
            _missing(item)
        return env[id(item)]
    if isinstance(item, Variable):
        return item.value
    return _ops.convert(item)


def evaluate(tensors, feeds=None):
    """Concrete values of ``tensors`` (symbolic or not) with ``feeds`` ({placeholder: value}); update nodes among
    them are applied after everything is computed. Used by ``K.eval`` on symbolic tensors."""
    from ..facade.config import learning_phase_default
    env = {id(placeholder): _ops.convert(value, placeholder.dtype) for placeholder, value in (feeds or {}).items()}
    learning_phase_default(env)
    pending = []
    symbolic = [t for t in tensors if isinstance(t, SymbolicTensor)]
    run_nodes(topological_order(symbolic), env, Seeds(new_base_seed()), pending)
    values = [value_of(t, env) for t in tensors]
    for variable, value in pending:
        variable.assign(value)
    return values
