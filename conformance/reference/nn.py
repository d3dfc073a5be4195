"""Reference neural-network functions (float64, written for clarity).

The crossentropies use the clip value ``epsilon`` given to them, or else the configured ``K.epsilon()``, and
``bias_add`` the configured image data format for ``data_format=None`` (read from the configuration, not from any
engine).
"""
import numpy as np

from kbackend.engine_api import SETTINGS  # the configuration the public functions read (no engine)


def _epsilon(epsilon):
    if epsilon is not None:
        return epsilon
    return SETTINGS.epsilon  # the configured fuzz factor


def _data_format(data_format):
    if data_format is not None:
        return data_format
    return SETTINGS.image_data_format  # the configured default


def _f(x):
    return np.asarray(x, dtype=np.float64)


# --- activations ---------------------------------------------------------------------------------------------------
def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """Keras 2.2.4 / 2.3.1 ``tensorflow_backend.relu``, line by line, with NumPy for the TF ops (``leaky_relu`` is
    ``x if x > 0 else alpha * x``, ``relu6`` is ``min(max(x, 0), 6)``, ``clip_by_value`` is ``minimum`` then
    ``maximum``)."""
    x = _f(x)
    if alpha != 0.:
        if max_value is None and threshold == 0.:
            return np.where(x > 0, x, alpha * x)
        if threshold != 0.:
            negative_part = np.maximum(-x + threshold, 0.0)
        else:
            negative_part = np.maximum(-x, 0.0)
    clip_max = max_value is not None
    if threshold != 0:
        with np.errstate(invalid="ignore"):  # -inf * 0 is NaN, as in TF
            x = x * (x > threshold).astype(np.float64)
    elif max_value == 6:
        x = np.minimum(np.maximum(x, 0.0), 6.0)
        clip_max = False
    else:
        x = np.maximum(x, 0.0)
    if clip_max:
        x = np.maximum(np.minimum(x, max_value), 0.0)
    if alpha != 0.:
        x = x - alpha * negative_part
    return x


def elu(x, alpha=1.0):
    x = _f(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def softmax(x, axis=-1):
    x = _f(x)
    if x.size == 0:
        return x
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    x = _f(x)
    z = x - np.max(x, axis=axis, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))


def softplus(x):
    return np.logaddexp(0.0, _f(x))


def softsign(x):
    x = _f(x)
    return x / (1.0 + np.abs(x))


def sigmoid(x):
    x = _f(x)
    out = np.empty_like(x)
    for index, value in np.ndenumerate(x):
        if value >= 0:
            out[index] = 1.0 / (1.0 + np.exp(-value))
        else:
            out[index] = np.exp(value) / (1.0 + np.exp(value))
    return out


def hard_sigmoid(x):
    return np.clip(0.2 * _f(x) + 0.5, 0.0, 1.0)


def tanh(x):
    return np.tanh(_f(x))


# --- crossentropies ------------------------------------------------------------------------------------------------
def categorical_crossentropy(target, output, from_logits=False, axis=-1, epsilon=None):
    target, output = _f(target), _f(output)
    if from_logits:
        log_p = log_softmax(output, axis)
    else:
        eps = _epsilon(epsilon)
        p = np.clip(output / np.sum(output, axis=axis, keepdims=True), eps, 1.0 - eps)
        log_p = np.log(p)
    return -np.sum(target * log_p, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1, epsilon=None):
    """Row by row: the class axis moved last, the log-probabilities (from logits, or Keras 2.2.4's
    log(clip(output)) used as logits), minus the entry of the target class."""
    output = np.moveaxis(_f(output), axis, -1)
    rows_shape = output.shape[:-1]
    rows = output.reshape(-1, output.shape[-1])
    labels = np.asarray(target).reshape(-1)
    out = np.empty(len(rows))
    for i, (row, label) in enumerate(zip(rows, labels)):
        label = int(label)
        if not from_logits:
            eps = _epsilon(epsilon)
            row = np.log(np.clip(row, eps, 1.0 - eps))
        if not 0 <= label < len(row):
            out[i] = np.nan
            continue
        out[i] = -log_softmax(row)[label]
    return out.reshape(rows_shape)


def binary_crossentropy(target, output, from_logits=False, epsilon=None):
    """-t log(sigmoid(z)) - (1 - t) log(1 - sigmoid(z)), z the logits (log(p / (1 - p)) of the clipped p)."""
    target, z = _f(target), _f(output)
    if not from_logits:
        eps = _epsilon(epsilon)
        p = np.clip(z, eps, 1.0 - eps)
        z = np.log(p / (1.0 - p))
    return target * np.logaddexp(0.0, -z) + (1.0 - target) * np.logaddexp(0.0, z)


# --- l2_normalize, in_top_k ----------------------------------------------------------------------------------------
def l2_normalize(x, axis=None):
    x = _f(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    square_sum = np.sum(x * x, axis=axis, keepdims=True)
    return x / np.sqrt(np.maximum(square_sum, 1e-12))


def in_top_k(predictions, targets, k):
    """TF's rule: count the classes with a strictly larger prediction than the target's; False for a row with a
    non-finite prediction or an out-of-range target."""
    predictions = _f(predictions)
    out = np.zeros(len(predictions), dtype=bool)
    for i, (row, target) in enumerate(zip(predictions, np.asarray(targets))):
        if not 0 <= target < len(row) or not np.all(np.isfinite(row)):
            continue
        larger = sum(1 for value in row if value > row[target])
        out[i] = larger < k
    return out


# --- bias and batch normalisation ----------------------------------------------------------------------------------
def bias_add(x, bias, data_format=None):
    x, bias = _f(x), _f(bias)
    channels_first = _data_format(data_format) == "channels_first"
    if bias.ndim == 1:
        shape = [1] * x.ndim
        shape[1 if channels_first else -1] = len(bias)
        return x + bias.reshape(shape)
    if channels_first:  # the Keras 2 convention on every backend: a reshape (Theano's formulation)
        return x + np.reshape(bias, (1, bias.shape[-1]) + bias.shape[:-1])
    return x + bias[np.newaxis]


def _param(p, x, axis):
    p = _f(p)
    if p.ndim == 1 and x.ndim > 1:
        shape = [1] * x.ndim
        shape[axis] = len(p)
        return p.reshape(shape)
    return p


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=0.001):
    x = _f(x)
    out = (x - _param(mean, x, axis)) / np.sqrt(_param(var, x, axis) + epsilon)
    if gamma is not None:
        out = out * _param(gamma, x, axis)
    if beta is not None:
        out = out + _param(beta, x, axis)
    return out


def normalize_batch_in_training(x, gamma, beta, reduction_axes, epsilon=0.001):
    x = _f(x)
    axes = tuple(a % x.ndim for a in ([reduction_axes] if np.ndim(reduction_axes) == 0 else reduction_axes))
    mean = np.mean(x, axis=axes)
    var = np.var(x, axis=axes)  # population variance
    kept_mean, kept_var = np.mean(x, axis=axes, keepdims=True), np.var(x, axis=axes, keepdims=True)
    normed = (x - kept_mean) / np.sqrt(kept_var + epsilon)
    broadcast = kept_mean.shape
    if gamma is not None:
        gamma = _f(gamma)
        normed = normed * (gamma if gamma.ndim == x.ndim else gamma.reshape(broadcast))
    if beta is not None:
        beta = _f(beta)
        normed = normed + (beta if beta.ndim == x.ndim else beta.reshape(broadcast))
    return normed, mean, var
