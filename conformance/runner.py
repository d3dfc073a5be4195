"""Run conformance cases against an engine and produce one record per (case, property).

A record's status is ``pass``, ``fail``, ``xfail`` (a known gap of the engine, or a capability it declares it
lacks), ``xpass`` (a known gap that passes: reported as failing) or ``skip`` (the case needs an optional package that
is not installed, e.g. SciPy for sparse tensors on NumPy; the message says what to install).
NumPy's floating-point RuntimeWarnings are silenced while a case runs: the cases use edge values on purpose.
"""
import dataclasses
import functools
import re
import traceback
import warnings

import numpy as np

from kbackend.engine_api import NoAutodiffError, OptionalDependencyError, active_engine, unavailable_capabilities

from . import graph_properties, placement
from .known_gaps import GAPS as SHARED_GAPS
from .cases import all_cases
from .model import (DT, NOT_SYMBOLIC, TOLERANCE, Case, CheckCase, ErrorCase, T, case_ids, holds_tensor_inputs,
                    is_engine_tensor, to_input)


SKIPPED = "skipped"  # the first item of an outcome (passed, message) when an optional package is missing


def _engine_arg(arg, dtype, K, convert):
    if isinstance(arg, T):
        dt = arg.dtype or dtype
        array = to_input(arg.value, dt)
        if arg.as_numpy:
            return array
        if arg.variable:
            return K.variable(array, dtype=dt)
        return convert(array, dt)
    if isinstance(arg, str) and arg == DT:
        return dtype
    if holds_tensor_inputs(arg):  # e.g. the tensors of concatenate, or K.prod([K.shape(x)[0], 2])
        return type(arg)(_engine_arg(a, dtype, K, convert) for a in arg)
    return arg


def _reference_arg(arg, dtype):
    if isinstance(arg, T):
        array = to_input(arg.value, arg.dtype or dtype)
        kind = array.dtype.kind
        return array.astype(np.float64) if kind == "f" else array.astype(np.int64) if kind in "iu" else array
    if isinstance(arg, str) and arg == DT:
        return dtype
    if holds_tensor_inputs(arg):
        return type(arg)(_reference_arg(a, dtype) for a in arg)
    return arg


def _compare(actual, expected, dtype_name, tolerance):
    expected = np.asarray(expected)
    actual = np.asarray(actual)
    if dtype_name in TOLERANCE:
        rtol, atol = tolerance or TOLERANCE[dtype_name]
        np.testing.assert_allclose(actual.astype(np.float64), expected.astype(np.float64), rtol=rtol, atol=atol,
                                   equal_nan=True)
    else:
        np.testing.assert_array_equal(actual, expected.astype(actual.dtype) if expected.size else expected)


def _run_case(K, case, dtype, wanted):
    """{property: (passed, message)} for one dtype instance of a Case (``wanted``: its properties)."""
    eager = {p: r for p, r in _run_eager(K, case, dtype, [p for p in wanted if p in EAGER]).items()}
    engine_arg = functools.partial(_engine_arg, dtype=dtype, K=K, convert=active_engine().ops.convert)
    reference_arg = functools.partial(_reference_arg, dtype=dtype)
    if "symbolic" in wanted:
        eager["symbolic"] = _graph_property(K, graph_properties.check_symbolic, K, case, dtype, engine_arg,
                                            case.ref(*[reference_arg(a) for a in case.args],
                                                     **{k: reference_arg(v) for k, v in case.kwargs.items()}),
                                            case.result_dtype(dtype, K.floatx()), _compare)
    if "unknown_shape" in wanted:
        eager["unknown_shape"] = _graph_property(K, graph_properties.check_unknown_shapes, K, case, dtype,
                                                 engine_arg, case.ref(*[reference_arg(a) for a in case.args],
                                                                      **{k: reference_arg(v)
                                                                         for k, v in case.kwargs.items()}),
                                                 case.result_dtype(dtype, K.floatx()), _compare)
    if "placement" in wanted:
        eager["placement"] = _graph_property(K, placement.check_placements, K, case, dtype, reference_arg, _compare)
    if "gradient" in wanted:
        engine = active_engine()
        if not _differentiates(engine):
            eager["gradient"] = (None, "the engine declares no automatic differentiation (capability)")
        elif "gradients" in _unavailable(engine):
            eager["gradient"] = (SKIPPED, f"gradients: {_unavailable(engine)['gradients']}")
        else:
            eager["gradient"] = _graph_property(K, graph_properties.check_gradient, K, case, dtype, engine_arg,
                                                reference_arg)
    return eager


@functools.lru_cache(maxsize=None)
def _unavailable(engine):
    """{capability: what to install} for the engine's capabilities whose optional package is missing."""
    return unavailable_capabilities(engine.module)


def _differentiates(engine):
    """Whether K.gradients may work on ``engine``: its own automatic differentiation, or kbackend's gradient rules
    (an engine with only the rules differentiates what they cover; the rest raises NoAutodiffError, an expected
    failure naming the declaration)."""
    return bool(engine.capabilities.get("gradients") or engine.capabilities.get("gradient_rules"))


