"""The third-party path end to end: the tiny engine of ``tests/third_party_engine``, a distribution of its own
(``kbackend-tinyengine``) that registers the engine ``tiny`` under the entry-point group ``kbackend.engines``, is
listed by ``kbackend engines``, selected by ``KERAS_BACKEND=tiny`` and passes ``kbackend conformance --engine tiny``
with only the gaps it declares.

These tests need the distribution installed (``pip install --no-index --no-build-isolation
tests/third_party_engine``, as ``.ci/run`` does). Without it they are reported as skipped with that command, unless
``$KBACKEND_EXPECT_THIRD_PARTY_ENGINE`` is set (CI sets it): then they fail, since CI must test this path.
The subprocesses see only the installed distribution (``tests/third_party_engine`` is not on their path).
"""
import importlib.metadata
import json
import os

import pytest

from kbackend.conformance.known_gaps import GAPS as SHARED_GAPS
from kbackend.conformance.runner import gap_reason

from helpers import clean_env, run_cli, run_python

DISTRIBUTION = "kbackend-tinyengine"
ENGINE = "tiny"
INSTALL = "pip install --no-index --no-build-isolation tests/third_party_engine"
EXPECTED_BY = "KBACKEND_EXPECT_THIRD_PARTY_ENGINE"


def _installed():
    try:
        return importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None


@pytest.fixture(scope="module", autouse=True)
def distribution():
    found = _installed()
    if found is None:
        message = f"the {DISTRIBUTION} distribution is not installed: install tests/third_party_engine ({INSTALL})"
        if os.environ.get(EXPECTED_BY):
            pytest.fail(f"{message}; ${EXPECTED_BY} says this environment must have it")
        pytest.skip(message)
    return found


def installed_only_env(tmp_path, **overrides):
    """An environment with no engine selected in which the tiny engine comes only from its installed distribution."""
    return clean_env(tmp_path, PYTHONPATH=os.environ.get("PYTHONPATH"), **overrides)


def test_the_distribution_registers_the_engine(distribution):
    points = [ep for ep in distribution.entry_points if ep.group == "kbackend.engines"]
    assert [(ep.name, ep.value) for ep in points] == [(ENGINE, "kbackend_tinyengine")]


def test_kbackend_engines_lists_it(tmp_path):
    proc = run_cli(["engines"], installed_only_env(tmp_path), check=True)
    rows = {line.split()[0]: line.split()[1:] for line in proc.stdout.splitlines() if line.strip()}
    assert rows.get(ENGINE) == ["kbackend_tinyengine", "installed"], proc.stdout


def test_keras_backend_selects_it_from_the_installed_distribution(tmp_path):
    code = ("import sys, kbackend as K, kbackend_tinyengine, numpy as np\n"
            "print(K.backend()); print(kbackend_tinyengine.__file__)\n"
            "print(float(K.eval(K.logsumexp(K.constant(np.log([1.0, 3.0]))))))\n"
            "print(sorted(m for m in ('torch', 'jax', 'tensorflow') if m in sys.modules))\n")
    proc = run_python(code, installed_only_env(tmp_path, KERAS_BACKEND=ENGINE))
    backend, location, logsumexp, frameworks = proc.stdout.strip().splitlines()[-4:]
    assert backend == ENGINE
    assert "site-packages" in location and "tests" not in location.split("site-packages")[1], location
    assert abs(float(logsumexp) - 1.3862943611198906) < 1e-6  # log(1 + 3), a generic function on the core
    assert frameworks == "[]"


def test_info_shows_the_core_native_and_the_rest_generic(tmp_path):
    proc = run_cli(["info", "--engine", ENGINE], installed_only_env(tmp_path), check=True)
    assert f"engine: {ENGINE} (from --engine; module kbackend_tinyengine)" in proc.stdout, proc.stdout[:2000]
    origins = dict(line.split()[:2] for line in proc.stdout.splitlines() if line.startswith("  ") and
                   len(line.split()) >= 2 and line.split()[1] in ("native", "generic", "shared"))
    assert origins.get("sum") == "native" and origins.get("logsumexp") == "generic", proc.stdout[:2000]
    assert " 0 missing" in proc.stdout  # every public function runs: natively, generically or in shared code


def test_conformance_passes_with_only_the_declared_gaps(tmp_path):
    out = tmp_path / "results"
    proc = run_cli(["conformance", "--engine", ENGINE, "--out", str(out)], installed_only_env(tmp_path))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    records = json.loads((out / "conformance.json").read_text())["records"]
    assert records and {r["engine"] for r in records} == {ENGINE}
    statuses = {r["status"] for r in records}
    assert statuses <= {"pass", "xfail"}, sorted(statuses)
    undeclared = [r for r in records if r["status"] == "xfail" and not _declared(r)]
    assert not undeclared, [(r["id"], r["message"]) for r in undeclared[:10]]
    # no autodiff of its own: kbackend's gradient rules differentiate what they cover (checked against the
    # reference like on every engine); the rest is an expected failure naming the declaration
    gradients = [r for r in records if r["property"] == "gradient"]
    assert all(r["status"] == "pass" or "declares no automatic differentiation" in r["message"] for r in gradients)
    assert sum(r["status"] == "pass" for r in gradients) >= 40, "the rules differentiate the usual functions"
    assert any(r["status"] == "xfail" for r in gradients)


def _declared(record):
    """Whether an expected failure is one the engine (or the shared layers) declare, with its reason shown."""
    message = record["message"]
    return "the engine declares no" in message or (message.startswith("known gap: ") and
                                                   gap_reason(SHARED_GAPS, record["id"]) is not None)
