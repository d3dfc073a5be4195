"""Checks: the graph (K.function with updates, K.gradients, learning phase, switch, control flow, rnn)."""
import contextlib
import io

import numpy as np

from kbackend.engine_api import active_engine

from ..model import CheckCase, ErrorCase


def _close(actual, expected, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64),
                               rtol=rtol, atol=atol)


def function_updates(K):
    """The Keras update test: outputs use the state at call time, then updates apply."""
    x = K.variable(np.array([[1.0, 2.0], [3.0, 4.0]]))
    y = K.placeholder(ndim=2)
    f = K.function([y], [K.square(x) + y], updates=[(x, x * 2)])
    out = f([np.ones((2, 2))])[0]
    _close(out, [[2.0, 5.0], [10.0, 17.0]])
    _close(K.get_value(x), [[2.0, 4.0], [6.0, 8.0]])
    out = f([np.zeros((2, 2))])[0]
    _close(out, [[4.0, 16.0], [36.0, 64.0]])
    assert isinstance(out, np.ndarray)


def function_update_ops(K):
    """K.update* in graph mode give update ops for K.function(updates=...) and for K.eval."""
    v = K.variable(np.array([1.0, 2.0]))
    p = K.placeholder(shape=(2,))
    f = K.function([p], [v * 1.0], updates=[K.update_add(v, p), K.moving_average_update(K.variable(
        np.zeros(2)), p, 0.5)])
    _close(f([np.array([10.0, 20.0])])[0], [1.0, 2.0])
    _close(K.get_value(v), [11.0, 22.0])
    op = K.update_sub(v, K.constant([1.0, 1.0]))
    _close(K.eval(op), [10.0, 21.0])  # evaluating the update applies it once
    _close(K.get_value(v), [10.0, 21.0])
    w = K.variable(np.array([4.0]))
    K.function([], [], updates=[K.update(w, np.array([7.0]))])([])
    _close(K.get_value(w), [7.0])


def function_signature_cache(K):
    p = K.placeholder(shape=(None, 3))
    f = K.function([p], [K.sum(p, axis=1)])
    for batch in (2, 2, 5, 2):
        _close(f([np.ones((batch, 3))])[0], np.full(batch, 3.0))
    assert len(f._compiled) == 2, "one compiled program per input signature"


def function_errors(K):
    p = K.placeholder(shape=(2,))
    f = K.function([p], [p * 2])
    for bad, error in (((np.ones(2),), None), (np.ones(2), TypeError), ([np.ones((3,))], ValueError),
                       ([], ValueError)):
        if error is None:
            continue
        try:
            f(bad)
        except error:
            continue
        raise AssertionError(f"K.function call with {bad!r} did not raise {error.__name__}")
    q = K.placeholder(shape=(2,))
    g = K.function([p], [p + q])
    try:
        g([np.ones(2)])
    except ValueError as err:
        assert "placeholder" in str(err)
    else:
        raise AssertionError("an unfed placeholder must be a ValueError")


def gradients_keras_test(K):
    """gradients(sum(x*exp(x)), [x*exp(x)]) is all ones; adding stop_gradient(loss) changes nothing."""
    x = K.placeholder(shape=(4, 3))
    value = np.random.default_rng(0).normal(size=(4, 3))
    exp = x * K.exp(x)
    loss = K.sum(exp)
    grads = K.gradients(loss, [exp])
    zero_loss = loss + K.stop_gradient(loss) * 0.0 + K.stop_gradient(loss)
    same = K.gradients(zero_loss, [exp])
    f = K.function([x], grads + same + K.gradients(loss, [x]))
    got = f([value])
    _close(got[0], np.ones((4, 3)))
    _close(got[1], np.ones((4, 3)))
    _close(got[2], np.exp(value) * (1 + value))
    a, b = K.stop_gradient([x, exp])
    assert K.int_shape(a) == (4, 3) and K.int_shape(b) == (4, 3)


def gradients_variables(K):
    w = K.variable(np.array([[1.0, 2.0], [3.0, -1.0]]))
    p = K.placeholder(shape=(None, 2))
    unused = K.variable(np.ones(3))
    loss = K.mean(K.square(K.dot(p, w))) + 0.5 * K.sum(K.square(w))
    gw, gu = K.gradients(loss, [w, unused])
    assert K.int_shape(gw) == (2, 2)
    data = np.array([[1.0, 0.5], [-1.0, 2.0], [0.0, 1.0]])
    got_w, got_u = K.function([p], [gw, gu])([data])
    wv = K.get_value(w)
    _close(got_w, 2 * data.T @ (data @ wv) / (data.shape[0] * 2) + wv, rtol=1e-5)
    _close(got_u, np.zeros(3))