def _graph_property(K, check, *args):
    try:
        return check(*args)
    except OptionalDependencyError as err:
        return SKIPPED, str(err)
    except NoAutodiffError as err:  # the engine declares no autodiff and the gradient rules do not cover the loss
        return None, str(err)
    except Exception as err:
        return False, f"raised {type(err).__name__}: {str(err)[:600]}"
    finally:
        K.clear_session()


EAGER = ("values", "dtype", "shape")


def _run_eager(K, case, dtype, properties):
    if not properties:
        return {}
    case = dataclasses.replace(case, properties=tuple(properties))
    convert = active_engine().ops.convert
    args = [_engine_arg(a, dtype, K, convert) for a in case.args]
    kwargs = {k: _engine_arg(v, dtype, K, convert) for k, v in case.kwargs.items()}
    ref_args = [_reference_arg(a, dtype) for a in case.args]
    ref_kwargs = {k: _reference_arg(v, dtype) for k, v in case.kwargs.items()}
    try:
        expected = case.ref(*ref_args, **ref_kwargs)
    except Exception as err:  # a broken reference is a suite bug: report it loudly
        return {p: (False, f"reference failed: {err!r}") for p in case.properties}
    try:
        result = getattr(K, case.fn)(*args, **kwargs)
    except OptionalDependencyError as err:
        return {p: (SKIPPED, str(err)) for p in case.properties}
    except Exception as err:
        message = f"raised {type(err).__name__}: {err}"
        return {p: (False, message) for p in case.properties}
    return _check_properties(K, case, result, expected, case.result_dtype(dtype, K.floatx()))


def _check_properties(K, case, result, expected, expected_dtype):
    """Compare ``result`` with ``expected``; tuples/lists of results are compared element by element (then the
    dtype rule gives a name per element, or one name for all)."""
    if isinstance(result, (tuple, list)):
        if not isinstance(expected, (tuple, list)) or len(expected) != len(result):
            return {p: (False, f"got {len(result)} outputs, expected {expected!r:.200}") for p in case.properties}
        dtypes = expected_dtype if isinstance(expected_dtype, (tuple, list)) else [expected_dtype] * len(result)
        parts = [_check_properties(K, case, r, e, d) for r, e, d in zip(result, expected, dtypes)]
        out = {}
        for prop in case.properties:
            failures = [f"output {i}: {part[prop][1]}" for i, part in enumerate(parts) if not part[prop][0]]
            out[prop] = (not failures, "; ".join(failures))
        return out
    out = {}
    if "dtype" in case.properties:
        got = K.dtype(result)
        out["dtype"] = (got == expected_dtype, f"dtype {got}, expected {expected_dtype}")
    if "shape" in case.properties:
        got = tuple(K.int_shape(result))
        want = tuple(np.shape(expected))
        out["shape"] = (got == want, f"shape {got}, expected {want}")
        if got == want and case.fn not in NOT_SYMBOLIC and not _is_result(K, result):
            out["shape"] = (False, f"the result is a {type(result).__module__}.{type(result).__name__}, not a tensor "
                                   f"of the engine (0-d results too)")
    if "values" in case.properties:
        try:
            _compare(K.eval(result), expected, expected_dtype, case.tolerance)
            out["values"] = (True, "")
        except AssertionError as err:
            out["values"] = (False, str(err).strip()[:800])
        except Exception as err:
            out["values"] = (False, f"comparison raised {type(err).__name__}: {err}")
    return out


def _is_result(K, result):
    """Whether a function's result is what the README promises: a tensor of the engine (0-d ones too: never a NumPy
    scalar or a Python number), or a ``kbackend.Variable`` where a function makes one (``K.variable``, ``K.zeros``)."""
    return is_engine_tensor(K, result) or isinstance(result, K.Variable)


def _run_error(K, case):
    convert = active_engine().ops.convert
    args = [_engine_arg(a, case.dtype, K, convert) for a in case.args]
    kwargs = {k: _engine_arg(v, case.dtype, K, convert) for k, v in case.kwargs.items()}
    try:
        getattr(K, case.fn)(*args, **kwargs)
    except case.raises:
        return True, ""
    except OptionalDependencyError as err:
        return SKIPPED, str(err)
    except Exception as err:
        return False, f"raised {type(err).__name__} ({err}), expected {case.raises.__name__}"
    return False, f"did not raise, expected {case.raises.__name__}"


def _run_check(K, case):
    try:
        case.check(K)
    except OptionalDependencyError as err:
        return SKIPPED, str(err)
    except NoAutodiffError as err:  # as in _graph_property
        return None, str(err)
    except Exception as err:
        detail = "".join(traceback.format_exception_only(type(err), err)).strip()
        return False, detail[:800]
    finally:
        K.clear_session()  # a check may have entered graph mode or changed the learning phase
    return True, ""


@functools.lru_cache(maxsize=None)
def _gap_regex(pattern):
    """A known-gap pattern is a case id in which ``*`` matches any text (brackets are literal)."""
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")) + r"\Z")


