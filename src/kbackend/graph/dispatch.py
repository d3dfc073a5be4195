"""Graph awareness as a property of each public function, and the symbolic tensors that recording returns.

``@graph_aware`` turns a public function's implementation into the public function object: a function with the
same signature and docstring whose eager path is one check (``GRAPH.on``, false until the first symbolic tensor)
and a direct call of the implementation. With graph mode on, ``graph_call`` decides:

* inside a computing frame (a graph being evaluated, or a probe): symbolic tensors and variables among the
  arguments are replaced by their values in that computation, and the implementation runs;
* otherwise, when an argument is a symbolic tensor or a variable (nested in lists, tuples, dicts and slices too),
  or the function is random (fresh values on every evaluation) or takes a function (``K.rnn``, ``K.map_fn``,
  ...), the call is recorded as a node whose outputs are new symbolic tensors; their static shapes and dtypes come
  from ``kbackend.graph.shapes``;
* otherwise the implementation runs.

Because the check is inside the function object, a function bound before graph mode started (``from kbackend
import dot``, or Keras 2's loader copying the module's names) records like ``K.dot``; nothing is rebound.
"""
import functools
import inspect

import numpy as np

from .. import _state
from . import dependencies, shapes
from .leaves import SymbolicTensorBase
from .nodes import Node, flatten, has_graph_input, pack

GRAPH = _state.GRAPH
_THREAD = _state.THREAD
_ops = _state.ops


class Spec:
    """How a public function takes part in graphs (see ``graph_aware``)."""

    __slots__ = ("name", "impl", "seed_index", "always", "fusion", "shape_rule", "fallback", "values_matter",
                 "graph_impl", "recorder")

    def __init__(self, name, impl, seed_index=None, always=False, fusion=None, shape_rule=None, fallback=None,
                 values_matter=False, graph_impl=None, recorder=None):
        self.name = name
        self.recorder = recorder
        self.impl = impl
        self.graph_impl = graph_impl or impl
        self.seed_index = seed_index
        self.always = always or seed_index is not None
        self.fusion = fusion
        self.shape_rule = shape_rule
        self.fallback = fallback
        self.values_matter = values_matter


def graph_call(spec, args, kwargs):
    """The graph-mode path of a public function call (see the module docstring)."""
    frames = _THREAD.frames
    if frames:
        if has_graph_input(args, kwargs):
            frame = frames[-1]
            args, kwargs = frame.resolve(args), frame.resolve(kwargs)
        return spec.impl(*args, **kwargs)
    if spec.always or has_graph_input(args, kwargs):
        if spec.recorder is not None:
            recorded = spec.recorder(args, kwargs)
            if recorded is not None:
                return recorded
        if spec.fusion is not None:
            fused = spec.fusion(args, kwargs)
            if fused is not None:
                fn, fused_args, fused_kwargs, skipped = fused
                return record(spec.name, fn, fused_args, fused_kwargs,
                              extra={"unfused": (spec.impl, args, kwargs), "skipped": skipped})
        return record(spec.name, spec.graph_impl, args, kwargs, seed_index=spec.seed_index,
                      shape_rule=spec.shape_rule, fallback=spec.fallback, values_matter=spec.values_matter)
    return spec.impl(*args, **kwargs)