def gradient_descent_converges(K):
    """A K.function with K.gradients updates trains a linear model."""
    rng = np.random.default_rng(1)
    data = rng.normal(size=(64, 3)).astype("float32")
    target = data @ np.array([[1.0], [-2.0], [0.5]], dtype="float32")
    x, y = K.placeholder(shape=(None, 3)), K.placeholder(shape=(None, 1))
    w = K.variable(np.zeros((3, 1)))
    loss = K.mean(K.square(K.dot(x, w) - y))
    (grad,) = K.gradients(loss, [w])
    step = K.function([x, y], [loss], updates=[(w, w - 0.1 * grad)])
    losses = [float(step([data, target])[0]) for _ in range(100)]
    assert losses[-1] < 1e-4 < losses[0], losses[::20]
    _close(K.get_value(w), [[1.0], [-2.0], [0.5]], atol=1e-2, rtol=1e-2)


def learning_phase_graph(K):
    p = K.placeholder(shape=(3,))
    out = K.in_train_phase(p * 2, p * 0)
    assert out._uses_learning_phase
    f = K.function([p, K.learning_phase()], [out])
    _close(f([np.ones(3), 1])[0], [2.0, 2.0, 2.0])
    _close(f([np.ones(3), 0])[0], [0.0, 0.0, 0.0])
    g = K.function([p], [out])  # not fed: test mode
    _close(g([np.ones(3)])[0], [0.0, 0.0, 0.0])
    test = K.in_test_phase(p * 2, p * 0)
    _close(K.function([p, K.learning_phase()], [test])([np.ones(3), 0])[0], [2.0, 2.0, 2.0])
    assert K.in_train_phase(lambda: 1.0, lambda: 2.0, training=True) == 1.0
    assert K.in_train_phase(K.ones((3, 3)), K.ones((2, 2)), training=0).shape == (2, 2)
    K.set_learning_phase(1)
    _close(K.eval(K.in_train_phase(K.constant([5.0]), K.constant([6.0]))), [5.0])


def switch_cases(K):
    then, other = np.arange(24.0).reshape(4, 3, 2), -np.arange(24.0).reshape(4, 3, 2)
    condition = np.array([True, False, True, False])
    _close(K.eval(K.switch(K.constant(condition, dtype="bool"), K.constant(then), K.constant(other))),
           np.where(condition[:, None, None], then, other))
    cond2 = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]])
    _close(K.eval(K.switch(K.constant(cond2, dtype="int32"), K.constant(then), K.constant(other))),
           np.where(cond2[:, :, None] != 0, then, other))
    _close(K.eval(K.switch(K.constant(True, dtype="bool"), lambda: K.constant([1.0]), lambda: K.constant([2.0]))),
           [1.0])
    p = K.placeholder(shape=(4,), dtype="bool")
    q = K.placeholder(shape=(4, 3, 2))
    f = K.function([p, q], [K.switch(p, q, q * -1)])
    _close(f([condition, then])[0], np.where(condition[:, None, None], then, -then))
    s = K.placeholder(shape=(), dtype="bool")
    g = K.function([s, q], [K.switch(s, q, q * 0)])
    _close(g([True, then])[0], then)
    _close(g([False, then])[0], np.zeros_like(then))
    try:
        K.switch(K.ones((2, 2, 2)), K.ones((2, 2)), K.zeros((2, 2)))
    except ValueError:
        pass
    else:
        raise AssertionError("a condition of higher rank than the expressions must be a ValueError")


def _simple_step(K, units):
    def step(x_t, states):
        h = states[0]
        new = K.tanh(x_t + h) if hasattr(K, "tanh") else K.sin(x_t + h)
        return new, [new]
    return step


def _reference_rnn(inputs, h0, mask=None, backwards=False, activation=np.tanh):
    steps = range(inputs.shape[1] - 1, -1, -1) if backwards else range(inputs.shape[1])
    h, outputs, previous = h0, [], np.zeros_like(h0)
    for t in steps:
        new = activation(inputs[:, t] + h)
        if mask is not None:
            keep = mask[:, t][:, None]
            new_out = np.where(keep, new, previous)
            h = np.where(keep, new, h)
        else:
            new_out, h = new, new
        outputs.append(new_out)
        previous = new_out
    return outputs[-1], np.stack(outputs, 1), h


