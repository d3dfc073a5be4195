"""K.gradients through K.rnn whose step function mixes traced tensors with variables on either side of Python
operators, on every selected engine that differentiates; checked against float64 central finite differences."""
import numpy as np
import pytest

import kbackend as K
from kbackend.conformance.cases import rnn_gradients
from kbackend.graph.nodes import topological_order

from conftest import selected_engines

ENGINES = selected_engines()
RNG = np.random.default_rng(11)
INPUTS = RNG.normal(size=(2, 4, 3))
W0, B0 = RNG.normal(size=(3, 2)), np.array([0.1, -0.2])


def _loss_and_function(w, b):
    x = K.placeholder(shape=(None, 4, 3), dtype="float64")

    def step(x_t, states):
        h = b + K.dot(x_t, w) * b - states[0] / (b + 2.0) + K.tanh(2.0 * b) + states[0] * w[0]
        return h, [h]
    last, _, _ = K.rnn(step, x, [K.zeros_like(K.dot(x[:, 0, :], w), dtype="float64")])
    return x, K.sum(last * last)


def _finite_differences(f, variable, eps=1e-6):
    base = K.get_value(variable).copy()
    out = np.zeros_like(base)
    for i in np.ndindex(base.shape):
        shifted = base.copy()
        shifted[i] += eps
        K.set_value(variable, shifted)
        up = f()
        shifted[i] -= 2 * eps
        K.set_value(variable, shifted)
        out[i] = (up - f()) / (2 * eps)
    K.set_value(variable, base)
    return out


@pytest.mark.parametrize("engine", ENGINES)
def test_gradients_through_rnn_with_variables_in_the_step(engine):
    with K.backend_scope(engine) as active:
        if not active.capabilities.get("gradients"):
            pytest.skip("the engine declares no automatic differentiation")
        K.clear_session()
        w, b = K.variable(W0, dtype="float64"), K.variable(B0, dtype="float64")
        x, loss = _loss_and_function(w, b)
        grads = K.function([x], K.gradients(loss, [w, b]))([INPUTS])
        value = K.function([x], [loss])
        for variable, got in zip((w, b), grads):
            expected = _finite_differences(lambda: float(value([INPUTS])[0]), variable)
            np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-6, atol=1e-8)
        K.clear_session()


def _mlp_loss():
    x, y = K.placeholder(shape=(None, 3)), K.placeholder(shape=(None, 2))
    w1, b1 = K.variable(RNG.normal(size=(3, 4))), K.variable(np.zeros(4))
    w2, b2 = K.variable(RNG.normal(size=(4, 2))), K.variable(np.zeros(2))
    h = K.relu(K.bias_add(K.dot(x, w1), b1))
    loss = K.mean(K.categorical_crossentropy(y, K.softmax(K.bias_add(K.dot(h, w2), b2))))
    return loss, [w1, b1, w2, b2]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_mlp_loss_is_differentiated_by_the_gradient_rules(engine):
    """Where the engine declares ``gradient_rules``, an MLP's gradients are ordinary nodes (no gradients node);
    elsewhere one node runs the engine's autodiff."""
    from kbackend.graph.gradients import last_path
    with K.backend_scope(engine) as active:
        if not active.capabilities.get("gradients"):
            pytest.skip("the engine declares no automatic differentiation")
        K.clear_session()
        loss, params = _mlp_loss()
        grads = K.gradients(loss, params)
        path = "rules" if active.capabilities.get("gradient_rules") else "engine"
        assert [g.gradient_path for g in grads] == [path] * 4
        assert last_path()[0] == path
        kinds = {g.node.kind for g in grads}
        assert kinds == ({"call"} if path == "rules" else {"gradients"})
        K.clear_session()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_loss_through_rnn_is_differentiated_by_the_gradient_rules(engine):
    """Where the engine declares ``gradient_rules`` (and does not exclude ``rnn``: torch, whose autograd measures
    faster there), K.rnn's loop is differentiated by its rule: the gradients are the outputs of one reverse loop
    node, with no gradients node; elsewhere the engine's autodiff, saying why."""
    from kbackend.graph.gradients import last_path
    with K.backend_scope(engine) as active:
        if not active.capabilities.get("gradients"):
            pytest.skip("the engine declares no automatic differentiation")
        K.clear_session()
        w, b = K.variable(W0, dtype="float64"), K.variable(B0, dtype="float64")
        _, loss = _loss_and_function(w, b)
        grads = K.gradients(loss, [w, b])
        excluded = "rnn" in active.capabilities.get("gradient_rules_exclude", ())
        path = "rules" if active.capabilities.get("gradient_rules") and not excluded else "engine"
        assert [g.gradient_path for g in grads] == [path, path]
        assert last_path()[0] == path
        if excluded:
            assert "gradient_rules_exclude" in last_path()[1], last_path()
        if path == "rules":
            kinds = {n.kind for n in topological_order(grads)}
            assert "gradients" not in kinds and "loop" in kinds
        K.clear_session()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_loss_through_rnn_whose_step_has_no_rule_falls_back_to_the_engine_autodiff(engine):
    """A step calling a function without a gradient rule (cumprod): the whole K.gradients call runs the engine's
    autodiff, says why, and is right (finite differences)."""
    from kbackend.graph.gradients import last_path
    with K.backend_scope(engine) as active:
        if not active.capabilities.get("gradients"):
            pytest.skip("the engine declares no automatic differentiation")
        K.clear_session()
        w = K.variable(W0, dtype="float64")
        x = K.placeholder(shape=(None, 4, 3), dtype="float64")

        def step(x_t, states):
            h = K.cumprod(K.tanh(K.dot(x_t, w)), axis=1) + states[0]
            return h, [h]
        last, _, _ = K.rnn(step, x, [K.zeros_like(K.dot(x[:, 0, :], w), dtype="float64")])
        loss = K.sum(last * last)
        (grad,) = K.gradients(loss, [w])
        assert grad.gradient_path == "engine"
        path, reason = last_path()
        assert path == "engine"
        if active.capabilities.get("gradient_rules"):
            excluded = "rnn" in active.capabilities.get("gradient_rules_exclude", ())
            assert ("gradient_rules_exclude" if excluded else "cumprod") in reason, reason
        got = K.function([x], [grad])([INPUTS])[0]
        value = K.function([x], [loss])
        expected = _finite_differences(lambda: float(value([INPUTS])[0]), w)
        np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-6, atol=1e-8)
        K.clear_session()


