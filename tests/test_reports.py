"""Conformance reports: provenance and totals first, every public name in the matrix, progress while running."""
import io
import json
import re

import kbackend
from kbackend import _registry
from kbackend.conformance import progress, report, runner
from kbackend.conformance.cases import all_cases
from kbackend.facade.api_names import API_NAMES

from helpers import clean_env, run_cli


# One case with one known gap on the tiny engine: it differentiates only through the gradient rules, and cumprod has
# none (its gradient check is an expected failure naming the engine's declaration).
_CASE, _FUNCTION = "cumprod[default-axis", "cumprod"


def _run_tiny(tmp_path):
    out = tmp_path / "report"
    proc = run_cli(["conformance", "--engine", "tiny_engine", "--engine", "numpy", "-k", _CASE, "--out",
                    str(out)], clean_env(tmp_path))
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return proc, json.loads((out / "conformance.json").read_text()), (out / "conformance.md").read_text()


def test_reports_start_with_provenance_and_totals(tmp_path):
    proc, data, markdown = _run_tiny(tmp_path)
    assert list(data) == ["provenance", "totals", "records"]
    provenance = data["provenance"]
    assert provenance["kbackend"]["version"] == kbackend.__version__
    assert [e["name"] for e in provenance["engines"]] == ["tiny_engine", "numpy"]
    numpy_engine = provenance["engines"][1]
    assert numpy_engine["framework"] == "numpy" and re.match(r"\d+\.\d+", numpy_engine["framework_version"])
    assert set(numpy_engine["optional_packages"]) == {"autograd", "scipy"}
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", provenance["date"])
    assert provenance["command"].endswith(f"conformance --engine tiny_engine --engine numpy -k '{_CASE}' --out "
                                          f"{tmp_path / 'report'}")
    records = data["records"]
    for engine in ("tiny_engine", "numpy"):
        mine = [r for r in records if r["engine"] == engine]
        assert sum(data["totals"][engine].values()) == len(mine) > 0
        assert data["totals"][engine]["pass"] == sum(r["status"] == "pass" for r in mine)
    assert sum(data["totals"]["all"].values()) == len(records)
    head = markdown.split("## Function x engine")[0]
    assert head.startswith("# kbackend conformance\n")
    assert f"- kbackend {kbackend.__version__}" in head and "- engine `numpy` (kbackend.engines.numpy): numpy " in head
    assert "- date: " in head and "- command: `" in head and "## Totals" in head
    assert isinstance(provenance["peak_memory_mb"], int) and 20 < provenance["peak_memory_mb"] < 100_000
    assert f"- peak memory of the run: {provenance['peak_memory_mb']} MB" in head
    assert f"| numpy | {data['totals']['numpy']['pass']} |" in head


def test_every_public_name_is_in_the_matrix(tmp_path):
    proc, data, markdown = _run_tiny(tmp_path)
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)` \| (.*) \|$", markdown, re.M)}
    assert set(API_NAMES) <= set(rows) and len(API_NAMES) == 166
    tiny, numpy_ = ([r for r in data["records"] if r["engine"] == e and r["function"] == _FUNCTION]
                    for e in ("tiny_engine", "numpy"))
    tiny_passed, tiny_gaps = (sum(r["status"] == s for r in tiny) for s in ("pass", "xfail"))
    assert tiny_gaps == 1 and len(numpy_) == len(tiny) and all(r["status"] == "pass" for r in numpy_)
    assert rows[_FUNCTION].startswith(f"{tiny_passed}/{len(tiny)} (1 known gap) [native] | {len(numpy_)}/{len(numpy_)} "
                                  f"[native]")
    assert rows["mean"] == "not selected | not selected"
    assert set(API_NAMES) <= set(re.findall(r"^\| `(\w+)` \|", proc.stdout, re.M))


def test_a_name_without_cases_is_shown_explicitly():
    records = [{"engine": "numpy", "function": "sum", "status": "pass", "id": "sum[x]::values", "message": ""}]
    matrix = report.markdown_matrix(records, suite_functions={"sum", "mean"})
    assert "| `sum` | 1/1 |" in matrix and "| `mean` | not selected |" in matrix
    assert "| `foldl` | no case |" in matrix


def test_progress_is_a_line_per_engine_without_a_terminal(tmp_path):
    proc, data, _ = _run_tiny(tmp_path)
    lines = proc.stderr.splitlines()
    passed = data["totals"]["tiny_engine"]["pass"]
    assert lines[0] == "conformance: tiny_engine: running 1 case"
    assert re.match(rf"conformance: tiny_engine: 1 case in \d+\.\d s: {passed} passed, 1 known gaps$", lines[1])
    assert lines[2] == "conformance: numpy: running 1 case" and len(lines) == 4


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_a_bar_on_a_terminal():
    stream = _Terminal()
    with progress.EngineProgress("numpy", 3, stream) as bar:
        for _ in range(3):
            bar.advance()
        bar.finish({"passed": 3, "failed": 0})
    text = stream.getvalue()
    assert "numpy:   0%|" in text and "0/3" in text and "case/s" in text  # tqdm draws the bar (it throttles redraws)
    assert text.rstrip().splitlines()[-1].startswith("conformance: numpy: 3 cases in ")
    assert "running" not in text


def test_the_suite_releases_engine_caches_every_few_cases():
    # JAX keeps every compiled program until told otherwise (the whole suite peaked at 3.6 GB); the runner calls the
    # engine's release_caches every RELEASE_EVERY cases, so a run's memory stays bounded.
    engine = _registry.load_engine("numpy")
    cases = [case for case in all_cases() if case.fn == "abs"]
    assert len(cases) >= 2
    calls = []
    saved = engine.table["release_caches"]
    engine.table["release_caches"] = lambda: calls.append(1)
    try:
        runner.run_engine("numpy", cases=cases * runner.RELEASE_EVERY)
    finally:
        engine.table["release_caches"] = saved
    assert len(calls) == len(cases)
