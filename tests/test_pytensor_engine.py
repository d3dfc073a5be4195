"""The PyTensor engine's own promises (issue 13): eager calls compile once per input signature and are cached,
``K.function`` compiles its whole program into one PyTensor function once per signature, gradients come from
the rules or ``pytensor.grad``, and the modes are settings. The values are checked against NumPy float64
computations written here."""
import numpy as np
import pytest

from conftest import selected_engines
from helpers import clean_env, run_python

if "pytensor" not in selected_engines():
    pytest.skip("the pytensor engine is not under test (KBACKEND_TEST_ENGINES)", allow_module_level=True)

import pytensor  # noqa: E402

import kbackend as K  # noqa: E402
import kbackend.engines.pytensor.graph as engine_graph  # noqa: E402


def linker_of(mode):
    """The class name of a ``pytensor.function`` mode's linker: ``PerformLinker`` for the Python linker (the
    default of eager calls, KBACKEND_PYTENSOR_EAGER_MODE=py-c), ``NumbaLinker`` for Numba (the default of
    K.function programs, KBACKEND_PYTENSOR_MODE=numba), ``VMLinker`` for the C virtual machine."""
    return type(mode.linker).__name__


@pytest.fixture
def engine():
    with K.backend_scope("pytensor") as loaded:
        K.clear_session()
        yield loaded
        K.clear_session()


@pytest.fixture
def compilations(monkeypatch):
    """The modes of every ``pytensor.function`` compiled while the test runs."""
    modes = []
    original = pytensor.function

    def counting(*args, **kwargs):
        modes.append(kwargs.get("mode"))
        return original(*args, **kwargs)
    monkeypatch.setattr(pytensor, "function", counting)
    return modes


def test_eager_calls_compile_once_per_signature(engine, compilations):
    exp = engine.table["exp"]
    exp.cache.clear()
    rng = np.random.default_rng(0)
    for shape in [(3, 4), (3, 4), (5, 4), (7, 2)]:  # one signature: float32, rank 2, no axis of size 1
        x = rng.standard_normal(shape).astype(np.float32)
        out = K.exp(x)
        assert type(out) is np.ndarray and out.dtype == np.float32
        np.testing.assert_allclose(out, np.exp(x.astype(np.float64)), rtol=1e-6)
    assert len(exp.cache) == 1 and len(compilations) == 1
    K.exp(np.ones((1, 4), np.float32))  # an axis of size 1 broadcasts: a signature of its own
    K.exp(np.ones((3, 4), np.float64))  # another dtype
    assert len(exp.cache) == 3 and len(compilations) == 3
    assert [linker_of(mode) for mode in compilations] == ["PerformLinker"] * 3


def test_eager_graphs_numpy_cannot_vectorise_run_large_inputs_in_c(engine, compilations):
    """A cast has no NumPy function in PyTensor's Python linker (it loops over the elements in Python): exp of
    integers (cast to floatx first) runs small inputs with the Python linker and large ones compiled to C."""
    engine.table["exp"].cache.clear()
    small = np.array([[0, 1], [2, -3]], np.int32)
    out = K.exp(small)
    assert out.dtype == np.float32 and [linker_of(mode) for mode in compilations] == ["PerformLinker"]
    np.testing.assert_allclose(out, np.exp(small.astype(np.float64)), rtol=1e-6)
    large = np.arange(-50, 50, dtype=np.int32).reshape(1, 100).repeat(30, axis=0) // 10  # 3,000 elements
    for _ in range(2):
        out = K.exp(large)
        np.testing.assert_allclose(out, np.exp(large.astype(np.float64)), rtol=1e-6)
    assert out.dtype == np.float32 and [linker_of(mode) for mode in compilations] == ["PerformLinker", "VMLinker"]


def test_non_tensor_arguments_are_part_of_the_signature(engine, compilations):
    engine.table["sum"].cache.clear()
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    np.testing.assert_array_equal(K.sum(x, axis=0), [12.0, 15.0, 18.0, 21.0])
    np.testing.assert_array_equal(K.sum(x, axis=1), [6.0, 22.0, 38.0])
    np.testing.assert_array_equal(K.sum(x + 1, axis=1), [10.0, 26.0, 42.0])
    assert len(engine.table["sum"].cache) == 2


