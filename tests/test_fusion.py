"""Record-time fusion (``kbackend.graph.fusion``): ``categorical_crossentropy(target, softmax(z))`` in a graph is
recorded from the logits, and only then. Its values and gradients are conformance cases
(``categorical_crossentropy[of-softmax-in-graph]``); these tests check that the fusion happens where it should, so
that the training-step speed it brings is not lost silently."""
import numpy as np
import pytest

import kbackend as K



def _reads_probabilities(loss, probabilities):
    return any(t is probabilities for t in loss.node.inputs)




def test_crossentropy_of_a_softmax_is_recorded_from_the_logits(graph_engine):
    z, t = K.placeholder(shape=(None, 3)), K.placeholder(shape=(None, 3))
    p = K.softmax(z, axis=1)
    loss = K.categorical_crossentropy(t, p, axis=-1)
    assert not _reads_probabilities(loss, p) and any(x is z for x in loss.node.inputs)
    assert K.int_shape(loss) == (None,) and K.dtype(loss) == "float32"
    value = K.function([t, z], [loss])([np.eye(3), np.zeros((3, 3))])[0]
    np.testing.assert_allclose(value, np.full(3, np.log(3.0)), rtol=1e-6)


@pytest.mark.parametrize("case", ["from-logits", "other-axis", "float16", "not-a-softmax", "integer-logits"])
def test_other_calls_are_recorded_as_written(graph_engine, case):
    z, t = K.placeholder(shape=(None, 3)), K.placeholder(shape=(None, 3))
    p = {"from-logits": K.softmax(z), "other-axis": K.softmax(z, axis=0), "not-a-softmax": K.sigmoid(z),
         "float16": K.softmax(K.placeholder(shape=(None, 3), dtype="float16")),
         "integer-logits": K.softmax(K.placeholder(shape=(None, 3), dtype="int32"))}[case]
    loss = K.categorical_crossentropy(t, p, from_logits=case == "from-logits")
    assert _reads_probabilities(loss, p)


def test_variable_logits_are_differentiated(graph_engine):
    """softmax of a variable: the fused node reads the variable; d loss / d logits = softmax - target (one-hot
    targets, nothing clipped)."""
    logits = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    target = np.eye(3)[[1, 2]]
    v = K.variable(logits, dtype="float64")
    t = K.placeholder(shape=(None, 3), dtype="float64")
    loss = K.sum(K.categorical_crossentropy(t, K.softmax(v)))
    (gradient,) = K.gradients(loss, [v])
    got = K.function([t], [gradient])([target])[0]
    softmax = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    np.testing.assert_allclose(got, softmax - target, rtol=1e-10, atol=1e-12)
