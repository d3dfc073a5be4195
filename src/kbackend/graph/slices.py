"""Slices that cut one tensor into consecutive pieces along an axis, run as one ``split``.

Keras 2 code slices a tensor into the pieces it needs: the LSTM step cuts its pre-activations ``z`` into four gates
(``z[:, :units]``, ``z[:, units:2 * units]``, ...), the GRU three, the LSTM of implementation 1 its kernel in
``build``. Run as separate slices, each slice's gradient is a full-size padded copy of its piece, and the four are
added: four times the work of the one concatenation that is the gradient of a split. So, where a run order holds
slices of the same tensor that together cover an axis exactly (each piece once, every other axis whole), they are
run as one node calling the engine's ``split``, whose outputs are the slices' own symbolic tensors. Nothing else
changes: the recorded nodes stay as written, only the order an evaluation runs is rewritten.
"""
import numpy as np

from .. import _state
from .dispatch import SLICING
from .leaves import SymbolicTensorBase, VariableBase
from .nodes import Node

_ops = _state.ops
_INTEGERS = (int, np.integer)


def merged_split(x, sizes, axis):
    """What a node of merged slices runs: the engine's ``split`` (its gradient rule is ``split``'s)."""
    return _ops.split(x, sizes, axis)


def _cut(node):
    """``(source, axis, begin, end)`` when ``node`` slices a tensor of known size along one axis and takes every
    other axis whole (steps of 1, bounds within the size), else None."""
    if node.fn is not SLICING or not node.outputs or node.kind != "call" or len(node.args) != 2 or node.kwargs:
        return None
    source, key = node.args
    if not isinstance(source, (SymbolicTensorBase, VariableBase)):
        return None
    shape = source.shape
    key = key if isinstance(key, tuple) else (key,)
    if shape is None or not key or len(key) > len(shape) or not all(type(k) is slice for k in key):
        return None
    cut = None
    for axis, item in enumerate(key):
        if item == slice(None):
            continue
        if cut is not None or item.step not in (None, 1) or shape[axis] is None:
            return None
        size = int(shape[axis])
        begin = 0 if item.start is None else item.start
        end = size if item.stop is None else item.stop
        if not isinstance(begin, _INTEGERS) or not isinstance(end, _INTEGERS) or not 0 <= begin < end <= size:
            return None
        cut = (axis, begin, end)
    return None if cut is None else (source,) + cut


def merge_slices(order, keep=()):
    """``order`` with every group of slices that tiles an axis of one tensor replaced by one ``split`` node.

    Arguments:
        order: a run order (a list of nodes, each after the nodes it reads).
        keep: ids of symbolic tensors that must stay computed by their own node (values fed or overridden by the
            caller: a ``K.function`` input, a gradient target).

    Returns:
        A new list when a group was merged, else ``order`` itself.
    """
    groups = {}
    for position, node in enumerate(order):
        cut = _cut(node)
        if cut is None or not isinstance(node.outputs[0], SymbolicTensorBase) or id(node.outputs[0]) in keep:
            continue
        source, axis, begin, end = cut
        groups.setdefault((id(source), axis), []).append((begin, end, position, node))
    replaced = {}
    for (_, axis), members in groups.items():
        members.sort(key=lambda member: member[:2])
        size = members[0][3].args[0].shape[axis]
        bounds = [(begin, end) for begin, end, _, _ in members]
        tiles = len(members) > 1 and bounds[0][0] == 0 and bounds[-1][1] == size and all(
            previous[1] == current[0] for previous, current in zip(bounds, bounds[1:]))
        if not tiles:
            continue
        source = members[0][3].args[0]
        merged = Node(merged_split, (source, tuple(int(end - begin) for begin, end in bounds), axis), {}, "split")
        merged.structure = [None] * len(members)
        merged.outputs = [node.outputs[0] for _, _, _, node in members]
        first = min(position for _, _, position, _ in members)
        for _, _, position, _ in members:
            replaced[position] = merged if position == first else None
    if not replaced:
        return order
    return [replaced.get(position, node) for position, node in enumerate(order)
            if replaced.get(position, node) is not None]