@pytest.mark.parametrize("check", [rnn_gradients.lstm_masked_forwards, rnn_gradients.lstm_masked_backwards,
                                   rnn_gradients.states_of_other_shapes,
                                   rnn_gradients.state_shared_by_the_batch],
                         ids=lambda check: check.__name__)
@pytest.mark.parametrize("engine", ENGINES)
def test_the_rnn_rule_on_every_engine(engine, check, monkeypatch):
    """The rule of K.rnn forced on every engine (also those that keep their own autodiff for it): the conformance
    checks of gradients through K.rnn (finite differences of float64 loops) pass, and the rules were used."""
    with K.backend_scope(engine) as active:
        monkeypatch.setitem(active.capabilities, "gradient_rules", True)
        monkeypatch.setitem(active.capabilities, "gradient_rules_exclude", ())
        K.clear_session()
        check(K)
        K.clear_session()


@pytest.mark.parametrize("engine", ENGINES)
def test_an_rnn_with_an_integer_state_falls_back_to_the_engine_autodiff(engine, monkeypatch):
    """The rule of K.rnn does not cover integer states (a step counter): the engine's autodiff differentiates the
    loss, says why, and is right (finite differences)."""
    from kbackend.graph.gradients import last_path
    with K.backend_scope(engine) as active:
        if not active.capabilities.get("gradients"):
            pytest.skip("the engine declares no automatic differentiation")
        monkeypatch.setitem(active.capabilities, "gradient_rules", True)
        monkeypatch.setitem(active.capabilities, "gradient_rules_exclude", ())
        K.clear_session()
        w = K.variable(W0, dtype="float64")
        x = K.placeholder(shape=(None, 4, 3), dtype="float64")

        def step(x_t, states):
            h = K.tanh(K.dot(x_t, w)) * K.cast(states[1], "float64") + states[0]
            return h, [h, states[1] + 1]
        zeros = K.zeros_like(K.dot(x[:, 0, :], w), dtype="float64")
        last, _, _ = K.rnn(step, x, [zeros, K.cast(zeros, "int32") + 1])
        loss = K.sum(last * last)
        (grad,) = K.gradients(loss, [w])
        path, reason = last_path()
        assert path == "engine" and "integer" in reason, (path, reason)
        got = K.function([x], [grad])([INPUTS])[0]
        value = K.function([x], [loss])
        expected = _finite_differences(lambda: float(value([INPUTS])[0]), w)
        np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-6, atol=1e-8)
        K.clear_session()


def _broadcast_loss(x, h0, mixing, weights):
    h, outputs = h0, []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ mixing + h * 0.7)
        outputs.append(h)
    return float(np.sum(weights * np.stack(outputs, 1)))


@pytest.mark.parametrize("engine", ENGINES)
def test_the_rnn_rule_with_an_initial_state_broadcast_over_the_batch(engine, monkeypatch):
    """The rule of K.rnn forced on every engine, with an initial state of batch 1 that the first step broadcasts over
    the batch (the states change shape after the first step, so the reverse loop keeps its run-time reductions):
    the gradients equal finite differences of a float64 loop, the initial state's summed over the batch. (Not a
    conformance case: JAX's own loop, lax.scan, needs states that keep their shapes.)"""
    rng = np.random.default_rng(23)
    h0_value, mixing_value = rng.normal(size=(1, 2)) * 0.5, rng.normal(size=(3, 2)) * 0.5
    weights = rng.normal(size=(2, 4, 2))
    with K.backend_scope(engine) as active:
        monkeypatch.setitem(active.capabilities, "gradient_rules", True)
        monkeypatch.setitem(active.capabilities, "gradient_rules_exclude", ())
        K.clear_session()
        x = K.placeholder((None, 4, 3), dtype="float64")
        h0 = K.placeholder((None, 2), dtype="float64")
        mixing = K.variable(mixing_value, dtype="float64")

        def step(x_t, states):
            h = K.tanh(K.dot(x_t, mixing) + states[0] * 0.7)
            return h, [h]
        _, outputs, _ = K.rnn(step, x, [h0])
        loss = K.sum(K.constant(weights, dtype="float64") * outputs)
        gradients = K.gradients(loss, [h0, mixing])
        assert {g.gradient_path for g in gradients} == {"rules"}
        got = K.function([x, h0], gradients)([INPUTS, h0_value])
        values = [h0_value, mixing_value]
        for index, value in enumerate(got):
            expected = np.zeros_like(values[index])
            for i in np.ndindex(expected.shape):
                up, down = [v.copy() for v in values], [v.copy() for v in values]
                up[index][i] += 1e-6
                down[index][i] -= 1e-6
                expected[i] = (_broadcast_loss(INPUTS, *up, weights) - _broadcast_loss(INPUTS, *down, weights)) / 2e-6
            np.testing.assert_allclose(np.asarray(value), expected, rtol=1e-6, atol=1e-8)
        K.clear_session()
