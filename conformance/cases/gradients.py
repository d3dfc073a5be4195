"""Gradients of gradients: a gradient penalty ``sum(square(dL/dW1))`` differentiated again, on small MLPs, checked
against central finite differences of the penalty computed here in float64 NumPy (the first gradient by hand-written
backpropagation, independently of kbackend)."""
import numpy as np

from ..model import CheckCase
from ..reference.finite_differences import assert_matches_differences

RNG = np.random.default_rng(21)
X = RNG.normal(size=(5, 3))
W1, B1 = RNG.normal(size=(3, 4)) * 0.7, RNG.normal(size=4) * 0.1
W2, B2 = RNG.normal(size=(4, 2)) * 0.7, RNG.normal(size=2) * 0.1
TARGET = RNG.normal(size=(5, 2))
LABELS = np.eye(3)[[0, 2, 1, 2, 0]]
W3 = RNG.normal(size=(4, 3)) * 0.7


def _tanh_penalty(w1, b1, w2, b2):
    """sum((dL/dw1)^2) for L = mean((tanh(x w1 + b1) w2 + b2 - t)^2), by hand."""
    h = np.tanh(X @ w1 + b1)
    residual = h @ w2 + b2 - TARGET
    d_out = 2.0 * residual / residual.size
    d_pre = (d_out @ w2.T) * (1.0 - h * h)
    return float(np.sum(np.square(X.T @ d_pre)))


def _softmax_penalty(w1, b1, w3):
    """sum((dL/dw1)^2) for L = mean(crossentropy(labels, softmax(relu(x w1 + b1) w3)))."""
    pre = X @ w1 + b1
    h = np.maximum(pre, 0.0)
    logits = h @ w3
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    d_logits = (p - LABELS) / len(X)
    d_pre = (d_logits @ w3.T) * (pre > 0)
    return float(np.sum(np.square(X.T @ d_pre)))



def gradient_penalty_tanh_mlp(K):
    x, t = K.placeholder(shape=(None, 3), dtype="float64"), K.placeholder(shape=(None, 2), dtype="float64")
    params = [K.variable(v, dtype="float64") for v in (W1, B1, W2, B2)]
    w1, b1, w2, b2 = params
    out = K.dot(K.tanh(K.bias_add(K.dot(x, w1), b1)), w2) + b2
    loss = K.mean(K.square(out - t))
    (g,) = K.gradients(loss, [w1])
    penalty = K.sum(K.square(g))
    got = K.function([x, t], [penalty] + K.gradients(penalty, params))([X, TARGET])
    np.testing.assert_allclose(float(got[0]), _tanh_penalty(W1, B1, W2, B2), rtol=1e-10)
    assert_matches_differences(got[1:], _tanh_penalty, [W1, B1, W2, B2], ("w1", "b1", "w2", "b2"), "penalty")


def gradient_penalty_softmax_mlp(K):
    """The Keras 2 classifier's loss (crossentropy of a softmax, recorded from the logits) with a relu layer."""
    x, y = K.placeholder(shape=(None, 3), dtype="float64"), K.placeholder(shape=(None, 3), dtype="float64")
    params = [K.variable(v, dtype="float64") for v in (W1, B1, W3)]
    w1, b1, w3 = params
    probabilities = K.softmax(K.dot(K.relu(K.bias_add(K.dot(x, w1), b1)), w3))
    loss = K.mean(K.categorical_crossentropy(y, probabilities))
    (g,) = K.gradients(loss, [w1])
    penalty = K.sum(K.square(g))
    got = K.function([x, y], [penalty] + K.gradients(penalty, params))([X, LABELS])
    np.testing.assert_allclose(float(got[0]), _softmax_penalty(W1, B1, W3), rtol=1e-8)
    assert_matches_differences(got[1:], _softmax_penalty, [W1, B1, W3], ("w1", "b1", "w3"), "penalty")


def gradient_of_gradient_elementwise(K):
    """d/dx of sum(d/dx sum(x^3 * sin(x))) = d/dx sum(3x^2 sin x + x^3 cos x), element by element."""
    x = K.placeholder(shape=(4,), dtype="float64")
    (g,) = K.gradients(K.sum(K.pow(x, 3) * K.sin(x)), [x])
    (gg,) = K.gradients(K.sum(g), [x])
    value = np.array([-1.5, -0.2, 0.7, 2.0])
    got = K.function([x], [g, gg])([value])
    np.testing.assert_allclose(got[0], 3 * value ** 2 * np.sin(value) + value ** 3 * np.cos(value), rtol=1e-10)
    expected = 6 * value * np.sin(value) + 6 * value ** 2 * np.cos(value) - value ** 3 * np.sin(value)
    np.testing.assert_allclose(got[1], expected, rtol=1e-10)


CASES = [
    CheckCase("gradients", gradient_penalty_tanh_mlp, "gradient-penalty-tanh-mlp", needs="gradients"),
    CheckCase("gradients", gradient_penalty_softmax_mlp, "gradient-penalty-softmax-mlp", needs="gradients"),
    CheckCase("gradients", gradient_of_gradient_elementwise, "second-derivative-elementwise", needs="gradients"),
]