def record(name, fn, args, kwargs, kind="call", target=None, seed_index=None, extra=None, shape_rule=None,
           fallback=None, values_matter=False):
    """Record ``fn(*args, **kwargs)`` as a node and return its symbolic output(s), in the structure of the result.

    ``kind`` is ``'call'`` or ``'update'`` (``target`` is then the variable assigned when the node runs);
    ``seed_index`` the position of the seed argument of a random function (a fresh seed on every evaluation);
    ``shape_rule(result, described)`` adjusts the inferred ``(shape, dtype)`` of a function whose output shape
    depends on values; ``fallback(*args, **kwargs) -> (shape, dtype)`` gives the static shape of a single-output
    function whose probes all fail while some input shapes are unknown (or, with ``values_matter``, whenever they all
    fail: the function needs real values, which probes do not have).
    """
    if values_matter:
        extra = dict(extra or {}, values_matter=True)  # evaluated uncompiled (see kbackend.graph.function)
    mapping = dependencies.current()
    if mapping:  # inside K.control_dependencies: reads of the updated variables see their updated values
        args, kwargs = dependencies.updated(tuple(args), mapping), dependencies.updated(kwargs, mapping)
        if kind == "update":
            extra = dict(extra or {}, after=mapping)
    node = Node(fn, tuple(args), kwargs, name, kind, target, seed_index, extra)
    try:
        first, described = shapes.infer(node)
    except Exception:
        if fallback is None or not (values_matter or any(t.shape is None or None in t.shape for t in node.inputs)):
            raise
        first, described = None, [fallback(*args, **kwargs)]
    if shape_rule is not None:
        described = shape_rule(first, described)
    outputs = []
    leaves = flatten(first) if first is not None else [None] * len(described)
    for index, (leaf, info) in enumerate(zip(leaves, described)):
        if info is None:
            outputs.append(leaf)
        else:
            sparse = leaf is not None and bool(_ops.is_sparse(leaf))
            outputs.append(SymbolicTensor(info[0], info[1], name=name, node=node, index=index, sparse=sparse))
    node.structure = first
    node.outputs = outputs
    return pack(first, iter(outputs))


def sizes_from_values(result, described):
    """A ``shape_rule`` for functions whose output sizes depend on input values (``arange`` of a symbolic
    scalar): every size is unknown, the rank stays."""
    return [(tuple(None for _ in info[0]), info[1]) if info and info[0] is not None else info for info in described]


def enter_graph_mode():
    """Turn graph mode on (the first symbolic tensor does it; so does ``K.symbolic``)."""
    GRAPH.on = True


class SymbolicTensor(SymbolicTensorBase):
    """A tensor known only by its shape and dtype until ``K.function`` (or ``K.eval``) computes it.

    Python operators and indexing record nodes (the engine functions that ``K.*`` use for the same operations).
    """

    def __init__(self, shape, dtype, name=None, is_placeholder=False, sparse=False, node=None, index=0):
        super().__init__(shape, dtype, name, is_placeholder, sparse, node, index)
        if is_placeholder:
            GRAPH.on = True

    def __add__(self, other):
        return operate("add", (self, other))

    def __radd__(self, other):
        return operate("add", (other, self))

    def __sub__(self, other):
        return operate("subtract", (self, other))

    def __rsub__(self, other):
        return operate("subtract", (other, self))

    def __mul__(self, other):
        return operate("multiply", (self, other))

    def __rmul__(self, other):
        return operate("multiply", (other, self))

    def __truediv__(self, other):
        return operate("divide", (self, other))

    def __rtruediv__(self, other):
        return operate("divide", (other, self))

    def __pow__(self, other):
        return operate("power", (self, other))

    def __rpow__(self, other):
        return operate("power", (other, self))

    def __matmul__(self, other):
        return operate("matmul", (self, other))

    def __rmatmul__(self, other):
        return operate("matmul", (other, self))

    def __neg__(self):
        return operate("negative", (self,))

    def __abs__(self):
        return operate("abs", (self,))

    def __lt__(self, other):
        return operate("less", (self, other))

    def __le__(self, other):
        return operate("less_equal", (self, other))

    def __gt__(self, other):
        return operate("greater", (self, other))

    def __ge__(self, other):
        return operate("greater_equal", (self, other))

    def __getitem__(self, key):
        return operate("getitem", (self, key))


def _engine_function(name):
    """A function calling the active engine's ``name`` (what Python operators record)."""
    if name == "getitem":
        def getitem(x, key):
            if type(x) is np.ndarray:
                return x[key]  # sizes computed on the host (``K.shape`` in a graph) stay concrete
            return _ops.convert(x)[key]
        return getitem

    def engine_function(*args):
        return getattr(_ops, name)(*args)
    engine_function.__name__ = name
    engine_function.engine_table_name = name  # a lowered program calls the engine's function itself
    return engine_function


_OPERATORS = {name: Spec(name, _engine_function(name)) for name in (
    "add", "subtract", "multiply", "divide", "power", "matmul", "negative", "abs", "less", "less_equal", "greater",
    "greater_equal", "getitem")}
SLICING = _OPERATORS["getitem"].graph_impl  # what a recorded ``obj[key]`` runs (kbackend.graph.slices finds them)


