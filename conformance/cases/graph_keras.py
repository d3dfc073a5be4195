"""Checks: the graph as Keras 2 layers use it (issue "Real Keras 2 code runs on kbackend", items 1-4).

Functions bound before graph mode, static shapes where known sizes meet unknown ones, unknown ranks, variables
initialised from random tensors, and ``K.rnn`` step functions that close over symbolic tensors (a slice of a kernel,
a dropout mask, the learning phase). Expected values come from float64 NumPy written here.
"""
import functools

import numpy as np

from kbackend.engine_api import active_engine

from ..model import CheckCase


def _close(actual, expected, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64),
                               rtol=rtol, atol=atol)


def early_bound_functions(K):
    """A public function taken before graph mode starts (``from kbackend import dot``, Keras 2's loader copying the
    module's names, ``functools.partial``) records like ``K.dot``."""
    copied = dict(vars(K))
    dot, square, partial_sum = copied["dot"], copied["square"], functools.partial(K.sum, axis=1)
    x = K.placeholder((None, 3))
    w = K.variable(np.arange(6.0).reshape(3, 2))
    y = partial_sum(square(dot(x, w)))
    assert K.int_shape(y) == (None,), K.int_shape(y)
    data = np.array([[1.0, 0.0, 2.0], [0.5, -1.0, 1.0]])
    _close(K.function([x], [y])([data])[0], np.sum((data @ np.arange(6.0).reshape(3, 2)) ** 2, axis=1))


def known_meets_unknown(K):
    """Static shapes where a known size meets an unknown one are Keras 2 on TF's, and the values are right."""
    t, z = K.placeholder(ndim=2), K.placeholder((None, 3))
    loss = K.categorical_crossentropy(t, K.softmax(z))
    assert K.int_shape(loss) == (None,), K.int_shape(loss)
    v = K.variable(np.ones((4, 2)))
    p = K.placeholder(ndim=2)
    total = K.square(v) + p
    assert K.int_shape(total) == (4, 2), K.int_shape(total)
    product = K.dot(K.placeholder(ndim=2), K.variable(np.ones((4, 2))))
    assert K.int_shape(product) == (None, 2), K.int_shape(product)
    a = K.placeholder((None, None))
    joined = K.concatenate([a, K.variable(np.zeros((4, 5)))], axis=1)
    assert K.int_shape(joined) == (4, None), K.int_shape(joined)
    target = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    logits = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    expected = -np.sum(target * np.log(np.clip(probabilities, 1e-7, 1 - 1e-7)), axis=1)
    _close(K.function([t, z], [loss])([target, logits])[0], expected)
    _close(K.function([p], [total])([np.full((1, 2), 3.0)])[0], np.full((4, 2), 4.0))
    _close(K.function([a], [joined])([np.ones((4, 2))])[0], np.concatenate([np.ones((4, 2)), np.zeros((4, 5))], 1))


def unknown_rank(K):
    """A placeholder of unknown rank: results that keep its rank have an unknown rank; values are right for any
    rank fed."""
    x = K.placeholder()
    doubled, total, last = x * 2, K.sum(x), K.mean(x, axis=-1)
    assert K.int_shape(doubled) is None and K.ndim(doubled) is None
    assert K.int_shape(total) == (), K.int_shape(total)
    assert K.int_shape(last) is None
    f = K.function([x], [doubled, total, last])
    for data in (np.arange(6.0).reshape(2, 3), np.arange(24.0).reshape(2, 3, 4)):
        out = f([data])
        _close(out[0], data * 2)
        _close(out[1], data.sum())
        _close(out[2], data.mean(axis=-1))


def ctc_decode_unknown_rank_lengths(K):
    """``ctc_decode`` with an ``input_length`` placeholder of unknown rank (Keras 2 code passes one) decodes like
    the eager call."""
    p = K.placeholder((None, 4, 3))
    lengths = K.placeholder(shape=None, dtype="int64")
    decoded, log_prob = K.ctc_decode(p, lengths, greedy=False, beam_width=4, top_paths=1)
    assert K.int_shape(decoded[0])[0] is None and K.int_shape(log_prob) == (None, 1)
    rng = np.random.default_rng(0)
    probs = rng.uniform(0.1, 1.0, (2, 4, 3))
    probs /= probs.sum(axis=2, keepdims=True)
    probs = probs.astype("float32")
    steps = np.array([4, 3], dtype="int64")
    got = K.function([p, lengths], [decoded[0], log_prob])([probs, steps])
    eager_decoded, eager_log_prob = K.ctc_decode(probs, steps, greedy=False, beam_width=4, top_paths=1)
    _close(got[0], K.eval(eager_decoded[0]))
    _close(got[1], K.eval(eager_log_prob), rtol=1e-4)


