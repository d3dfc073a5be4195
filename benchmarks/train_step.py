"""Training-step worker: one SGD step of an MLP written as Keras 2 graph code (placeholders, ``K.gradients``,
``K.function(updates=...)``, as in ``examples/train_models.py``) versus the native step of ``train_native``.

    KBACKEND_ENGINE=torch python -m benchmarks.train_step --engine torch        # kbackend and native, interleaved
    python -m benchmarks.train_step --engine tensorflow --impl tf_keras          # tf_keras graph-mode K.function

Prints one JSON record per model: median steps/s of each. On JAX and TensorFlow a third callable,
``native_numpy_io``, is the native step under ``K.function``'s contract (a NumPy batch in, the loss out as NumPy).
"""
import argparse
import importlib
import json
import os
import time

import numpy as np

from .timing import interleaved
from .train_native import NUMPY_IO_ENGINES, STEPS, numpy_io

LEARNING_RATE = 0.05
# model -> (layer sizes, batch)
MODELS = {"mlp 784-256-10, batch 128": ((784, 256, 10), 128), "tiny 64-32-10, batch 16": ((64, 32, 10), 16)}


def initial_weights(sizes, seed=0):
    rng = np.random.default_rng(seed)
    return [(rng.normal(0.0, np.sqrt(2.0 / (a + b)), (a, b)).astype("float32"), np.zeros(b, "float32"))
            for a, b in zip(sizes[:-1], sizes[1:])]


def batch_data(sizes, batch, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, sizes[0])).astype("float32")
    return x, np.eye(sizes[-1], dtype="float32")[rng.integers(0, sizes[-1], batch)]


def model_graph(B, weights):
    """The MLP and its loss as Keras 2 graph code on backend module ``B`` (kbackend or tf_keras.backend):
    ``(x, y, params, loss)``."""
    x = B.placeholder(shape=(None, weights[0][0].shape[0]))
    y = B.placeholder(shape=(None, weights[-1][0].shape[1]))
    params, h = [], x
    for index, (w, b) in enumerate(weights):
        w, b = B.variable(w), B.variable(b)
        params += [w, b]
        h = B.bias_add(B.dot(h, w), b)
        h = B.relu(h) if index < len(weights) - 1 else B.softmax(h)
    return x, y, params, B.mean(B.categorical_crossentropy(y, h))


def keras2_step(B, weights, learning_rate):
    """The SGD step as Keras 2 graph code on backend module ``B``."""
    x, y, params, loss = model_graph(B, weights)
    grads = B.gradients(loss, params)
    function = B.function([x, y], [loss], updates=[(p, p - learning_rate * g) for p, g in zip(params, grads)])
    return lambda xb, yb: function([xb, yb])[0]


def _kbackend(engine, weights):
    import kbackend as K
    if K.backend() != engine:
        raise SystemExit(f"kbackend selected {K.backend()!r}, expected {engine!r} (set KBACKEND_ENGINE)")
    K.clear_session()
    return keras2_step(K, weights, LEARNING_RATE)


def _tf_keras(engine, weights):
    tf = importlib.import_module("tensorflow")
    tf.compat.v1.disable_eager_execution()
    backend = importlib.import_module("tf_keras.backend")
    backend.clear_session()
    return keras2_step(backend, weights, LEARNING_RATE)


IMPLEMENTATIONS = {"kbackend": _kbackend, "tf_keras": _tf_keras}


def measure(engine, impl, rounds, target_s):
    for model, (sizes, batch) in MODELS.items():
        weights = initial_weights(sizes)
        x, y = batch_data(sizes, batch)
        callables, args = {impl: IMPLEMENTATIONS[impl](engine, weights)}, {impl: (x, y)}
        if impl == "kbackend":
            native, to_tensor = STEPS[engine](weights, LEARNING_RATE)
            callables["native"], args["native"] = native, (to_tensor(x), to_tensor(y))
            if engine in NUMPY_IO_ENGINES:  # a second native step, with its own weights, under K.function's contract
                contract, _ = STEPS[engine](weights, LEARNING_RATE)
                callables["native_numpy_io"], args["native_numpy_io"] = numpy_io(contract), (x, y)
        first_call = {}
        for name, step in callables.items():  # the first call traces (and lowers or compiles) the program
            start = time.perf_counter()
            step(*args[name])
            first_call[name] = time.perf_counter() - start
        seconds, number = interleaved(callables, args, rounds, target_s)
        yield {"engine": engine, "impl": impl, "model": model, "steps_per_s": {n: 1 / s for n, s in seconds.items()},
               "first_call_s": first_call, "number": number}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", required=True, choices=sorted(STEPS))
    parser.add_argument("--impl", default="kbackend", choices=sorted(IMPLEMENTATIONS))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--target", type=float, default=0.3, help="seconds per timed loop")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    for record in measure(args.engine, args.impl, args.rounds, args.target):
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
