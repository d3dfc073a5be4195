"""Graph awareness is a property of each public function object; the active engine is per thread."""
import threading

import numpy as np
import pytest

import kbackend as K
from kbackend.facade import PUBLIC
from kbackend.graph.dispatch import SymbolicTensor

from helpers import TEST_ENGINES_DIR, THIRD_PARTY_ENGINE_DIR


@pytest.fixture(autouse=True)
def engines_on_path(monkeypatch):
    monkeypatch.syspath_prepend(TEST_ENGINES_DIR)  # the tiny test engine: a second engine in every environment
    monkeypatch.syspath_prepend(THIRD_PARTY_ENGINE_DIR)

# Public functions that never record a node themselves, with the reason.
NOT_RECORDING = {
    **dict.fromkeys(("backend", "epsilon", "set_epsilon", "floatx", "set_floatx", "cast_to_floatx",
                     "image_data_format", "set_image_data_format", "normalize_data_format", "image_dim_ordering",
                     "set_image_dim_ordering", "get_uid", "reset_uids", "clear_session",
                     "manual_variable_initialization", "learning_phase", "set_learning_phase", "learning_phase_scope",
                     "name_scope", "symbolic", "eager", "control_dependencies", "get_session", "set_session"),
                    "configuration and session state"),
    **dict.fromkeys(("is_variable", "is_tensor", "is_keras_tensor", "is_placeholder", "is_sparse", "int_shape",
                     "ndim", "dtype", "count_params", "get_variable_shape"), "static introspection"),
    **dict.fromkeys(("eval", "get_value", "batch_get_value", "set_value", "batch_set_value"),
                    "evaluation and assignment of concrete values"),
    **dict.fromkeys(("variable", "constant", "placeholder", "zeros", "ones", "eye", "random_uniform_variable",
                     "random_normal_variable"), "create variables or constants"),
    **dict.fromkeys(("function", "gradients"), "build on the graph"),
    **dict.fromkeys(("update", "update_add", "update_sub", "moving_average_update", "print_tensor"),
                    "record their own update/print nodes"),
    **dict.fromkeys(("switch", "in_train_phase", "in_test_phase", "stop_gradient", "lesser", "lesser_equal",
                     "deconv2d", "asymmetric_temporal_padding"), "delegate to graph-aware functions"),
}


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_function_is_graph_aware_or_listed(name):
    function = PUBLIC[name]
    assert hasattr(function, "graph_spec") != (name in NOT_RECORDING), name


def test_functions_copied_before_graph_mode_record():
    K.clear_session()
    copied = dict(vars(K))
    try:
        x = K.placeholder((None, 3))
        out = copied["sum"](copied["dot"](x, K.variable(np.ones((3, 2)))), axis=1)
        assert isinstance(out, SymbolicTensor) and K.int_shape(out) == (None,)
        np.testing.assert_allclose(K.function([x], [out])([np.ones((4, 3))])[0], np.full(4, 6.0))
    finally:
        K.clear_session()


def test_eager_calls_after_clear_session_compute():
    K.placeholder((2,))
    K.clear_session()
    v = K.variable(np.array([1.0, 2.0]))
    assert not isinstance(K.sum(v), SymbolicTensor)
    assert not isinstance(v * 2, SymbolicTensor)


def test_backend_scope_is_per_thread():
    other, main = "tiny_engine", K.backend()
    seen, inside, release = {}, threading.Event(), threading.Event()

    def worker():
        with K.backend_scope(other):
            seen["worker"] = K.backend()
            inside.set()
            release.wait(10)
        seen["worker after"] = K.backend()

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(10)
    seen["main during"] = K.backend()
    release.set()
    thread.join(10)
    assert seen == {"worker": other, "main during": main, "worker after": main}


def test_set_backend_reaches_every_thread():
    main, ready, switched, seen = K.backend(), threading.Event(), threading.Event(), []

    def worker():
        seen.append(K.backend())
        ready.set()
        switched.wait(10)
        seen.append(K.backend())

    thread = threading.Thread(target=worker)
    thread.start()
    ready.wait(10)
    try:
        K.set_backend("tiny_engine")
        switched.set()
        thread.join(10)
    finally:
        K.set_backend(main)
    assert seen == [main, "tiny_engine"]


def test_get_uid_is_unique_across_threads():
    K.reset_uids()
    results = []

    def worker():
        results.extend(K.get_uid("threads") for _ in range(200))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(1, 1601))
