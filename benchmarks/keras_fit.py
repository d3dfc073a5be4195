"""``model.fit`` throughput: legacy Keras 2.2.4 on kbackend against Keras 3 on the same engine (same layers, batch
size, optimizer and data), in samples per second, for an MLP and an LSTM classifier; one Markdown table.

    python -m benchmarks.keras_fit                                  # every installed engine, Markdown on stdout
    python -m benchmarks.keras_fit --engines torch,jax --quick      # a smoke run
    python -m benchmarks.keras_fit --worker keras2 --engine torch   # one worker: JSON records on stdout

Every (implementation, engine) runs in a fresh subprocess, because both Kerases pick their backend once, at import:
Keras 2.2.4 with ``KERAS_BACKEND=kbackend KBACKEND_ENGINE=<engine>`` (found or installed as the acceptance tests do,
``tests/keras2/legacy_keras.py``, with their compatibility patches, ``tests/keras2/keras2_compat.py``), Keras 3 with
``KERAS_BACKEND=<engine>`` (its numpy backend cannot train: numpy has no Keras 3 column). A worker times whole
epochs after one warm-up epoch (compilation, caches) and reports the median; the two workers of an engine run
in turn, ``passes`` times, and the table keeps each one's best pass (the machine is shared: the best pass is the
least disturbed one, and alternating gives both the same chances). Target (issue 9): Keras 2 on kbackend
faster than Keras 3 on torch and tensorflow, at least 0.9x on jax.
"""
import argparse
import importlib
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # python benchmarks/keras_fit.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

ROOT = Path(__file__).resolve().parent.parent
KERAS2_TESTS = ROOT / "tests" / "keras2"  # legacy_keras (finding/installing Keras 2) and keras2_compat live there
sys.path.insert(0, str(KERAS2_TESTS))

import keras2_compat  # noqa: E402  (patches nothing until apply())
import legacy_keras  # noqa: E402

from . import report  # noqa: E402
from .run import thread_env  # noqa: E402
ENGINES = ("numpy", "torch", "jax", "tensorflow", "pytensor")
KERAS3_ENGINES = ("torch", "jax", "tensorflow")
KERAS2_VERSION = "2.2.4"
TARGETS = {"torch": 1.0, "tensorflow": 1.0, "jax": 0.9}  # Keras 2 on kbackend / Keras 3, at least
# model -> (samples, batch, input shape, classes); the same data and settings for both implementations
MODELS = {
    "mlp 784-256-10, SGD": (2048, 128, (784,), 10),
    "lstm 20x16 -> 64 units -> 10, Adam": (1024, 64, (20, 16), 10),
}
SETTINGS = {"full": {"rounds": 15, "passes": 3}, "quick": {"rounds": 1, "passes": 1}}


def data(model, seed=0):
    """``(x, y)``: float32 inputs and one-hot float32 labels of ``model``."""
    samples, _, shape, classes = MODELS[model]
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(samples,) + shape).astype("float32")
    return x, np.eye(classes, dtype="float32")[rng.integers(0, classes, samples)]


def build(keras, model, keras2):
    """The compiled model ``model`` in ``keras`` (Keras 2 spells the learning rate ``lr``)."""
    _, _, shape, classes = MODELS[model]
    layers = keras.layers
    if model.startswith("mlp"):
        body = [layers.Dense(256, activation="relu"), layers.Dense(classes, activation="softmax")]
        optimizer = keras.optimizers.SGD(**{"lr" if keras2 else "learning_rate": 0.05})
    else:
        # The same layer in both: Keras 2's LSTM implementation 2 (one matrix product per step for all gates) is what
        # Keras 3 always does, and the gates use the logistic sigmoid (Keras 3's default; Keras 2's is hard_sigmoid)
        lstm = layers.LSTM(64, recurrent_activation="sigmoid", **({"implementation": 2} if keras2 else {}))
        body = [lstm, layers.Dense(classes, activation="softmax")]
        optimizer = keras.optimizers.Adam(**{"lr" if keras2 else "learning_rate": 1e-3})
    net = keras.models.Sequential([layers.InputLayer(input_shape=shape) if keras2 else keras.Input(shape=shape)]
                                  + body)
    net.compile(optimizer=optimizer, loss="categorical_crossentropy")
    return net


def time_epochs(net, x, y, batch, rounds):
    """Median seconds of one epoch of ``net.fit`` over ``rounds`` epochs, after a warm-up epoch."""
    net.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=False)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        net.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_keras(impl, engine):
    """The ``keras`` package of ``impl`` for ``engine`` (its environment was set by the parent process)."""
    if impl == "keras2":
        keras2_compat.apply(engine)
    keras = importlib.import_module("keras")
    expected = "2.2.4" if impl == "keras2" else "3."
    if not keras.__version__.startswith(expected):
        raise SystemExit(f"imported Keras {keras.__version__} from {keras.__file__}, expected {expected}")
    return keras