def rnn_cases(K):
    activation = np.tanh if hasattr(K, "tanh") else np.sin
    rng = np.random.default_rng(2)
    inputs = rng.normal(size=(3, 5, 4)) * 0.5
    h0 = rng.normal(size=(3, 4)) * 0.5
    mask = np.array([[1, 1, 0, 1, 0], [1, 0, 0, 1, 1], [0, 1, 1, 1, 1]], dtype=bool)
    step = _simple_step(K, 4)
    for backwards in (False, True):
        for m in (None, mask):
            for unroll in (False, True):
                last, outs, states = K.rnn(step, K.constant(inputs), [K.constant(h0)], go_backwards=backwards,
                                           mask=None if m is None else K.constant(m, dtype="bool"),
                                           unroll=unroll, input_length=5)
                want = _reference_rnn(inputs, h0, m, backwards, activation)
                _close(K.eval(last), want[0])
                _close(K.eval(outs), want[1])
                _close(K.eval(states[0]), want[2])
    # symbolic, compiled, with constants and a state of another shape
    x = K.placeholder(shape=(3, 5, 4))
    c = K.placeholder(shape=(3, 4))

    def step_with_constant(x_t, states):
        h, count, constant = states
        new = K.tanh(x_t + h + constant) if hasattr(K, "tanh") else K.sin(x_t + h + constant)
        return new, [new, count + 1.0]
    last, outs, (h, count) = K.rnn(step_with_constant, x, [K.zeros((3, 4)), K.zeros((3, 6))], constants=[c])
    assert K.int_shape(outs) == (3, 5, 4) and K.int_shape(count) == (3, 6)
    got = K.function([x, c], [last, outs, count])([inputs, h0])
    want_h, wants = np.zeros((3, 4)), []
    for t in range(5):
        want_h = activation(inputs[:, t] + want_h + h0)
        wants.append(want_h)
    _close(got[0], want_h)
    _close(got[1], np.stack(wants, 1))
    _close(got[2], np.full((3, 6), 5.0))


def closures_read_current_variables(K):
    """Functions given to rnn/map_fn/foldl that close over a variable read its value at call time, also when the
    K.function is compiled (the variable is not an argument of the recorded node)."""
    scale = K.variable(np.array([2.0]))
    x = K.placeholder(shape=(2, 3, 1))
    last, _, _ = K.rnn(lambda x_t, states: (states[0] + scale * x_t, [states[0] + scale * x_t]), x,
                       [K.zeros((2, 1))])
    mapped = K.map_fn(lambda row: row * scale, K.reshape(x, (2, 3)))
    folded = K.foldl(lambda acc, row: acc + scale * row, K.reshape(x, (2, 3)), K.zeros((3,)))
    f = K.function([x], [last, mapped, folded])
    data = np.arange(6.0).reshape(2, 3, 1)
    for value in (2.0, -3.0):
        K.set_value(scale, np.array([value]))
        got = f([data])
        _close(got[0], value * data.sum(axis=1))
        _close(got[1], value * data[:, :, 0])
        _close(got[2], value * data[:, :, 0].sum(axis=0))


def rnn_errors(K):
    try:
        K.rnn(lambda x, s: (x, s), K.ones((3, 4)), [K.zeros((3,))])
    except ValueError:
        return
    raise AssertionError("rnn on a 2-D input must be a ValueError")


def map_and_folds(K):
    x = np.arange(30.0).reshape(10, 3)
    _close(K.eval(K.map_fn(K.sum, K.constant(x))), x.sum(axis=1))
    vx = K.constant(x)
    _close(K.eval(K.map_fn(lambda i: K.sum(vx[i]), K.arange(10), dtype=K.floatx())), x.sum(axis=1))
    _close(K.eval(K.foldl(lambda acc, v: acc + v, K.constant(x))), x.sum(axis=0))
    _close(K.eval(K.foldr(lambda acc, v: acc + v, K.constant(x))), x.sum(axis=0))
    _close(K.eval(K.foldl(lambda acc, v: acc + v, K.constant(x), initializer=K.constant(np.ones(3)))),
           x.sum(axis=0) + 1)
    # Keras's example [1e-20, 1e-20, 10, 10, 10] underflows only where denormals are flushed to zero (TF on CPU);
    # these values underflow under IEEE float32 too: left to right 1e-60 -> 0, right to left ends at 1e-30.
    tiny = K.constant(np.array([1e-30, 1e-30, 1e10, 1e10, 1e10]), dtype="float32")
    left = float(K.eval(K.foldl(lambda a, b: a * b, tiny)))
    right = float(K.eval(K.foldr(lambda a, b: a * b, tiny)))
    assert left == 0.0 and abs(right - 1e-30) < 1e-35, (left, right)  # float32: the order matters
    p = K.placeholder(shape=(10, 3))
    f = K.function([p], [K.map_fn(K.sum, p), K.foldl(lambda a, b: a + b, p)])
    got = f([x])
    _close(got[0], x.sum(axis=1))
    _close(got[1], x.sum(axis=0))


