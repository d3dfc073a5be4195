"""K.function programs lowered to straight-line code (``kbackend.graph.lowering``) compute what the node interpreter
computes (``KBACKEND_LOWERING=0``), on every engine: training steps (gradient rules and the engines' autodiff), a
K.rnn loop, random nodes, learning-phase branches, updates, a gradient penalty, outputs that are variables or
constants, calls from two threads. The interpreter's results are themselves checked against float64 NumPy in the
conformance suite; here a few hand-derived values are checked as well."""
import threading

import numpy as np
import pytest

import kbackend as K
from kbackend import _state
from kbackend.graph import evaluate, function as function_module
from kbackend.graph.nodes import topological_order
from kbackend.graph.simplify import simplify

RTOL = 1e-5  # a compiler (jax.jit, tf.function) may fuse the two programs' operations differently


@pytest.fixture
def engine(graph_engine):
    """Each engine under test, active, in a fresh graph session (conftest's ``graph_engine``)."""
    return graph_engine


def _interpreter_calls(monkeypatch):
    """A list that grows by one each time the node interpreter runs a K.function program's nodes."""
    calls = []

    def counting(*args, **kwargs):
        calls.append(1)
        return evaluate.run_nodes(*args, **kwargs)
    monkeypatch.setattr(function_module, "run_nodes", counting)
    return calls


def _both(monkeypatch, inputs, outputs, updates, feeds, variables=()):
    """Per mode ('interpreted', 'lowered'): the outputs of each call of a new K.function on ``feeds`` (a list of
    input lists), then the variables' final values; the variables start from the same values in both modes, and
    NumPy's global seed is the same per call (so random nodes draw the same numbers)."""
    initial = [K.get_value(v) for v in variables]
    calls = _interpreter_calls(monkeypatch)
    results = {}
    for mode, flag in (("interpreted", "0"), ("lowered", "1")):
        monkeypatch.setenv("KBACKEND_LOWERING", flag)
        for variable, value in zip(variables, initial):
            K.set_value(variable, value)
        f = K.function(inputs, outputs, updates=updates)
        calls.clear()
        got = []
        for index, feed in enumerate(feeds):
            np.random.seed(index)
            got.append([np.asarray(o) for o in f(feed)])
        got.append([K.get_value(v) for v in variables])
        results[mode] = got
        assert (len(calls) > 0) == (mode == "interpreted"), f"{mode}: the interpreter ran {len(calls)} times"
    for call, (expected, actual) in enumerate(zip(results["interpreted"], results["lowered"])):
        assert len(expected) == len(actual)
        for a, b in zip(expected, actual):
            np.testing.assert_allclose(b, a, rtol=RTOL, atol=1e-6, err_msg=f"call {call}")
    return results["lowered"]


def _mlp(seed=0):
    rng = np.random.default_rng(seed)
    x, y = K.placeholder(shape=(None, 6)), K.placeholder(shape=(None, 3))
    w1, b1 = K.variable(rng.normal(size=(6, 5)).astype("float32")), K.variable(np.zeros(5, "float32"))
    w2, b2 = K.variable(rng.normal(size=(5, 3)).astype("float32")), K.variable(np.zeros(3, "float32"))
    hidden = K.relu(K.bias_add(K.dot(x, w1), b1))
    loss = K.mean(K.categorical_crossentropy(y, K.softmax(K.bias_add(K.dot(hidden, w2), b2))))
    feeds = [[rng.normal(size=(4, 6)).astype("float32"), np.eye(3, dtype="float32")[rng.integers(0, 3, 4)]]
             for _ in range(3)]
    return x, y, [w1, b1, w2, b2], loss, feeds


def test_mlp_training_step(engine, monkeypatch):
    x, y, params, loss, feeds = _mlp()
    grads = K.gradients(loss, params)
    updates = [(p, p - 0.1 * g) for p, g in zip(params, grads)]
    lowered = _both(monkeypatch, [x, y], [loss], updates, feeds, params)
    assert lowered[0][0] > lowered[2][0] * 0.5 and np.isfinite(lowered[2][0])


