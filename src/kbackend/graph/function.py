"""``K.function``: a recorded graph turned into a callable on concrete values.

The callable runs one pure program ``(feeds, variable values, seed) -> (outputs, new variable values)``, compiled by
the engine's ``jit`` (``jax.jit``, ``tf.function``; identity for eager engines) and cached per input signature
(shapes and dtypes of the fed values, the learning phase and the engine), so a training loop does not retrace. Outputs are
computed from the state at call time; then every update is assigned.

The program is the recorded graph lowered to straight-line Python code for the signature and the active engine
(``kbackend.graph.lowering``), or, with the environment variable ``KBACKEND_LOWERING=0``, the node interpreter
(``kbackend.graph.evaluate``) running the recorded nodes; both compute the same values.
"""
import numpy as np

from .. import _state
from .evaluate import Seeds, compute_on_demand, new_base_seed, run_nodes, value_of
from .frames import Frame
from .leaves import SymbolicTensorBase as SymbolicTensor, VariableBase as Variable
from .lowering import lower, lowering_enabled
from .nodes import flatten, topological_order
from .slices import merge_slices

_ops = _state.ops


def _normalize_updates(updates):
    """[(variable, new value)] from (variable, value) pairs and the results of K.update* in graph mode."""
    pairs = []
    for update in updates:
        if isinstance(update, (list, tuple)) and len(update) == 2 and isinstance(update[0], Variable):
            pairs.append((update[0], update[1]))
        elif isinstance(update, SymbolicTensor) and update.node is not None and update.node.kind == "update":
            pairs.append((update.node.target, update))
        elif isinstance(update, Variable):
            continue  # an eager update already applied (outside graph mode)
        else:
            raise TypeError(f"K.function() updates must be (variable, new_value) pairs or results of K.update*, "
                            f"got {update!r}")
    return pairs


def _variables_in(order, extra):
    found = {}
    for node in order:
        for leaf in flatten([node.args, list(node.kwargs.values())]):
            if isinstance(leaf, Variable):
                found[id(leaf)] = leaf
        if node.kind == "update":
            found[id(node.target)] = node.target
        for item in list((node.extra or {}).get("wrt", ())) + node.reads:
            if isinstance(item, Variable):
                found[id(item)] = item
    for item in extra:
        found[id(item)] = item
    return list(found.values())


def _gradients_early(order):
    """``order`` with each gradient node moved to just after the nodes it cannot compute itself (those giving the
    intermediate tensors it differentiates with respect to). A gradient node runs its loss sub-graph inside the
    engine's autodiff and hands the values over, so the forward pass is not computed twice."""
    order = list(order)
    for node in [n for n in order if n.kind == "gradients"]:
        intermediate = [t for t in node.extra["wrt"] if isinstance(t, SymbolicTensor) and t.node is not None]
        needed = {n.id for n in topological_order(intermediate)}
        order.remove(node)
        position = max((i for i, n in enumerate(order) if n.id in needed), default=-1) + 1
        order.insert(position, node)
    return order


