"""``K.gradients``: the gradients as a transformation of the recorded graph, or a node running the engine's autodiff.

Where the active engine declares the capability ``gradient_rules`` and every function between the loss and the
tensors differentiated has a rule (``kbackend.graph.grad_rules``), the loss sub-graph is walked backwards in reverse
topological order (``grad_rules.walk``), each node's rule adding the vector-Jacobian products of its inputs to their
cotangents: the gradients are ordinary nodes of the same graph, built from engine functions (engines need no autodiff
for them, and gradients of gradients are gradients of ordinary nodes; ``K.rnn``'s loop gets a reverse loop node,
``grad_rules.loops``). Otherwise (a function without a rule or whose rule does not cover the call, a function the
engine excludes from the rules, an engine that keeps its own autodiff) ``K.gradients`` records one node whose
evaluation re-runs the loss
sub-graph under the engine's ``grad_and_aux`` (``jax.grad``, ``torch.autograd.grad``, ``tf.GradientTape``,
``autograd`` for NumPy) as a function of the values of ``wrt`` (variables map to the differentiated values;
placeholders and intermediate tensors are overridden). Each returned tensor notes the path taken
(``gradient_path``: ``'rules'`` or ``'engine'``; :func:`last_path` tells the last call's, and why it fell back).

Both paths: a non-scalar loss is summed first, as ``tf.gradients`` does; tensors the loss does not depend on, and
integer or bool tensors, get zero gradients of their shape and dtype.
"""
from .. import _state
from ..generic.graph import NoAutodiffError
from .dispatch import SymbolicTensor
from .evaluate import compute_on_demand, run_nodes
from .frames import Frame
from .fusion import unfused_where_differentiated
from .grad_rules import NoRule
from .grad_rules.emit import is_float, ones_like, zeros_like
from .grad_rules.walk import active_path, backpropagate
from .leaves import SymbolicTensorBase, VariableBase
from .loss_graph import loss_sub_graph
from .nodes import Node, topological_order

_ops = _state.ops
_LAST = _state.THREAD  # per thread: the path of the last K.gradients call (``last_path``)


def gradients(loss, variables):
    """Symbolic gradients of ``loss`` with respect to each of ``variables`` (see ``K.gradients``)."""
    if not isinstance(loss, SymbolicTensorBase):
        raise ValueError("K.gradients() needs a symbolic loss: build it from placeholders or variables in graph "
                         "mode (after K.placeholder, or inside a function decorated with K.symbolic)")
    wrt = list(variables) if isinstance(variables, (list, tuple)) else [variables]
    for item in wrt:
        if not isinstance(item, (SymbolicTensorBase, VariableBase)):
            raise TypeError(f"K.gradients() differentiates with respect to variables, placeholders or symbolic "
                            f"tensors, got {type(item).__name__}")
    engine = _ops._engine
    reason = "the engine keeps its own automatic differentiation (no 'gradient_rules' capability)"
    if engine.capabilities.get("gradient_rules"):
        try:
            outputs = transformed_gradients(loss, wrt)
        except NoRule as missing:
            reason = str(missing)
        else:
            return _noted(outputs, "rules", "")
    if not engine.capabilities.get("gradients"):
        covered = ("kbackend's gradient rules do not cover this loss: " + reason
                   if engine.capabilities.get("gradient_rules") else "it declares no 'gradient_rules' either")
        raise NoAutodiffError(f"K.gradients(): the engine declares no automatic differentiation ({engine.name}: "
                              f"capability 'gradients') and {covered}")
    return _noted(_engine_gradients(loss, wrt), "engine", reason)


def _noted(outputs, path, reason):
    for tensor in outputs:
        if isinstance(tensor, SymbolicTensorBase):
            tensor.gradient_path = path
    _LAST.gradient_path = (path, reason)
    return outputs


def last_path():
    """``(path, reason)`` of the calling thread's last ``K.gradients``: ``'rules'`` (a graph transformation) or
    ``'engine'`` (the engine's autodiff), and why the rules were not used ('' when they were)."""
    return getattr(_LAST, "gradient_path", None)


def transformed_gradients(loss, wrt):
    """The gradients of ``loss`` with respect to ``wrt`` built as graph nodes by the gradient rules.

    Raises:
        NoRule: a node between the loss and ``wrt`` has no rule (or its rule does not cover the call).
    """
    variable_targets = {id(t) for t in wrt if isinstance(t, VariableBase)}
    active = {id(t) for t in wrt}
    on_path = active_path(unfused_where_differentiated(topological_order([loss]), wrt), active, variable_targets)
    cotangents = {}
    if id(loss) in active and is_float(loss):
        cotangents[id(loss)] = ones_like(loss)
    backpropagate(on_path, cotangents, active)
    results = []
    for item in wrt:
        g = cotangents.get(id(item)) if is_float(item) else None
        results.append(zeros_like(item) if g is None else g)
    return results


def _engine_gradients(loss, wrt):
    """One node whose evaluation differentiates the loss sub-graph with the engine's own autodiff."""
    node = Node(evaluate_gradients, (), {}, "gradients", kind="gradients", extra={"loss": loss, "wrt": wrt})
    node.depends = [loss] + [t for t in wrt if isinstance(t, SymbolicTensorBase)]
    outputs = []
    for index, item in enumerate(wrt):
        shape = tuple(item.shape) if item.shape is not None else None
        outputs.append(SymbolicTensor(shape, item.dtype, name="gradient", node=node, index=index))
    node.structure = [None] * len(wrt)
    node.outputs = outputs
    return list(outputs)


def evaluate_gradients(node, frame, seeds):
    """The gradients of ``node`` in ``frame``, and the values of the loss sub-graph computed on the way ({id:
    value}, or None when the engine's ``grad_and_aux`` cannot return them), which the caller may reuse instead of
    recomputing."""
    loss, wrt = node.extra["loss"], node.extra["wrt"]
    order, computed, shareable = loss_sub_graph(node)
    points = [frame.variable_value(item) if isinstance(item, VariableBase) else frame.tensor_value(item)
              for item in wrt]
    # Placeholders keep their fed values; every node output is recomputed unless it is a target.
    feeds = {key: value for key, value in frame.env.items() if key not in computed}

    def loss_and_values(*values):
        local = dict(feeds)
        variables = dict(frame.variables)
        for item, value in zip(wrt, values):
            if isinstance(item, VariableBase):
                variables[id(item)] = value
            else:
                local[id(item)] = value
        with Frame(local, variables, compute=compute_on_demand) as inner:
            run_nodes(order, inner, seeds, [])
            return _ops.sum(local[id(loss)], None, False), {key: local[key] for key in shareable if key in local}

    return _ops.grad_and_aux(loss_and_values, points)
