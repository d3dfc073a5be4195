"""The benchmark suite of issue 5: per-call overhead, training step and import time of kbackend against native
calls and peer libraries, on every installed engine; writes one Markdown report.

    python -m benchmarks.run                       # full run, Markdown on stdout
    python -m benchmarks.run --out benchmarks/RESULTS.md
    python -m benchmarks.run --quick --engines numpy,jax

Every measurement runs in a fresh subprocess (one engine, one implementation), so each process imports only what
it measures; Keras 3 gets ``KERAS_BACKEND=<engine>``.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # python benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from . import report, targets  # noqa: E402

ENGINES = ("numpy", "torch", "jax", "tensorflow", "pytensor")
CHANGES = Path(__file__).resolve().parent / "CHANGES.md"  # the hand-kept log of changes and their effect
ROOT = Path(__file__).resolve().parent.parent
KERAS3_BACKENDS = ("numpy", "torch", "jax", "tensorflow")  # Keras 3 has no PyTensor backend
# Settings that make a worker time an engine's steady state: PyTensor programs run their first
# KBACKEND_PYTENSOR_COMPILE_AFTER calls (default 100) with the Python linker before compiling in the program mode
# (Numba), more calls than the workers time in short loops, so some timed steps would be eager ones; 1 compiles at the
# second call (the first call's time, reported next to the rates, stays the eager call a user meets first)
STEADY_STATE = {"pytensor": {"KBACKEND_PYTENSOR_COMPILE_AFTER": "1"}}
FRAMEWORK = {"numpy": "numpy", "torch": "torch", "jax": "jax", "tensorflow": "tensorflow", "pytensor": "pytensor"}
SETTINGS = {  # (per-call args, training args, import rounds)
    "full": (["--sizes", "small,large", "--rounds", "9", "--target", "0.02"], ["--rounds", "9", "--target", "0.3"], 7),
    "quick": (["--sizes", "small", "--rounds", "2", "--target", "0.002"], ["--rounds", "2", "--target", "0.05"], 1),
}


def thread_env(threads):
    """Environment pinning every framework's intra-op thread pool (the machine is shared; see RESULTS.md)."""
    if not threads:
        return {}
    n = str(threads)
    return {"OMP_NUM_THREADS": n, "MKL_NUM_THREADS": n, "OPENBLAS_NUM_THREADS": n, "TF_NUM_INTRAOP_THREADS": n,
            "TF_NUM_INTEROP_THREADS": n,
            "XLA_FLAGS": f"--xla_cpu_multi_thread_eigen={'true' if threads > 1 else 'false'}"}


def worker(module, args, env, what):
    """The JSON records printed by ``python -m benchmarks.<module> args``; a failure is one error record."""
    full_env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **env)
    print(f"[run] {what}", file=sys.stderr, flush=True)
    proc = subprocess.run([sys.executable, "-m", f"benchmarks.{module}", *args], env=full_env, capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parent.parent)
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode:
        tail = (proc.stderr.strip().splitlines() or ["exit code %d" % proc.returncode])[-1]
        records.append({"what": what, "error": tail[:300]})
    return records


def installed(name):
    return importlib.util.find_spec(name) is not None