def test_lstm_training_step(engine, monkeypatch):
    rng = np.random.default_rng(2)
    units = 4
    x, y = K.placeholder(shape=(None, 5, 3)), K.placeholder(shape=(None, units))
    w = K.variable(rng.normal(size=(3, 4 * units)).astype("float32") * 0.5)
    u = K.variable(rng.normal(size=(units, 4 * units)).astype("float32") * 0.5)

    def step(x_t, states):
        h, c = states
        z = K.dot(x_t, w) + K.dot(h, u)
        i, f = K.sigmoid(z[:, :units]), K.sigmoid(z[:, units:2 * units])
        g, o = K.tanh(z[:, 2 * units:3 * units]), K.sigmoid(z[:, 3 * units:])
        c = f * c + i * g
        h = o * K.tanh(c)
        return h, [h, c]
    zeros = K.zeros_like(x[:, 0, :1]) * K.zeros((1, units))
    last, _, _ = K.rnn(step, x, [zeros, zeros])
    loss = K.mean(K.square(last - y))
    grads = K.gradients(loss, [w, u])
    feeds = [[rng.normal(size=(2, 5, 3)).astype("float32"), rng.normal(size=(2, units)).astype("float32")]
             for _ in range(2)]
    _both(monkeypatch, [x, y], [loss, last], [(w, w - 0.1 * grads[0]), (u, u - 0.1 * grads[1])], feeds, [w, u])
    # the loop's step (the one that also saves the values its gradient rule reads, when the rule differentiated
    # it) and the reverse step of the rule's reverse loop are lowered
    holders = [last.node.extra.get("saving_step", last.node)]
    if grads[0].gradient_path == "rules":
        holders.append(grads[0].node.extra["reverse_step"])
    for holder in holders:
        steps = list(holder.extra.get("lowered_steps", {}).values())
        assert steps and all(step is not None for step in steps), f"{holder.name}: the step was not lowered"


def test_dropout_draws_anew_under_the_learning_phase(engine, monkeypatch):
    x = K.placeholder(shape=(50, 40))
    phase = K.learning_phase()
    out = K.in_train_phase(K.dropout(x, 0.5), x)
    ones = np.ones((50, 40), "float32")
    results = _both(monkeypatch, [x, phase], [out], [], [[ones, 1], [ones, 1], [ones, 0]])
    first, second, test_mode = (r[0] for r in results[:3])
    assert set(np.unique(first)) <= {0.0, 2.0} and 0.3 < np.mean(first == 0.0) < 0.7
    assert not np.array_equal(first, second), "two calls drew the same dropout mask"
    np.testing.assert_array_equal(test_mode, ones)


def test_learning_phase_branches_and_the_default_phase(engine, monkeypatch):
    x = K.placeholder(shape=(3,))
    phase = K.learning_phase()
    out = K.in_train_phase(x * 2.0, x - 1.0)
    value = np.array([1.0, 2.0, 3.0], "float32")
    results = _both(monkeypatch, [x, phase], [out], [], [[value, 1], [value, 0]])
    np.testing.assert_allclose(results[0][0], value * 2.0)
    np.testing.assert_allclose(results[1][0], value - 1.0)
    unfed = _both(monkeypatch, [x], [out, K.cast(phase, "float32") + 5.0], [], [[value]])
    np.testing.assert_allclose(unfed[0][0], value - 1.0)  # the phase is 0 unless fed
    assert float(unfed[0][1]) == 5.0


