"""The PyTensor engine's compiled programs against the conformance suite.

The suite calls each ``K.function`` program a few times, fewer than ``KBACKEND_PYTENSOR_COMPILE_AFTER`` (default
100), so on PyTensor its programs run in the eager mode (the Python linker). A long training loop runs its
programs compiled in the program mode (``KBACKEND_PYTENSOR_MODE``, Numba by default): here a selection of the
suite runs with every program compiled in that mode at its first call (``PROGRAM_COMPILE_AFTER`` = 0), against the
same float64 NumPy references: the first case of every public function, its symbolic property on float32 (on its
first dtype when it has no float32 instance) and its gradient property (float64). (The unknown-shape property is
left out: the engine traces a program for its inputs' exact shapes whatever the placeholders say, and CI's time is
bounded; every property runs in the eager mode in test_conformance.py.)
A case of the selection whose programs compiled nothing in the program mode fails, so the selection cannot go
stale (except for the functions a graph does not record, whose values a program holds as constants, and those
whose results depend on their inputs' values, ``ctc_decode``: a ``K.function`` holding them runs uncompiled). One test per function; known gaps are expected failures, as in
``test_conformance.py``.
"""
import pytest

from conftest import selected_engines

if "pytensor" not in selected_engines():
    pytest.skip("the pytensor engine is not under test (KBACKEND_TEST_ENGINES)", allow_module_level=True)

import pytensor  # noqa: E402

import kbackend as K  # noqa: E402
import kbackend.engines.pytensor.compiled as engine_compiled  # noqa: E402
import kbackend.engines.pytensor.graph as engine_graph  # noqa: E402
from kbackend.conformance import runner  # noqa: E402
from kbackend.conformance.cases import all_cases  # noqa: E402
from kbackend.conformance.model import Case  # noqa: E402

PROGRAM_PROPERTIES = ("symbolic", "gradient")


def _symbolic_dtype(case):
    return "float32" if "float32" in case.dtypes else case.dtypes[0]


def _first_cases():
    """``{function: the first Case of it}`` for every function whose cases have a program property."""
    first = {}
    with K.backend_scope("pytensor") as engine:
        for case in all_cases():
            if isinstance(case, Case) and case.fn not in first and any(
                    prop in PROGRAM_PROPERTIES for _, _, prop in runner.engine_case_ids(engine, case)):
                first[case.fn] = case
    return first


CASES = _first_cases()


def _select(case):
    symbolic_dtype = _symbolic_dtype(case)

    def keep(case_id, dtype, prop):
        return prop == "gradient" or (prop == "symbolic" and dtype == symbolic_dtype)
    return keep


@pytest.fixture
def program_linkers(monkeypatch):
    """Every program compiles in the program mode at its first call; yields the linkers of the compiled functions."""
    monkeypatch.setattr(engine_graph, "PROGRAM_COMPILE_AFTER", 0)
    linkers = []
    original = pytensor.function

    def recording(*args, **kwargs):
        linkers.append(type(kwargs["mode"].linker))
        return original(*args, **kwargs)
    monkeypatch.setattr(pytensor, "function", recording)
    return linkers


@pytest.mark.parametrize("function", sorted(CASES))
def test_programs_compiled_in_the_program_mode(function, program_linkers):
    case = CASES[function]
    with K.backend_scope("pytensor") as engine:
        K.clear_session()
        records = runner.run_case(K, engine, case, select=_select(case))
        engine.table["release_caches"]()
    assert records, f"{function}: no program property selected"
    program_linker = type(engine_compiled.PROGRAM_MODE.linker)
    if program_linker not in program_linkers and case.dtypes != ("float16",):
        spec = getattr(getattr(K, function), "graph_spec", None)
        assert spec is None or spec.values_matter, \
            f"{function}: no program compiled with {program_linker.__name__} (linkers: {program_linkers})"
    failed = [f"{r['id']}: {r['status']}: {r['message']}" for r in records if r["status"] not in ("pass", "xfail")]
    assert not failed, "\n".join(failed)