def test_k_function_is_one_pytensor_function_compiled_once(engine, compilations, monkeypatch):
    """An SGD step of a linear least-squares model: three calls, one compilation in the program mode (at the
    second call here: KBACKEND_PYTENSOR_COMPILE_AFTER=1), and the values of a float64 NumPy computation of the
    same steps."""
    monkeypatch.setattr(engine_graph, "PROGRAM_COMPILE_AFTER", 1)
    rng = np.random.default_rng(1)
    features, targets = rng.standard_normal((8, 3)), rng.standard_normal((8, 1))
    w0 = rng.standard_normal((3, 1))
    x, y = K.placeholder((None, 3)), K.placeholder((None, 1))
    w = K.variable(w0)
    loss = K.mean(K.square(K.dot(x, w) - y))
    gradient, = K.gradients(loss, [w])
    step = K.function([x, y], [loss], [(w, w - 0.1 * gradient)])
    expected_w = w0.astype(np.float32).astype(np.float64)
    f32 = features.astype(np.float32).astype(np.float64)
    t32 = targets.astype(np.float32).astype(np.float64)
    before = len(compilations)
    for _ in range(3):
        value, = step([features.astype(np.float32), targets.astype(np.float32)])
        residual = f32 @ expected_w - t32
        np.testing.assert_allclose(value, np.mean(residual ** 2), rtol=1e-5)
        expected_w = expected_w - 0.1 * (2.0 / len(f32)) * f32.T @ residual
        np.testing.assert_allclose(K.get_value(w), expected_w, rtol=1e-5)
    programs = [mode for mode in compilations[before:] if linker_of(mode) == "NumbaLinker"]
    assert len(programs) == 1, compilations[before:]


def test_gradients_by_rules_and_by_pytensor_grad(engine):
    """sin and multiply have gradient rules; cumprod has none, so that loss is differentiated by pytensor.grad."""
    x = K.placeholder((3,))
    by_rules, = K.gradients(K.sum(K.sin(x) * x), [x])
    by_pytensor, = K.gradients(K.sum(K.cumprod(x, axis=0)), [x])
    value = np.array([0.5, -1.5, 2.0], np.float32)
    got_rules, got_pytensor = K.function([x], [by_rules, by_pytensor])([value])
    v = value.astype(np.float64)
    np.testing.assert_allclose(got_rules, np.cos(v) * v + np.sin(v), rtol=1e-6)
    # d/dv_i sum_k prod_{j<=k} v_j = sum_{k>=i} prod_{j<=k, j!=i} v_j
    expected = [sum(np.prod([v[j] for j in range(k + 1) if j != i]) for k in range(i, 3)) for i in range(3)]
    np.testing.assert_allclose(got_pytensor, expected, rtol=1e-6)


def test_theano_alias_selects_the_engine(engine):
    with K.backend_scope("theano") as aliased:
        assert aliased is engine and K.backend() == "pytensor"


