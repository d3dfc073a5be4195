"""Independent float64 NumPy references for the Keras 2 scenario results: losses and metrics of predictions (the
formulas of Keras 2.2.4 / 2.3.1 on TensorFlow), and forward passes of small Dense / BatchNormalization models."""
import numpy as np

EPSILON = 1e-7  # K.epsilon() by default


def categorical_crossentropy(targets, predictions):
    p = predictions / predictions.sum(axis=-1, keepdims=True)
    p = np.clip(p, EPSILON, 1 - EPSILON)
    return float(np.mean(-np.sum(targets * np.log(p), axis=-1)))


def binary_crossentropy(targets, predictions):
    p = np.clip(predictions, EPSILON, 1 - EPSILON)
    return float(np.mean(np.mean(-(targets * np.log(p) + (1 - targets) * np.log(1 - p)), axis=-1)))


def mean_squared_error(targets, predictions):
    return float(np.mean(np.mean((predictions - targets) ** 2, axis=-1)))


LOSSES = {"categorical_crossentropy": categorical_crossentropy, "binary_crossentropy": binary_crossentropy,
          "mean_squared_error": mean_squared_error}


def accuracy(loss, targets, predictions):
    """Keras's 'accuracy' metric: categorical for a categorical loss, binary (threshold 0.5) otherwise."""
    if loss == "categorical_crossentropy":
        return float(np.mean(np.argmax(targets, axis=-1) == np.argmax(predictions, axis=-1)))
    return float(np.mean(targets == (predictions > 0.5)))


def mean_absolute_error(loss, targets, predictions):
    return float(np.mean(np.abs(predictions - targets)))


METRICS = {"acc": accuracy, "accuracy": accuracy, "mae": mean_absolute_error,
           "mean_absolute_error": mean_absolute_error}


def expected_evaluation(record):
    """{metric name: value} of Keras's ``evaluate`` computed from the record's predictions and targets (the loss
    is absent when the model has a regularisation penalty, which predictions do not show)."""
    targets = np.asarray(record["targets"], dtype="float64")
    predictions = np.asarray(record["predict"], dtype="float64")
    expected = {}
    for index, name in enumerate(record["metrics_names"]):
        if index == 0:
            if not record.get("penalty"):
                expected[name] = LOSSES[record["loss"]](targets, predictions)
        else:
            expected[name] = METRICS[name](record["loss"], targets, predictions)
    return expected


def _activation(name, x):
    if name == "relu":
        return np.maximum(x, 0)
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if name == "linear":
        return x
    raise ValueError(f"no reference for activation {name!r}")


def forward(recipe, weights, x):
    """Run a model given as ``[["dense", activation] | ["batchnorm", epsilon] | ["activation", name], ...]`` with its
    ``get_weights()`` list (BatchNormalization in inference: moving mean and variance)."""
    weights = [np.asarray(w, dtype="float64") for w in weights]
    h = np.asarray(x, dtype="float64")
    for kind, option in recipe:
        if kind == "dense":
            kernel, bias = weights.pop(0), weights.pop(0)
            h = _activation(option, h @ kernel + bias)
        elif kind == "batchnorm":
            gamma, beta, mean, variance = (weights.pop(0) for _ in range(4))
            h = gamma * (h - mean) / np.sqrt(variance + option) + beta
        elif kind == "activation":
            h = _activation(option, h)
        else:
            raise ValueError(f"no reference for layer {kind!r}")
    assert not weights, "the recipe does not use every weight"
    return h
