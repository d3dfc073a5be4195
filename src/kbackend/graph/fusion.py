"""Record-time fusion: a call recorded in a cheaper form that computes the same values.

Keras 2 models end in ``categorical_crossentropy(target, softmax(logits))``. The crossentropy's formula
(semantics.md 3.5) normalises the probabilities, clips them to ``[eps, 1 - eps]`` and takes their log: with the
softmax, 8 operations (and as many backward steps). Recorded on the output of a softmax node, the call becomes one
node that computes ``clip(log_softmax(logits), log(eps), log(1 - eps))`` from the logits: the same values up to
rounding (the log is increasing, a softmax already sums to 1, the bounds are rounded as the explicit clip rounds
them), the same gradients, half the operations; the softmax itself then runs only if something else needs it.
Unlike tf_keras, which also switches to logits here, the clip is kept, so the loss stays that of the formula.

The node keeps the original call: the gradient with respect to the probabilities themselves
(``K.gradients(loss, [probabilities])``) runs it (see ``unfused``).
"""
from .._symbolic import SymbolicTensor
from .mode import record
from .nodes import Node

FUSED_DTYPES = ("float32", "float64")  # float16 probabilities are rounded before the crossentropy: not fused


def _argument(args, kwargs, position, name, default):
    return args[position] if len(args) > position else kwargs.get(name, default)


def crossentropy_of_softmax(function, args, kwargs):
    """Record ``categorical_crossentropy(target, softmax(logits))`` from the logits; None when the call does not
    have that form (it is then recorded as it is)."""
    from ..facade.nn import _crossentropy_of_softmax_logits
    target, output = _argument(args, kwargs, 0, "target", None), _argument(args, kwargs, 1, "output", None)
    if _argument(args, kwargs, 2, "from_logits", False) is not False or not isinstance(output, SymbolicTensor):
        return None
    node = output.node
    if node is None or node.name != "softmax" or node.kind != "call" or output.shape is None or \
            output.dtype not in FUSED_DTYPES:
        return None
    logits, softmax_axis = _argument(node.args, node.kwargs, 0, "x", None), _argument(node.args, node.kwargs, 1,
                                                                                       "axis", -1)
    axis, ndim = _argument(args, kwargs, 3, "axis", -1), len(output.shape)
    if type(axis) is not int or type(softmax_axis) is not int or not -ndim <= axis < ndim or \
            axis % ndim != softmax_axis % ndim or getattr(logits, "dtype", None) != output.dtype:
        return None  # other axes, integer logits: the call as written (which also raises its own errors)
    return record("categorical_crossentropy", _crossentropy_of_softmax_logits, (target, logits), {"axis": axis},
                  extra={"unfused": (function, args, kwargs), "probabilities": output})


FUSIONS = {"categorical_crossentropy": crossentropy_of_softmax}


def unfused(node):
    """The node of the call as written, with the same outputs (built once)."""
    if "unfused_node" not in node.extra:
        function, args, kwargs = node.extra["unfused"]
        original = Node(function, args, kwargs, node.name)
        original.structure, original.outputs = node.structure, node.outputs
        node.extra["unfused_node"] = original
    return node.extra["unfused_node"]


def unfused_where_differentiated(order, wrt):
    """``order`` with the fused nodes whose probabilities are differentiated with respect to replaced by the call
    as written (the fused node does not read the probabilities)."""
    targets = {id(t) for t in wrt if isinstance(t, SymbolicTensor)}
    return [unfused(n) if n.extra and "unfused" in n.extra and id(n.extra["probabilities"]) in targets else n
            for n in order]
