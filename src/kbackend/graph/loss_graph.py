"""The loss sub-graph that a gradients node (``K.gradients`` by the engine's autodiff) runs, worked out once per
node: shared by ``kbackend.graph.gradients`` (which evaluates it) and ``kbackend.graph.lowering`` (which takes the
values it computes on the way), so that lowering does not depend on the gradients module."""
from .fusion import unfused_where_differentiated
from .leaves import SymbolicTensorBase
from .nodes import topological_order
from .slices import merge_slices


def loss_sub_graph(node):
    """The loss sub-graph that a gradients node (``K.gradients`` by the engine's autodiff) runs, worked out once.

    Arguments:
        node: a node of kind ``'gradients'``.

    Returns:
        ``(order, computed, shareable)``: the nodes it runs, the ids of the tensors they compute, and the ids of
        those whose values the rest of the program may take from the run (all but the values of update nodes,
        which must be applied).
    """
    if "sub_graph" not in node.extra:
        loss, wrt = node.extra["loss"], node.extra["wrt"]
        order = merge_slices(unfused_where_differentiated(topological_order([loss]), wrt),
                             keep={id(t) for t in wrt if isinstance(t, SymbolicTensorBase)})
        computed = {id(o) for n in order for o in n.outputs if isinstance(o, SymbolicTensorBase)}
        shareable = [id(o) for n in order if n.kind != "update" for o in n.outputs
                     if isinstance(o, SymbolicTensorBase)]
        node.extra["sub_graph"] = order, computed, shareable
    return node.extra["sub_graph"]
