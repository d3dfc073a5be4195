"""Graph simplifications applied to a ``K.function`` program before it is lowered (``kbackend.graph.lowering``).

Four passes over a run order, none of which changes a value the program computes (up to rounding where a lowered
form orders the same arithmetic differently):

* **lowered forms**: a node of a public function whose static shapes and dtypes prove what the function checks at
  run time is replaced by the engine-table calls computing its value (``kbackend.graph.lowered_forms``);
* **constant folding**: a plain call whose symbolic inputs all have values known when the program is lowered (the
  learning phase, fixed per input signature, and the results of other folded calls) and that reads no variable,
  draws no random numbers, takes no Python function and has no side effect is computed once, at lowering;
* **common subexpressions**: a plain call of the same function on the same arguments as an earlier one (the same
  symbolic tensors and variables, equal numbers, strings and tuples, the same other objects) is not run again: its
  outputs alias the earlier call's;
* **dead nodes**: nodes whose outputs nothing needed reads are dropped.

The recorded nodes themselves are never modified: the result is a new run order, an alias map and the folded
values.
"""
from . import dependencies
from .frames import Frame
from .leaves import SymbolicTensorBase, VariableBase
from .lowered_forms import form_for
from .nodes import flatten, leaves, substitute, topological_order

# public functions whose calls have an effect besides their value (each call must run)
EFFECTS = frozenset({"print_tensor"})


class Simplified:
    """The outcome of :func:`simplify`.

    Attributes:
        order: the nodes left to run, in run order.
        alias: {id(tensor): tensor} for outputs of merged calls: the tensor of the call that computes the value.
        constants: {id(tensor): value} of the tensors whose values are known at lowering (the given ones and the
            folded calls' outputs).
    """

    __slots__ = ("order", "alias", "constants")

    def __init__(self, order, alias, constants):
        self.order = order
        self.alias = alias
        self.constants = constants

    def resolve(self, tensor):
        """The tensor that holds the value of ``tensor`` (itself unless its call was merged into another)."""
        return _resolved(self.alias, tensor)


def _resolved(alias, tensor):
    """The end of ``tensor``'s alias chain (a lowered form's output may itself be merged into an earlier call)."""
    found = alias.get(id(tensor))
    while found is not None:
        tensor = found
        found = alias.get(id(tensor))
    return tensor


def plain(node):
    """Whether ``node`` is a call that only computes a value from its arguments: no update, loop, gradient, random
    draw, Python function argument (which may read anything) or side effect. (A call's ``depends`` and ``reads``
    may list what its probes computed upstream, for small inputs; only a function argument reads them itself.)"""
    if node.kind != "call" or node.seeded is not None or node.name in EFFECTS:
        return False
    if node.extra and node.extra.get("seeded"):
        return False
    return not takes_functions(node)


def takes_functions(node):
    """Whether a Python function is among ``node``'s arguments (it may read tensors and variables it closed
    over)."""
    return any(callable(leaf) and not isinstance(leaf, type) for leaf in leaves((node.args, node.kwargs)))


def _key(structure, alias):
    """A hashable description of an argument structure: equal keys mean equal arguments."""
    if isinstance(structure, SymbolicTensorBase):
        return "t", id(_resolved(alias, structure))
    kind = type(structure)
    if structure is None or kind in (bool, int, str):
        return kind, structure
    if kind is float:
        return float, repr(structure)  # (0.0 and -0.0 differ; nan is equal to itself here)
    if isinstance(structure, (list, tuple)):
        return kind, tuple(_key(item, alias) for item in structure)
    if isinstance(structure, dict):
        return dict, tuple((_key(k, alias), _key(v, alias)) for k, v in structure.items())
    if kind is slice:
        return slice, _key((structure.start, structure.stop, structure.step), alias)
    return "o", id(structure)  # arrays, dtypes, variables...: the same object


