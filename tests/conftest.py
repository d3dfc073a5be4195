"""Shared test configuration.

``KBACKEND_TEST_ENGINES`` (comma-separated) limits the engines the conformance tests run on; by default every
installed built-in engine runs (an installed third-party engine, such as the tiny engine of tests/third_party_engine,
runs when named there; tests/test_third_party_engine.py runs the conformance suite on the tiny one). The tests never read or write the user's keras.json: KERAS_HOME points to a fresh folder.
"""
import os
import sys
import tempfile

import pytest

os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="kbackend-tests-")
os.environ.pop("KERAS_BACKEND", None)
os.environ.setdefault("KBACKEND_ENGINE", "numpy")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def selected_engines():
    from kbackend._registry import entry_points, installed_engines
    selected = os.environ.get("KBACKEND_TEST_ENGINES")
    installed = installed_engines()
    if not selected:
        return [name for name in installed if entry_points()[name].startswith("kbackend.engines.")]
    wanted = [name.strip() for name in selected.split(",") if name.strip()]
    missing = [name for name in wanted if name not in installed]
    if missing:
        raise RuntimeError(f"KBACKEND_TEST_ENGINES names engines that are not installed: {missing}")
    return wanted


@pytest.fixture(params=selected_engines())
def graph_engine(request):
    """Each engine under test in turn, as the active engine, with a fresh graph session before and after."""
    import kbackend as K
    with K.backend_scope(request.param):
        K.clear_session()
        yield request.param
        K.clear_session()


def pytest_report_header(config):
    return f"kbackend engines under test: {', '.join(selected_engines())} (KBACKEND_TEST_ENGINES)"


def pytest_configure(config):
    """Refuse ``--dist loadgroup`` under pytest 9.2 and later: pytest-xdist 3.8 groups a test by renaming its node id
    (``<node id>@<group>``), which pytest 9.2 ignores, so every group would be spread over the workers (the Keras 2
    runners would run twice, every worker would compile every engine's functions)."""
    if getattr(config.option, "dist", None) == "loadgroup" and not hasattr(config, "workerinput"):
        if tuple(int(part) for part in pytest.__version__.split(".")[:2]) >= (9, 2):
            raise pytest.UsageError(
                f"pytest-xdist's --dist loadgroup does not group tests under pytest {pytest.__version__} (its node "
                "ids cannot be renamed any more): install the test extra's pytest (pytest<9.2) or run without -n")


_WORKERS_FUZZ = []  # under pytest-xdist: each worker's fuzz counts, gathered by the controller


def _fuzz_harness():
    harness = sys.modules.get("fuzz.harness")
    return harness if harness is not None and harness.STATS.examples else None


def pytest_sessionfinish(session):
    """Under pytest-xdist, a worker hands its fuzz counts to the controller (which prints the summary)."""
    harness = _fuzz_harness()
    if harness is not None and hasattr(session.config, "workeroutput"):
        from fuzz.report import stats_as_dict
        session.config.workeroutput["kbackend_fuzz"] = {"engines": list(harness.ENGINES),
                                                        "stats": stats_as_dict(harness.STATS)}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """The controller of a pytest-xdist run keeps a finished worker's fuzz counts."""
    data = getattr(node, "workeroutput", {}).get("kbackend_fuzz")
    if data:
        _WORKERS_FUZZ.append(data)


def pytest_terminal_summary(terminalreporter):
    """When the fuzz tests ran: the engines compared, examples per function and the known disagreements seen."""
    harness = _fuzz_harness()
    if harness is None and not _WORKERS_FUZZ:
        return
    from fuzz.report import MergedStats, summary_lines
    if harness is not None:
        stats, engines = harness.STATS, harness.ENGINES
    else:
        stats, engines = MergedStats(), sorted({e for data in _WORKERS_FUZZ for e in data["engines"]})
        for data in _WORKERS_FUZZ:
            stats.add(data["stats"])
    terminalreporter.section("kbackend fuzz")
    for line in summary_lines(stats, engines):
        terminalreporter.write_line(line)
