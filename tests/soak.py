"""Soak run: a training loop of ``K.function`` steps on one engine, printing RSS and step time as it goes.

    python -m tests.soak --steps 20000 --engine torch            # the long run (or: python tests/soak.py ...)
    python -m tests.soak --steps 1500 --engine jax --json out.json

The model is what a Keras 2 classifier records: placeholder -> dense -> relu -> dense -> softmax crossentropy, its
``K.gradients`` and SGD with momentum as ``K.function`` updates (one compiled program per input signature on JAX and
TensorFlow). Batches cycle through a few fixed arrays, so every step feeds new NumPy arrays of one signature.

RSS is read with psutil when installed, else from /proc/self/statm (Linux), else the peak RSS of getrusage. The run
reports RSS after the warm-up (the first tenth of the steps, at least 50: compilation, caches and allocator arenas
settle there) and at the end, and the mean step time of the first and last tenth of the steps after warm-up
(``tests/test_soak.py`` checks them). Each tenth's mean drops its slowest 10% of steps: on a shared machine a step
is sometimes descheduled, and one such step would otherwise dominate the mean of 150 steps of well under a
millisecond.
"""
import argparse
import json
import os
import sys
import tempfile
import time

os.environ.setdefault("KERAS_HOME", tempfile.mkdtemp(prefix="kbackend-soak-"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.pop("KERAS_BACKEND", None)

import numpy as np  # noqa: E402


def rss_bytes():
    """The resident set size of this process, in bytes."""
    try:
        import psutil
        return psutil.Process().memory_info().rss
    except ImportError:
        pass
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource  # the peak, not the current size: growth still shows
        scale = 1 if sys.platform == "darwin" else 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def build_step(K, features=20, hidden=32, classes=10, learning_rate=0.05, momentum=0.9):
    """A K.function training step: (x, y) -> [loss], updating the weights and momenta."""
    rng = np.random.default_rng(0)
    x = K.placeholder(shape=(None, features))
    y = K.placeholder(shape=(None, classes))
    w1 = K.variable(rng.normal(0, 0.3, (features, hidden)))
    b1 = K.variable(np.zeros(hidden))
    w2 = K.variable(rng.normal(0, 0.3, (hidden, classes)))
    b2 = K.variable(np.zeros(classes))
    params = [w1, b1, w2, b2]
    probabilities = K.softmax(K.bias_add(K.dot(K.relu(K.bias_add(K.dot(x, w1), b1)), w2), b2))
    loss = K.mean(K.categorical_crossentropy(y, probabilities))
    grads = K.gradients(loss, params)
    velocities = [K.variable(np.zeros(K.int_shape(p))) for p in params]
    updates = []
    for p, g, v in zip(params, grads, velocities):
        new_v = momentum * v - learning_rate * g
        updates += [K.update(v, new_v), K.update(p, p + new_v)]
    return K.function([x, y], [loss], updates=updates)


def batches(count=8, size=32, features=20, classes=10):
    rng = np.random.default_rng(1)
    teacher = rng.normal(size=(features, classes))
    out = []
    for _ in range(count):
        x = rng.normal(size=(size, features)).astype(np.float32)
        y = np.eye(classes, dtype=np.float32)[np.argmax(x @ teacher, axis=1)]
        out.append((x, y))
    return out


def _trimmed_mean(values):
    values = np.sort(np.asarray(values))
    return float(values[:max(1, int(len(values) * 0.9))].mean())


def soak(engine, steps, report_every=0, out=sys.stdout):
    """Run ``steps`` training steps on ``engine``; returns a summary dict (see the module docstring)."""
    import kbackend as K
    K.set_backend(engine)
    step = build_step(K)
    data = batches()
    warmup = max(50, steps // 10)
    times = np.zeros(steps)
    losses = []
    rss_after_warmup = None
    interval_start = time.perf_counter()
    if report_every:
        print(f"{'step':>8} {'RSS MB':>9} {'ms/step':>9} {'loss':>9}", file=out, flush=True)
    for i in range(steps):
        x, y = data[i % len(data)]
        t0 = time.perf_counter()
        loss, = step([x, y])
        times[i] = time.perf_counter() - t0
        if i == warmup - 1:
            rss_after_warmup = rss_bytes()
        if i % 100 == 0 or i == steps - 1:
            losses.append(float(loss))
        if report_every and ((i + 1) % report_every == 0 or i == steps - 1):
            elapsed = time.perf_counter() - interval_start
            print(f"{i + 1:>8} {rss_bytes() / 2**20:>9.1f} {1000 * elapsed / report_every:>9.3f} {float(loss):>9.4f}",
                  file=out, flush=True)
            interval_start = time.perf_counter()
    rss_end = rss_bytes()
    measured = times[warmup:]
    tenth = max(1, len(measured) // 10)
    return {
        "engine": engine, "steps": steps, "warmup_steps": warmup,
        "rss_after_warmup": rss_after_warmup, "rss_end": rss_end,
        "first_tenth_ms": 1000 * _trimmed_mean(measured[:tenth]),
        "last_tenth_ms": 1000 * _trimmed_mean(measured[-tenth:]),
        "first_loss": losses[0], "last_loss": losses[-1],
        "total_s": float(times.sum()),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default="numpy")
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--report-every", type=int, default=1000, help="print a line every N steps (0: none)")
    parser.add_argument("--json", help="write the summary as JSON to this file")
    args = parser.parse_args(argv)
    summary = soak(args.engine, args.steps, args.report_every, out=sys.stdout if args.report_every else None)
    growth = summary["rss_end"] - summary["rss_after_warmup"]
    print(f"{args.engine}: RSS {summary['rss_after_warmup'] / 2**20:.1f} MB after warm-up -> "
          f"{summary['rss_end'] / 2**20:.1f} MB at the end ({growth / 2**20:+.1f} MB); step time "
          f"{summary['first_tenth_ms']:.3f} ms (first tenth) -> {summary['last_tenth_ms']:.3f} ms (last tenth); "
          f"loss {summary['first_loss']:.4f} -> {summary['last_loss']:.4f}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(summary, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
