"""Graph mode: the graph-aware twins of the public functions, and how a call is recorded as a node.

The twin of a public function checks its arguments for symbolic tensors and variables (nested in lists and tuples
too); if there is one, and the graph is not being evaluated, it records a node and returns symbolic outputs whose
static shapes and dtypes come from running the function on probe inputs (zeros of the static shape, ``None``
dimensions taken as 2 and then 3: a dimension that follows them is dynamic). Otherwise it calls the function.
"""
import functools
import sys

import numpy as np

from .. import _variable
from .._registry import ops as _ops
from .._symbolic import SymbolicTensor
from .nodes import Node, flatten, has_graph_input, pack, substitute

STATE = _variable.GRAPH  # .active: graph mode on; .depth > 0: evaluating or probing (compute, never record)

# Public functions that are never recorded: configuration, introspection, evaluation, graph construction.
NOT_RECORDED = frozenset((
    "backend", "epsilon", "set_epsilon", "floatx", "set_floatx", "cast_to_floatx", "image_data_format",
    "set_image_data_format", "normalize_data_format", "get_uid", "reset_uids", "clear_session",
    "manual_variable_initialization", "learning_phase", "set_learning_phase", "learning_phase_scope", "name_scope",
    "symbolic", "eager", "control_dependencies", "get_session", "set_session", "variable", "constant",
    "placeholder", "is_variable", "is_tensor", "is_keras_tensor", "is_placeholder", "is_sparse", "int_shape",
    "ndim", "dtype", "eval", "get_value", "batch_get_value", "set_value", "batch_set_value", "count_params",
    "function", "gradients", "random_uniform_variable", "random_normal_variable", "image_dim_ordering",
    "set_image_dim_ordering", "get_variable_shape", "zeros", "ones", "eye", "arange", "switch", "in_train_phase",
    "in_test_phase", "rnn", "map_fn", "foldl", "foldr", "update", "update_add", "update_sub",
    "moving_average_update", "print_tensor", "stop_gradient",
))
# Random functions: in graph mode always recorded (even without graph inputs), with a fresh seed on every run.
SEEDED = frozenset(("dropout", "random_normal", "random_uniform", "random_binomial", "truncated_normal"))

_originals = {}


def _decoded_lengths_unknown(result, described):
    """ctc_decode: the decoded sequences' length depends on the values (only the log-probabilities' does not)."""
    count = len(flatten(result[0]))
    return [(info[0][:1] + (None,) * (len(info[0]) - 1), info[1]) if index < count and info else info
            for index, info in enumerate(described)]


# Functions whose output shapes depend on input *values*, which probes cannot see: which dimensions are dynamic.
DATA_DEPENDENT_SHAPES = {"ctc_decode": _decoded_lengths_unknown}


def activate():
    """Enter graph mode: install the graph-aware twins in the ``kbackend`` namespace (once)."""
    if STATE.active:
        return
    STATE.active = True
    kbackend = sys.modules["kbackend"]
    from ..facade import PUBLIC
    for name, function in PUBLIC.items():
        if name in NOT_RECORDED:
            continue
        _originals[name] = function
        setattr(kbackend, name, _twin(name, function))


def deactivate():
    """Leave graph mode (``K.clear_session``): the plain public functions come back."""
    if not STATE.active:
        return
    kbackend = sys.modules["kbackend"]
    for name, function in _originals.items():
        setattr(kbackend, name, function)
    _originals.clear()
    STATE.active = False


def _twin(name, function):
    from .fusion import FUSIONS
    seeded = name in SEEDED
    fuse = FUSIONS.get(name)

    @functools.wraps(function)
    def graph_aware(*args, **kwargs):
        if STATE.depth == 0 and (seeded or has_graph_input(args, kwargs)):
            if fuse is not None:
                fused = fuse(function, args, kwargs)
                if fused is not None:
                    return fused
            return record(name, function, args, kwargs, seeded=seeded)
        return function(*args, **kwargs)
    return graph_aware


class computing:
    """Context in which public functions compute on concrete values (evaluation, probing)."""

    def __enter__(self):
        STATE.depth += 1

    def __exit__(self, *exc):
        STATE.depth -= 1


def _probe_value(tensor, size):
    shape = tuple(size if d is None else d for d in tensor.shape)
    return _ops.zeros(shape, tensor.dtype)


