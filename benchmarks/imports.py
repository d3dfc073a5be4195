"""Import worker and driver: ``import kbackend`` with one engine versus importing the framework alone, each in a
fresh interpreter, interleaved; also which other frameworks each import leaves in ``sys.modules``.

    python -m benchmarks.imports --engines numpy,torch,jax,tensorflow --rounds 5
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

FRAMEWORKS = {"numpy": "numpy", "torch": "torch", "jax": "jax", "tensorflow": "tensorflow", "pytensor": "pytensor"}
OTHERS = ("torch", "jax", "tensorflow", "keras", "tf_keras")

_PROBE = """
import sys, time, json
start = time.perf_counter()
import {module}
elapsed = time.perf_counter() - start
print(json.dumps({{"seconds": elapsed, "loaded": [m for m in {others!r} if m in sys.modules]}}))
"""


def time_import(module, engine):
    """(seconds, frameworks in sys.modules) of importing ``module`` in a fresh interpreter."""
    env = dict(os.environ, KBACKEND_ENGINE=engine, TF_CPP_MIN_LOG_LEVEL="2")
    env.pop("KERAS_BACKEND", None)
    # as an installed package imports: from cached bytecode (a PYTHONDONTWRITEBYTECODE environment would time the
    # compilation of every module instead); the first, warm-up round writes the caches
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run([sys.executable, "-c", _PROBE.format(module=module, others=OTHERS)], env=env,
                         capture_output=True, text=True, check=True).stdout
    record = json.loads(out.strip().splitlines()[-1])
    return record["seconds"], record["loaded"]


def measure(engine, rounds):
    samples = {"kbackend": [], "framework": []}
    loaded = {}
    for module in (FRAMEWORKS[engine], "kbackend"):
        time_import(module, engine)  # warm-up: bytecode caches and the OS file cache
    for _ in range(rounds):
        for name, module in (("framework", FRAMEWORKS[engine]), ("kbackend", "kbackend")):
            seconds, loaded[name] = time_import(module, engine)
            samples[name].append(seconds)
    medians = {name: statistics.median(values) * 1e3 for name, values in samples.items()}
    extra = sorted(set(loaded["kbackend"]) - set(loaded["framework"]) - {FRAMEWORKS[engine]})
    return {"engine": engine, "ms": medians, "loaded": loaded, "extra_frameworks": extra}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="numpy,torch,jax,tensorflow")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    for engine in args.engines.split(","):
        print(json.dumps(measure(engine, args.rounds)), flush=True)


if __name__ == "__main__":
    main()
