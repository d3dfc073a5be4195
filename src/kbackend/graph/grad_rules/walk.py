"""The reverse walk that applies the gradient rules to a sub-graph: ``K.gradients`` runs it over a loss sub-graph
(``kbackend.graph.gradients``), the rule of ``K.rnn`` over the traced step of a loop (``grad_rules.loops``)."""
from ... import _state
from ..leaves import SymbolicTensorBase, VariableBase
from ..nodes import flatten
from .emit import NoRule, add, cast_to, is_float
from .registry import Backward, rule_for

_ops = _state.ops


def _reads(node, active, variable_targets):
    """Whether ``node`` reads an active tensor (one that depends on a differentiated tensor) or a differentiated
    variable."""
    if any(id(t) in active for t in node.needs()):
        return True
    if variable_targets:
        if any(id(v) in variable_targets for v in node.reads):
            return True
        leaves = flatten([list(node.args), list(node.kwargs.values())])
        return any(isinstance(v, VariableBase) and id(v) in variable_targets for v in leaves)
    return False


def _sparse_input(node):
    """Whether ``node`` reads a sparse placeholder, variable or constant (no rule covers them)."""
    if any(t.sparse for t in node.inputs):
        return True
    for leaf in flatten([list(node.args), list(node.kwargs.values())]):
        value = leaf.value if isinstance(leaf, VariableBase) else leaf
        if not isinstance(value, (SymbolicTensorBase, int, float, str, type(None))) and _ops.is_sparse(value):
            return True
    return False


def active_path(order, active, variable_targets):
    """The nodes of ``order`` on a differentiated path, in order.

    Arguments:
        order: a run order (each node after the nodes it reads).
        active: ids of the differentiated tensors and variables; the outputs of the nodes on the path are added.
        variable_targets: ids of the differentiated variables.

    Returns:
        The list of the nodes that read an active tensor or a differentiated variable.
    """
    on_path = []
    for node in order:
        if _reads(node, active, variable_targets):
            on_path.append(node)
            active.update(id(o) for o in node.outputs if isinstance(o, SymbolicTensorBase))
    return on_path


def backpropagate(on_path, cotangents, active):
    """Apply the rules of ``on_path`` backwards, adding the cotangents of their inputs to ``cotangents``.

    Arguments:
        on_path: the nodes on the differentiated path, in run order (:func:`active_path`).
        cotangents: {id(tensor or variable): cotangent}, holding the seeds; filled in place.
        active: the ids of the tensors and variables that need a cotangent.

    Raises:
        NoRule: a node on the path has no rule, reads a sparse tensor, runs a function the engine excludes from the
            rules (capability ``gradient_rules_exclude``), or its rule does not cover the call.
    """
    excluded = _ops._engine.capabilities.get("gradient_rules_exclude", ())
    for node in reversed(on_path):
        outputs = [cotangents.get(id(o)) if isinstance(o, SymbolicTensorBase) else None for o in node.outputs]
        if all(g is None for g in outputs):
            continue
        if _sparse_input(node):
            raise NoRule(f"a sparse input of {node.name!r}")
        if node.name in excluded:
            raise NoRule(f"the engine differentiates {node.name!r} with its own autodiff, measured faster there "
                         f"(capability 'gradient_rules_exclude')")
        rule = rule_for(node) if node.kind in ("call", "loop") else None
        if rule is None:
            raise NoRule(f"no gradient rule for {node.name!r}" + (f" ({node.kind})" if node.kind != "call" else ""))
        for x, g in rule(Backward(node, outputs, active)):
            if g is not None and is_float(x):
                cotangents[id(x)] = add(cotangents.get(id(x)), cast_to(g, x))