def printing_in_graph(K):
    p = K.placeholder(shape=(1, 1))
    printed = K.print_tensor(p * 2, message="msg")
    f = K.function([p], [printed + 1])
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        out = f([np.ones((1, 1))])
    _close(out[0], [[3.0]])
    if not active_engine().capabilities.get("jit"):
        assert "msg" in buffer.getvalue() and "2." in buffer.getvalue(), buffer.getvalue()


def random_in_graph(K):
    """Random ops and dropout in a compiled function draw fresh values on every call."""
    p = K.placeholder(shape=(50, 50))
    noise = K.random_uniform((50, 50)) if hasattr(K, "random_uniform") else None
    outputs = [p + noise] if noise is not None else []
    if hasattr(K, "dropout"):
        outputs.append(K.dropout(p, 0.5))
    if not outputs:
        return
    f = K.function([p], outputs)
    first, second = f([np.ones((50, 50))]), f([np.ones((50, 50))])
    for a, b in zip(first, second):
        assert not np.array_equal(a, b), "a random op gave the same values twice"


def symbolic_tensors(K):
    p = K.placeholder(shape=(None, 4))
    q = (p + 1) * 2 - p / 2
    assert K.int_shape(q) == (None, 4) and K.dtype(q) == K.floatx()
    assert K.int_shape(p[:, 1]) == (None,) and K.int_shape(-p) == (None, 4) and K.int_shape(p ** 2) == (None, 4)
    assert K.dtype(p > 0) == "bool" and K.int_shape(K.sum(p, axis=0)) == (4,)
    assert K.int_shape(K.dot(p, K.variable(np.ones((4, 2))))) == (None, 2)
    assert K.ndim(p) == 2 and K.is_tensor(q) and not K.is_placeholder(q)
    shape = K.shape(p)
    _close(K.function([p], [shape, q])([np.ones((3, 4))])[0], [3, 4])
    assert K.int_shape(K.placeholder(shape=(2, 3)) @ K.placeholder(shape=(3, 5))) == (2, 5)