def _fold(node, alias, constants):
    """The values of ``node``'s outputs when it can be computed now, else None."""
    values = {}
    for tensor in node.inputs:
        key = id(_resolved(alias, tensor))
        if key not in constants:
            return None
        values[id(tensor)] = constants[key]
    if any(isinstance(leaf, VariableBase) for leaf in leaves((node.args, node.kwargs))):
        return None
    try:
        with Frame(dict(values)):
            value_of = (lambda tensor: values[id(tensor)])  # noqa: E731
            result = node.fn(*substitute(node.args, value_of), **substitute(node.kwargs, value_of))
    except Exception:  # noqa: BLE001 - left to run (and raise) when the program runs, as without folding
        return None
    if not isinstance(node.structure, (list, tuple)):
        return [result]
    values = flatten(result) if isinstance(result, (list, tuple)) else None
    if values is None or len(values) != len(node.outputs):
        return None
    return values


def simplify(order, targets, known=None, fold=True, forms=True):
    """Replace calls by their lowered forms, fold constants, merge common subexpressions and drop dead nodes of a
    run order.

    Arguments:
        order: the nodes to run, each after the nodes it reads (the order ``K.function`` built).
        targets: the symbolic tensors whose values the program returns or assigns.
        known: {id(tensor): value} of tensors whose values are fixed for this program (the learning phase).
        fold: whether to fold constants (the order is otherwise only merged and pruned).
        forms: whether to replace calls by their lowered forms (which records new nodes: not inside a trace).

    Returns:
        A :class:`Simplified`.
    """
    alias, constants = {}, dict(known or {})
    kept, seen = [], {}
    for node in (_in_lowered_forms(order, alias) if forms else order):
        if not plain(node):
            kept.append(node)
            continue
        if fold and node.inputs:
            values = _fold(node, alias, constants)
            if values is not None:
                for output, value in zip(node.outputs, values):
                    if isinstance(output, SymbolicTensorBase):
                        constants[id(output)] = value
                continue
        key = (id(node.fn), _key(node.args, alias), _key(node.kwargs, alias))
        earlier = seen.get(key)
        if earlier is None or len(earlier.outputs) != len(node.outputs):
            seen[key] = node
            kept.append(node)
            continue
        for output, same in zip(node.outputs, earlier.outputs):
            if isinstance(output, SymbolicTensorBase) and isinstance(same, SymbolicTensorBase):
                alias[id(output)] = _resolved(alias, same)
    return Simplified(_live(kept, targets, alias, constants), alias, constants)


def _in_lowered_forms(order, alias):
    """``order`` with the nodes that have a lowered form replaced by its calls (their outputs aliased in ``alias``
    to the form's). None inside ``K.control_dependencies`` (calls recorded there would read updated values)."""
    if dependencies.current():
        return order
    expanded = []
    for node in order:
        form = form_for(node) if plain(node) and len(node.outputs) == 1 else None
        try:
            output = form(node) if form is not None else None
        except Exception:  # noqa: BLE001 - a form that cannot be recorded: the node runs as recorded
            output = None
        if not isinstance(output, SymbolicTensorBase) or not isinstance(node.outputs[0], SymbolicTensorBase):
            expanded.append(node)
            continue
        expanded += [n for n in topological_order([output]) if n.id > node.id]  # the calls the form recorded
        alias[id(node.outputs[0])] = output
    return expanded


def _live(order, targets, alias, constants):
    """The nodes of ``order`` whose outputs are needed for ``targets`` (nodes with effects always run)."""
    needed = {id(_resolved(alias, t)) for t in targets}
    live = []
    for node in reversed(order):
        outputs = [id(o) for o in node.outputs if isinstance(o, SymbolicTensorBase)]
        if node.name in EFFECTS or node.kind == "update" or any(key in needed for key in outputs):
            live.append(node)
            for tensor in node.needs():
                key = id(_resolved(alias, tensor))
                if key not in constants:
                    needed.add(key)
    live.reverse()
    return live
