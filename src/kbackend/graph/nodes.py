"""Graph nodes and the nested structures (lists/tuples of tensors) that functions take and return."""
import itertools

from .leaves import SymbolicTensorBase as SymbolicTensor, VariableBase as Variable

_ids = itertools.count()


def flatten(structure):
    """The leaves of nested lists/tuples, depth first."""
    if isinstance(structure, (list, tuple)):
        out = []
        for item in structure:
            out.extend(flatten(item))
        return out
    return [structure]


def pack(structure, leaves):
    """``structure`` with its leaves replaced, in order, by ``leaves`` (an iterator)."""
    if isinstance(structure, list):
        return [pack(item, leaves) for item in structure]
    if isinstance(structure, tuple):
        return tuple(pack(item, leaves) for item in structure)
    return next(leaves)


def substitute(structure, lookup):
    """``structure`` with every SymbolicTensor leaf replaced by ``lookup(tensor)``."""
    if isinstance(structure, SymbolicTensor):
        return lookup(structure)
    if isinstance(structure, list):
        return [substitute(item, lookup) for item in structure]
    if type(structure) is tuple:
        return tuple(substitute(item, lookup) for item in structure)
    if isinstance(structure, dict):
        return {key: substitute(value, lookup) for key, value in structure.items()}
    if isinstance(structure, slice):
        return slice(substitute(structure.start, lookup), substitute(structure.stop, lookup),
                     substitute(structure.step, lookup))
    return structure


def leaves(structure, out=None):
    """Every leaf inside args/kwargs (lists, tuples, dicts, slices), depth first."""
    out = [] if out is None else out
    if isinstance(structure, (list, tuple)):
        for item in structure:
            leaves(item, out)
    elif isinstance(structure, dict):
        for item in structure.values():
            leaves(item, out)
    elif isinstance(structure, slice):
        leaves((structure.start, structure.stop, structure.step), out)
    else:
        out.append(structure)
    return out


def symbolic_leaves(structure):
    """The SymbolicTensors inside args/kwargs (lists, tuples, dicts, slices)."""
    return [leaf for leaf in leaves(structure) if isinstance(leaf, SymbolicTensor)]


def has_graph_input(args, kwargs):
    """Whether a call must be recorded: a symbolic tensor or a variable among its (nested) arguments."""
    for item in itertools.chain(args, kwargs.values()):
        if isinstance(item, (SymbolicTensor, Variable)):
            return True
        if isinstance(item, (list, tuple, dict, slice)) and _nested_graph_input(item):
            return True
    return False


def _nested_graph_input(structure):
    if isinstance(structure, (SymbolicTensor, Variable)):
        return True
    if isinstance(structure, (list, tuple)):
        return any(_nested_graph_input(item) for item in structure)
    if isinstance(structure, dict):
        return any(_nested_graph_input(item) for item in structure.values())
    if isinstance(structure, slice):
        return _nested_graph_input((structure.start, structure.stop, structure.step))
    return False


class Node:
    """One recorded call: ``fn(*args, **kwargs)`` with symbolic tensors among the arguments.

    ``kind`` is ``'call'`` (a function), ``'update'`` (assigns ``fn(...)`` to ``target`` when run), or
    ``'gradients'`` / ``'loop'`` (``fn(node, frame, seeds)`` runs a sub-graph: ``kbackend.graph.gradients``,
    ``kbackend.graph.loops``). ``seeded`` is the position of the seed argument of a random function (a fresh
    seed per run), None for other functions.
    ``depends`` lists the symbolic tensors the node needs besides its arguments (those that a function given to
    ``K.rnn`` or ``K.map_fn`` closes over, found while its shapes were inferred), ``reads`` the variables read that way.
    """

    __slots__ = ("id", "fn", "args", "kwargs", "name", "kind", "target", "seeded", "inputs", "structure",
                 "outputs", "extra", "plan", "depends", "reads")

    def __init__(self, fn, args, kwargs, name, kind="call", target=None, seeded=None, extra=None):
        self.id = next(_ids)
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.name = name
        self.kind = kind
        self.target = target
        self.seeded = seeded
        self.inputs = symbolic_leaves((args, kwargs))
        self.structure = None   # the result's nesting (lists/tuples), leaves replaced by None
        self.outputs = []       # per flattened leaf of the result: its SymbolicTensor, or the constant leaf
        self.extra = extra
        self.plan = None        # how the evaluator runs it (kbackend.graph.evaluate), worked out on first use
        self.depends = []
        self.reads = []

    def needs(self):
        """Every symbolic tensor the node reads: its arguments' and the ones it depends on otherwise."""
        return self.inputs + self.depends if self.depends else self.inputs

    def __repr__(self):
        return f"<Node {self.id} {self.name} ({self.kind})>"


def topological_order(outputs):
    """Nodes needed for ``outputs`` (SymbolicTensors), each after the nodes it reads."""
    order, seen = [], set()
    stack = [(t.node, False) for t in outputs if t.node is not None]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            if node.id not in seen:
                seen.add(node.id)
                order.append(node)
            continue
        if node.id in seen:
            continue
        stack.append((node, True))
        for tensor in node.needs():
            if tensor.node is not None and tensor.node.id not in seen:
                stack.append((tensor.node, False))
    return order


def placeholders_of(outputs):
    """The placeholders that ``outputs`` depend on."""
    found = {}
    for node in topological_order(outputs):
        for tensor in node.needs():
            if tensor.node is None:
                found[id(tensor)] = tensor
    for tensor in outputs:
        if tensor.node is None:
            found[id(tensor)] = tensor
    return list(found.values())
