"""Checks: the global-state functions that had no case of their own (settings getters, uids, sessions, decorators,
contexts). Expected values are hand-derived; the runner starts every case from floatx float32, epsilon 1e-7 and
channels_last."""
import contextlib
import math

import numpy as np

from ..model import CheckCase


def _close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64),
                               rtol=1e-6, atol=1e-7)


@contextlib.contextmanager
def _restored(K):
    saved = (K.floatx(), K.epsilon(), K.image_data_format(), K.get_session())
    try:
        yield
    finally:
        K.set_floatx(saved[0])
        K.set_epsilon(saved[1])
        K.set_image_data_format(saved[2])
        K.set_session(saved[3])


def backend_name(K):
    name = K.backend()
    assert isinstance(name, str) and name, repr(name)
    with K.backend_scope(name):  # the name selects the same engine again
        assert K.backend() == name
    assert K.backend() == name


def epsilon_read_at_call_time(K):
    assert K.epsilon() == 1e-7 and isinstance(K.epsilon(), float)
    with _restored(K):
        K.set_epsilon(1e-4)
        assert K.epsilon() == 1e-4
        # binary_crossentropy clips the prediction 0 to epsilon: -log(1e-4) for a target of 1.
        loss = K.eval(K.binary_crossentropy(K.constant([1.0]), K.constant([0.0])))
        _close(loss, [-math.log(1e-4)])
    assert K.epsilon() == 1e-7


def floatx_sets_default_dtypes(K):
    assert K.floatx() == "float32"
    with _restored(K):
        for name in ("float16", "float64"):
            K.set_floatx(name)
            assert K.floatx() == name
            assert K.dtype(K.constant(1.0)) == name and K.dtype(K.zeros((2,))) == name
            assert K.dtype(K.variable([1, 2])) == name and K.dtype(K.random_uniform((2,), seed=1)) == name
    assert K.floatx() == "float32"


def cast_to_floatx_gives_numpy(K):
    out = K.cast_to_floatx([1, 2, 3])
    assert type(out) is np.ndarray and out.dtype == np.float32, (type(out), getattr(out, "dtype", None))
    np.testing.assert_array_equal(out, [1.0, 2.0, 3.0])
    scalar = K.cast_to_floatx(2)
    assert type(scalar) is np.ndarray and scalar.shape == () and scalar.dtype == np.float32
    with _restored(K):
        K.set_floatx("float64")
        wide = K.cast_to_floatx(np.array([[0.1]], dtype=np.float16))
        assert wide.dtype == np.float64 and wide.shape == (1, 1)


def image_data_format_is_the_default(K):
    assert K.image_data_format() == "channels_last"
    x = np.zeros((1, 2, 3))
    bias = np.array([10.0, 20.0])
    with _restored(K):
        K.set_image_data_format("channels_first")
        assert K.image_data_format() == "channels_first"
        # bias_add with data_format=None follows the setting: the bias runs along axis 1.
        out = K.eval(K.bias_add(K.constant(x), K.constant(bias)))
        _close(out, [[[10.0] * 3, [20.0] * 3]])
    assert K.image_data_format() == "channels_last"


def reset_uids_restarts_counters(K):
    K.reset_uids()
    assert K.get_uid("conv") == 1 and K.get_uid("conv") == 2 and K.get_uid("dense") == 1
    first = K.get_uid()
    K.reset_uids()
    assert K.get_uid("conv") == 1 and K.get_uid("dense") == 1 and K.get_uid() == first


def manual_initialization_flag(K):
    for flag in (True, False):
        assert K.manual_variable_initialization(flag) is None
        v = K.variable([1.0, 2.0])  # eager engines initialise variables at creation either way
        _close(K.get_value(v), [1.0, 2.0])


def symbolic_records_variables(K):
    v = K.variable([1.0, 2.0])
    doubled_sum = K.symbolic(lambda x: K.sum(x * 2.0))(v)
    assert not K.is_variable(doubled_sum) and K.is_tensor(doubled_sum)
    _close(K.eval(doubled_sum), 6.0)
    K.set_value(v, [5.0, 5.0])
    _close(K.eval(doubled_sum), 20.0)  # recorded: read when evaluated


def eager_is_identity(K):
    def double(x):
        return x * 2
    assert K.eager(double) is double
    _close(K.eval(K.eager(double)(K.constant([1.5]))), [3.0])


def control_dependencies_context(K):
    v = K.variable([1.0])
    with K.control_dependencies([K.update_add(v, K.constant([1.0]))]):
        y = K.identity(K.constant([3.0]))
    _close(K.eval(y), [3.0])
    _close(K.get_value(v), [2.0])
    with K.control_dependencies(None):
        pass


def session_round_trip(K):
    with _restored(K):
        session = K.get_session()
        assert K.get_session() is session
        _close(session.run(K.constant([1.0, 2.0])), [1.0, 2.0])
        first, second = session.run([K.constant(3.0), K.variable([4.0])])
        _close(first, 3.0)
        _close(second, [4.0])

        class Custom:
            pass
        custom = Custom()
        K.set_session(custom)
        assert K.get_session() is custom


CASES = [
    CheckCase("backend", backend_name, "name-selects-the-engine"),
    CheckCase("epsilon", epsilon_read_at_call_time, "default-and-read-at-call-time"),
    CheckCase("floatx", floatx_sets_default_dtypes, "default-and-creation-dtypes"),
    CheckCase("cast_to_floatx", cast_to_floatx_gives_numpy, "numpy-of-floatx"),
    CheckCase("image_data_format", image_data_format_is_the_default, "default-and-bias_add"),
    CheckCase("reset_uids", reset_uids_restarts_counters, "every-prefix"),
    CheckCase("manual_variable_initialization", manual_initialization_flag, "flag"),
    CheckCase("symbolic", symbolic_records_variables, "records-variable-reads"),
    CheckCase("eager", eager_is_identity, "returns-the-function"),
    CheckCase("control_dependencies", control_dependencies_context, "context"),
    CheckCase("get_session", session_round_trip, "run-and-replace"),
    CheckCase("set_session", session_round_trip, "run-and-replace"),
]