def variables_from_random_tensors(K):
    """``K.variable(K.random_uniform(shape))`` in graph mode (every Keras initializer does this) gives a variable
    holding one draw; an initial value that needs a placeholder is a ValueError."""
    K.placeholder((None, 2))  # graph mode
    u = K.variable(K.random_uniform((300, 2), 0.0, 1.0, seed=1))
    n = K.variable(K.truncated_normal((300, 2), 0.0, 1.0, seed=2))
    assert K.is_variable(u) and K.int_shape(u) == (300, 2)
    values = K.get_value(u)
    assert 0.0 <= values.min() and values.max() < 1.0 and values.std() > 0.2
    np.testing.assert_array_equal(values, K.get_value(u))  # one draw, kept
    assert np.abs(K.get_value(n)).max() <= 2.0 + 1e-6
    p = K.placeholder((2,))
    try:
        K.variable(p * 2)
    except ValueError:
        pass
    else:
        raise AssertionError("a variable initialised from a placeholder expression must be a ValueError")


def _reference_rnn(data, kernel, scale, phase):
    h = np.zeros((data.shape[0], 3))
    outputs = []
    for t in range(data.shape[1]):
        h = (data[:, t] * (scale if phase else 1.0)) @ kernel[:, :3] + h
        h = h * 2.0 if phase else h
        outputs.append(h)
    return h, np.stack(outputs, 1)


def rnn_closing_over_symbolic_tensors(K):
    """A step function using a slice of a kernel taken outside it (Keras 2.2.4's LSTM), a mask made with
    ``in_train_phase`` outside it (LSTM dropout) and ``in_train_phase`` inside it: right values in both phases, and
    gradients with respect to the kernel through the slice (against finite differences of the reference)."""
    rng = np.random.default_rng(5)
    kernel_value = rng.normal(size=(4, 6))
    inputs = K.placeholder((None, 5, 4), dtype="float64")  # graph mode from here: the slice below is recorded
    kernel = K.variable(kernel_value, dtype="float64")
    kernel_i = kernel[:, :3]
    ones = K.ones_like(inputs[:, 0, :], dtype="float64")
    mask = K.in_train_phase(ones * 0.5, ones)

    def step(x_t, states):
        h = K.dot(x_t * mask, kernel_i) + states[0]
        return K.in_train_phase(h * 2.0, h), [K.in_train_phase(h * 2.0, h)]

    initial = K.zeros_like(K.dot(inputs[:, 0, :], kernel_i), dtype="float64")
    last, outputs, _ = K.rnn(step, inputs, [initial])
    assert K.int_shape(outputs) == (None, 5, 3), K.int_shape(outputs)
    loss = K.sum(outputs)
    function = K.function([inputs, K.learning_phase()], [last, outputs])
    data = rng.normal(size=(2, 5, 4))
    for phase in (0, 1):
        got_last, got_outputs = function([data, phase])
        want_last, want_outputs = _reference_rnn(data, kernel_value, 0.5, phase)
        _close(got_last, want_last)
        _close(got_outputs, want_outputs)
    if not active_engine().capabilities.get("gradients"):
        return
    (gradient,) = K.function([inputs, K.learning_phase()], K.gradients(loss, [kernel]))([data, 1])
    step_size = 1e-6
    for i, j in ((0, 0), (3, 2), (1, 4)):
        plus, minus = kernel_value.copy(), kernel_value.copy()
        plus[i, j] += step_size
        minus[i, j] -= step_size
        numeric = (_reference_rnn(data, plus, 0.5, 1)[1].sum() - _reference_rnn(data, minus, 0.5, 1)[1].sum()) / (
            2 * step_size)
        _close(gradient[i, j], numeric, rtol=1e-5, atol=1e-6)
    assert np.all(gradient[:, 3:] == 0.0), "the columns the slice leaves out get no gradient"


