"""The per-call op set: which inputs each op takes at each size, and the Keras 2 backend calls of the op set, written
once for any module with the Keras 2 backend API (``kbackend`` or ``tf_keras.backend``)."""
import numpy as np

EPSILON = 1e-7

# Input kinds by size. Conv/pool "large" is a batch of 16 64x64 images with 16 channels (about 1M values, like
# 1000x1000) and a 3x3 kernel to 32 channels (about 0.28 GFLOP per conv2d call).
SHAPES = {
    "small": {"matrix": (8, 8), "batch": (8, 8, 8), "images": (8, 32, 32, 3), "kernel": (3, 3, 3, 16)},
    "large": {"matrix": (1000, 1000), "batch": (100, 100, 100), "images": (16, 64, 64, 16),
              "kernel": (3, 3, 16, 32)},
}

# op -> the input kinds it takes, in order ("onehot"/"probs" are matrices of targets and probabilities).
OPS = {
    "sum": ("matrix",), "mean": ("matrix",), "add": ("matrix", "matrix"), "multiply": ("matrix", "matrix"),
    "dot": ("matrix", "matrix"), "batch_dot": ("batch", "batch"), "relu": ("matrix",), "sigmoid": ("matrix",),
    "softmax": ("matrix",), "concatenate": ("matrix", "matrix"), "reshape": ("matrix",),
    "conv2d": ("images", "kernel"), "pool2d": ("images",), "categorical_crossentropy": ("onehot", "probs"),
}


def size_label(op, size):
    """How the inputs of ``op`` at ``size`` are shown in the tables, e.g. ``1000x1000`` or ``16x64x64x16``."""
    kind = OPS[op][0]
    return "x".join(str(d) for d in SHAPES[size]["matrix" if kind == "onehot" else kind])


def inputs(op, size, seed=0):
    """The float32 NumPy inputs of ``op`` at ``size`` (the same values for every implementation)."""
    rng = np.random.default_rng(seed)
    shapes = SHAPES[size]
    out = []
    for kind in OPS[op]:
        shape = shapes["matrix" if kind in ("onehot", "probs") else kind]
        if kind == "onehot":
            value = np.eye(shape[1], dtype="float32")[rng.integers(0, shape[1], shape[0])]
        elif kind == "probs":
            value = rng.uniform(0.1, 1.0, shape)
            value /= value.sum(axis=-1, keepdims=True)
        else:
            value = rng.normal(size=shape)
        out.append(np.asarray(value, dtype="float32"))
    return tuple(out)


def keras2_ops(B, add, multiply):
    """The op set through a Keras 2 backend module ``B``; Keras 2 has no public add/multiply, so they are given."""
    return {
        "sum": lambda x: B.sum(x, axis=-1),
        "mean": lambda x: B.mean(x, axis=-1),
        "add": add,
        "multiply": multiply,
        "dot": B.dot,
        "batch_dot": lambda a, b: B.batch_dot(a, b, axes=(2, 1)),
        "relu": B.relu,
        "sigmoid": B.sigmoid,
        "softmax": B.softmax,
        "concatenate": lambda x, y: B.concatenate([x, y], axis=-1),
        "reshape": lambda x: B.reshape(x, (-1,)),
        "conv2d": lambda x, k: B.conv2d(x, k, padding="valid"),
        "pool2d": lambda x: B.pool2d(x, (2, 2), strides=(2, 2), padding="valid", pool_mode="max"),
        "categorical_crossentropy": B.categorical_crossentropy,
    }


def keras3_ops(ops):
    """The op set through Keras 3 ``keras.ops``."""
    return {
        "sum": lambda x: ops.sum(x, axis=-1),
        "mean": lambda x: ops.mean(x, axis=-1),
        "add": ops.add,
        "multiply": ops.multiply,
        "dot": ops.matmul,
        "batch_dot": ops.matmul,
        "relu": ops.relu,
        "sigmoid": ops.sigmoid,
        "softmax": lambda x: ops.softmax(x, axis=-1),
        "concatenate": lambda x, y: ops.concatenate([x, y], axis=-1),
        "reshape": lambda x: ops.reshape(x, (-1,)),
        "conv2d": lambda x, k: ops.conv(x, k, padding="valid"),
        "pool2d": lambda x: ops.max_pool(x, 2, 2, padding="valid"),
        "categorical_crossentropy": ops.categorical_crossentropy,
    }