def operator_function(name):
    """The function that a recorded Python operator ``name`` runs (the engine function of that name), or None when
    ``name`` is not an operator."""
    spec = _OPERATORS.get(name)
    return None if spec is None else spec.graph_impl


def operate(name, args):
    """A Python operator applied to a symbolic tensor or, in graph mode, to a variable: recorded, or computed
    inside a computing frame."""
    return graph_call(_OPERATORS[name], args, {})


_TEMPLATE = '''
def {name}({parameters}):
    if _GRAPH.on:
        return _graph_call(_spec, ({packed}), {keywords})
    return _impl({call})
'''


def graph_aware(impl=None, *, seeded=False, takes_functions=False, fusion=None, shape_rule=None, fallback=None,
                values_matter=False, graph_impl=None, recorder=None):
    """Decorator: the public function of ``impl`` (same name, signature and docstring), graph-aware.

    Arguments:
        impl: the implementation, called with the public arguments on concrete values.
        seeded: a random function: in graph mode always recorded, and its ``seed`` argument replaced by a fresh
            seed on every evaluation.
        takes_functions: the function takes Python functions (``rnn``, ``map_fn``, ...): in graph mode always
            recorded, since the functions may read symbolic tensors or variables they close over.
        fusion: ``fusion(args, kwargs)`` -> None, or ``(fn, args, kwargs, skipped)``: a cheaper call with the
            same values to record instead (``skipped``: the symbolic tensors the original call reads that the
            cheaper one does not; a gradient with respect to one of them runs the original call).
        shape_rule: ``shape_rule(result, described)``, for outputs whose shapes depend on input values.
        fallback: ``fallback(*args, **kwargs) -> (shape, dtype)``: the static shape rule of a single-output
            function, used when no probe succeeds because input sizes are unknown (a convolution whose kernel shape
            is unknown, say); it must not raise for arguments the function accepts.
        values_matter: the function needs its inputs' values, not only their shapes (its output shape depends on
            them: ``arange`` of symbolic bounds, ``ctc_decode``): the fallback is used whenever every probe fails
            (probes are zeros), and a ``K.function`` holding such a call runs uncompiled.
        graph_impl: what a recorded call runs when the graph is evaluated, if not ``impl`` (``K.shape`` gives
            its sizes as a NumPy array there, so that they stay concrete inside a compiled program and can size a
            reshape).
        recorder: ``recorder(args, kwargs)`` -> the symbolic outputs of a call it records itself (``K.rnn``
            traces its step function), or None to record the call as usual.

    Returns:
        The public function.
    """
    if impl is None:
        return functools.partial(graph_aware, seeded=seeded, takes_functions=takes_functions, fusion=fusion,
                                 shape_rule=shape_rule, fallback=fallback, values_matter=values_matter,
                                 graph_impl=graph_impl, recorder=recorder)
    signature = inspect.signature(impl)
    names = list(signature.parameters)
    seed_index = names.index("seed") if seeded else None
    spec = Spec(impl.__name__, impl, seed_index, takes_functions, fusion, shape_rule, fallback, values_matter,
                graph_impl, recorder)
    positional, keywords = [], None
    for parameter in signature.parameters.values():
        if parameter.kind is parameter.POSITIONAL_OR_KEYWORD:
            positional.append(parameter.name)
        elif parameter.kind is parameter.VAR_KEYWORD:
            keywords = parameter.name
        else:
            raise TypeError(f"graph_aware: {impl.__name__}() has a parameter kind it does not support "
                            f"({parameter})")
    parameters = positional + ([f"**{keywords}"] if keywords else [])
    source = _TEMPLATE.format(name=impl.__name__, parameters=", ".join(parameters),
                              packed="".join(f"{p}, " for p in positional), keywords=keywords or "{}",
                              call=", ".join(parameters))
    namespace = {"_GRAPH": GRAPH, "_graph_call": graph_call, "_spec": spec, "_impl": impl}
    exec(compile(source, f"<graph_aware {impl.__module__}.{impl.__name__}>", "exec"), namespace)  # noqa: S102
    public = namespace[impl.__name__]
    public.__defaults__ = impl.__defaults__
    functools.update_wrapper(public, impl)
    public.graph_spec = spec
    return public
