"""LSTM training-step worker: a 2-layer LSTM (``K.rnn``, 20 time steps, batch 32, 64 units) trained with one SGD step
per call, written as Keras 2 graph code, against the same model written directly in the engine's framework
(``benchmarks/lstm_native.py``: hand-written NumPy, torch ``nn.LSTM`` eager, JAX ``lax.scan`` under ``jax.jit``,
TensorFlow ``tf.function``, PyTensor ``pytensor.scan`` in one ``pytensor.function`` compiled in kbackend's program
mode), interleaved in one process.

    KBACKEND_ENGINE=torch python -m benchmarks.lstm_step --engine torch

Both steps start from the same weights and batch; their first losses must agree (else the comparison is void and the
worker exits non-zero). Prints one JSON record: steps per second of each, and the first call's time (trace, compile).
"""
import argparse
import json
import os
import time

import numpy as np

from .lstm_native import NATIVE_STEPS
from .timing import interleaved

STEPS, BATCH, FEATURES, UNITS, CLASSES = 20, 32, 32, 64, 10
LEARNING_RATE = 0.05
MODEL = f"2-layer LSTM, {STEPS} steps, batch {BATCH}, {UNITS} units"


def initial_weights(seed=0):
    """``[(W, U, b), (W, U, b), (Wd, bd)]``, float32, Glorot-like scales."""
    rng = np.random.default_rng(seed)

    def normal(rows, cols):
        return rng.normal(0.0, np.sqrt(2.0 / (rows + cols)), (rows, cols)).astype("float32")
    layers = [(normal(FEATURES, 4 * UNITS), normal(UNITS, 4 * UNITS), np.zeros(4 * UNITS, "float32")),
              (normal(UNITS, 4 * UNITS), normal(UNITS, 4 * UNITS), np.zeros(4 * UNITS, "float32"))]
    return layers + [(normal(UNITS, CLASSES), np.zeros(CLASSES, "float32"))]


def batch_data(seed=1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(BATCH, STEPS, FEATURES)).astype("float32")
    return x, np.eye(CLASSES, dtype="float32")[rng.integers(0, CLASSES, BATCH)]


def _lstm_layer(K, inputs, w, u, b):
    """One LSTM layer as Keras 2.2.4 writes it: zero initial states from the inputs, the gates cut from one
    pre-activation, ``K.rnn`` over time; returns the outputs ``(batch, time, units)``."""
    units = int(K.int_shape(u)[0])
    zeros = K.tile(K.expand_dims(K.sum(K.zeros_like(inputs), axis=(1, 2))), [1, units])

    def step(x_t, states):
        h, c = states[0], states[1]
        z = K.bias_add(K.dot(x_t, w) + K.dot(h, u), b)
        i, f = K.sigmoid(z[:, :units]), K.sigmoid(z[:, units:2 * units])
        g, o = K.tanh(z[:, 2 * units:3 * units]), K.sigmoid(z[:, 3 * units:])
        c = f * c + i * g
        h = o * K.tanh(c)
        return h, [h, c]
    return K.rnn(step, inputs, [zeros, zeros])[1]


def keras2_step(K, weights, learning_rate):
    """The SGD step of the model as Keras 2 graph code: ``step(x, y) -> loss``."""
    x = K.placeholder(shape=(None, STEPS, FEATURES))
    y = K.placeholder(shape=(None, CLASSES))
    params = [[K.variable(a) for a in layer] for layer in weights]
    hidden = _lstm_layer(K, _lstm_layer(K, x, *params[0]), *params[1])
    probs = K.softmax(K.bias_add(K.dot(hidden[:, -1], params[2][0]), params[2][1]))
    loss = K.mean(K.categorical_crossentropy(y, probs))
    flat = [p for layer in params for p in layer]
    grads = K.gradients(loss, flat)
    function = K.function([x, y], [loss], updates=[(p, p - learning_rate * g) for p, g in zip(flat, grads)])
    return lambda xb, yb: float(function([xb, yb])[0])


def _timed_first_call(step, x, y):
    start = time.perf_counter()
    loss = step(x, y)
    return loss, time.perf_counter() - start


def measure(engine, rounds, target_s, native_may_fail=False):
    """One record: both steps' rates and first calls. With ``native_may_fail``, a native step that raises at its
    first call is left out (the record names its error under ``native_error``) and kbackend's step is timed alone."""
    import kbackend as K
    if K.backend() != engine:
        raise SystemExit(f"kbackend selected {K.backend()!r}, expected {engine!r} (set KBACKEND_ENGINE)")
    weights, (x, y) = initial_weights(), batch_data()
    steps = {"kbackend": keras2_step(K, weights, LEARNING_RATE),
             "native": NATIVE_STEPS[engine](weights, LEARNING_RATE)}
    first, native_error = {"kbackend": _timed_first_call(steps["kbackend"], x, y)}, None
    try:
        first["native"] = _timed_first_call(steps["native"], x, y)
    except Exception as error:  # noqa: BLE001 (reported in the record)
        if not native_may_fail:
            raise
        native_error = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
        del steps["native"]
    losses = {name: loss for name, (loss, _) in first.items()}
    if native_error is None and not np.isclose(losses["kbackend"], losses["native"], rtol=1e-4):
        raise SystemExit(f"the first losses differ: {losses} (the two steps do not compute the same model)")
    seconds, number = interleaved(steps, {name: (x, y) for name in steps}, rounds, target_s)
    record = {"engine": engine, "model": MODEL, "steps_per_s": {n: 1 / s for n, s in seconds.items()},
              "first_call_s": {name: t for name, (_, t) in first.items()}, "first_loss": losses["kbackend"],
              "number": number}
    return dict(record, native_error=native_error) if native_error else record


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", required=True, choices=sorted(NATIVE_STEPS))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--target", type=float, default=0.5, help="seconds per timed loop")
    parser.add_argument("--native-may-fail", action="store_true",
                        help="time kbackend's step alone if the native one fails (benchmarks.pytensor_modes)")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    print(json.dumps(measure(args.engine, args.rounds, args.target, args.native_may_fail)), flush=True)


if __name__ == "__main__":
    main()