def _crossentropy_of_softmax_reference(target, logits, eps=1e-7):
    """float64 loss of the explicit formula on softmax(logits), and its gradients with respect to the
    probabilities, the logits and the target (derived by hand; no point of the case lies on a clip bound)."""
    p = np.exp(logits - logits.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    total = p.sum(-1, keepdims=True)
    q = p / total
    clipped = np.clip(q, eps, 1 - eps)
    loss = -(target * np.log(clipped)).sum(-1)
    d_q = -target / clipped * ((q > eps) & (q < 1 - eps))
    d_p = (d_q - (d_q * q).sum(-1, keepdims=True)) / total
    d_z = p * (d_p - (d_p * p).sum(-1, keepdims=True))
    return loss, d_p, d_z, -np.log(clipped)


def crossentropy_of_softmax(K):
    """categorical_crossentropy(target, softmax(z)) in a graph (recorded from the logits, graph/fusion.py) gives
    the values and gradients of the explicit formula, also where probabilities are clipped (rows 0 and 1), and the
    gradient with respect to the probabilities themselves."""
    rng = np.random.default_rng(5)
    logits = rng.normal(size=(4, 5))
    logits[0] = [30.0, 0.0, -25.0, 2.0, 1.0]  # p[0] rounds to 1, p[2] is below epsilon
    logits[1] = [-30.0, 5.0, 0.0, 1.0, 2.0]
    target = rng.dirichlet(np.ones(5), size=4)
    target[0] = [1.0, 0.0, 0.0, 0.0, 0.0]
    target[1] = [0.5, 0.5, 0.0, 0.0, 0.0]
    z, t = K.placeholder(shape=(None, 5)), K.placeholder(shape=(None, 5))
    p = K.softmax(z)
    loss = K.categorical_crossentropy(t, p)
    total = K.sum(loss)
    (d_z, d_t), (d_p,) = K.gradients(total, [z, t]), K.gradients(total, [p])
    got = K.function([t, z], [loss, d_z, d_p, p, d_t])([target, logits])
    expected_loss, expected_d_p, expected_d_z, expected_d_t = _crossentropy_of_softmax_reference(target, logits)
    _close(got[4], expected_d_t, rtol=1e-4, atol=1e-6)
    _close(got[0], expected_loss, rtol=1e-4, atol=1e-6)
    _close(got[1], expected_d_z, rtol=1e-4, atol=1e-5)
    _close(got[2], expected_d_p, rtol=1e-4, atol=1e-4)
    _close(got[3], np.exp(logits) / np.exp(logits).sum(-1, keepdims=True), rtol=1e-5, atol=1e-7)
    eager = K.eval(K.categorical_crossentropy(K.constant(target), K.softmax(K.constant(logits))))
    _close(eager, expected_loss, rtol=1e-4, atol=1e-6)
    w = K.variable(np.zeros((5, 5)))
    step = K.function([t, z], [K.mean(K.categorical_crossentropy(t, K.softmax(K.dot(z, w), axis=1), axis=-1))],
                      updates=[(w, w - 0.5 * K.gradients(K.mean(K.categorical_crossentropy(
                          t, K.softmax(K.dot(z, w)))), [w])[0])])
    losses = [float(step([target, logits / 30.0])[0]) for _ in range(3)]
    assert abs(losses[0] - np.log(5.0)) < 1e-5 and losses[2] < losses[0], losses
    try:
        K.categorical_crossentropy(K.placeholder(shape=(None, 4)), p)
    except ValueError as err:
        assert "same shape" in str(err), err
    else:
        raise AssertionError("a target of another shape than the softmax output must be a ValueError")


def clip_gradient_at_bounds(K):
    """Keras 2 on TF (``clip_by_value``): at a bound the gradient goes to ``x``; a tensor bound gets it only where
    ``x`` is beyond it."""
    x, low = K.placeholder(shape=(5,), dtype="float64"), K.placeholder(shape=(5,), dtype="float64")
    (by_numbers,) = K.gradients(K.sum(K.clip(x, -0.5, 0.5)), [x])
    by_tensors = K.gradients(K.sum(K.clip(x, low, K.constant(np.full(5, 0.5), dtype="float64"))), [x, low])
    got = K.function([x, low], [by_numbers] + by_tensors)([np.array([-1.0, -0.5, 0.0, 0.5, 1.0]), np.full(5, -0.5)])
    _close(got[0], [0.0, 1.0, 1.0, 1.0, 0.0])
    _close(got[1], [0.0, 1.0, 1.0, 1.0, 0.0])
    _close(got[2], [1.0, 0.0, 0.0, 0.0, 0.0])


def clear_session_resets(K):
    K.placeholder(shape=(2,))
    K.get_uid("x")
    K.set_learning_phase(1)
    K.clear_session()
    assert K.get_uid("x") == 1 and not isinstance(K.learning_phase(), int)
    K.clear_session()
    v = K.variable(np.ones(2))
    assert isinstance(K.eval(v * 2), np.ndarray)


CASES = [
    CheckCase("function", function_updates, "keras-update-test"),
    CheckCase("function", function_update_ops, "update-ops"),
    CheckCase("function", function_signature_cache, "compiled-once-per-signature"),
    CheckCase("function", function_errors, "bad-calls"),
    CheckCase("gradients", gradients_keras_test, "keras-stop-gradient-test", needs="gradients"),
    CheckCase("gradients", gradients_variables, "variables-and-unconnected", needs="gradients"),
    CheckCase("gradients", gradient_descent_converges, "training-loop", needs="gradients"),
    CheckCase("categorical_crossentropy", crossentropy_of_softmax, "of-softmax-in-graph", needs="gradients"),
    CheckCase("clip", clip_gradient_at_bounds, "gradient-at-bounds", needs="gradients"),
    CheckCase("in_train_phase", learning_phase_graph, "learning-phase"),
    CheckCase("switch", switch_cases, "scalar-and-per-sample"),
    CheckCase("rnn", rnn_cases, "backwards-mask-unroll-constants-states"),
    CheckCase("rnn", rnn_errors, "rank-2-input"),
    CheckCase("rnn", closures_read_current_variables, "closed-over-variables-read-per-call"),
    CheckCase("map_fn", map_and_folds, "map-foldl-foldr"),
    CheckCase("print_tensor", printing_in_graph, "prints-when-evaluated"),
    CheckCase("random_uniform", random_in_graph, "fresh-values-per-call"),
    CheckCase("placeholder", symbolic_tensors, "operators-and-shapes"),
    CheckCase("clear_session", clear_session_resets, "resets-graph-state"),
    ErrorCase("function", ([], []), {"bogus": 1}, ValueError, "unknown-kwarg"),
    ErrorCase("function", ("not a list", []), {}, TypeError, "inputs-not-a-list"),
    ErrorCase("gradients", ([1.0], []), {}, ValueError, "eager-loss"),
]