def rnn_dropout_mask_is_fresh(K):
    """A dropout mask made outside the step function (``in_train_phase(dropout(ones))``) is drawn anew on every
    call in the training phase and is not applied in the test phase."""
    inputs = K.placeholder((None, 3, 2))
    ones = K.ones_like(inputs[:, 0, :])
    mask = K.in_train_phase(K.dropout(ones, 0.5), ones)

    def step(x_t, states):
        return x_t * mask, []

    _, outputs, _ = K.rnn(step, inputs, [])
    function = K.function([inputs, K.learning_phase()], [outputs])
    data = np.ones((64, 3, 2), dtype="float32")
    _close(function([data, 0])[0], data)
    first, second = function([data, 1])[0], function([data, 1])[0]
    assert set(np.unique(first)) <= {0.0, 2.0} and not np.array_equal(first, second)
    assert np.array_equal(first[:, 0], first[:, 1]), "one mask for every step of a call"


def rnn_step_caches_a_dropout_mask(K):
    """An LSTM/GRU cell makes its dropout mask inside the step on its first call and caches it
    (``_generate_dropout_mask``): the mask is drawn once per call of the function, used at every step and every batch
    size, and only in the training phase; the step's outputs accept Keras's attributes."""
    inputs = K.placeholder((None, 4, 2))
    cell = {}

    def step(x_t, states):
        if "mask" not in cell:
            ones = K.ones_like(x_t)
            cell["mask"] = K.in_train_phase(lambda: K.dropout(ones, 0.5), ones)
        h = x_t * cell["mask"] + states[0]
        h._uses_learning_phase = True
        return h, [h]

    initial = K.zeros_like(inputs[:, 0, :])
    last, outputs, _ = K.rnn(step, inputs, [initial])
    function = K.function([inputs, K.learning_phase()], [last, outputs])
    for batch in (3, 64):
        data = np.ones((batch, 4, 2), dtype="float32")
        _close(function([data, 0])[0], np.full((batch, 2), 4.0))
        got_last, got_outputs = function([data, 1])
        steps = got_outputs[:, 1:] - got_outputs[:, :-1]  # the masked input of each step after the first
        assert set(np.unique(got_outputs[:, 0])) <= {0.0, 2.0}
        np.testing.assert_allclose(steps, np.repeat(got_outputs[:, :1], 3, axis=1), err_msg="one mask per call")
    first, second = function([np.ones((64, 4, 2), "float32"), 1])[0], function([np.ones((64, 4, 2), "float32"), 1])[0]
    assert not np.array_equal(first, second), "a fresh mask on every call"


def control_dependencies_read_updated_variables(K):
    """Keras 2.3.1's stateful metrics: under ``K.control_dependencies(update_ops)`` a read of an updated variable sees
    the update (TF semantics), transitively; outputs outside the block see the state before the updates."""
    x = K.placeholder((None,))
    total, count = K.variable(0.0), K.variable(0.0)
    updates = [K.update_add(total, K.sum(x)), K.update_add(count, K.cast(K.shape(x)[0], "float32"))]
    with K.control_dependencies(updates):
        result = K.identity(total / count)
    before = total * 1.0
    f = K.function([x], [result, before], updates=updates)
    _close(f([np.array([1.0, 2.0, 3.0])]), [2.0, 0.0])
    _close(f([np.array([5.0])]), [2.75, 6.0])
    _close(K.get_value(total), 11.0)
    v = K.variable(1.0)
    first = K.update_add(v, 1.0)
    with K.control_dependencies([first]):
        second = K.update_add(v, 10.0)  # reads v after the first update
    with K.control_dependencies([second]):
        read = v * 1.0  # transitively after both
    K.function([], [read], updates=[first, second])([])
    _close(K.get_value(v), 12.0)


def _gates(z):
    """float64 reference of an LSTM-style gate computation on the four quarters of ``z`` (last axis)."""
    q = z.shape[-1] // 4
    i, f, c, o = (z[..., k * q:(k + 1) * q] for k in range(4))
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    return sig(i) * np.tanh(c) + sig(f) * 0.5 + o ** 2


def _gates_gradient(z):
    q = z.shape[-1] // 4
    i, f, c, o = (z[..., k * q:(k + 1) * q] for k in range(4))
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    return np.concatenate([sig(i) * (1 - sig(i)) * np.tanh(c), sig(f) * (1 - sig(f)) * 0.5,
                           sig(i) * (1 - np.tanh(c) ** 2), 2 * o], axis=-1)


