"""``K.control_dependencies`` in graph mode: inside the block, a recorded call that reads a variable updated by one
of the block's update operations reads the updated value, as TensorFlow 1 orders a variable read created under
``tf.control_dependencies(update_ops)`` after the updates.

Keras 2.3.1's stateful metrics rely on it: ``update_state`` returns ``K.update_add`` operations, and ``result()``
(``total / count``) is computed under ``K.control_dependencies(update_ops)``, so the metric a training step reports
includes the step's own batch. Dependencies are transitive: an update recorded inside a block keeps the block's
mapping, and a later block that depends on it sees both updates.
"""
from .. import _state
from .leaves import SymbolicTensorBase, VariableBase
from .nodes import flatten

_THREAD = _state.THREAD


def mapping_of(control_inputs):
    """{id(variable): (variable, its updated symbolic value)} for the update operations among ``control_inputs``
    (nested lists allowed), with the mappings they were recorded under."""
    mapping = dict(_THREAD.after_updates[-1]) if _THREAD.after_updates else {}
    for item in flatten(list(control_inputs or [])):
        node = getattr(item, "node", None) if isinstance(item, SymbolicTensorBase) else None
        if node is not None and node.kind == "update":
            mapping.update((node.extra or {}).get("after", {}))
            mapping[id(node.target)] = (node.target, item)
    return mapping


class AfterUpdates:
    """The block of ``K.control_dependencies``: ``mapping`` applies to the calls recorded inside it."""

    def __init__(self, mapping):
        self.mapping = mapping

    def __enter__(self):
        _THREAD.after_updates.append(self.mapping)

    def __exit__(self, *exc):
        _THREAD.after_updates.pop()


def current():
    """The mapping of the innermost block of the calling thread, or None outside blocks."""
    stack = _THREAD.after_updates
    return stack[-1] if stack else None


def updated(structure, mapping):
    """``structure`` (nested lists, tuples, dicts) with the variables of ``mapping`` replaced by their updated
    values."""
    if isinstance(structure, VariableBase):
        entry = mapping.get(id(structure))
        return structure if entry is None else entry[1]
    if isinstance(structure, list):
        return [updated(item, mapping) for item in structure]
    if type(structure) is tuple:
        return tuple(updated(item, mapping) for item in structure)
    if isinstance(structure, dict):
        return {key: updated(value, mapping) for key, value in structure.items()}
    return structure
