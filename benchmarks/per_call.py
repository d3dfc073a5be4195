"""Per-call worker: times one implementation of the op set against the native calls of one engine, interleaved, in
this process (run by ``benchmarks.run`` in a fresh subprocess per engine and implementation).

    KBACKEND_ENGINE=jax python -m benchmarks.per_call --engine jax --impl kbackend
    KERAS_BACKEND=torch python -m benchmarks.per_call --engine torch --impl keras3

Prints one JSON record per (op, size): median µs per call of each timed callable ("native"; on JAX also
"jax_eager"; for kbackend also "one_frame", the native call wrapped in one Python function, the floor of any
Python-level API; and the implementation), the loop count, and whether each result matches the native one.
"""
import argparse
import importlib
import json
import os
import sys

import numpy as np

from . import natives
from .cases import OPS, inputs, keras2_ops, keras3_ops, size_label
from .timing import block, interleaved


def _kbackend(engine):
    import kbackend as K
    if K.backend() != engine:
        raise SystemExit(f"kbackend selected {K.backend()!r}, expected {engine!r} (set KBACKEND_ENGINE)")
    ops = K._registry.ops  # Keras 2 has no public add/multiply: the engine functions behind Variable operators
    return keras2_ops(K, lambda x, y: ops.add(x, y), lambda x, y: ops.multiply(x, y))


def _keras3(engine):
    keras = importlib.import_module("keras")
    if keras.backend.backend() != engine:
        raise SystemExit(f"keras selected {keras.backend.backend()!r}, expected {engine!r} (set KERAS_BACKEND)")
    return keras3_ops(keras.ops)


def _tf_keras(engine):
    backend = importlib.import_module("tf_keras.backend")
    return keras2_ops(backend, lambda x, y: x + y, lambda x, y: x * y)  # tensor operators: no add/multiply there


IMPLEMENTATIONS = {"kbackend": _kbackend, "keras3": _keras3, "tf_keras": _tf_keras}


def _close(result, expected):
    result, expected = natives.to_numpy(result), natives.to_numpy(expected)
    return result.shape == expected.shape and bool(np.allclose(result, expected, rtol=1e-3, atol=1e-3))


def _one_frame(native):
    def forward(*args):
        return native(*args)
    return forward


def measure(engine, impl, sizes, ops, rounds, target_s):
    to_tensor, table = natives.TABLES[engine]()
    implementation = IMPLEMENTATIONS[impl](engine)
    native_fns = natives.jitted(table) if engine == "jax" else {op: natives.split(e)[0] for op, e in table.items()}
    for size in sizes:
        for op in ops:
            tensors = tuple(block(to_tensor(a)) for a in inputs(op, size))
            _, prepare, restore = natives.split(table[op])
            callables = {"native": native_fns[op], impl: implementation[op]}
            args = {"native": prepare(*tensors), impl: tensors}
            if engine == "jax":
                callables["jax_eager"], args["jax_eager"] = table[op], tensors
            if impl == "kbackend":  # the floor of any Python-level API: one function frame around the native call
                callables["one_frame"], args["one_frame"] = _one_frame(callables["native"]), args["native"]
            expected = restore(callables["native"](*args["native"]))
            check = {name: _close(fn(*args[name]), expected) for name, fn in callables.items() if name != "native"}
            seconds, number = interleaved(callables, args, rounds, target_s)
            yield {"engine": engine, "impl": impl, "op": op, "size": size, "label": size_label(op, size),
                   "us": {name: s * 1e6 for name, s in seconds.items()}, "number": number, "check": check}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", required=True, choices=sorted(natives.TABLES))
    parser.add_argument("--impl", required=True, choices=sorted(IMPLEMENTATIONS))
    parser.add_argument("--sizes", default="small,large")
    parser.add_argument("--ops", default=",".join(OPS))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--target", type=float, default=0.02, help="seconds per timed loop")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    for record in measure(args.engine, args.impl, args.sizes.split(","), args.ops.split(","), args.rounds,
                          args.target):
        print(json.dumps(record), flush=True)
    frameworks = sorted(m for m in ("torch", "jax", "tensorflow") if m in sys.modules)
    print(json.dumps({"engine": args.engine, "impl": args.impl, "frameworks_loaded": frameworks}), flush=True)


if __name__ == "__main__":
    main()
