"""Differential fuzzing harness: run one generated example on every compared engine and on the float64 reference.

An ``Example`` is one call ``K.<fn>(*args, **kwargs)``. Tensor inputs are ``In`` markers (a NumPy array and the
form in which it is given: a NumPy array, ``K.constant`` or ``K.variable``), turned into the engine's own objects
inside ``K.backend_scope(engine)``, so every engine gets the same values in the same form. ``check(example)``:

* runs the numpy engine, and every other compared engine, in this process (``K.backend_scope``);
* engine vs numpy engine: the same exception type when one raises; else the same number of results, the same dtype
  name, the same shape, values within the tolerance of the dtype, NaN at the same places, and a result of the
  engine's own tensor type (``numpy.ndarray`` on engines whose eager results are NumPy arrays, ``K.is_tensor``
  elsewhere);
* numpy engine vs reference: the reference (``example.ref``, float64 NumPy, never an engine's code) gives the
  values and shape; ``example.dtype`` (if given) the expected dtype name; ``example.error`` (bad inputs) the
  exception type the README promises (``ValueError``, ``TypeError``, ``IndexError``).

Each mismatch is a ``Disagreement``; those explained in ``known.KNOWN`` are counted as known, the others are new.
"""
import dataclasses
import functools
import os
import warnings
from collections import Counter, defaultdict
from typing import Any, Callable, Optional

import numpy as np

import kbackend as K
from kbackend.engine_api import registered_engines

# (rtol, atol) by result dtype, engine vs engine and numpy engine vs reference. float16 is looser than the
# conformance suite's 2e-3: engines may compute a float16 op through float32 (torch, TF) or in float16 (NumPy), so
# two correct results differ by a few float16 ulps (2**-10 relative each). ``Example.scale`` multiplies atol (sums
# of many terms, whose absolute error grows with the magnitude of the terms, not of the result).
TOLERANCE = {"float16": (8e-3, 8e-3), "float32": (1e-5, 1e-6), "float64": (1e-10, 1e-12)}


@dataclasses.dataclass
class In:
    """A tensor input: ``value`` (a NumPy array of the input dtype) given as ``form``: numpy, constant, variable."""
    value: np.ndarray
    form: str = "numpy"

    def __repr__(self):
        return f"{self.form}({self.value.dtype}{list(self.value.shape)}: {np.array2string(self.value, threshold=40)})"


@dataclasses.dataclass
class Example:
    fn: str
    args: tuple = ()
    kwargs: dict = dataclasses.field(default_factory=dict)
    ref: Optional[Callable] = None     # reference(*float64 args, **kwargs) -> expected value (or tuple of values)
    dtype: Any = None                  # expected result dtype name (or tuple of names) on the numpy engine
    error: Optional[type] = None       # a bad input: the exception type every engine must raise
    scale: float = 1.0                 # multiplies atol
    spec: str = ""                     # the generator's name (several generators may call one function)

    def __repr__(self):
        args = ", ".join([repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()])
        return f"K.{self.fn}({args})"


@dataclasses.dataclass
class Disagreement:
    fn: str
    engine: str        # the engine that differs from numpy, or "reference" for the numpy engine vs the reference
    kind: str          # error, count, dtype, shape, values, type, reference-values, reference-shape, ...
    detail: str
    example: Example
    known: Optional[str] = None   # the id of the KNOWN entry that explains it

    def __str__(self):
        tag = f"known:{self.known}" if self.known else "NEW"
        return f"[{tag}] {self.fn} on {self.engine}: {self.kind}: {self.detail}\n    example: {self.example!r}"


def compared_engines():
    """numpy first, then the other installed built-in engines, or those KBACKEND_TEST_ENGINES names (as the other
    tests)."""
    selected = os.environ.get("KBACKEND_TEST_ENGINES")
    installed = K.installed_engines()
    names = [n.strip() for n in selected.split(",") if n.strip()] if selected else \
        [n for n in installed if registered_engines()[n].startswith("kbackend.engines.")]
    missing = [n for n in names if n not in installed]
    if missing:
        raise RuntimeError(f"KBACKEND_TEST_ENGINES names engines that are not installed: {missing}")
    return ["numpy"] + [n for n in names if n != "numpy"]


