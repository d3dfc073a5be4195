"""Data-parallel training step on 8 host devices (JAX): an MLP 784-256-10, batch 512, SGD, written as Keras 2 graph
code run by ``K.function`` with replicated variables and NumPy feeds, versus the same step written directly with
``jax.jit`` and ``NamedSharding`` (the batch sharded over the mesh, the parameters replicated), versus ``K.function``
on one device. Each variant runs in its own process (JAX reads ``XLA_FLAGS`` when it starts); each round of a
variant times a calibrated loop of steps, and the table gives the median over rounds.

    python -m benchmarks.data_parallel --rounds 5          # driver: prints a Markdown table
    python -m benchmarks.data_parallel --variant native    # one worker: prints one JSON record

On one CPU the 8 "devices" share the host's cores, so the ratio to one device says what the sharding costs or saves
on this machine, not what 8 accelerators would give; the ratio to native JAX is the price of the API.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

from .timing import block, calibrate
from .train_step import batch_data, initial_weights

SIZES, BATCH, LEARNING_RATE, DEVICES = (784, 256, 10), 512, 0.05, 8
FLAG = f"--xla_force_host_platform_device_count={DEVICES}"
VARIANTS = {
    "kbackend-mesh": "K.function, variables replicated over 8 devices, NumPy feeds",
    "native": "jax.jit with NamedSharding (batch sharded over 8 devices), NumPy feeds",
    "kbackend-1": "K.function on one device, NumPy feeds",
}


def _flat(weights):
    return [array for pair in weights for array in pair]


def kbackend_step(replicate):
    """The step as Keras 2 graph code, its variables replicated over the mesh when ``replicate``."""
    import jax
    from jax.sharding import Mesh, NamedSharding, PartitionSpec

    import kbackend as K
    K.set_floatx("float32")
    mesh = Mesh(np.array(jax.devices()), ("batch",))
    place = (lambda a: jax.device_put(a, NamedSharding(mesh, PartitionSpec()))) if replicate else (lambda a: a)
    x = K.placeholder(shape=(None, SIZES[0]))
    y = K.placeholder(shape=(None, SIZES[-1]))
    params, h = [], x
    for index, (w, b) in enumerate(initial_weights(SIZES)):
        w, b = K.variable(place(w)), K.variable(place(b))
        params += [w, b]
        h = K.bias_add(K.dot(h, w), b)
        h = K.relu(h) if index < len(SIZES) - 2 else K.softmax(h)
    loss = K.mean(K.categorical_crossentropy(y, h))
    grads = K.gradients(loss, params)
    function = K.function([x, y], [loss], updates=[(p, p - LEARNING_RATE * g) for p, g in zip(params, grads)])
    return lambda xb, yb: function([xb, yb])[0]


def native_step():
    """The same step with jax.jit: parameters replicated, the batch sharded along axis 0 over the mesh."""
    import jax
    import jax.numpy as jnp
    from jax.sharding import Mesh, NamedSharding, PartitionSpec

    mesh = Mesh(np.array(jax.devices()), ("batch",))
    replicated, sharded = NamedSharding(mesh, PartitionSpec()), NamedSharding(mesh, PartitionSpec("batch"))
    params = [jax.device_put(a, replicated) for a in _flat(initial_weights(SIZES))]

    def loss_of(params, x, y):
        h = x
        for index in range(0, len(params), 2):
            h = h @ params[index] + params[index + 1]
            h = jax.nn.relu(h) if index < len(params) - 2 else jax.nn.softmax(h)
        h = jnp.clip(h / h.sum(-1, keepdims=True), 1e-7, 1 - 1e-7)
        return jnp.mean(-jnp.sum(y * jnp.log(h), -1))

    @jax.jit
    def step(params, x, y):
        loss, grads = jax.value_and_grad(loss_of)(params, x, y)
        return loss, [p - LEARNING_RATE * g for p, g in zip(params, grads)]

    def run(xb, yb):
        loss, params[:] = step(params, jax.device_put(xb, sharded), jax.device_put(yb, sharded))
        return np.asarray(loss)  # as K.function returns NumPy outputs
    return run


def worker(variant, rounds, target_s):
    step = native_step() if variant == "native" else kbackend_step(variant == "kbackend-mesh")
    x, y = batch_data(SIZES, BATCH)
    first = float(step(x, y))
    number = calibrate(step, (x, y), target_s)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(number):
            block(step(x, y))
        samples.append((time.perf_counter() - start) / number)
    import jax
    return {"variant": variant, "devices": jax.device_count(), "first_loss": first,
            "ms_per_step": statistics.median(samples) * 1e3, "steps_per_round": number, "rounds": rounds}


def run_worker(variant, rounds, target_s):
    env = dict(os.environ, XLA_FLAGS=f"{os.environ.get('XLA_FLAGS', '')} {FLAG}".strip(), KBACKEND_ENGINE="jax")
    env.pop("KERAS_BACKEND", None)
    out = subprocess.run([sys.executable, "-m", "benchmarks.data_parallel", "--variant", variant, "--rounds",
                          str(rounds), "--target", str(target_s)], env=env, capture_output=True, text=True,
                         check=True, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))).stdout
    return json.loads(out.strip().splitlines()[-1])


def render(records):
    mesh, native, one = (records[name]["ms_per_step"] for name in ("kbackend-mesh", "native", "kbackend-1"))
    lines = [f"Data-parallel SGD step, MLP {'-'.join(map(str, SIZES))}, batch {BATCH}, {DEVICES} host devices "
             f"(`{FLAG}`), median of {records['native']['rounds']} rounds", "",
             "| variant | ms / step | ratio to native jax.jit | first loss |", "|---|---:|---:|---:|"]
    for name, record in records.items():
        lines.append(f"| {VARIANTS[name]} | {record['ms_per_step']:.2f} | {record['ms_per_step'] / native:.2f} | "
                     f"{record['first_loss']:.6f} |")
    lines += ["", f"K.function on 8 devices / on one device: {mesh / one:.2f}"]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=sorted(VARIANTS), help="run one worker (in this process)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--target", type=float, default=0.5, help="seconds per round")
    args = parser.parse_args(argv)
    if args.variant:
        print(json.dumps(worker(args.variant, args.rounds, args.target)))
        return
    print(render({name: run_worker(name, args.rounds, args.target) for name in VARIANTS}))


if __name__ == "__main__":
    main()
