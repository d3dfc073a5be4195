"""Slices that tile an axis run as one ``split`` (``kbackend.graph.slices``). Their values and gradients are the
conformance case ``gradients[slices-tiling-an-axis]``; these tests check that the merge happens exactly where it
should (so that the LSTM training-step speed it brings is not lost silently) and never where a piece must keep its
own node."""
import numpy as np
import pytest

import kbackend as K
from kbackend.graph.slices import merge_slices





def _names(function):
    return [node.name for node in function.order]


def test_four_gates_run_as_one_split(graph_engine):
    x = K.placeholder((None, 8))
    z = x * 2.0
    gates = [z[:, :2], z[:, 2:4], z[:, 4:6], z[:, 6:]]
    f = K.function([x], [K.sum(g) * (k + 1) for k, g in enumerate(gates)])
    assert _names(f).count("split") == 1 and "getitem" not in _names(f)
    data = np.arange(16.0).reshape(2, 8)
    values = f([data])
    for k, value in enumerate(values):
        np.testing.assert_allclose(value, 2 * data[:, 2 * k:2 * k + 2].sum() * (k + 1), rtol=1e-6)


def test_a_kernel_cut_in_build_runs_as_one_split(graph_engine):
    p = K.placeholder((None, 3))  # Keras builds a layer after its input placeholder exists (graph mode is on)
    kernel = K.variable(np.ones((3, 8)))
    pieces = [kernel[:, k * 2:(k + 1) * 2] for k in range(4)]
    f = K.function([p], [K.sum(K.dot(p, q)) for q in pieces])
    assert _names(f).count("split") == 1


@pytest.mark.parametrize("case", ["gap", "overlap", "one-piece", "strided", "unknown-size", "two-axes"])
def test_slices_that_do_not_tile_an_axis_stay(graph_engine, case):
    shape = (None, None) if case == "unknown-size" else (None, 8)
    z = K.placeholder(shape) * 1.0
    keys = {"gap": [np.s_[:, :2], np.s_[:, 3:]], "overlap": [np.s_[:, :5], np.s_[:, 4:]],
            "one-piece": [np.s_[:, :8]], "strided": [np.s_[:, 0:8:2], np.s_[:, 1:8:2]],
            "unknown-size": [np.s_[:, :2], np.s_[:, 2:]], "two-axes": [np.s_[:1, :4], np.s_[1:, 4:]]}[case]
    order = [piece.node for piece in (z[key] for key in keys)]
    assert merge_slices(order) is order


def test_a_gradient_target_keeps_its_own_node(graph_engine):
    x = K.placeholder((None, 4))
    z = x * 1.0
    a, b = z[:, :2], z[:, 2:]
    loss = K.sum(K.square(a)) + K.sum(b)
    gradient = K.gradients(loss, [a])[0]
    f = K.function([x], [gradient])
    data = np.arange(8.0).reshape(2, 4)
    np.testing.assert_allclose(f([data])[0], 2 * data[:, :2], rtol=1e-6)
    # the engine's autodiff overrides the target's value inside its own run of the sub-graph; the gradient rules
    # build ordinary nodes, which read the slice as it is
    gradient_nodes = [node for node in f.order if node.kind == "gradients"]
    assert len(gradient_nodes) == (0 if gradient.gradient_path == "rules" else 1)
    for node in gradient_nodes:
        assert "split" not in [n.name for n in node.extra["sub_graph"][0]]
