"""Checks: gradients through ``K.rnn`` (backpropagation through time), against central finite differences of loops
written here in float64 NumPy: an LSTM-style step with two states, a constant, a mask (masked steps at the start, in
the middle and at the end) in both directions, a loss reading the outputs, the last output and a final state; a
step whose states have other shapes than its output (one 3-D), unrolled, with a loss reading only the final states;
a state of batch 1 that every step broadcasts over the batch.
Gradients with respect to the inputs, the initial states, the constant and the variables the step reads. Where the
engine declares ``gradient_rules`` (and does not exclude ``rnn`` from them) the gradients must come from the rules
(the rule of ``K.rnn``), not the engine's autodiff.
"""
import numpy as np

from kbackend.engine_api import active_engine

from ..model import CheckCase
from ..reference.finite_differences import assert_matches_differences

RNG = np.random.default_rng(17)
BATCH, TIME, FEATURES, UNITS = 2, 4, 3, 2
INPUTS = RNG.normal(size=(BATCH, TIME, FEATURES))
H0, C0 = RNG.normal(size=(BATCH, UNITS)) * 0.5, RNG.normal(size=(BATCH, UNITS)) * 0.5
SCALE = 1.0 + 0.3 * RNG.normal(size=(BATCH, UNITS))
KERNEL = RNG.normal(size=(FEATURES, 4 * UNITS)) * 0.6
RECURRENT = RNG.normal(size=(UNITS, 4 * UNITS)) * 0.6
BIAS = RNG.normal(size=4 * UNITS) * 0.1
MASK = np.array([[0, 1, 0, 1], [1, 1, 1, 0]], dtype=bool)  # sample 0: first step masked; sample 1: the last
WEIGHTS_OUTPUTS = RNG.normal(size=(BATCH, TIME, UNITS))
WEIGHTS_LAST, WEIGHTS_C = RNG.normal(size=(BATCH, UNITS)), RNG.normal(size=(BATCH, UNITS))


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _lstm_loss(backwards, x, h0, c0, scale, kernel, recurrent, bias):
    """The reference: the loop of the LSTM-style step with Keras 2's masking, and the loss of ``_lstm_graph``."""
    h, c, previous, outputs = h0, c0, np.zeros_like(h0), []
    for t in (range(TIME - 1, -1, -1) if backwards else range(TIME)):
        z = x[:, t] @ kernel + h @ recurrent + bias
        i, f = _sigmoid(z[:, :UNITS]), _sigmoid(z[:, UNITS:2 * UNITS])
        g, o = np.tanh(z[:, 2 * UNITS:3 * UNITS]), _sigmoid(z[:, 3 * UNITS:])
        c_new = f * c + i * g
        h_new = o * np.tanh(c_new) * scale
        keep = MASK[:, t:t + 1]
        output = np.where(keep, h_new, previous)
        h, c = np.where(keep, h_new, h), np.where(keep, c_new, c)
        outputs.append(output)
        previous = output
    stacked = np.stack(outputs, 1)
    return float(np.sum(WEIGHTS_OUTPUTS * stacked) + np.sum(WEIGHTS_LAST * stacked[:, -1]) + np.sum(WEIGHTS_C * c))



def _check_path(gradients):
    capabilities = active_engine().capabilities
    if capabilities.get("gradient_rules") and "rnn" not in capabilities.get("gradient_rules_exclude", ()):
        paths = {getattr(g, "gradient_path", None) for g in gradients}
        assert paths == {"rules"}, f"the gradients took the path {paths}, expected the gradient rules"


def _lstm_gradients(K, backwards):
    x = K.placeholder((None, TIME, FEATURES), dtype="float64")
    h0, c0 = K.placeholder((None, UNITS), dtype="float64"), K.placeholder((None, UNITS), dtype="float64")
    scale = K.placeholder((None, UNITS), dtype="float64")
    mask = K.placeholder((None, TIME), dtype="bool")
    params = [K.variable(v, dtype="float64") for v in (KERNEL, RECURRENT, BIAS)]
    kernel, recurrent, bias = params

    def step(x_t, states):
        h, c, s = states
        z = K.bias_add(K.dot(x_t, kernel) + K.dot(h, recurrent), bias)
        i, f = K.sigmoid(z[:, :UNITS]), K.sigmoid(z[:, UNITS:2 * UNITS])
        g, o = K.tanh(z[:, 2 * UNITS:3 * UNITS]), K.sigmoid(z[:, 3 * UNITS:])
        c = f * c + i * g
        h = o * K.tanh(c) * s
        return h, [h, c]

    last, outputs, (_, c_final) = K.rnn(step, x, [h0, c0], go_backwards=backwards, mask=mask, constants=[scale])
    weights = [K.constant(v, dtype="float64") for v in (WEIGHTS_OUTPUTS, WEIGHTS_LAST, WEIGHTS_C)]
    loss = K.sum(weights[0] * outputs) + K.sum(weights[1] * last) + K.sum(weights[2] * c_final)
    targets = [x, h0, c0, scale] + params
    gradients = K.gradients(loss, targets)
    _check_path(gradients)
    got = K.function([x, h0, c0, scale, mask], [loss] + gradients)([INPUTS, H0, C0, SCALE, MASK])
    values = [INPUTS, H0, C0, SCALE, KERNEL, RECURRENT, BIAS]
    reference = (lambda *v: _lstm_loss(backwards, *v))  # noqa: E731
    np.testing.assert_allclose(float(got[0]), reference(*values), rtol=1e-10)
    assert_matches_differences(got[1:], reference, values,
                               ("inputs", "h0", "c0", "constant", "kernel", "recurrent", "bias"), "loss", limit=12)


