"""``K.gradients``: a node whose evaluation differentiates the loss sub-graph with the engine's own autodiff.

The loss is re-run as a function of the values of ``wrt`` in a frame of its own (variables map to the
differentiated values; placeholders and intermediate tensors are overridden), and ``grad_and_aux`` of the active
engine differentiates it (``jax.grad``, ``torch.autograd.grad``, ``tf.GradientTape``, ``autograd`` for NumPy). A
non-scalar loss is summed first, as ``tf.gradients`` does. Tensors the loss does not depend on get zero gradients.
"""
from .. import _state
from .dispatch import SymbolicTensor
from .evaluate import compute_on_demand, run_nodes
from .frames import Frame
from .fusion import unfused_where_differentiated
from .leaves import SymbolicTensorBase, VariableBase
from .nodes import Node, topological_order
from .slices import merge_slices

_ops = _state.ops


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
    if "sub_graph" not in node.extra:
        order = merge_slices(unfused_where_differentiated(topological_order([loss]), wrt),
                             keep={id(t) for t in wrt if isinstance(t, SymbolicTensorBase)})
        computed = {id(o) for n in order for o in n.outputs if isinstance(o, SymbolicTensorBase)}
        # Values the rest of the program may take from this run: not those of update nodes (they must be applied)
        shareable = [id(o) for n in order if n.kind != "update" for o in n.outputs
                     if isinstance(o, SymbolicTensorBase)]
        node.extra["sub_graph"] = order, computed, shareable
    order, computed, shareable = node.extra["sub_graph"]
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
