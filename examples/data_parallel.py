"""Data-parallel training with Keras 2 graph code on JAX: the variables replicated over a mesh of devices, each
NumPy batch split along its first axis between them by ``K.function``. The same steps on one device give the same
losses (printed side by side).

    python examples/data_parallel.py            # 8 host CPU devices stand in for accelerators

The mesh is JAX's own (``jax.sharding.Mesh``); kbackend adds no API for it: placing the variables is enough.
"""
import os

os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=8")  # set before JAX starts
os.environ["KERAS_BACKEND"] = "jax"

import jax  # noqa: E402
import numpy as np  # noqa: E402
from jax.sharding import Mesh, NamedSharding, PartitionSpec  # noqa: E402

import kbackend as K  # noqa: E402


def batches(steps, size=512, seed=0):
    """``steps`` (inputs, one-hot labels) pairs of ``size`` rows: a linearly separable 10-class problem."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(0, 1, (10, 784)).astype("float32")
    for _ in range(steps):
        labels = rng.integers(0, 10, size)
        data = centers[labels] + rng.normal(0, 1, (size, 784)).astype("float32")
        yield data, np.eye(10, dtype="float32")[labels]


def train(place, steps=10, learning_rate=0.1):
    """The losses of ``steps`` SGD steps of a softmax classifier whose variables are made by ``place(array)``.

    Arguments:
        place: maps the NumPy initial value of a variable to what ``K.variable`` receives.
        steps: how many batches to train on.
        learning_rate: the SGD step size.

    Returns:
        A list of ``steps`` losses (Python floats).
    """
    K.clear_session()
    rng = np.random.default_rng(1)
    x, y = K.placeholder((None, 784)), K.placeholder((None, 10))
    w = K.variable(place(rng.normal(0, 0.05, (784, 10)).astype("float32")))
    b = K.variable(place(np.zeros(10, "float32")))
    loss = K.mean(K.categorical_crossentropy(y, K.softmax(K.dot(x, w) + b)))
    grads = K.gradients(loss, [w, b])
    step = K.function([x, y], [loss], updates=[K.update_sub(v, learning_rate * g) for v, g in zip([w, b], grads)])
    return [float(step([data, labels])[0]) for data, labels in batches(steps)]


def main():
    """Train on every device of a mesh and on one device; print both loss histories and check they agree."""
    mesh = Mesh(np.array(jax.devices()), ("batch",))
    replicated = NamedSharding(mesh, PartitionSpec())
    on_mesh = train(lambda array: jax.device_put(array, replicated))
    on_one = train(lambda array: array)
    print(f"{len(jax.devices())} devices | one device")
    for a, b in zip(on_mesh, on_one):
        print(f"{a:.6f} | {b:.6f}")
    np.testing.assert_allclose(on_mesh, on_one, rtol=1e-5)
    return on_mesh, on_one


if __name__ == "__main__":
    main()