ENGINES = compared_engines()


def _materialize(arg):
    if isinstance(arg, In):
        value = arg.value.copy()
        if arg.form == "constant":
            return K.constant(value, dtype=str(value.dtype))
        if arg.form == "variable":
            return K.variable(value, dtype=str(value.dtype))
        return value
    if type(arg) in (list, tuple):
        return type(arg)(_materialize(a) for a in arg)
    return arg


def _reference_arg(arg):
    if isinstance(arg, In):
        kind = arg.value.dtype.kind
        return arg.value.astype(np.float64) if kind == "f" else arg.value.astype(np.int64) if kind in "iu" else \
            arg.value.copy()
    if type(arg) in (list, tuple):
        return type(arg)(_reference_arg(a) for a in arg)
    return arg


@dataclasses.dataclass
class Outcome:
    error: Optional[BaseException] = None
    results: list = None       # [(dtype name, numpy value, None or the type name when not the engine's tensor)]


@functools.lru_cache(maxsize=None)
def _eager_tensors_are_numpy(engine):
    """Whether ``engine``'s eager results are NumPy arrays (its ``is_native_tensor`` accepts one)."""
    with K.backend_scope(engine) as declared:
        return bool(declared.table["is_native_tensor"](np.zeros(1)))


def _is_engine_tensor(engine, value):
    if _eager_tensors_are_numpy(engine):
        return type(value) is np.ndarray
    return K.is_tensor(value) and not isinstance(value, (np.ndarray, np.generic, K.Variable))


def run(example, engine):
    with K.backend_scope(engine), warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            args = _materialize(example.args)
            kwargs = {k: _materialize(v) for k, v in example.kwargs.items()}
            out = getattr(K, example.fn)(*args, **kwargs)
            items = list(out) if isinstance(out, (list, tuple)) else [out]
            results = [(K.dtype(item), np.asarray(K.eval(item)),
                        None if _is_engine_tensor(engine, item) else type(item).__name__) for item in items]
        except Exception as err:  # noqa: BLE001 - the exception type is what is compared
            return Outcome(error=err)
    return Outcome(results=results)


def _tolerance(dtype, scale):
    rtol, atol = TOLERANCE[dtype]
    return rtol, atol * scale


def _value_mismatch(actual, expected, dtype, scale):
    """A description of how ``actual`` differs from ``expected`` (NumPy arrays), or None."""
    if actual.shape != expected.shape:
        return f"shape {actual.shape} vs {expected.shape}"
    if dtype in TOLERANCE:
        a, e = actual.astype(np.float64), expected.astype(np.float64)
        nan_a, nan_e = np.isnan(a), np.isnan(e)
        if (nan_a != nan_e).any():
            where = np.argwhere(nan_a != nan_e)[:3].tolist()
            return f"NaN at different places {where}: {_show(a)} vs {_show(e)}"
        rtol, atol = _tolerance(dtype, scale)
        with np.errstate(invalid="ignore"):
            same = (a == e) | (np.abs(a - e) <= atol + rtol * np.abs(e)) | (nan_a & nan_e)
        if not same.all():
            where = np.argwhere(~same)[:3].tolist()
            return f"values differ at {where} (rtol {rtol:g}, atol {atol:g}): {_show(a)} vs {_show(e)}"
        return None
    if expected.dtype.kind == "f" and np.isnan(expected).any():
        return f"NaN expected in a {dtype} result: {_show(actual)} vs {_show(expected)}"
    if not np.array_equal(actual, expected.astype(actual.dtype) if expected.size else expected):
        return f"values differ: {_show(actual)} vs {_show(expected)}"
    return None


def _show(a):
    return np.array2string(np.asarray(a), threshold=30, precision=6)