def test_the_mode_settings(tmp_path):
    """A program's first calls run in the eager mode, until KBACKEND_PYTENSOR_COMPILE_AFTER calls (default 100) or
    KBACKEND_PYTENSOR_COMPILE_AFTER_SECONDS of them (default 1) have run; the next call compiles it in
    KBACKEND_PYTENSOR_MODE (Numba by default); 0 compiles in that mode at once."""
    code = ("import pytensor\nlinkers = []\noriginal = pytensor.function\n"
            "def recording(*args, **kwargs):\n    linkers.append(type(kwargs['mode'].linker).__name__)\n"
            "    return original(*args, **kwargs)\npytensor.function = recording\n"
            "import kbackend as K, numpy as np\nx = K.placeholder((2,))\nf = K.function([x], [K.exp(x) * 2])\n"
            "for value in (0, 1, 1, 1):\n    before = len(linkers)\n    out, = f([np.full(2, value, 'float32')])\n"
            "    print([round(v, 5) for v in out.tolist()], linkers[before:][-1:])")
    e2 = round(2 * np.e, 5)
    runs = [({}, [["PerformLinker"], [], [], []]),
            ({"KBACKEND_PYTENSOR_COMPILE_AFTER": "2"}, [["PerformLinker"], [], ["NumbaLinker"], []]),
            ({"KBACKEND_PYTENSOR_COMPILE_AFTER": "0"}, [["NumbaLinker"], [], [], []]),
            ({"KBACKEND_PYTENSOR_COMPILE_AFTER_SECONDS": "1e-9"}, [["PerformLinker"], ["NumbaLinker"], [], []]),
            ({"KBACKEND_PYTENSOR_COMPILE_AFTER": "0", "KBACKEND_PYTENSOR_MODE": "c"}, [["VMLinker"], [], [], []]),
            ({"KBACKEND_PYTENSOR_COMPILE_AFTER": "0", "KBACKEND_PYTENSOR_MODE": "py"}, [["PerformLinker"], [], [], []])]
    for settings, compiled in runs:
        proc = run_python(code, clean_env(tmp_path, KBACKEND_ENGINE="pytensor", **settings))
        expected = [f"[{v}, {v}] {linkers}" for v, linkers in zip([2.0, e2, e2, e2], compiled)]
        assert proc.stdout.strip().split("\n") == expected, (settings, proc.stdout, proc.stderr)
    for variable, value, expected in [("KBACKEND_PYTENSOR_MODE", "fastest", "numba"),
                                      ("KBACKEND_PYTENSOR_COMPILE_AFTER", "-1", "a number of calls"),
                                      ("KBACKEND_PYTENSOR_COMPILE_AFTER_SECONDS", "soon", "a number of seconds")]:
        proc = run_python("import kbackend as K\ntry:\n    K.sum(1.0)\nexcept K.EngineError as err:\n    print(err)",
                          clean_env(tmp_path, KBACKEND_ENGINE="pytensor", **{variable: value}))
        assert f"{variable}={value!r}" in proc.stdout and expected in proc.stdout, (variable, proc.stdout, proc.stderr)


def test_programs_in_the_jax_mode_return_numpy_arrays_of_their_dtypes(tmp_path):
    """PyTensor's JAX linker returns JAX arrays (read-only seen from NumPy), some of them float64 for a float32
    graph: a variable updated with one got a new dtype, so every call traced and compiled its program again (3
    training steps/s). Results and new variable values are writable NumPy arrays of the graph's dtypes, and the
    program compiles once."""
    code = ("import pytensor\ncompiled = []\noriginal = pytensor.function\n"
            "def recording(*args, **kwargs):\n    compiled.append(type(kwargs['mode'].linker).__name__)\n"
            "    return original(*args, **kwargs)\npytensor.function = recording\n"
            "import numpy as np, kbackend as K\n"
            "x = K.placeholder((None, 3))\nw = K.variable(np.ones((3, 1)))\nloss = K.mean(K.square(K.dot(x, w)))\n"
            "grad, = K.gradients(loss, [w])\nstep = K.function([x], [loss], [(w, w - 0.1 * grad)])\n"
            "data = np.arange(6, dtype='float32').reshape(2, 3) / 10\n"
            "for _ in range(4):\n    out, = step([data])\n"
            "    print(type(out).__name__, out.dtype, out.flags.writeable, type(w.value).__name__, w.value.dtype,"
            " float(out))\n"
            "print(compiled.count('JAXLinker'))")
    proc = run_python(code, clean_env(tmp_path, KBACKEND_ENGINE="pytensor", KBACKEND_PYTENSOR_MODE="jax",
                                      KBACKEND_PYTENSOR_COMPILE_AFTER="0"))
    lines = proc.stdout.strip().split("\n")
    assert lines[-1] == "1" and len(lines) == 5, (proc.stdout, proc.stderr)
    w, data = np.ones((3, 1)), np.arange(6, dtype=np.float64).reshape(2, 3) / 10
    for line in lines[:4]:
        kind, dtype, writeable, value_kind, value_dtype, loss = line.split()
        assert (kind, dtype, writeable, value_kind, value_dtype) == ("ndarray", "float32", "True", "ndarray",
                                                                     "float32"), line
        np.testing.assert_allclose(float(loss), np.mean((data @ w) ** 2), rtol=1e-5)
        w = w - 0.1 * 2 * data.T @ (data @ w) / len(data)


