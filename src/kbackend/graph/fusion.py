"""Record-time fusion: a call recorded in a cheaper form that computes the same values.

A public function may declare a ``fusion`` (see ``kbackend.graph.dispatch.graph_aware``): at record time it can
replace the call by a cheaper one with the same values (the facade's crossentropy of a softmax is recorded from
the logits). The fused node keeps the call as written (``extra["unfused"]``) and the symbolic tensors that the
cheaper call no longer reads (``extra["skipped"]``): a gradient with respect to one of those runs the call as written.
"""
from .leaves import SymbolicTensorBase
from .nodes import Node


def unfused(node):
    """The node of the call as written, with the same outputs (built once)."""
    if "unfused_node" not in node.extra:
        function, args, kwargs = node.extra["unfused"]
        original = Node(function, args, kwargs, node.name)
        original.structure, original.outputs = node.structure, node.outputs
        node.extra["unfused_node"] = original
    return node.extra["unfused_node"]


def unfused_where_differentiated(order, wrt):
    """``order`` with the fused nodes that skip a tensor differentiated with respect to replaced by the call as
    written."""
    targets = {id(t) for t in wrt if isinstance(t, SymbolicTensorBase)}
    return [unfused(n) if n.extra and "unfused" in n.extra and any(id(t) in targets for t in n.extra["skipped"])
            else n for n in order]
