"""The ``placement`` property: a case run with its tensor inputs on each placement the engine offers besides its
default one (``placements()``, an engine hook: torch's ``meta`` device, JAX arrays spread over several devices, ...).

Every tensor of the result must live where the inputs live (``placement_of``), with the shape and dtype of the
reference; on placements that hold values (not torch's ``meta``) the values must equal the reference too. NumPy
inputs of a case stay NumPy arrays: they must join the placed tensors. A case whose inputs are all NumPy arrays or
Python values has no placement to follow and gets no such property.
"""
import numpy as np

from kbackend.engine_api import active_engine

from .cases import all_cases
from .model import DT, Case, T, has_placed_input, holds_tensor_inputs, is_engine_tensor, to_input


def _placed_arg(arg, dtype, K, ops, placement):
    if isinstance(arg, T):
        dt = arg.dtype or dtype
        array = to_input(arg.value, dt)
        if arg.as_numpy:
            return array
        tensor = ops.place(ops.convert(array, dt), placement)
        return K.variable(tensor, dtype=dt) if arg.variable else tensor
    if isinstance(arg, str) and arg == DT:
        return dtype
    if holds_tensor_inputs(arg):
        return type(arg)(_placed_arg(a, dtype, K, ops, placement) for a in arg)
    return arg


def _tensors(value):
    """The placed tensors (variables' values included) among the arguments, in order."""
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in _tensors(item)]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _tensors(item)]
    return [value]


def _leaves(result, expected, expected_dtype):
    """(result leaf, expected leaf, expected dtype) triples of a result that may be a tuple or list."""
    if isinstance(result, (tuple, list)):
        if not isinstance(expected, (tuple, list)) or len(expected) != len(result):
            count = len(expected) if isinstance(expected, (tuple, list)) else 1
            raise AssertionError(f"got {len(result)} outputs, expected {count}")
        dtypes = expected_dtype if isinstance(expected_dtype, (tuple, list)) else [expected_dtype] * len(result)
        return [leaf for r, e, d in zip(result, expected, dtypes) for leaf in _leaves(r, e, d)]
    return [(result, expected, expected_dtype)]


def _check_one(K, ops, case, dtype, placement, expected, expected_dtype, compare):
    """The failure message of ``case`` on ``placement``, or an empty string."""
    args = [_placed_arg(a, dtype, K, ops, placement) for a in case.args]
    kwargs = {k: _placed_arg(v, dtype, K, ops, placement) for k, v in case.kwargs.items()}
    placed = [ops.convert(t) if isinstance(t, K.Variable) else t
              for t in _tensors([args, kwargs]) if isinstance(t, K.Variable) or is_engine_tensor(K, t)]
    where = ops.placement_of(placed[0])
    result = getattr(K, case.fn)(*args, **kwargs)
    has_values = ops.placement_has_values(placement)
    for index, (leaf, want, want_dtype) in enumerate(_leaves(result, expected, expected_dtype)):
        label = f"output {index}: " if isinstance(result, (tuple, list)) else ""
        if isinstance(leaf, K.Variable):
            leaf = ops.convert(leaf)
        if not is_engine_tensor(K, leaf):
            return f"{label}the result is a {type(leaf).__name__}, not a tensor of the engine"
        got_place = ops.placement_of(leaf)
        if got_place != where:
            return f"{label}the result lives on {got_place}, its inputs on {where}"
        shape, got_dtype = tuple(K.int_shape(leaf)), K.dtype(leaf)
        want_shape = tuple(np.shape(want))
        if shape != want_shape or got_dtype != want_dtype:
            return f"{label}shape {shape} and dtype {got_dtype}, expected {want_shape} and {want_dtype}"
        if has_values:
            try:
                compare(K.eval(leaf), want, want_dtype, case.tolerance)
            except AssertionError as err:
                return f"{label}values differ: {str(err).strip()[:400]}"
    return ""


def check_placements(K, case, dtype, reference_arg, compare):
    """``(passed, message)`` of the placement property of one dtype instance of ``case``: every placement the active
    engine offers (``placements()``) is tried; the message names each one that fails and why."""
    ops = active_engine().ops
    expected = case.ref(*[reference_arg(a) for a in case.args],
                        **{k: reference_arg(v) for k, v in case.kwargs.items()})
    expected_dtype = case.result_dtype(dtype, K.floatx())
    failures = []
    for placement in ops.placements():
        try:
            message = _check_one(K, ops, case, dtype, placement, expected, expected_dtype, compare)
        except Exception as err:  # noqa: BLE001 - any failure on a placement is the property's failure
            message = f"raised {type(err).__name__}: {str(err)[:300]}"
        if message:
            failures.append(f"on {placement}: {message}")
    return not failures, "; ".join(failures)


def instances_by_function():
    """``{function name: [(case, dtype), ...]}``: every dtype instance of the pure cases that have a tensor input (the
    cases an engine's own device tests may sweep, as the placement property does on their first dtype)."""
    instances = {}
    for case in all_cases():
        if isinstance(case, Case) and has_placed_input(case):
            for dtype in case.dtypes:
                instances.setdefault(case.fn, []).append((case, dtype))
    return instances
