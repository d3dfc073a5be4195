"""The idiomatic native call of every op, per engine, as tables; and how each engine makes its tensors.

Each table maps op -> fn, or op -> (fn, prepare, restore) when the native call wants another layout (PyTorch
convolutions are NCHW/OIHW): ``prepare`` converts the engine tensors once, outside the timing. The inputs are already engine tensors.
The crossentropy is the Keras 2 formula (normalise, clip to [eps, 1 - eps], -sum(target * log)) in each framework.
"""
import importlib

from .cases import EPSILON


def _crossentropy(sum_, clip, log):
    def crossentropy(target, output):
        output = output / sum_(output, -1, True)
        return -sum_(target * log(clip(output, EPSILON, 1.0 - EPSILON)), -1, False)
    return crossentropy


def numpy_table():
    np = importlib.import_module("numpy")
    windows = np.lib.stride_tricks.sliding_window_view

    def softmax(x):
        e = np.exp(x - np.max(x, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)

    def max_pool(x):
        return np.maximum(np.maximum(x[:, 0::2, 0::2], x[:, 0::2, 1::2]), np.maximum(x[:, 1::2, 0::2], x[:, 1::2, 1::2]))

    return np.asarray, {
        "sum": lambda x: np.sum(x, axis=-1),
        "mean": lambda x: np.mean(x, axis=-1),
        "add": np.add,
        "multiply": np.multiply,
        "dot": np.matmul,
        "batch_dot": np.matmul,
        "relu": lambda x: np.maximum(x, 0),
        "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
        "softmax": softmax,
        "concatenate": lambda x, y: np.concatenate([x, y], axis=-1),
        "reshape": lambda x: np.reshape(x, (-1,)),
        "conv2d": lambda x, k: np.tensordot(windows(x, k.shape[:2], axis=(1, 2)), k, axes=([3, 4, 5], [2, 0, 1])),
        "pool2d": max_pool,
        "categorical_crossentropy": _crossentropy(lambda x, a, k: np.sum(x, axis=a, keepdims=k), np.clip, np.log),
    }


def torch_table():
    torch = importlib.import_module("torch")
    F = importlib.import_module("torch.nn.functional")

    def channels_first(x, k=None):
        x = x.permute(0, 3, 1, 2).contiguous()
        return (x,) if k is None else (x, k.permute(3, 2, 0, 1).contiguous())

    def channels_last(y):
        return y.permute(0, 2, 3, 1)

    return torch.from_numpy, {
        "sum": lambda x: torch.sum(x, dim=-1),
        "mean": lambda x: torch.mean(x, dim=-1),
        "add": torch.add,
        "multiply": torch.mul,
        "dot": torch.matmul,
        "batch_dot": torch.bmm,
        "relu": torch.relu,
        "sigmoid": torch.sigmoid,
        "softmax": lambda x: torch.softmax(x, dim=-1),
        "concatenate": lambda x, y: torch.cat([x, y], dim=-1),
        "reshape": lambda x: torch.reshape(x, (-1,)),
        "conv2d": (F.conv2d, channels_first, channels_last),
        "pool2d": (lambda x: F.max_pool2d(x, 2), channels_first, channels_last),
        "categorical_crossentropy": _crossentropy(lambda x, a, k: torch.sum(x, dim=a, keepdim=k), torch.clamp,
                                                  torch.log),
    }


def jax_table():
    """The jnp/lax calls (eager); the native JAX row is ``jax.jit`` of each (see ``jitted``)."""
    jax = importlib.import_module("jax")
    jnp, lax = jax.numpy, jax.lax
    return jnp.asarray, {
        "sum": lambda x: jnp.sum(x, axis=-1),
        "mean": lambda x: jnp.mean(x, axis=-1),
        "add": jnp.add,
        "multiply": jnp.multiply,
        "dot": jnp.matmul,
        "batch_dot": jnp.matmul,
        "relu": jax.nn.relu,
        "sigmoid": jax.nn.sigmoid,
        "softmax": lambda x: jax.nn.softmax(x, axis=-1),
        "concatenate": lambda x, y: jnp.concatenate([x, y], axis=-1),
        "reshape": lambda x: jnp.reshape(x, (-1,)),
        "conv2d": lambda x, k: lax.conv_general_dilated(x, k, (1, 1), "VALID",
                                                        dimension_numbers=("NHWC", "HWIO", "NHWC")),
        "pool2d": lambda x: lax.reduce_window(x, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID"),
        "categorical_crossentropy": _crossentropy(lambda x, a, k: jnp.sum(x, axis=a, keepdims=k), jnp.clip, jnp.log),
    }


def tensorflow_table():
    tf = importlib.import_module("tensorflow")
    return tf.constant, {
        "sum": lambda x: tf.reduce_sum(x, axis=-1),
        "mean": lambda x: tf.reduce_mean(x, axis=-1),
        "add": tf.add,
        "multiply": tf.multiply,
        "dot": tf.matmul,
        "batch_dot": tf.matmul,
        "relu": tf.nn.relu,
        "sigmoid": tf.sigmoid,
        "softmax": lambda x: tf.nn.softmax(x, axis=-1),
        "concatenate": lambda x, y: tf.concat([x, y], axis=-1),
        "reshape": lambda x: tf.reshape(x, (-1,)),
        "conv2d": lambda x, k: tf.nn.conv2d(x, k, 1, "VALID"),
        "pool2d": lambda x: tf.nn.max_pool2d(x, 2, 2, "VALID"),
        "categorical_crossentropy": _crossentropy(lambda x, a, k: tf.reduce_sum(x, axis=a, keepdims=k),
                                                  tf.clip_by_value, tf.math.log),
    }


def pytensor_compiled(build):
    """The op ``build`` (written on symbolic PyTensor variables) as a callable on NumPy arrays: compiled with
    ``pytensor.function`` (C virtual machine, FAST_RUN rewrites) on its first call, for its inputs' dtypes and
    shapes, as a PyTensor user writes it."""
    pytensor = importlib.import_module("pytensor")
    mode = importlib.import_module("pytensor.compile.mode").Mode(linker="cvm", optimizer="fast_run")
    compiled = {}

    def call(*arrays):
        key = tuple((a.dtype.str, a.shape) for a in arrays)
        function = compiled.get(key)
        if function is None:
            inputs = [pytensor.tensor.tensor(dtype=a.dtype.name, shape=a.shape) for a in arrays]
            function = compiled[key] = pytensor.function(inputs, build(*inputs), mode=mode)
        return function(*arrays)
    return call


def pytensor_table():
    """PyTensor's own operations, each compiled with ``pytensor.function`` (see ``pytensor_compiled``)."""
    np = importlib.import_module("numpy")
    pt = importlib.import_module("pytensor.tensor")
    def conv2d(x, k):  # NHWC / HWIO, valid: one tensordot per kernel position (PyTensor 3 has no 2-D conv op)
        n, h, w, _ = x.type.shape
        kh, kw = k.type.shape[:2]
        return sum(pt.tensordot(x[:, i:i + h - kh + 1, j:j + w - kw + 1, :], k[i, j], axes=[[3], [0]])
                   for i in range(kh) for j in range(kw))

    def max_pool(x):
        n, h, w, c = x.type.shape
        return pt.max(pt.reshape(x, (n, h // 2, 2, w // 2, 2, c)), axis=(2, 4))

    table = {
        "sum": lambda x: pt.sum(x, axis=-1),
        "mean": lambda x: pt.mean(x, axis=-1),
        "add": pt.add,
        "multiply": pt.mul,
        "dot": pt.dot,
        "batch_dot": pt.matmul,
        "relu": lambda x: pt.maximum(x, 0),
        "sigmoid": pt.sigmoid,
        "softmax": lambda x: pt.special.softmax(x, axis=-1),
        "concatenate": lambda x, y: pt.concatenate([x, y], axis=-1),
        "reshape": lambda x: pt.reshape(x, (-1,)),
        "conv2d": conv2d,
        "pool2d": max_pool,
        "categorical_crossentropy": _crossentropy(lambda x, a, k: pt.sum(x, axis=a, keepdims=k), pt.clip, pt.log),
    }
    return np.asarray, {op: pytensor_compiled(build) for op, build in table.items()}


TABLES = {"numpy": numpy_table, "torch": torch_table, "jax": jax_table, "tensorflow": tensorflow_table,
          "pytensor": pytensor_table}


def _same(*args):
    return args


def split(entry):
    """(fn, prepare, restore) of a table entry: ``prepare`` converts the args once before timing, ``restore`` brings
    the result back to the channels-last layout for the result check; both are identities for a bare fn."""
    if isinstance(entry, tuple):
        return entry
    return entry, _same, lambda y: y


def jitted(table):
    """The table with every fn under ``jax.jit`` (layout preparation left as is)."""
    jax = importlib.import_module("jax")
    return {op: jax.jit(split(entry)[0]) for op, entry in table.items()}


def to_numpy(value):
    """A NumPy copy of an engine tensor (for the result check)."""
    import numpy as np
    return np.asarray(value.detach() if hasattr(value, "detach") else value)
