"""Checks: configuration and global state, placeholders, introspection and printing."""
import contextlib
import io

import numpy as np

from ..model import CheckCase, ErrorCase


@contextlib.contextmanager
def _restored(K):
    saved = (K.floatx(), K.epsilon(), K.image_data_format())
    try:
        yield
    finally:
        K.set_floatx(saved[0])
        K.set_epsilon(saved[1])
        K.set_image_data_format(saved[2])


def settings(K):
    with _restored(K):
        K.set_floatx("float64")
        assert K.floatx() == "float64"
        assert K.dtype(K.variable(np.ones(2))) == "float64" and K.dtype(K.zeros_like(np.ones(2))) == "float64"
        assert K.cast_to_floatx([1, 2]).dtype == np.float64
        K.set_epsilon(1)
        assert K.epsilon() == 1.0 and isinstance(K.epsilon(), float)
        K.set_image_data_format("channels_first")
        assert K.image_data_format() == "channels_first"
        assert K.normalize_data_format(None) == "channels_first"
        assert K.normalize_data_format("Channels_Last") == "channels_last"
    assert isinstance(K.cast_to_floatx(3.0), np.ndarray) and K.cast_to_floatx(3.0).dtype == np.dtype(K.floatx())
    assert isinstance(K.backend(), str) and K.backend()


def uids(K):
    K.reset_uids()
    first = K.get_uid()
    assert K.get_uid() == first + 1 and K.get_uid("dense") == 1 and K.get_uid("dense") == 2
    K.reset_uids()
    assert K.get_uid() == first
    K.get_uid("x")
    K.clear_session()
    assert K.get_uid("x") == 1


def learning_phase(K):
    K.clear_session()
    phase = K.learning_phase()
    assert K.is_placeholder(phase) and K.int_shape(phase) == ()
    K.set_learning_phase(1)
    assert K.learning_phase() == 1
    with K.learning_phase_scope(0):
        assert K.learning_phase() == 0
    assert K.learning_phase() == 1
    K.clear_session()
    assert not isinstance(K.learning_phase(), int)  # back to the symbolic phase


def scopes_and_decorators(K):
    with K.name_scope("block") as scope:
        assert "block" in scope
    with K.control_dependencies([K.constant(1.0)]):
        pass

    def f(a):
        return a + 1
    assert K.symbolic(f)(1) == 2 and K.eager(f) is f
    session = K.get_session()
    assert session is K.get_session()
    np.testing.assert_allclose(session.run(K.constant([1.0, 2.0])), [1.0, 2.0])
    K.set_session(session)
    K.manual_variable_initialization(True)
    K.manual_variable_initialization(False)


def placeholders(K):
    p = K.placeholder(shape=(None, 3), name="inputs")
    assert K.is_placeholder(p) and K.is_tensor(p) and not K.is_keras_tensor(p)
    assert K.int_shape(p) == (None, 3) and K.ndim(p) == 2 and K.dtype(p) == K.floatx()
    q = K.placeholder(ndim=3, dtype="int32")
    assert K.int_shape(q) == (None, None, None) and K.dtype(q) == "int32"
    p._keras_history = ("layer", 0, 0)
    assert K.is_keras_tensor(p)
    p._keras_shape = (None, 3)
    p._uses_learning_phase = True
    assert K.int_shape(K.placeholder(shape=(2, 3))) == (2, 3) and K.count_params(K.placeholder(shape=(2, 3))) == 6
    assert not K.is_placeholder(K.constant(1.0))


def introspection(K):
    x = K.constant(np.zeros((2, 0, 3)))
    assert K.int_shape(x) == (2, 0, 3) and K.ndim(x) == 3 and K.count_params(x) == 0
    assert K.ndim(K.constant(1.0)) == 0 and K.int_shape(K.constant(1.0)) == ()
    assert K.dtype(K.constant(1, dtype="int64")) == "int64"
    c = K.constant(1.0)
    data = isinstance(c, np.ndarray)  # the NumPy engine's tensors are NumPy arrays: data, not tensors (is_tensor)
    assert K.is_tensor(c) is not data and not K.is_variable(c)
    assert K.is_sparse(c) is False
    if not data:
        assert K.is_keras_tensor(c) is False


def print_tensor(K):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        x = K.constant([[1.0]])
        y = K.print_tensor(x, message="msg")
    assert buffer.getvalue().startswith("msg") and "1." in buffer.getvalue()
    np.testing.assert_array_equal(K.eval(y), [[1.0]])


def count_params_unknown(K):
    try:
        K.count_params(K.placeholder(shape=(None, 3)))
    except ValueError:
        return
    raise AssertionError("count_params of a shape with None must be a ValueError")


CASES = [
    CheckCase("set_floatx", settings, "settings-round-trip"),
    CheckCase("get_uid", uids, "counters"),
    CheckCase("learning_phase", learning_phase, "set-and-scope"),
    CheckCase("name_scope", scopes_and_decorators, "contexts-decorators-session"),
    CheckCase("placeholder", placeholders, "shape-dtype-attributes"),
    CheckCase("int_shape", introspection, "tensors"),
    CheckCase("print_tensor", print_tensor, "prints-and-returns"),
    CheckCase("count_params", count_params_unknown, "unknown-dimension"),
    ErrorCase("set_floatx", ("float8",), {}, ValueError, "unknown"),
    ErrorCase("set_epsilon", ("small",), {}, ValueError, "not-a-number"),
    ErrorCase("set_image_data_format", ("channels_middle",), {}, ValueError, "unknown"),
    ErrorCase("normalize_data_format", ("channels_middle",), {}, ValueError, "unknown"),
    ErrorCase("set_learning_phase", (2,), {}, ValueError, "not-0-or-1"),
    ErrorCase("learning_phase_scope", ("train",), {}, ValueError, "not-0-or-1"),
]