def test_explicit_updates_and_update_ops(engine, monkeypatch):
    counter, total = K.variable(0.0), K.variable(np.zeros((2,), "float32"))
    x = K.placeholder(shape=(2,))
    added = K.update_add(counter, 1.0)
    feeds = [[np.array([1.0, 2.0], "float32")], [np.array([3.0, 4.0], "float32")]]
    results = _both(monkeypatch, [x], [added, counter * 10.0], [(total, total + x * counter)], feeds,
                    [counter, total])
    assert [float(r[0]) for r in results[:2]] == [1.0, 2.0]  # the update op's value is the updated one
    assert [float(r[1]) for r in results[:2]] == [0.0, 10.0]  # outputs read the state at call time
    np.testing.assert_allclose(results[2][1], [0 * 1 + 1 * 3, 0 * 2 + 1 * 4])


def test_gradient_penalty(engine, monkeypatch):
    x = K.placeholder(shape=(None, 3))
    w = K.variable(np.array([[0.5, -1.0], [2.0, 0.25], [-0.5, 1.5]], "float32"))
    loss = K.sum(K.tanh(K.dot(x, w)))
    (g,) = K.gradients(loss, [w])
    penalty = K.sum(K.square(g))
    (gp,) = K.gradients(penalty, [w])
    feed = np.array([[0.1, 0.2, -0.3], [0.4, -0.5, 0.6]], "float32")
    results = _both(monkeypatch, [x], [penalty, gp], [(w, w - 0.01 * gp)], [[feed], [feed]], [w])
    weights = np.array([[0.5, -1.0], [2.0, 0.25], [-0.5, 1.5]])
    grad = feed.astype(np.float64).T @ (1.0 - np.tanh(feed @ weights) ** 2)  # d/dw sum(tanh(x w))
    np.testing.assert_allclose(results[0][0], np.sum(grad ** 2), rtol=1e-4)


def test_outputs_that_are_variables_placeholders_or_constants(engine, monkeypatch):
    x = K.placeholder(shape=(2,))
    w = K.variable(np.array([1.0, -1.0], "float32"))
    constant = np.array([7.0, 8.0], "float32")
    feed = np.array([3.0, 4.0], "float32")
    results = _both(monkeypatch, [x], [w, x, constant, x + w], [(w, w * 2.0)], [[feed], [feed]], [w])
    np.testing.assert_allclose(results[0][0], [1.0, -1.0])
    np.testing.assert_allclose(results[1][0], [2.0, -2.0])
    np.testing.assert_allclose(results[1][1], feed)
    np.testing.assert_allclose(results[1][2], constant)
    np.testing.assert_allclose(results[1][3], feed + [2.0, -2.0])


def test_an_unfed_placeholder_is_named(engine, monkeypatch):
    monkeypatch.setenv("KBACKEND_LOWERING", "1")
    x, y = K.placeholder(shape=(2,), name="given"), K.placeholder(shape=(2,), name="forgotten")
    f = K.function([x], [x + y])
    with pytest.raises(ValueError, match="forgotten"):
        f([np.zeros(2, "float32")])


def test_calls_from_two_threads(engine, monkeypatch):
    monkeypatch.setenv("KBACKEND_LOWERING", "1")
    x, y, params, loss, feeds = _mlp(seed=3)
    f = K.function([x, y], [loss] + K.gradients(loss, params))
    alone = [f(feed) for feed in feeds]
    failures = []

    def work(index):
        try:
            with K.backend_scope(engine):
                for call in range(20):
                    which = (call + index) % len(feeds)
                    for a, b in zip(f(feeds[which]), alone[which]):
                        np.testing.assert_allclose(a, b, rtol=1e-6)
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            failures.append(error)
    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures, failures[0]


def test_simplifications(engine):
    x = K.placeholder(shape=(None, 3))
    phase = K.learning_phase()
    twice = K.exp(x) + K.exp(x)                        # one exp after merging
    scale = K.cast(phase, "float32") * 2.0 + 1.0       # folded: the phase is fixed per program
    unused = K.sin(x)                                  # read by nothing returned
    out = twice * scale
    order = topological_order([out, unused])
    simplified = simplify(order, [out], {id(phase): 1})
    names = [node.name for node in simplified.order]
    assert names.count("exp") == 1 and "sin" not in names and "cast" not in names, names
    assert float(np.asarray(simplified.constants[id(scale)])) == 3.0
    first, second = twice.node.args
    assert simplified.resolve(first) is simplified.resolve(second)