def slices_tiling_an_axis(K):
    """Slices that cut a tensor into consecutive pieces (Keras 2's LSTM gates, its kernel sliced in ``build``) give
    the values and gradients of the slices as written, also where one piece is fed to K.gradients as a target, where
    the pieces do not cover the axis, and inside a K.rnn step."""
    x = K.placeholder((None, 8))
    z = x * 1.0
    pieces = [z[:, :2], z[:, 2:4], z[:, 4:6], z[:, 6:]]
    gates = K.sigmoid(pieces[0]) * K.tanh(pieces[2]) + K.sigmoid(pieces[1]) * 0.5 + K.square(pieces[3])
    loss = K.sum(gates)
    data = np.linspace(-2.0, 2.0, 24).reshape(3, 8)
    value, gradient, third = K.function([x], [gates, K.gradients(loss, [x])[0], pieces[2]])([data])
    _close(value, _gates(data), rtol=1e-5)
    _close(gradient, _gates_gradient(data), rtol=1e-4)
    _close(third, data[:, 4:6])
    # a piece as a gradient target; pieces that leave part of the axis out
    piece_gradient = K.function([x], [K.gradients(loss, [pieces[3]])[0]])([data])[0]
    _close(piece_gradient, 2 * data[:, 6:], rtol=1e-5)
    partial = K.sum(K.square(z[:, 1:3])) + K.sum(z[:, 5:8])
    expected = np.zeros_like(data)
    expected[:, 1:3], expected[:, 5:8] = 2 * data[:, 1:3], 1.0
    _close(K.function([x], [K.gradients(partial, [x])[0]])([data])[0], expected, rtol=1e-5)
    # a variable kernel cut into four in "build", each piece used by its own product
    kernel_value = np.linspace(-1.0, 1.0, 24).reshape(3, 8)
    kernel = K.variable(kernel_value)
    quarters = [kernel[:, k * 2:(k + 1) * 2] for k in range(4)]
    p = K.placeholder((None, 3))
    weighted = sum(K.sum(K.dot(p, q)) * (k + 1) for k, q in enumerate(quarters))
    inputs = np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 1.0]])
    expected = np.repeat(np.arange(1.0, 5.0), 2)[None, :] * inputs.sum(axis=0)[:, None]
    _close(K.function([p], [K.gradients(weighted, [kernel])[0]])([inputs])[0], expected, rtol=1e-5)
    # inside a K.rnn step: the step's gate pieces, gradient through the loop
    sequence = K.placeholder((None, 3, 8))

    def step(x_t, states):
        gated = K.sigmoid(x_t[:, :2]) * K.tanh(x_t[:, 4:6]) + K.sigmoid(x_t[:, 2:4]) * 0.5 + K.square(x_t[:, 6:])
        total = states[0] + gated
        return total, [total]

    last, _, _ = K.rnn(step, sequence, [K.zeros_like(sequence[:, 0, :2])])
    series = np.linspace(-1.5, 1.5, 48).reshape(2, 3, 8)
    last_value, series_gradient = K.function([sequence], [last, K.gradients(K.sum(last), [sequence])[0]])([series])
    _close(last_value, _gates(series).sum(axis=1), rtol=1e-5)
    _close(series_gradient, _gates_gradient(series), rtol=1e-4)


CASES = [
    CheckCase("dot", early_bound_functions, "bound-before-graph-mode"),
    CheckCase("placeholder", known_meets_unknown, "known-size-meets-unknown"),
    CheckCase("placeholder", unknown_rank, "unknown-rank"),
    CheckCase("ctc_decode", ctc_decode_unknown_rank_lengths, "unknown-rank-input-length"),
    CheckCase("variable", variables_from_random_tensors, "from-random-tensor-in-graph-mode"),
    CheckCase("rnn", rnn_closing_over_symbolic_tensors, "step-closes-over-symbolic-tensors"),
    CheckCase("rnn", rnn_dropout_mask_is_fresh, "dropout-mask-from-outside-the-step"),
    CheckCase("rnn", rnn_step_caches_a_dropout_mask, "dropout-mask-cached-inside-the-step"),
    CheckCase("control_dependencies", control_dependencies_read_updated_variables, "reads-after-updates"),
    CheckCase("gradients", slices_tiling_an_axis, "slices-tiling-an-axis", needs="gradients"),
]