def gap_reason(known_gaps, case_id):
    for pattern, reason in known_gaps.items():
        if _gap_regex(pattern).match(case_id):
            return reason
    return None


# cases between two calls of the engine's release_caches (measured on JAX: every 5 cases, the whole suite peaked at
# 1.48 GB; every case, 200 cases peak at 0.6 GB instead of 0.73 GB, for 25% more time)
RELEASE_EVERY = 1


def run_engine(engine_name, select=None, cases=None, progress=None):
    """Records of every case property on an engine.

    Arguments:
        engine_name: a registered engine name or the dotted path of an engine module.
        select: only the case ids that contain this text (all when ``None``).
        cases: the cases to run (default: the whole suite).
        progress: called with no argument after each case (e.g. to advance a progress bar).

    Returns:
        A list of records (dicts with ``id``, ``function``, ``property``, ``dtype``, ``engine``, ``status``,
        ``message``).

    Raises:
        kbackend.EngineError: the engine cannot be loaded.
    """
    import kbackend as K

    records = []
    with K.backend_scope(engine_name) as engine:
        release_caches = engine.table["release_caches"]
        for number, case in enumerate(cases if cases is not None else all_cases(), 1):
            records.extend(run_case(K, engine, case, select))
            if number % RELEASE_EVERY == 0:  # the suite's programs never run again: memory stays bounded
                release_caches()
            if progress is not None:
                progress()
    return records


class baseline_settings:
    """Cases run with the default settings whatever keras.json says: floatx float32, epsilon 1e-7,
    channels_last (a case that needs another setting sets it and restores it)."""

    def __init__(self, K):
        self.K = K

    def __enter__(self):
        K = self.K
        self.saved = (K.floatx(), K.epsilon(), K.image_data_format())
        K.set_floatx("float32")
        K.set_epsilon(1e-7)
        K.set_image_data_format("channels_last")

    def __exit__(self, *exc):
        K = self.K
        K.set_floatx(self.saved[0])
        K.set_epsilon(self.saved[1])
        K.set_image_data_format(self.saved[2])


def _selected(entry, select):
    if select is None:
        return True
    return select(*entry) if callable(select) else select in entry[0]


def engine_case_ids(engine, case, select=None):
    """The ``(case_id, dtype, property)`` entries of ``case`` that apply to ``engine`` (the placement property only
    where the engine offers a placement besides its default on this machine).

    Arguments:
        engine: the loaded engine.
        case: a case of the suite.
        select: None (every entry), a text (the entries whose id contains it), or a function of
            ``(case_id, dtype, property)`` returning whether to keep the entry.

    Returns:
        A list of ``(case_id, dtype, property)``.
    """
    offers_placements = bool(engine.table["placements"]())
    return [entry for entry in case_ids(case) if _selected(entry, select)
            and (entry[2] != "placement" or offers_placements)]


def run_case(K, engine, case, select=None):
    """The records of ``case``'s properties on ``engine``.

    Arguments:
        K: the ``kbackend`` module.
        engine: the loaded engine (active in the caller's scope).
        case: a case of the suite.
        select: which properties to run (see ``engine_case_ids``).

    Returns:
        A list of records (see ``run_engine``); empty when ``select`` keeps nothing.

    Raises:
        Nothing for a failing case (its records say so).
    """
    ids = engine_case_ids(engine, case, select)
    if not ids:
        return []
    with baseline_settings(K), warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return _run_case_ids(K, engine, case, ids)


def _run_case_ids(K, engine, case, ids):
    results = {}
    if isinstance(case, Case):
        for dtype in dict.fromkeys(dtype for _, dtype, _ in ids):
            wanted = [prop for _, d, prop in ids if d == dtype]
            for prop, outcome in _run_case(K, case, dtype, wanted).items():
                results[(dtype, prop)] = outcome
    elif isinstance(case, ErrorCase):
        results[(case.dtype, "error")] = _run_error(K, case)
    elif isinstance(case, CheckCase):
        if case.needs and not (_differentiates(engine) if case.needs == "gradients" else
                               engine.capabilities.get(case.needs)):
            results[(None, "check")] = (None, f"the engine declares no {case.needs!r} capability")
        elif case.needs in _unavailable(engine):
            results[(None, "check")] = (SKIPPED, f"{case.needs}: {_unavailable(engine)[case.needs]}")
        else:
            results[(None, "check")] = _run_check(K, case)
    records = []
    for case_id, dtype, prop in ids:
        passed, message = results[(dtype, prop)]
        reason = gap_reason(engine.known_gaps, case_id) or gap_reason(SHARED_GAPS, case_id)
        if passed is SKIPPED:  # an optional package is missing: not a result of the engine
            status = "skip"
        elif passed is None:  # a capability the engine declares it lacks
            status = "xfail"
        elif reason is None:
            status = "pass" if passed else "fail"
        else:
            status = "xpass" if passed else "xfail"
            message = f"known gap: {reason}" + (f" ({message})" if message else "")
        records.append({"id": case_id, "function": case.fn, "property": prop, "dtype": dtype,
                        "engine": engine.name, "status": status, "message": message})
    return records
