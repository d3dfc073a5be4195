"""The kbackend command: info, engines, conformance (exit codes, reports, generic provenance), known gaps."""
import json

from helpers import clean_env, run_cli

THREE_SECTIONS = ("Configuration and global state", "Tensors, variables and values",
                  "Linear algebra, reductions and element-wise math")


def _section_lines(stdout, section):
    lines = stdout.splitlines()
    start = lines.index(f"  {section}:") + 1
    out = []
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        out.append(line.split())
    return out


def test_info_reports_engine_config_and_origins(tmp_path):
    proc = run_cli(["info"], clean_env(tmp_path), check=True)
    assert "engine: numpy (from default" in proc.stdout
    assert f"config: {tmp_path}/keras.json (absent)" in proc.stdout
    assert "numpy 2." in proc.stdout
    for section in THREE_SECTIONS:
        rows = _section_lines(proc.stdout, section)
        assert rows and all(origin != "missing" for _, origin in rows), section


def test_info_on_a_dotted_path_engine_shows_generics(tmp_path):
    proc = run_cli(["info", "--engine", "tiny_engine"], clean_env(tmp_path), check=True)
    assert "engine: tiny_engine (from --engine; module tiny_engine)" in proc.stdout
    rows = dict(_section_lines(proc.stdout, THREE_SECTIONS[2]))
    assert rows["logsumexp"] == "generic" and rows["batch_dot"] == "generic" and rows["sum"] == "native"


def test_engines_lists_builtins(tmp_path):
    proc = run_cli(["engines"], clean_env(tmp_path), check=True)
    for name in ("numpy", "torch", "jax", "tensorflow"):
        assert name in proc.stdout


def test_conformance_on_a_test_engine_passes_and_reports_generics(tmp_path):
    out = tmp_path / "results"
    proc = run_cli(["conformance", "--engine", "tiny_engine", "--out", str(out)], clean_env(tmp_path))
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "| `batch_dot` |" in proc.stdout and "[generic]" in proc.stdout
    records = json.loads((out / "conformance.json").read_text())["records"]
    # The tiny engine declares no automatic differentiation: its gradient properties are expected failures.
    assert records and {r["engine"] for r in records} == {"tiny_engine"}
    needs_autodiff = [r for r in records if r["property"] == "gradient" or
                      "no 'gradients' capability" in r.get("message", "")]
    assert all(r["status"] == "pass" for r in records if r not in needs_autodiff)
    assert all(r["status"] in ("pass", "xfail") for r in needs_autodiff)
    assert sum(r["status"] == "xfail" for r in needs_autodiff) > 100
    assert {r["property"] for r in records} == {"values", "dtype", "shape", "error", "check", "symbolic",
                                                "gradient"}
    assert "# kbackend conformance" in (out / "conformance.md").read_text()


def test_known_gaps_are_expected_failures_and_passing_gaps_are_reported(tmp_path):
    proc = run_cli(["conformance", "--engine", "gappy_engine", "-k", "sum[axis=0", "--out", str(tmp_path)],
                   clean_env(tmp_path))
    assert proc.returncode == 0, proc.stdout[-3000:]
    records = json.loads((tmp_path / "conformance.json").read_text())["records"]
    values = [r for r in records if r["property"] in ("values", "symbolic")]
    assert values and all(r["status"] == "xfail" for r in values)
    assert all(r["status"] == "pass" for r in records if r["property"] in ("dtype", "shape"))
    proc = run_cli(["conformance", "--engine", "gappy_engine", "-k", "prod[all-float32]", "--out", str(tmp_path)],
                   clean_env(tmp_path))
    assert proc.returncode == 1 and "XPASS" in proc.stdout and "known gaps now passing" in proc.stdout


def test_conformance_fails_on_a_failing_case(tmp_path):
    # gappy_engine's wrong sum breaks mean's generic? No: mean is generic on sum, so mean fails unlisted.
    proc = run_cli(["conformance", "--engine", "gappy_engine", "-k", "mean[all-float32]", "--out", str(tmp_path)],
                   clean_env(tmp_path))
    assert proc.returncode == 1 and "FAIL" in proc.stdout


def test_conformance_with_no_matching_case_is_an_error_and_writes_no_report(tmp_path):
    out = tmp_path / "results"
    proc = run_cli(["conformance", "--engine", "numpy", "-k", "no-such-case-id", "--out", str(out)],
                   clean_env(tmp_path))
    assert proc.returncode == 2 and not out.exists()
    assert proc.stderr.strip() == "kbackend: error: no conformance case id contains 'no-such-case-id'; no report written"