def lstm_masked_forwards(K):
    _lstm_gradients(K, backwards=False)


def lstm_masked_backwards(K):
    _lstm_gradients(K, backwards=True)


ROTATION = RNG.normal(size=(FEATURES, 3 * 2)) * 0.5
EXTRA = RNG.normal(size=(BATCH, 5)) * 0.5
CUBE0 = RNG.normal(size=(BATCH, 3, 2)) * 0.5
WEIGHTS_CUBE, WEIGHTS_EXTRA = RNG.normal(size=(BATCH, 3, 2)), RNG.normal(size=(BATCH, 5))


def _shapes_loss(x, cube0, extra0, rotation):
    cube, extra = cube0, extra0
    for t in range(TIME):
        drive = (x[:, t] @ rotation).reshape(BATCH, 3, 2)
        cube = np.tanh(cube * 0.8 + drive)
        extra = extra * 0.9 + np.sum(cube, axis=(1, 2))[:, None] * 0.1
    return float(np.sum(WEIGHTS_CUBE * cube) + np.sum(WEIGHTS_EXTRA * extra))


def states_of_other_shapes(K):
    """A 3-D state and a state of another width than the output; unrolled; the loss reads only the final states
    (the outputs get no cotangent)."""
    x = K.placeholder((None, TIME, FEATURES), dtype="float64")
    cube0, extra0 = K.placeholder((None, 3, 2), dtype="float64"), K.placeholder((None, 5), dtype="float64")
    rotation = K.variable(ROTATION, dtype="float64")

    def step(x_t, states):
        cube, extra = states
        cube = K.tanh(cube * 0.8 + K.reshape(K.dot(x_t, rotation), (-1, 3, 2)))
        extra = extra * 0.9 + K.expand_dims(K.sum(cube, axis=(1, 2))) * 0.1
        return K.sum(cube, axis=2), [cube, extra]

    _, _, (cube, extra) = K.rnn(step, x, [cube0, extra0], unroll=True, input_length=TIME)
    loss = K.sum(K.constant(WEIGHTS_CUBE, dtype="float64") * cube) + K.sum(
        K.constant(WEIGHTS_EXTRA, dtype="float64") * extra)
    gradients = K.gradients(loss, [x, cube0, extra0, rotation])
    _check_path(gradients)
    got = K.function([x, cube0, extra0], [loss] + gradients)([INPUTS, CUBE0, EXTRA])
    values = [INPUTS, CUBE0, EXTRA, ROTATION]
    np.testing.assert_allclose(float(got[0]), _shapes_loss(*values), rtol=1e-10)
    assert_matches_differences(got[1:], _shapes_loss, values, ("inputs", "cube0", "extra0", "rotation"), "loss",
                               limit=12)


SHARED0 = RNG.normal(size=(1, UNITS)) * 0.5
MIXING = RNG.normal(size=(FEATURES, UNITS)) * 0.5
WEIGHTS_SHARED = RNG.normal(size=(1, UNITS))


def _shared_state_loss(x, shared0, mixing):
    shared, outputs = shared0, []
    for t in range(TIME):
        h = np.tanh(x[:, t] @ mixing + shared * 0.7)
        shared = h.mean(axis=0, keepdims=True)
        outputs.append(h)
    return float(np.sum(WEIGHTS_OUTPUTS * np.stack(outputs, 1)) + np.sum(WEIGHTS_SHARED * shared))


def state_shared_by_the_batch(K):
    """A state of batch 1 (the batch mean of the output) that every step broadcasts over the batch: its cotangent
    is summed back over the batch at every step."""
    x = K.placeholder((None, TIME, FEATURES), dtype="float64")
    shared0 = K.placeholder((None, UNITS), dtype="float64")
    mixing = K.variable(MIXING, dtype="float64")

    def step(x_t, states):
        h = K.tanh(K.dot(x_t, mixing) + states[0] * 0.7)
        return h, [K.mean(h, axis=0, keepdims=True)]

    _, outputs, (shared,) = K.rnn(step, x, [shared0])
    loss = K.sum(K.constant(WEIGHTS_OUTPUTS, dtype="float64") * outputs) + K.sum(
        K.constant(WEIGHTS_SHARED, dtype="float64") * shared)
    gradients = K.gradients(loss, [x, shared0, mixing])
    _check_path(gradients)
    got = K.function([x, shared0], [loss] + gradients)([INPUTS, SHARED0])
    assert np.shape(got[2]) == (1, UNITS), np.shape(got[2])
    values = [INPUTS, SHARED0, MIXING]
    np.testing.assert_allclose(float(got[0]), _shared_state_loss(*values), rtol=1e-10)
    assert_matches_differences(got[1:], _shared_state_loss, values, ("inputs", "shared0", "mixing"), "loss", limit=12)


CASES = [
    CheckCase("rnn", lstm_masked_forwards, "gradient-lstm-mask-constants-outputs-last-states", needs="gradients"),
    CheckCase("rnn", lstm_masked_backwards, "gradient-lstm-go-backwards-mask", needs="gradients"),
    CheckCase("rnn", states_of_other_shapes, "gradient-states-of-other-shapes-unrolled", needs="gradients"),
    CheckCase("rnn", state_shared_by_the_batch, "gradient-state-shared-by-the-batch", needs="gradients"),
]
