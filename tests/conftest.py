"""Shared test configuration.

``KBACKEND_TEST_ENGINES`` (comma-separated) limits the engines the conformance tests run on; by default every
installed built-in engine runs (an installed third-party engine, such as the tiny engine of tests/third_party_engine,
runs when named there; tests/test_third_party_engine.py runs the conformance suite on the tiny one). The tests never read or write the user's keras.json: KERAS_HOME points to a fresh folder.
"""
import os
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


def pytest_terminal_summary(terminalreporter):
    """When the fuzz tests ran: the engines compared, examples per function and the known disagreements seen."""
    import sys
    harness = sys.modules.get("fuzz.harness")
    if harness is None or not harness.STATS.examples:
        return
    from fuzz.report import summary_lines
    terminalreporter.section("kbackend fuzz")
    for line in summary_lines(harness.STATS, harness.ENGINES):
        terminalreporter.write_line(line)