def collect(engines, mode, threads):
    per_call_args, train_args, import_rounds = SETTINGS[mode]
    # Keras 3 and tf_keras write keras.json into their home when they find none: give every worker a scratch home,
    # so that a benchmark run leaves the user's ~/.keras as it was
    base = dict(thread_env(threads), KERAS_HOME=tempfile.mkdtemp(prefix="kbackend-bench-keras-"))
    records = []
    for engine in engines:
        own = dict(base, KBACKEND_ENGINE=engine, **STEADY_STATE.get(engine, {}))
        common = ["--engine", engine, *per_call_args]
        records += worker("per_call", [*common, "--impl", "kbackend"], own, f"per call: kbackend on {engine}")
        if installed("keras") and engine in KERAS3_BACKENDS:
            records += worker("per_call", [*common, "--impl", "keras3"], dict(base, KERAS_BACKEND=engine),
                              f"per call: keras.ops on {engine}")
        if engine == "tensorflow" and installed("tf_keras"):
            records += worker("per_call", [*common, "--impl", "tf_keras"], base, "per call: tf_keras.backend")
        records += worker("train_step", ["--engine", engine, *train_args], own, f"training step on {engine}")
        if engine == "tensorflow" and installed("tf_keras"):
            records += worker("train_step", ["--engine", engine, "--impl", "tf_keras", *train_args], base,
                              "training step: tf_keras graph K.function")
        records += worker("lstm_step", ["--engine", engine, *train_args], own, f"LSTM training step on {engine}")
    records += worker("imports", ["--engines", ",".join(engines), "--rounds", str(import_rounds)], base, "imports")
    records.append({"keras_fit": keras_fit_table(engines, mode, threads)})
    records.append({"breakdowns": targets.breakdowns(targets.missed_targets(records),
                                                     lambda module, args, engine: profile_output(module, args, engine,
                                                                                                 base))})
    return records


def profile_output(module, args, engine, base_env):
    """The stdout of ``python -m benchmarks.<module> args`` on ``engine`` (a profiling worker of a missed target)."""
    print(f"[run] breakdown: {module} on {engine}", file=sys.stderr, flush=True)
    proc = subprocess.run([sys.executable, "-m", f"benchmarks.{module}", *args], capture_output=True, text=True,
                          env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", **base_env, KBACKEND_ENGINE=engine,
                                   **STEADY_STATE.get(engine, {})),
                          cwd=ROOT)
    if proc.returncode:
        return f"failed: {(proc.stderr.strip().splitlines() or ['exit code %d' % proc.returncode])[-1]}"
    return proc.stdout


def keras_fit_table(engines, mode, threads):
    """The Markdown table of ``benchmarks.keras_fit`` (Keras 2.2.4 on kbackend against Keras 3, ``model.fit``), run
    in its own process (it finds or installs legacy Keras as the acceptance tests do)."""
    print("[run] keras_fit", file=sys.stderr, flush=True)
    command = [sys.executable, "-m", "benchmarks.keras_fit", "--engines", ",".join(engines), "--threads",
               str(threads)] + (["--quick"] if mode == "quick" else [])
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        tail = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
        return f"The Keras 2 / Keras 3 benchmark failed: {tail}\n"
    return proc.stdout