def _compare_engines(example, engine, base, other):
    found = []

    def add(kind, detail):
        found.append(Disagreement(example.fn, engine, kind, detail, example))

    if base.error is not None or other.error is not None:
        if base.error is None or other.error is None or type(base.error) is not type(other.error):
            describe = [("returns" if o.error is None else f"raises {type(o.error).__name__}: {str(o.error)[:150]}")
                        for o in (other, base)]
            add("error", f"{engine} {describe[0]}; numpy {describe[1]}")
        return found
    if len(base.results) != len(other.results):
        add("count", f"{len(other.results)} results vs {len(base.results)}")
        return found
    for index, ((dt_b, val_b, _), (dt_o, val_o, wrong_type)) in enumerate(zip(base.results, other.results)):
        where = f"result {index}: " if len(base.results) > 1 else ""
        if wrong_type:
            add("type", f"{where}a {val_o.ndim}-d result of type {wrong_type}, not a {engine} tensor")
        if dt_b != dt_o:
            add("dtype", f"{where}{dt_o} vs numpy {dt_b}")
            continue
        mismatch = _value_mismatch(val_o, val_b, dt_b, example.scale)
        if mismatch:
            add("shape" if mismatch.startswith("shape") else "values", f"{where}{engine} vs numpy: {mismatch}")
    return found


def _compare_reference(example, base):
    found = []

    def add(kind, detail):
        found.append(Disagreement(example.fn, "reference", kind, detail, example))

    if example.error is not None:
        if base.error is None:
            add("reference-error", f"numpy returns; {example.error.__name__} expected")
        elif not isinstance(base.error, example.error):
            add("reference-error", f"numpy raises {type(base.error).__name__}: {str(base.error)[:150]}; "
                                   f"{example.error.__name__} expected")
        return found
    if base.error is not None:
        add("reference-error", f"numpy raises {type(base.error).__name__}: {str(base.error)[:200]}")
        return found
    for index, (dt, value, wrong_type) in enumerate(base.results):
        if wrong_type:
            add("type", f"result {index}: a {value.ndim}-d result of type {wrong_type}, not numpy.ndarray")
    if example.ref is None:
        return found
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = example.ref(*_reference_arg(example.args),
                                   **{k: _reference_arg(v) for k, v in example.kwargs.items()})
        except Exception as err:  # noqa: BLE001 - a reference that fails is a bug of the fuzzer: reported
            add("reference-failed", f"the reference raised {type(err).__name__}: {err}")
            return found
    expected = list(expected) if isinstance(expected, (list, tuple)) else [expected]
    dtypes = example.dtype if isinstance(example.dtype, (list, tuple)) else [example.dtype] * len(expected)
    for index, ((dt, value, _), exp, want) in enumerate(zip(base.results, expected, dtypes)):
        where = f"result {index}: " if len(expected) > 1 else ""
        if want is not None and dt != want:
            add("reference-dtype", f"{where}numpy engine gives {dt}, {want} expected")
        exp = np.asarray(exp)
        if dt in TOLERANCE and exp.dtype.kind == "f":
            with np.errstate(all="ignore"):
                exp = exp.astype(dt)   # the float64 value rounded to the result dtype (overflow gives inf)
        mismatch = _value_mismatch(value, exp, dt, example.scale)
        if mismatch:
            add("reference-shape" if mismatch.startswith("shape") else "reference-values",
                f"{where}numpy engine vs float64 reference: {mismatch}")
    return found


def disagreements(example, engines=None):
    """Every disagreement of ``example``, each marked with the KNOWN entry that explains it (if one does)."""
    from .known import explain
    engines = engines or ENGINES
    base = run(example, "numpy")
    found = _compare_reference(example, base)
    for engine in engines:
        if engine != "numpy":
            found.extend(_compare_engines(example, engine, base, run(example, engine)))
    for item in found:
        item.known = explain(item)
    return found


class Stats:
    """Examples run and disagreements found, by function (filled by ``check``, printed by the test session and the
    campaign)."""

    def __init__(self):
        self.examples = Counter()
        self.new = defaultdict(list)
        self.known = defaultdict(Counter)

    def record(self, example, found):
        self.examples[example.fn] += 1
        for item in found:
            if item.known:
                self.known[item.fn][item.known] += 1
            else:
                self.new[item.fn].append(item)


STATS = Stats()


def check(example, engines=None, stats=STATS):
    """Run ``example``; raise AssertionError listing the disagreements that no KNOWN entry explains."""
    found = disagreements(example, engines)
    stats.record(example, found)
    new = [item for item in found if not item.known]
    if new:
        raise AssertionError("disagreement(s):\n" + "\n".join(str(item) for item in new))
