"""Small deterministic data sets and fixed initial weights for the Keras 2 scenarios (NumPy only, no Keras).

Every generator takes a seed, so that every engine and Keras version trains on the same numbers.
"""
import numpy as np

CLASSES = 3


def _labels(scores):
    """One-hot float32 labels of the highest score of each row."""
    return np.eye(CLASSES, dtype="float32")[np.argmax(scores, axis=1)]


def tabular(seed=0, samples=80, features=8):
    """(x, y): normal features, 3 classes from a fixed linear rule."""
    rng = np.random.RandomState(seed)
    x = rng.normal(size=(samples, features)).astype("float32")
    return x, _labels(x @ rng.normal(size=(features, CLASSES)))


def sequences(seed=1, samples=80, steps=5, features=4):
    """(x, y): sequences (samples, steps, features); the class depends on the last and the first steps."""
    rng = np.random.RandomState(seed)
    x = rng.normal(size=(samples, steps, features)).astype("float32")
    mixing = rng.normal(size=(features, CLASSES))
    return x, _labels(x[:, -1] @ mixing - 0.5 * x[:, 0] @ mixing)


def images(seed=2, samples=80, size=8, channels=2):
    """(x, y): channels_last images (samples, size, size, channels); the class is where the brightest blob is."""
    rng = np.random.RandomState(seed)
    x = rng.normal(scale=0.3, size=(samples, size, size, channels)).astype("float32")
    quadrant = rng.randint(0, CLASSES, samples)
    for index, q in enumerate(quadrant):
        row, col = (0, 0) if q == 0 else (0, size // 2) if q == 1 else (size // 2, 0)
        x[index, row:row + size // 2, col:col + size // 2] += 1.0
    return x, np.eye(CLASSES, dtype="float32")[quadrant]


def signals(seed=3, samples=80, length=10, channels=3):
    """(x, y): 1D signals (samples, length, channels); the class is the channel with the largest mean."""
    rng = np.random.RandomState(seed)
    x = rng.normal(size=(samples, length, channels)).astype("float32")
    x += rng.normal(scale=0.8, size=(samples, 1, channels)).astype("float32")
    return x, _labels(x.mean(axis=1))


def tokens(seed=4, samples=80, steps=5, vocabulary=20):
    """(x, y): integer sequences padded with zeros at the end (random lengths 2..steps), binary labels (samples, 1):
    whether the sequence's first token is in the upper half of the vocabulary."""
    rng = np.random.RandomState(seed)
    x = rng.randint(1, vocabulary, size=(samples, steps))
    lengths = rng.randint(2, steps + 1, samples)
    for index, length in enumerate(lengths):
        x[index, length:] = 0
    return x.astype("int32"), (x[:, :1] >= vocabulary // 2).astype("float32")


def two_inputs(seed=5, samples=80):
    """([a, b], y): a (samples, 5) and sequences b (samples, 4, 3); a regression target (samples, 1)."""
    rng = np.random.RandomState(seed)
    a = rng.normal(size=(samples, 5)).astype("float32")
    b = rng.normal(size=(samples, 4, 3)).astype("float32")
    y = np.tanh(a[:, :1] - b.mean(axis=(1, 2))[:, None]).astype("float32")
    return [a, b], y


def fixed_weights(shapes, seed):
    """Initial weights for a list of shapes: Glorot-uniform-like kernels, small non-zero biases (float32)."""
    rng = np.random.RandomState(seed)
    weights = []
    for shape in shapes:
        if len(shape) >= 2:
            fan_in, fan_out = int(np.prod(shape[:-1])), shape[-1]
            limit = np.sqrt(6.0 / (fan_in + fan_out))
        else:
            limit = 0.1
        weights.append(rng.uniform(-limit, limit, size=shape).astype("float32"))
    return weights


def set_fixed_weights(model, seed, keep=("BatchNormalization",)):
    """Replace the initial weights of every layer of ``model`` (except the layer classes named in ``keep``, whose
    initial values are constants) by ``fixed_weights``, so that no engine's random generator is involved."""
    for index, layer in enumerate(model.layers):
        if type(layer).__name__ in keep:
            continue
        current = layer.get_weights()
        if current:
            layer.set_weights(fixed_weights([w.shape for w in current], seed * 1000 + index))