def render(records, command, threads):
    keras_fit = next((r["keras_fit"] for r in records if "keras_fit" in r), "not run\n")
    breakdowns = next((r["breakdowns"] for r in records if "breakdowns" in r), "not run")
    records = [r for r in records if "keras_fit" not in r and "breakdowns" not in r]
    rows = report.per_call_rows(records)
    return "\n\n".join([
        "# kbackend benchmark results", report.machine(command, threads),
        "## Per call: summary",
        "K = `K.<op>` (add/multiply: the engine functions behind `Variable` operators; Keras 2 has no public "
        "add/multiply); native = the idiomatic framework call (JAX: `jax.jit` of it; TensorFlow: eager), inputs "
        "already engine tensors, results blocked on. Peers ran in their own processes against the same native calls; "
        "'K faster than X' is (X/native) / (K/native). one-frame = the native call inside one plain Python function "
        "(`def f(*a): return native(*a)`), timed in the same loop: the floor of any API written in Python, which "
        "`K.<op>` can only reach by doing no checks at all. Targets (issue 5): small median ≤ 1.05, no op > 1.3, "
        "large median ≤ 1.02, ≥ 3x faster than keras.ops.",
        report.per_call_summary(rows),
        "µs-scale calls on this shared machine vary by ±30% between runs (an op's ratio can jump in one run); the "
        "layer-by-layer breakdown and the profiles of the worst offenders are in [PROFILE.md](PROFILE.md).",
        "## Training step (SGD, softmax crossentropy)",
        "K = Keras 2 graph code (`K.placeholder`, `K.gradients`, `K.function(updates=...)`) fed NumPy batches; native "
        "= best idiomatic step on engine tensors (NumPy: hand-written backprop; PyTorch: eager autograd + in-place SGD; "
        "JAX: whole step under `jax.jit`; TensorFlow: `tf.function` + GradientTape), interleaved in one process. "
        "NumPy in/out (JAX, TensorFlow): the same native step under `K.function`'s contract, fed the NumPy batch and "
        "returning the loss as NumPy on every step (issue 12's reference for these engines). "
        "tf_keras: `tf.compat.v1` graph `K.function`, in its own process. Targets: ≥ 0.9 (JAX/TF/torch), ≥ 0.7 (NumPy).",
        report.training(records),
        "## LSTM training step",
        "A 2-layer LSTM (`K.rnn`, 20 time steps, batch 32, 64 units, a dense softmax on the last output, SGD) as Keras "
        "2 graph code against the same model written directly (`benchmarks/lstm_native.py`: NumPy forward and "
        "backpropagation through time by hand; torch `nn.LSTM` eager; JAX `lax.scan` under `jax.jit`; TensorFlow "
        "`tf.function`, time loop unrolled), both fed a NumPy batch and returning the loss as a number, interleaved in "
        "one process; their first losses must agree. First call: trace and compile. Target (issue 12): ≥ 0.8.",
        report.lstm(records),
        "## Keras 2.2.4 on kbackend against Keras 3: `model.fit`",
        "The same layers, batch size, optimizer and data (`benchmarks/keras_fit.py`): samples per second of whole "
        "epochs after a warm-up epoch, median, each implementation and engine in a fresh process. Targets (issue 9): "
        "faster than Keras 3 on torch and TensorFlow, at least 0.9x on JAX. Keras 3's numpy backend cannot train.",
        keras_fit.strip(),
        "## Issue 12's targets",
        "Each target from this run's tables above (per call: small inputs; training: K/native, or K/native NumPy "
        "in/out on JAX and TensorFlow; LSTM: K/native).",
        targets.summary(targets.missed_targets(records)),
        "### Where the time goes in each missed target",
        "Profiling workers run after the measurements, each in its own process with the same thread settings: "
        "`benchmarks.layers` (native call, engine function called directly, `K.<op>`), `benchmarks.step_parts` "
        "(forward, gradients and the whole step as separate K.functions, next to the native step), "
        "`benchmarks.profile_calls` (cProfile restricted to kbackend's functions; own and cumulative µs per step, "
        "inflated by the profiler's per-call cost).",
        breakdowns,
        "## Import (fresh interpreter, median)",
        "Target: kbackend ≤ framework + 60 ms, and no other framework imported.",
        report.imports(records),
        "## Per call: every op",
        "Small: 8x8 matrices, (8,8,8) batch_dot, (8,32,32,3) images with a (3,3,3,16) kernel. Large: 1000x1000, "
        "(100,100,100) batch_dot, (16,64,64,16) images with a (3,3,16,32) kernel ('valid' conv, 2x2/2 max pool). "
        "PyTorch's native conv/pool take NCHW/OIHW tensors (transposed before timing); K takes channels_last.",
        report.per_call_detail(rows),
        "## Failures", report.failures(records),
        CHANGES.read_text().strip(),
    ]) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--quick", action="store_true", help="small inputs only, few rounds: a smoke run")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads per framework (0: framework default)")
    parser.add_argument("--out", help="write the Markdown here (default: stdout)")
    parser.add_argument("--json", help="also write the raw records here")
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if installed(FRAMEWORK.get(e, e))]
    records = collect(engines, "quick" if args.quick else "full", args.threads)
    command = "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:])
    text = render(records, command.strip(), args.threads)
    report.write_outputs(text, args.out, records, args.json)


if __name__ == "__main__":
    main()