def worker(impl, engine, rounds, describe=False):
    """Print one JSON record per model: ``samples_per_s`` of ``impl`` on ``engine`` (with ``describe``, only what
    was built: its layer classes and parameter count, nothing is trained)."""
    keras = import_keras(impl, engine)
    for model, (samples, batch, _, _) in MODELS.items():
        net = build(keras, model, impl == "keras2")
        record = {"impl": impl, "engine": engine, "model": model, "params": int(net.count_params()),
                  "layers": [type(layer).__name__ for layer in net.layers],
                  "optimizer": type(net.optimizer).__name__}
        if not describe:
            x, y = data(model)
            record["samples_per_s"] = samples / time_epochs(net, x, y, batch, rounds)
        print(json.dumps(record), flush=True)


def environment(impl, engine, threads, keras_home):
    """The worker's environment: Keras 2.2.4 first on the path with ``KERAS_BACKEND=kbackend``, or Keras 3."""
    env = {k: v for k, v in os.environ.items() if k not in ("KERAS_BACKEND", "KBACKEND_ENGINE", "PYTHONPATH")}
    env.update(thread_env(threads), KERAS_HOME=keras_home, TF_CPP_MIN_LOG_LEVEL="3")
    if impl == "keras2":
        folder = legacy_keras.keras_folder(KERAS2_VERSION)
        env.update(KERAS_BACKEND="kbackend", KBACKEND_ENGINE=engine,
                   PYTHONPATH=os.pathsep.join(filter(None, [folder, os.environ.get("PYTHONPATH")])))
    else:
        env.update(KERAS_BACKEND=engine, PYTHONPATH=os.environ.get("PYTHONPATH", ""))
    return env


def run_worker(impl, engine, rounds, threads, describe=False):
    """The records of one worker process; a failure is one error record with the last line of its stderr."""
    what = f"{'Keras 2.2.4 on kbackend' if impl == 'keras2' else 'Keras 3'} on {engine}"
    print(f"[run] {what}", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="kbackend-bench-keras-") as keras_home:
        try:
            env = environment(impl, engine, threads, keras_home)
        except Exception as error:  # Keras 2 could not be found or installed
            return [{"impl": impl, "engine": engine, "what": what, "error": str(error).splitlines()[0][:300]}]
        command = [sys.executable, "-m", "benchmarks.keras_fit", "--worker", impl, "--engine", engine,
                   "--rounds", str(rounds)] + (["--describe"] if describe else [])
        proc = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode:
        tail = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
        records.append({"impl": impl, "engine": engine, "what": what, "error": tail[:300]})
    return records


def collect(engines, mode, threads):
    """Every worker's records: Keras 2 on kbackend on each engine, Keras 3 on each engine it can train on."""
    rounds, passes = SETTINGS[mode]["rounds"], SETTINGS[mode]["passes"]
    records = []
    for engine in engines:
        for _ in range(passes):
            records += run_worker("keras2", engine, rounds, threads)
            if engine in KERAS3_ENGINES and importlib.util.find_spec("keras") is not None:
                records += run_worker("keras3", engine, rounds, threads)
    return records


def render(records):
    """The Markdown table (and the failures) of ``records``."""
    rate = {}
    for r in records:  # the best pass of each (implementation, engine, model)
        if "samples_per_s" in r:
            key = (r["impl"], r["engine"], r["model"])
            rate[key] = max(rate.get(key, 0.0), r["samples_per_s"])
    engines = sorted({r["engine"] for r in records}, key=lambda e: ENGINES.index(e) if e in ENGINES else 99)
    lines = ["| engine | model | Keras 2.2.4 on kbackend samples/s | Keras 3 samples/s | K2 / K3 | target |",
             "|---|---|---|---|---|---|"]
    for engine in engines:
        for model in MODELS:
            k2, k3 = rate.get(("keras2", engine, model)), rate.get(("keras3", engine, model))
            ratio = f"{k2 / k3:.2f}" if k2 and k3 else "–"
            target = f"≥ {TARGETS[engine]:.1f}" if engine in TARGETS else "–"
            lines.append(f"| {engine} | {model} | {f'{k2:,.0f}' if k2 else '–'} | {f'{k3:,.0f}' if k3 else '–'} | "
                         f"{ratio} | {target} |")
    failed = sorted({f"- {r['what']}: {r['error']}" for r in records if "error" in r})
    return "\n".join(lines) + ("\n\nFailures:\n\n" + "\n".join(failed) if failed else "") + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--quick", action="store_true", help="one timed epoch per model: a smoke run")
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads per framework (0: framework default)")
    parser.add_argument("--out", help="write the Markdown here (default: stdout)")
    parser.add_argument("--worker", choices=("keras2", "keras3"), help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=SETTINGS["full"]["rounds"], help=argparse.SUPPRESS)
    parser.add_argument("--describe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.engine, args.rounds, args.describe)
        return
    engines = [e for e in args.engines.split(",") if e]
    report.write_outputs(render(collect(engines, "quick" if args.quick else "full", args.threads)), args.out)


if __name__ == "__main__":
    main()