class Function:
    """The callable returned by ``K.function``."""

    def __init__(self, inputs, outputs, updates=(), name=None):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.name = name
        self.updates = _normalize_updates(updates)
        targets = [o for o in self.outputs if isinstance(o, SymbolicTensor)]
        targets += [value for _, value in self.updates if isinstance(value, SymbolicTensor)]
        self.order = merge_slices(_gradients_early(topological_order(targets)))
        explicit = {id(value) for _, value in self.updates}
        # update nodes the program reaches that are not already among the explicit updates (an update op both in
        # ``updates`` and read by an output is assigned once)
        self.update_nodes = [node for node in self.order
                             if node.kind == "update" and id(node.outputs[0]) not in explicit]
        output_variables = [o for o in self.outputs if isinstance(o, Variable)]
        self.variables = _variables_in(self.order, [v for v, _ in self.updates] + output_variables)
        self.update_targets = [v for v, _ in self.updates] + [node.target for node in self.update_nodes]
        # the locks of the assigned variables, always taken in the same order (no two calls can wait on each other)
        self.locks = [v.lock for v in sorted({id(v): v for v in self.update_targets}.values(), key=id)]
        self.seeded = any(node.seeded is not None or (node.extra or {}).get("seeded") for node in self.order)
        self.phase = _state.SESSION.learning_phase_tensor
        for item in self.inputs:
            if not isinstance(item, SymbolicTensor) or not item._is_placeholder:
                raise TypeError(f"K.function() inputs must be placeholders, got {item!r}")
        self._compiled = {}

    def _program(self, phase_value, fed):
        if lowering_enabled():
            program = lower(self.order, self.inputs, fed, self.phase, phase_value, self.variables, self.outputs,
                            [value for _, value in self.updates] + [node.outputs[0] for node in self.update_nodes])
        else:
            program = self._interpreted(phase_value)
        if any((node.extra or {}).get("values_matter") for node in self.order):
            return program  # an output shape depends on values: no compiler can trace it
        return _ops.jit(program)

    def _interpreted(self, phase_value):
        """The program run by the node interpreter (``kbackend.graph.evaluate``)."""
        keys = [id(v) for v in self.variables]

        def program(feed_values, variable_values, seed):
            env = {id(p): value for p, value in zip(self.inputs, feed_values) if value is not None}
            if self.phase is not None:
                env[id(self.phase)] = phase_value  # a Python int: branches on it are resolved when tracing
            with Frame(env, dict(zip(keys, variable_values)), compute=compute_on_demand) as frame:
                run_nodes(self.order, frame, Seeds(seed), [])
                outputs = tuple(value_of(o, frame) for o in self.outputs)
                new_values = [value_of(value, frame) for _, value in self.updates]
                new_values += [value_of(node.outputs[0], frame) for node in self.update_nodes]
            return outputs, tuple(new_values)
        return program

    def __call__(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise TypeError(f"A K.function must be called with a list of values, got {type(inputs).__name__}")
        if len(inputs) != len(self.inputs):
            raise ValueError(f"This K.function takes {len(self.inputs)} input value(s), got {len(inputs)}")
        feeds, phase, key = [], 0, []
        feed, shape_of = _ops.feed, _ops.shape_of
        for placeholder, value in zip(self.inputs, inputs):
            if value is None:
                feeds.append(None)
                key.append(None)
            elif placeholder is self.phase:
                phase = int(np.asarray(value))
                if phase not in (0, 1):
                    raise ValueError(f"The learning phase must be fed 0 or 1, got {value!r}")
                feeds.append(None)
                key.append(None)
            else:
                value = _sparse_feed(value, placeholder.dtype) if placeholder.sparse else feed(value, placeholder.dtype)
                feeds.append(value)
                key.append(tuple(shape_of(value)))
        signature = (tuple(key), phase, _ops._engine)  # a lowered program calls the engine's own functions
        plan = self._compiled.get(signature)
        if plan is None:
            for placeholder, shape in zip(self.inputs, key):
                if shape is not None:
                    _check_shape(placeholder, shape)
            fed = [value is not None for value in feeds]
            plan = self._compiled[signature] = _Plan(self._program(phase, fed))
        seed = None
        if self.seeded:
            seed = new_base_seed()
            if _ops._engine.capabilities.get("jit"):
                seed = _ops.convert(seed, "int64")  # traced, so that a compiled program draws new numbers per call
        if self.locks:  # reading the variables, computing and assigning is one step for the variables it assigns
            for lock in self.locks:
                lock.acquire()
            try:
                outputs, new_values = plan.program(tuple(feeds), tuple(v.value for v in self.variables), seed)
                plan.assign(self.update_targets, new_values)
            finally:
                for lock in reversed(self.locks):
                    lock.release()
        else:
            outputs, _ = plan.program(tuple(feeds), tuple(v.value for v in self.variables), seed)
        to_numpy = _ops.to_numpy
        return [to_numpy(o) for o in outputs]


class _Plan:
    """The program compiled for one input signature, and whether its update values are known to need no
    conversion (checked on the first call: they then replace the variables' values directly)."""

    __slots__ = ("program", "checked")

    def __init__(self, program):
        self.program = program
        self.checked = False

    def assign(self, variables, values):
        if self.checked:
            for variable, value in zip(variables, values):
                variable.value = value
            return
        for variable, value in zip(variables, values):
            variable.assign(value)
        self.checked = all(variable.value is value for variable, value in zip(variables, values))


def _sparse_feed(value, dtype):
    """A value fed to a sparse placeholder (a ``scipy.sparse`` matrix, an engine sparse tensor, or dense values): the
    engine's sparse tensor where the engine has them (capability ``sparse``), else the dense values."""
    if _ops._engine.capabilities.get("sparse"):
        return _ops.sparse_tensor(value, dtype)
    return _ops.convert(_ops.to_dense(value), dtype)


def _check_shape(placeholder, shape):
    expected = placeholder.shape
    if expected is None:
        return
    if len(expected) != len(shape) or any(e is not None and e != s for e, s in zip(expected, shape)):
        raise ValueError(f"K.function: the value fed for {placeholder.name!r} has shape {shape}, expected "
                         f"{expected}")
