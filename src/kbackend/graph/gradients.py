"""``K.gradients``: a node whose evaluation differentiates the loss sub-graph with the engine's own autodiff.

The loss is re-run as a function of the values of ``wrt`` (variables are rebound to the differentiated values;
placeholders and intermediate tensors are overridden), then ``grad`` of the active engine differentiates it
(``jax.grad``, ``torch.autograd.grad``, ``tf.GradientTape``, ``autograd`` for NumPy). A non-scalar loss is
summed first, as ``tf.gradients`` does. Tensors the loss does not depend on get zero gradients.
"""
from .._registry import ops as _ops
from .._symbolic import SymbolicTensor
from .._variable import Variable
from .fusion import unfused_where_differentiated
from .nodes import Node, topological_order


def gradients(loss, variables):
    """Symbolic gradients of ``loss`` with respect to each of ``variables``."""
    if not isinstance(loss, SymbolicTensor):
        raise ValueError("K.gradients() needs a symbolic loss: build it from placeholders or variables in graph "
                         "mode (after K.placeholder, or inside a function decorated with K.symbolic)")
    wrt = list(variables) if isinstance(variables, (list, tuple)) else [variables]
    for item in wrt:
        if not isinstance(item, (SymbolicTensor, Variable)):
            raise TypeError(f"K.gradients() differentiates with respect to variables, placeholders or symbolic "
                            f"tensors, got {type(item).__name__}")
    node = Node(None, (), {}, "gradients", kind="gradients",
                extra={"loss": loss, "wrt": wrt, "depends": [loss] + [t for t in wrt if isinstance(t, SymbolicTensor)]})
    outputs = []
    for index, item in enumerate(wrt):
        shape = tuple(item.shape) if item.shape is not None else None
        outputs.append(SymbolicTensor(shape, item.dtype, name="gradient", node=node, index=index))
    node.structure = [None] * len(wrt)
    node.outputs = outputs
    return list(outputs)


def evaluate_gradients(node, env, seeds):
    """The gradients of ``node``, and the values of the loss sub-graph computed on the way ({id: value}, or None
    when the engine's ``grad_and_aux`` cannot return them), which the caller may reuse instead of recomputing."""
    from .evaluate import run_nodes
    loss, wrt = node.extra["loss"], node.extra["wrt"]
    if "sub_graph" not in node.extra:
        order = unfused_where_differentiated(topological_order([loss]), wrt)
        computed = {id(o) for n in order for o in n.outputs if isinstance(o, SymbolicTensor)}
        # Values the rest of the program may take from this run: not those of update nodes (they must be applied)
        shareable = [id(o) for n in order if n.kind != "update" for o in n.outputs if isinstance(o, SymbolicTensor)]
        node.extra["sub_graph"] = order, computed, shareable
    order, computed, shareable = node.extra["sub_graph"]
    variables = [item for item in wrt if isinstance(item, Variable)]
    points = [item.value if isinstance(item, Variable) else env[id(item)] for item in wrt]
    # Placeholders keep their fed values; every node output is recomputed unless it is a target.
    feeds = {key: value for key, value in env.items() if key not in computed}

    def loss_and_values(*values):
        saved = [v.value for v in variables]
        local = dict(feeds)
        try:
            for item, value in zip(wrt, values):
                if isinstance(item, Variable):
                    item.value = value
                else:
                    local[id(item)] = value
            run_nodes(order, local, seeds, [])
            return _ops.sum(local[id(loss)], None, False), {key: local[key] for key in shareable if key in local}
        finally:
            for variable, value in zip(variables, saved):
                variable.value = value

    return _ops.grad_and_aux(loss_and_values, points)
