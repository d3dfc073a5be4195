"""A training step (K.gradients + K.function with updates) computes the forward pass once: the gradients node runs
the loss sub-graph inside the engine's autodiff and the program reuses those values for its outputs."""
import types

import numpy as np
import pytest

import kbackend as K

from conftest import selected_engines

ENGINES = selected_engines()


@pytest.mark.parametrize("engine", ENGINES)
def test_forward_pass_runs_once_per_step(engine):
    calls = []

    def row_loss(row):
        calls.append(1)  # runs once per row and per evaluation (eager engines), or once per trace (compiled ones)
        return K.sum(K.square(row))

    with K.backend_scope(engine):
        K.clear_session()
        w = K.variable(np.array([[1.0, 2.0], [3.0, 4.0]]))
        x = K.placeholder(shape=(3, 2))
        loss = K.sum(K.map_fn(row_loss, K.dot(x, w)))
        (grad,) = K.gradients(loss, [w])
        step = K.function([x], [loss], updates=[(w, w - 0.01 * grad)])
        data = np.arange(6.0).reshape(3, 2)
        expected = np.sum((data @ K.get_value(w)) ** 2)
        calls.clear()
        out = step([data])[0]
        np.testing.assert_allclose(out, expected, rtol=1e-5)
        # eager engines: 3 rows, once; compiled engines: the first call traces the program once
        assert len(calls) == 3, f"the step function ran {len(calls)} times for 3 rows"
        K.clear_session()


def test_an_engine_with_only_grad_gets_the_gradients_and_no_shared_values():
    """The generic ``grad_and_aux`` of an engine that provides only ``grad``: the engine differentiates the loss alone
    (not the pair), and no forward values are handed over (the program then computes them itself)."""
    from kbackend.generic.graph import grad_and_aux
    seen = []

    def grad(loss_of, points):
        seen.append(loss_of(*points))
        return [2.0 * p for p in points]
    gradients, shared = grad_and_aux(types.SimpleNamespace(grad=grad), lambda a, b: (a * b, {"a": a}), [3.0, 4.0])
    assert gradients == [6.0, 8.0] and shared is None and seen == [12.0]
