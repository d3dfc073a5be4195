"""A NumPy-only install: what needs an optional package (SciPy for sparse tensors on NumPy; autograd, a dependency,
for gradients) raises an ImportError naming what to install, `kbackend info` says what is available, and the
conformance suite reports those cases as skipped with the reason, never as failures. The packages are hidden by the
shims of tests/shims, as on a machine without them."""
import json

from helpers import clean_env, run_cli, run_python

SPARSE_EXTRA = 'pip install "kbackend[sparse]"'
LABELS = "K.constant([[1, 2], [3, 0]], dtype='int32'), K.constant([2, 1], dtype='int32')"


def test_numpy_sparse_without_scipy_names_the_extra(tmp_path):
    code = ("import kbackend as K\nfrom kbackend._optional import OptionalDependencyError\n"
            f"try:\n    K.ctc_label_dense_to_sparse({LABELS})\n"
            "except ImportError as err:\n    print(type(err).__name__, isinstance(err, OptionalDependencyError))\n"
            "    print(err)\nprint(K.eval(K.sum(K.constant([1.0, 2.0]))))")
    lines = run_python(code, clean_env(tmp_path, shims=("no_scipy",))).stdout.splitlines()
    assert lines[0] == "OptionalDependencyError True"
    assert SPARSE_EXTRA in lines[1] and "'scipy'" in lines[1] and lines[2] == "3.0"


def test_info_reports_what_is_available(tmp_path):
    proc = run_cli(["info"], clean_env(tmp_path, shims=("no_scipy",)), check=True)
    sparse = next(line for line in proc.stdout.splitlines() if line.strip().startswith("sparse:"))
    assert "unavailable" in sparse and SPARSE_EXTRA in sparse
    gradients = next(line for line in proc.stdout.splitlines() if line.strip().startswith("gradients:"))
    assert "unavailable" not in gradients
    proc = run_cli(["info"], clean_env(tmp_path), check=True)  # with SciPy (the test extra installs it)
    sparse = next(line for line in proc.stdout.splitlines() if line.strip().startswith("sparse:"))
    assert "unavailable" not in sparse


def test_conformance_skips_cases_that_need_scipy_with_the_reason(tmp_path):
    out = tmp_path / "report"
    proc = run_cli(["conformance", "--engine", "numpy", "-k", "sparse", "--out", str(out)],
                   clean_env(tmp_path, shims=("no_scipy",)))
    assert proc.returncode == 0, proc.stdout[-3000:]
    records = json.loads((out / "conformance.json").read_text())["records"]
    skipped = [r for r in records if r["status"] == "skip"]
    assert {r["function"] for r in skipped} == {"ctc_label_dense_to_sparse", "is_sparse", "to_dense", "dot",
                                                "concatenate"}
    assert all(SPARSE_EXTRA in r["message"] for r in skipped)
    assert not [r for r in records if r["status"] in ("fail", "xpass")]
    assert [r for r in records if r["status"] == "pass"], "the checks that need no SciPy still run"
    assert "SKIP" in proc.stdout and "## Skipped" in (out / "conformance.md").read_text()


def test_gradients_without_autograd_name_the_package(tmp_path):
    """Without autograd, the NumPy engine's gradient rules still differentiate what they cover (the graph is
    transformed: no autodiff library is needed); a loss through a function without a rule (``K.cumprod``) falls back
    to autograd, and that is an ImportError naming the package."""
    env = clean_env(tmp_path, shims=("no_autograd",))
    code = ("import sys\nimport kbackend as K\nx = K.placeholder(shape=(2,))\n"
            "print(K.function([x], K.gradients(K.sum(x * x), [x]))([[1.0, 2.0]])[0].tolist())\n"
            "try:\n    K.function([x], K.gradients(K.sum(K.cumprod(x)), [x]))([[1.0, 2.0]])\n"
            "except ImportError as err:\n    print(err)\n"
            "print(K.eval(K.stop_gradient(K.constant([3.0]))))\n"
            "print('autograd' in sys.modules)")
    lines = run_python(code, env).stdout.splitlines()
    assert lines[0] == "[2.0, 4.0]", "d/dx sum(x * x) = 2x by the gradient rules, without autograd"
    assert "'autograd'" in lines[1] and "pip install autograd" in lines[1]
    assert lines[2] == "[3.]", "stop_gradient works without autograd"
    assert lines[3] == "False"
    info = run_cli(["info"], env, check=True).stdout
    assert "gradients: autograd (unavailable" in info
    out = tmp_path / "report"
    proc = run_cli(["conformance", "--engine", "numpy", "-k", "gradients[", "--out", str(out)], env)
    assert proc.returncode == 0, proc.stdout[-3000:]
    records = json.loads((out / "conformance.json").read_text())["records"]
    checks = [r for r in records if r["property"] == "check"]
    # the suite skips what needs the missing capability (naming the command), even where the rules would serve
    assert checks and all(r["status"] == "skip" and "pip install autograd" in r["message"] for r in checks)
    assert all(r["status"] == "pass" for r in records if r not in checks)  # bad-input errors need no autograd