def test_lowered_forms_share_the_log_probabilities(engine):
    """dot, bias_add, relu, mean and the fused softmax crossentropy become engine calls when lowered; the
    crossentropy's log_softmax is the one its gradient rule reads (one left after merging)."""
    x, y, params, loss, _ = _mlp()
    grads = K.gradients(loss, params)
    targets = [loss] + grads
    simplified = simplify(topological_order(targets), targets)
    names = [node.name for node in simplified.order]
    assert names.count("log_softmax") == 1, names
    assert "categorical_crossentropy" not in names and "bias_add" not in names, names
    public = [node.name for node in simplified.order if node.name in ("dot", "relu", "mean")
              and getattr(node.fn, "engine_table_name", None) is None]
    assert not public, f"public functions left in the lowered program: {public}"


def test_a_crossentropy_target_of_another_batch_is_refused(engine, monkeypatch):
    """The lowered crossentropy checks at run time the shapes its static shapes leave open, as the public
    function does (a target of one row would otherwise broadcast)."""
    monkeypatch.setenv("KBACKEND_LOWERING", "1")
    x, y, params, loss, feeds = _mlp()
    f = K.function([x, y], [loss])
    f(feeds[0])
    with pytest.raises(ValueError, match="same shape"):
        f([feeds[0][0], feeds[0][1][:1]])


def test_memoised_values_are_never_returned(engine, monkeypatch):
    """The cotangent of a mean depends on the batch size only: it is memoised per shape inside the program, but a
    returned value is computed on every call (the caller may change it), and a new batch size gets its own."""
    monkeypatch.setenv("KBACKEND_LOWERING", "1")
    x = K.placeholder(shape=(None, 2))
    (grad,) = K.gradients(K.mean(x), [x])
    doubled = grad * 2.0
    f = K.function([x], [grad, doubled])
    first = f([np.ones((4, 2), "float32")])
    np.testing.assert_allclose(first[0], np.full((4, 2), 1 / 8))
    np.testing.assert_allclose(first[1], np.full((4, 2), 2 / 8))
    for value in first:
        if value.flags.writeable:  # (NumPy's broadcast_to gives read-only views, as the interpreter returns them)
            value[...] = 5.0
    second = f([np.ones((4, 2), "float32")])
    assert not any(np.shares_memory(a, b) for a, b in zip(first, second))
    np.testing.assert_allclose(second[0], np.full((4, 2), 1 / 8))
    np.testing.assert_allclose(second[1], np.full((4, 2), 2 / 8))
    np.testing.assert_allclose(f([np.ones((5, 2), "float32")])[0], np.full((5, 2), 1 / 10))


def _lowered_source(f):
    """The generated source of a K.function's first lowered program, through an engine's wrapper if any."""
    program = next(iter(f._compiled.values())).program
    for _ in range(3):
        if hasattr(program, "lowered_source"):
            return program.lowered_source
        cells = [c.cell_contents for c in (getattr(program, "__closure__", None) or ())]
        program = next((c for c in cells if callable(c)), getattr(program, "compiled", None))
    return None


def test_a_value_of_the_batch_size_only_is_memoised_per_shape(engine, monkeypatch):
    monkeypatch.setenv("KBACKEND_LOWERING", "1")
    x = K.placeholder(shape=(None, 2))
    (grad,) = K.gradients(K.mean(x), [x])
    f = K.function([x], [x * grad])
    for rows in (4, 5, 4):
        feed = np.arange(rows * 2, dtype="float32").reshape(rows, 2)
        np.testing.assert_allclose(f([feed])[0], feed / (rows * 2), rtol=1e-6)
    source = _lowered_source(f)
    if not _state.ops._engine.capabilities.get("jit"):  # (a compiler traces the program: nothing is memoised)
        assert source is not None and ".get(k" in source, source