def test_float16_programs_compile_without_numba(engine, compilations, monkeypatch):
    """Numba has no float16: a program holding float16 values compiles with the Python linker (PyTensor's C code
    has no float16 either) and computes NumPy's float16 values."""
    monkeypatch.setattr(engine_graph, "PROGRAM_COMPILE_AFTER", 0)
    x = K.placeholder((3,), dtype="float16")
    f = K.function([x], [K.exp(x) * 2, K.ones_like(x)])
    value = np.array([0.0, 1.0, -2.5], np.float16)
    doubled, ones = f([value])
    assert doubled.dtype == np.float16
    np.testing.assert_allclose(doubled, 2 * np.exp(value.astype(np.float64)), rtol=2e-3)
    np.testing.assert_array_equal(ones, np.ones(3))
    linkers = [linker_of(mode) for mode in compilations]
    assert "PerformLinker" in linkers and "NumbaLinker" not in linkers, linkers


def test_programs_slice_reversed_tensors_right(engine, monkeypatch):
    """PyTensor 3.0.7's rewrite local_dimshuffle_subtensor turns ``x[:, ::-1][:, 0:1]`` squeezed into ``x[:, 0]``
    (it takes 0 for the missing start of a negative-step slice); the gradient of a reversed sequence (Keras's
    Bidirectional, K.rnn with go_backwards) holds that pattern. The first call runs the eager mode, the next
    ones the compiled program (KBACKEND_PYTENSOR_COMPILE_AFTER=1 here), built with PyTensor's FAST_RUN rewrites, so
    the engine must leave that rewrite out."""
    monkeypatch.setattr(engine_graph, "PROGRAM_COMPILE_AFTER", 1)
    x = K.placeholder((2, 5))
    reversed_x = K.reverse(x, 1)
    f = K.function([x], [K.squeeze(reversed_x[:, 0:1], 1), reversed_x[:, 1], K.squeeze(reversed_x[:, 4:5], 1)])
    value = np.arange(10, dtype=np.float32).reshape(2, 5)
    for _ in range(3):
        last, second_last, first = f([value])
        np.testing.assert_array_equal(last, [4.0, 9.0])
        np.testing.assert_array_equal(second_last, [3.0, 8.0])
        np.testing.assert_array_equal(first, [0.0, 5.0])


def test_a_program_called_a_few_times_needs_no_c_compiler_and_repeats_its_results(engine, compilations):
    """Keras's predict on a model with dropout, in small: the learning phase fed 0 turns dropout off, and the
    program's first KBACKEND_PYTENSOR_COMPILE_AFTER calls (default 100) run the eager mode, even with a large
    input through a cast (which NumPy cannot vectorise in PyTensor's Python linker): no C compilation, and the
    same inputs give the same values, bit for bit (C code would round float32 exp differently in the last bit)."""
    x = K.placeholder((None, 60))
    hidden = K.exp(K.cast(x, "float32") * 0.01)
    out = K.in_train_phase(K.dropout(hidden, 0.5), hidden)
    f = K.function([x, K.learning_phase()], [out])
    value = (np.arange(3000, dtype=np.int32).reshape(50, 60) % 97) - 40
    before = len(compilations)
    predictions = [f([value, 0])[0] for _ in range(3)]
    for predicted in predictions[1:]:
        np.testing.assert_array_equal(predicted, predictions[0])
    np.testing.assert_allclose(predictions[0], np.exp(value.astype(np.float64) * 0.01), rtol=1e-6)
    training = f([value, 1])[0]
    dropped = training == 0
    assert 0.3 < dropped.mean() < 0.7
    np.testing.assert_allclose(training[~dropped], 2 * predictions[0][~dropped], rtol=1e-6)
    assert [linker_of(mode) for mode in compilations[before:]] == ["PerformLinker"] * (len(compilations) - before)
