"""The kbackend command: info, engines, conformance (exit codes, reports, generic provenance), known gaps, errors."""
import importlib.util
import json
import os
import subprocess
import sys

import kbackend

from kbackend.conformance.known_gaps import GAPS as SHARED_GAPS
from kbackend.conformance.runner import gap_reason

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
    for name in ("numpy", "torch", "jax", "tensorflow", "pytensor"):
        assert name in proc.stdout


def test_conformance_on_a_test_engine_passes_and_reports_generics(tmp_path):
    out = tmp_path / "results"
    proc = run_cli(["conformance", "--engine", "tiny_engine", "--out", str(out)], clean_env(tmp_path))
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "| `batch_dot` |" in proc.stdout and "[generic]" in proc.stdout
    records = json.loads((out / "conformance.json").read_text())["records"]
    # The tiny engine declares no automatic differentiation of its own, and the gradient rules: they differentiate
    # what they cover; the other gradient properties and checks are expected failures naming the declaration.
    assert records and {r["engine"] for r in records} == {"tiny_engine"}
    needs_autodiff = [r for r in records if r["property"] == "gradient" or
                      "declares no automatic differentiation" in r.get("message", "")]
    shared_gaps = [r for r in records if gap_reason(SHARED_GAPS, r["id"])]  # the shared layers' known gaps
    assert all(r["status"] == "pass" for r in records if r not in needs_autodiff and r not in shared_gaps)
    assert all(r["status"] == "xfail" for r in shared_gaps)
    assert all(r["status"] in ("pass", "xfail") for r in needs_autodiff)
    assert sum(r["status"] == "xfail" for r in needs_autodiff) > 10
    assert sum(r["status"] == "pass" for r in needs_autodiff) > 100
    assert {r["property"] for r in records} == {"values", "dtype", "shape", "error", "check", "symbolic",
                                                "unknown_shape", "gradient"}
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
    assert proc.stderr.strip() == ("kbackend: error: no conformance case id contains 'no-such-case-id'; "
                                   "no report written")


def _one_line_error(proc):
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kbackend: error:"), proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


def test_version_from_module_and_script(tmp_path):
    proc = run_cli(["--version"], clean_env(tmp_path), check=True)
    assert proc.stdout.strip() == f"kbackend {kbackend.__version__}"
    script = os.path.join(os.path.dirname(sys.executable), "kbackend")
    proc = subprocess.run([script, "--version"], env=clean_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == f"kbackend {kbackend.__version__}"


def test_no_top_level_cli_module_is_installed():
    assert importlib.util.find_spec("kbackend_cli") is None


def test_commands_work_when_the_configured_engine_cannot_load(tmp_path):
    env = clean_env(tmp_path, KBACKEND_ENGINE="missing_framework_engine")
    for args in (["--help"], ["engines"], ["config"], ["conformance", "--help"]):
        proc = run_cli(args, env)
        assert proc.returncode == 0 and proc.stderr == "", (args, proc.stderr)
    assert "engine name: missing_framework_engine (from the environment variable KBACKEND_ENGINE)" in \
        run_cli(["config"], env).stdout
    proc = run_cli(["info"], env)
    assert proc.returncode == 1
    assert "engine: missing_framework_engine (from $KBACKEND_ENGINE) cannot be used" in proc.stdout
    assert "registered engines:" in proc.stdout and "numpy" in proc.stdout
    assert "pip install kbackend-no-such-framework" in _one_line_error(proc)
    proc = run_cli(["info", "--engine", "numpy"], env, check=True)  # another engine can still be inspected
    assert "engine: numpy (from --engine" in proc.stdout


def test_every_error_is_one_line(tmp_path):
    env = clean_env(tmp_path)
    proc = run_cli(["conformance", "--engine", "no_such_engine_anywhere", "--out", str(tmp_path / "r")], env)
    assert proc.returncode == 1 and "no_such_engine_anywhere" in _one_line_error(proc)
    assert not (tmp_path / "r").exists()
    for args in (["no-such-command"], [], ["info", "--bogus"]):
        proc = run_cli(args, env)
        assert proc.returncode == 2, args
        _one_line_error(proc)
    (tmp_path / "keras.json").write_text('{"floatx": "float8"}')
    for args in (["config"], ["info"], ["conformance", "-k", "sum[all-float32]"]):
        proc = run_cli(args, env)
        assert proc.returncode == 1 and "'floatx'" in _one_line_error(proc), args


def test_conformance_silences_runtime_warnings(tmp_path):
    # log(0) warns in NumPy (engine and reference), autograd's VJP of std at a single value too.
    env = clean_env(tmp_path, PYTHONWARNINGS="always::RuntimeWarning")
    for selection in ("log[log-zero", "std[scalar"):
        proc = run_cli(["conformance", "--engine", "numpy", "-k", selection, "--out", str(tmp_path)], env)
        assert proc.returncode == 0, proc.stdout[-2000:]
        assert "Warning" not in proc.stderr, proc.stderr