def _probe(node, size):
    def lookup(tensor):
        if tensor.shape is None:
            raise ValueError(f"{node.name}: the rank of {tensor!r} is unknown; give placeholders a shape or ndim")
        return _probe_value(tensor, size)
    args = substitute(node.args, lookup)
    kwargs = substitute(node.kwargs, lookup)
    STATE.probing = True
    try:
        with computing(), np.errstate(all="ignore"):  # probes are zeros: only shapes matter, 0/0 is expected
            return node.fn(*args, **kwargs)
    finally:
        STATE.probing = False


def _describe(value):
    """(shape, dtype) of a concrete leaf, or None when it is not a tensor."""
    if value is None or type(value) in (bool, int, float, str):  # (np.float64 is a float subclass: a tensor)
        return None
    return tuple(_ops.shape_of(value)), _ops.dtype_of(value)


class reading_variables:
    """Collects the variables whose value is read inside the block.

    A function given to ``K.rnn``/``map_fn``/``foldl``/``foldr`` may close over variables that are not among the
    node's arguments; the probe run records which ones it reads, so that a compiled ``K.function`` passes their
    current values in instead of baking the values seen when tracing into the program. While a collector is
    active, ``Variable.value`` is a property that notes each read; outside, it is a plain attribute (no cost).
    """
    _active = []

    def __enter__(self):
        self.read = {}
        if not self._active:
            _variable.Variable.value = property(_read_value, _write_value)
        self._active.append(self.read)
        return self

    def __exit__(self, *exc):
        self._active.pop()
        if not self._active:
            del _variable.Variable.value


def _read_value(variable):
    for read in reading_variables._active:
        read[id(variable)] = variable
    return variable.__dict__["value"]


def _write_value(variable, value):
    variable.__dict__["value"] = value


def _takes_callable(args, kwargs):
    return any(callable(leaf) and not isinstance(leaf, (SymbolicTensor, _variable.Variable))
               for leaf in flatten(list(args) + list(kwargs.values())))


def record(name, function, args, kwargs, kind="call", target=None, seeded=False, extra=None):
    """Record ``function(*args, **kwargs)`` as a node; returns its symbolic output(s)."""
    node = Node(function, args, kwargs, name, kind, target, seeded, extra)
    if _takes_callable(args, kwargs):
        with reading_variables() as reads:
            outputs = _record_outputs(node, name)
        node.extra = dict(node.extra or {}, reads=list(reads.read.values()))
        return outputs
    return _record_outputs(node, name)


def _record_outputs(node, name):
    dynamic = any(t.shape is not None and None in t.shape for t in node.inputs)
    first = _probe(node, 2)
    leaves = flatten(first)
    described = [_describe(leaf) for leaf in leaves]
    if dynamic:
        second = _second_probe(node)
        if second is not None:
            described = [_merge(a, b) for a, b in zip(described, [_describe(leaf) for leaf in flatten(second)])]
    if name in DATA_DEPENDENT_SHAPES:
        described = DATA_DEPENDENT_SHAPES[name](first, described)
    outputs = []
    for index, (leaf, info) in enumerate(zip(leaves, described)):
        if info is None:
            outputs.append(leaf)
        else:
            outputs.append(SymbolicTensor(info[0], info[1], name=name, node=node, index=index))
    node.structure = first
    node.outputs = outputs
    return pack(first, iter(outputs))


def _second_probe(node):
    """Probe with unknown dimensions of 3 (or, if the call rejects that, of 1, which broadcasts): dimensions that
    change between the probes are dynamic. None when both fail (the first probe's shapes are then kept)."""
    for size in (3, 1):
        try:
            return _probe(node, size)
        except Exception:
            continue
    return None


def _merge(a, b):
    if a is None or b is None:
        return a
    shape = tuple(x if x == y else None for x, y in zip(a[0], b[0])) if len(a[0]) == len(b[0]) else None
    return shape, a[1]


@functools.lru_cache(maxsize=None)
def engine_op(name):
    """A function calling the active engine's ``name`` (what Python operators on symbolic tensors record)."""
    if name == "getitem":
        def getitem(x, key):
            return _ops.convert(x)[key]
        return getitem

    def op(*args):
        return getattr(_ops, name)(*args)
    op.__name__ = name
    return op


def record_op(name, args):
    return record(name, engine_op(name), tuple(args), {})
