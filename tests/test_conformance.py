"""The conformance suite through pytest: one test per (engine, case, property), every installed engine in one
process. A known gap of an engine is an expected failure (strict: a gap that passes fails the run); a case that needs
a missing optional package is skipped with the reason.

Under pytest-xdist (``--dist loadgroup``) the tests of one engine and one public function share a worker
(``xdist_group``): the properties of one case are computed by one ``run_case`` call, a function's compiled forms are
made once, and the workers share the engines' work (one group per engine left the slowest engine's worker alone)."""
import pytest

import kbackend as K
from kbackend.conformance import runner
from kbackend.conformance.cases import all_cases

from conftest import selected_engines

ENGINES = selected_engines()
CASES = all_cases()


def _params():
    params = []
    for engine_name in ENGINES:
        with K.backend_scope(engine_name) as engine:
            for index, case in enumerate(CASES):
                same_worker = pytest.mark.xdist_group(f"conformance-{engine_name}-{case.fn}")
                params.extend(pytest.param(engine_name, index, case_id, id=f"{engine_name}:{case_id}",
                                           marks=same_worker)
                              for case_id, _, _ in runner.engine_case_ids(engine, case))
    return params


PARAMS = _params()
_results = {}


def _records(engine_name, index):
    """All property records of case ``index`` on ``engine_name``, computed once and shared by its tests."""
    key = (engine_name, index)
    if key not in _results:
        with K.backend_scope(engine_name) as engine:
            records = runner.run_case(K, engine, CASES[index])
            if index % runner.RELEASE_EVERY == 0:  # as runner.run_engine: memory stays bounded
                engine.table["release_caches"]()
        _results[key] = {record["id"]: record for record in records}
    return _results[key]


@pytest.mark.parametrize("engine_name,index,case_id", PARAMS)
def test_conformance(engine_name, index, case_id):
    record = _records(engine_name, index)[case_id]
    if record["status"] == "xfail":
        pytest.xfail(record["message"])
    if record["status"] == "skip":  # an optional package is missing; the message says which extra installs it
        pytest.skip(record["message"])
    assert record["status"] == "pass", f"{record['status']}: {record['message']}"
