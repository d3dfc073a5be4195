"""PyTensor engine: compilation modes, and eager calls as PyTensor functions compiled once per input signature.

Every engine function is written once with ``pytensor.tensor`` operations (:func:`graph_function`). Given symbolic
PyTensor variables (while ``K.function`` traces a program, or ``K.gradients`` differentiates one) it adds nodes to
their graph. Given values (NumPy arrays, the engine's eager tensors), it builds the same graph on symbolic inputs
typed like the values (dtype, rank, and which axes have size 1: PyTensor broadcasts only axes known to have size 1),
with every other argument (axes, shapes, dtype names, Python numbers) as a constant, compiles it with
``pytensor.function`` in the eager mode, caches the compiled function under that signature, and runs it. A
training loop or a conformance case therefore compiles each operation once per signature; PyTensor's own caches
(the C modules in its ``compiledir``) make a signature seen in an earlier process cheap to compile again.

Modes (read once, at import; see :data:`PROGRAM_MODE` and :data:`EAGER_MODE`):

* ``KBACKEND_PYTENSOR_MODE``: how ``K.function`` programs compile. ``numba`` (the default: PyTensor's Numba linker,
  as PyTensor 3's own default mode), ``c`` (the C virtual machine with the FAST_RUN rewrites), ``jax``, ``py``
  (Python implementations, FAST_RUN rewrites), or any mode name PyTensor knows (``FAST_RUN``, ``FAST_COMPILE``...).
  Measured (``python -m benchmarks.pytensor_modes``, benchmarks/PYTENSOR_MODES.md, one thread): training steps/s
  of an MLP, a tiny MLP and a 2-layer LSTM: Numba 767 / 33,169 / 115, C 345 / 17,412 / 61, JAX 665 / 5,802 / 51;
  the first call with an empty compile folder costs Numba 12.5 / 4.1 / 98 s, C 9.6 / 2.0 / 39 s, and 0.3 / 0.3 / 13 s
  for both once the folder holds the program's parts. Numba has no float16: a graph holding float16 values
  compiles in ``py`` instead (see :func:`compile_function`).
* ``KBACKEND_PYTENSOR_COMPILE_AFTER`` (default 100) and ``KBACKEND_PYTENSOR_COMPILE_AFTER_SECONDS`` (default 1):
  a program's calls (per input signature) run in the eager mode (the Python linker, no compiler) until that many
  calls, or that many seconds of them, have run; the next call compiles it in ``KBACKEND_PYTENSOR_MODE``, which
  every later call runs. A program called a few times (a prediction, a test, a short training run) then costs no
  compilation at all, and a slow eager program (an unrolled LSTM: 1.5 s per eager step) compiles after a second of
  it. Break-even measured for Numba (eager against compiled steps, compile cost with an empty / a filled folder):
  MLP 21.7 ms against 1.3 ms per step, 590 / 17 calls; tiny MLP 1.3 ms against 0.03 ms, 2,460 / 177 calls; LSTM
  1.5 s against 9 ms, 58 / 9 calls. 0 compiles at the first call. The two modes round differently (NumPy's and the
  compiled code's float32 functions, the FAST_RUN rewrites): a program's results may change in the last bits once,
  at the call that compiles it; within each mode, the same inputs give the same results.
* ``KBACKEND_PYTENSOR_EAGER_MODE``: how eager calls compile. Default ``py-c``: the Python linker (each node runs
  its NumPy implementation, no C compiler involved) with the FAST_COMPILE rewrites. A graph holding an element-wise
  operation that NumPy has no function for (a cast, ``clip``, ``softplus``: PyTensor loops over the elements in
  Python) also gets a ``c-fast-compile`` compilation (the C virtual machine, FAST_COMPILE rewrites), which its
  calls with more than ``SMALL_INPUTS`` input elements run (see :class:`EagerFunction`). Measured (one thread, 2
  shared cores): per call, the Python linker is as fast as C for one operation (exp 32x64: 12 us against 9 us;
  sum, dot, concatenate: 9 to 10 us either way), and a new signature costs 4 to 30 ms instead of 0.4 to 4 s of g++
  with a cold compile folder. ``c-fast-compile``, ``py-fast-compile`` and every program mode are accepted too.
"""
import inspect
import os
import threading
import warnings

import numpy as np
import pytensor
from pytensor.compile.mode import Mode, get_mode
from pytensor.graph.basic import Variable as SymbolicVariable
from pytensor.graph.traversal import ancestors
from pytensor.link.basic import JITLinker
from pytensor.link.numba.linker import NumbaLinker
from pytensor.tensor.elemwise import CAReduce, Elemwise

from kbackend.engine_api import Variable as _BaseVariable

__all__ = []

# PyTensor has no C code for float16 and says so for every op it compiles (its Python code computes them instead).
warnings.filterwarnings("ignore", message=r"Disabling C code for .* due to unsupported float16")

_NAMED_MODES = {
    "c": ("cvm", "fast_run"),
    "c-fast-compile": ("cvm", "fast_compile"),
    "py": ("py", "fast_run"),
    "py-fast-compile": ("py", "fast_compile"),
    "py-c": ("py", "fast_compile"),  # and c-fast-compile where NumPy has no function for a node (see _vectorised)
    "numba": "NUMBA",
    "jax": "JAX",
}


# PyTensor rewrites that give wrong results, left out of every mode:
# - local_dimshuffle_subtensor (PyTensor 3.0.7) turns a squeezed length-1 slice into an index at the slice's start,
#   taking 0 for a missing start even when the step is negative (where the slice starts at the end): x[:, ::-1]
#   [:, 0:1] squeezed gives x[:, 0] instead of x[:, -1]. The gradient of a reversed sequence (K.rnn with
#   go_backwards, Keras's Bidirectional) builds exactly that.
WRONG_REWRITES = ("local_dimshuffle_subtensor",)


def mode_from_setting(value, variable):
    """The PyTensor mode named by ``value`` (a name of ``_NAMED_MODES`` or a PyTensor mode name).

    Arguments:
        value: the setting's text.
        variable: the environment variable it came from (named in the error).

    Returns:
        A ``pytensor.compile.mode.Mode``, without the rewrites of ``WRONG_REWRITES``.

    Raises:
        ValueError: the name is neither.
    """
    named = _NAMED_MODES.get(value.lower())
    if named is None:
        if value.upper() not in ("FAST_RUN", "FAST_COMPILE", "NUMBA", "JAX", "PYTORCH", "DEBUGMODE"):
            raise ValueError(f"{variable}={value!r}: expected one of {', '.join(_NAMED_MODES)} or a PyTensor mode "
                             f"name (FAST_RUN, FAST_COMPILE, NUMBA, JAX)")
        named = value.upper()
    mode = get_mode("DebugMode" if named == "DEBUGMODE" else named) if isinstance(named, str) else \
        Mode(linker=named[0], optimizer=named[1])
    return mode.excluding(*WRONG_REWRITES)


_EXPECTED_NUMBERS = {int: "a number of calls (0, 1, 2, ...)", float: "a number of seconds (0, 0.5, 2, ...)"}


def number_from_setting(value, variable, number_type):
    """The non-negative number given by ``value``: a count of calls (``int``) or a duration in seconds (``float``).

    Arguments:
        value: the setting's text.
        variable: the environment variable it came from (named in the error).
        number_type: ``int`` or ``float``.

    Returns:
        A number >= 0 of ``number_type``.

    Raises:
        ValueError: ``value`` is not such a number.
    """
    try:
        number = number_type(value.strip())
    except ValueError:
        number = -1
    if not number >= 0:
        raise ValueError(f"{variable}={value!r}: expected {_EXPECTED_NUMBERS[number_type]}")
    return number


PROGRAM_MODE_NAME = os.environ.get("KBACKEND_PYTENSOR_MODE", "numba")
EAGER_MODE_NAME = os.environ.get("KBACKEND_PYTENSOR_EAGER_MODE", "py-c")
PROGRAM_MODE = mode_from_setting(PROGRAM_MODE_NAME, "KBACKEND_PYTENSOR_MODE")
PROGRAM_COMPILE_AFTER = number_from_setting(os.environ.get("KBACKEND_PYTENSOR_COMPILE_AFTER", "100"),
                                            "KBACKEND_PYTENSOR_COMPILE_AFTER", int)
PROGRAM_COMPILE_AFTER_SECONDS = number_from_setting(os.environ.get("KBACKEND_PYTENSOR_COMPILE_AFTER_SECONDS", "1"),
                                                    "KBACKEND_PYTENSOR_COMPILE_AFTER_SECONDS", float)
EAGER_MODE = mode_from_setting(EAGER_MODE_NAME, "KBACKEND_PYTENSOR_EAGER_MODE")
# The mode of graphs holding float16 values when the mode asked for is Numba's (Numba has no float16): the Python
# linker, FAST_RUN rewrites (PyTensor's C code has no float16 either: it computes them in Python too).
FLOAT16_MODE = mode_from_setting("py", "KBACKEND_PYTENSOR_MODE")
# The mode of eager graphs that the Python linker would run element by element in Python (py-c only).
EAGER_FALLBACK_MODE = mode_from_setting("c-fast-compile", "KBACKEND_PYTENSOR_EAGER_MODE") \
    if EAGER_MODE_NAME.lower() == "py-c" else None


def _vectorised(node):
    """Whether the Python linker runs ``node`` with whole-array NumPy (or SciPy) calls: False for an element-wise
    operation or reduction whose scalar operation has no NumPy function (PyTensor then calls its Python
    implementation once per element, through ``numpy.frompyfunc``)."""
    op = node.op
    if isinstance(op, Elemwise):
        spec = op.nfunc_spec
        return bool(spec) and spec[1] == len(node.inputs) and op.nfunc is not None
    if isinstance(op, CAReduce):
        spec = getattr(op.scalar_op, "nfunc_spec", None)
        return bool(spec) and hasattr(np, spec[0])
    return True


# py-c: inputs with at most this many elements in all run a graph that NumPy cannot vectorise with the Python
# linker all the same (PyTensor's Python loop costs 0.3 to 0.6 us per element: under a millisecond here, against
# 1 to 3 s of g++ for a C module that is not in the compile folder yet); larger ones run its C compilation.
SMALL_INPUTS = 2048


def _holds_float16(inputs, outputs):
    return any(getattr(v.type, "dtype", None) == "float16" for v in ancestors([*inputs, *outputs]))


def compile_function(inputs, outputs, mode, **options):
    """``pytensor.function(inputs, outputs, mode=mode, **options)``, compiled under the compile lock. Numba has no
    float16: a graph holding a float16 value compiles in ``FLOAT16_MODE`` instead.

    Arguments:
        inputs: the symbolic inputs.
        outputs: the symbolic outputs (a list).
        mode: a PyTensor mode.
        **options: more keyword arguments of ``pytensor.function``.

    Returns:
        The compiled function (``fn(*arguments) -> list of NumPy arrays`` of the outputs' dtypes; PyTensor copies
        constant outputs itself).
    """
    if isinstance(mode.linker, NumbaLinker) and _holds_float16(inputs, outputs):
        mode = FLOAT16_MODE
    with COMPILE_LOCK:
        function = pytensor.function(inputs, outputs, mode=mode, **options)
    if isinstance(mode.linker, JITLinker) and not isinstance(mode.linker, NumbaLinker):
        return HostResults(function, [o.type.dtype for o in outputs])
    return function


class HostResults:
    """A function compiled by a linker that returns its framework's arrays (the JAX linker: JAX arrays, read-only
    when viewed from NumPy, and sometimes of a wider dtype than the graph's, float64 for float32), called like a
    PyTensor function: its results are new NumPy arrays of the graph's dtypes."""

    __slots__ = ("function", "dtypes", "maker")

    def __init__(self, function, dtypes):
        self.function, self.dtypes, self.maker = function, dtypes, function.maker

    def __call__(self, *arguments):
        return [np.array(value, dtype) for value, dtype in zip(self.function(*arguments), self.dtypes)]


class EagerFunction:
    """A graph compiled in the eager mode (see the module's docstring), called like a PyTensor function.

    With ``py-c``, a graph holding a node that NumPy cannot vectorise (see ``_vectorised``) also gets a C
    compilation (``c-fast-compile``), made at its first call with more than ``SMALL_INPUTS`` input elements and
    used for every such call.
    """

    __slots__ = ("function", "graph", "c_function")

    def __init__(self, inputs, outputs, c_fallback=True, **options):
        """Compile ``pytensor.function(inputs, outputs, **options)`` in the eager mode, under the compile lock.

        Arguments:
            inputs: the symbolic inputs.
            outputs: the symbolic outputs (a list).
            c_fallback: whether large inputs of a graph that NumPy cannot vectorise run a C compilation (False for
                the first calls of a ``K.function`` program: its whole graph would compile to C modules twice, in
                FAST_COMPILE now and in the program mode later).
            **options: more keyword arguments of ``pytensor.function``.
        """
        self.function = compile_function(inputs, outputs, EAGER_MODE, **options)
        vectorised = EAGER_FALLBACK_MODE is None or not c_fallback or \
            all(map(_vectorised, self.function.maker.fgraph.apply_nodes))
        self.graph = None if vectorised else (inputs, outputs, options)
        self.c_function = None

    def __call__(self, *arguments):
        if self.graph is None or sum(getattr(a, "size", 1) for a in arguments) <= SMALL_INPUTS:
            return self.function(*arguments)
        if self.c_function is None:
            inputs, outputs, options = self.graph
            self.c_function = compile_function(inputs, outputs, EAGER_FALLBACK_MODE, **options)
        return self.c_function(*arguments)


_ndarray = np.ndarray
_generic = np.generic
_PLAIN = (int, bool, str, type(None))
_SEQUENCES = (list, tuple)
_KNOWN_DTYPES = frozenset(np.dtype(name).char for name in (
    "float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool"))


# PyTensor's compilation is not thread-safe (it initialises configuration values and its module cache lazily):
# one compilation at a time in this process. Calls of compiled functions are locked per function.
COMPILE_LOCK = threading.RLock()


class _SymbolicArgument(Exception):
    """Raised while reading a call's arguments when one of them is symbolic: the body then builds graph nodes."""


class _Uncacheable(Exception):
    """Raised while reading a call's arguments when one of them cannot be part of a cache key."""


def is_symbolic(x):
    """Whether ``x`` is a symbolic PyTensor variable (a node output or an input of a graph being built)."""
    return isinstance(x, SymbolicVariable)


def _signature(value, key, tensors):
    """Append ``value``'s part of the cache key to ``key`` and its arrays to ``tensors``."""
    tv = type(value)
    if tv is _ndarray:
        if value.dtype.char not in _KNOWN_DTYPES:
            raise TypeError(f"Cannot use a value of dtype {value.dtype} as a tensor: expected numbers or booleans")
        key.append((value.dtype.char, tuple(d == 1 for d in value.shape)))
        tensors.append(value)
    elif tv in _PLAIN:
        key.append((tv, value))
    elif tv is float:
        key.append((float, value.hex() if value == value else "nan"))
    elif tv in _SEQUENCES:
        key.append((tv, len(value)))
        for item in value:
            _signature(item, key, tensors)
    elif isinstance(value, SymbolicVariable):
        raise _SymbolicArgument
    elif isinstance(value, _BaseVariable):
        _signature(value.current_value(), key, tensors)
    elif isinstance(value, _generic):
        _signature(np.asarray(value), key, tensors)
    else:
        raise _Uncacheable


def _symbolic_inputs(tensors):
    return [pytensor.tensor.tensor(dtype=t.dtype.name, shape=tuple(1 if d == 1 else None for d in t.shape))
            for t in tensors]


def _substitute(value, inputs):
    """``value`` with its arrays (and variables' values) replaced, in order, by the symbolic ``inputs``."""
    tv = type(value)
    if tv is _ndarray:
        return next(inputs)
    if tv in _SEQUENCES:
        return tv(_substitute(item, inputs) for item in value)
    if isinstance(value, _BaseVariable):
        return _substitute(value.current_value(), inputs)
    if isinstance(value, _generic):
        return next(inputs)
    return value


def flatten_outputs(result, symbolic):
    """The structure of ``result`` with each symbolic leaf replaced by its position in ``symbolic``."""
    if isinstance(result, SymbolicVariable):
        symbolic.append(result)
        return _Slot(len(symbolic) - 1)
    if type(result) in _SEQUENCES:
        return type(result)(flatten_outputs(item, symbolic) for item in result)
    return result


class _Slot:
    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index


def rebuild(structure, values):
    """``structure`` (from ``flatten_outputs``) with each slot replaced by its entry of ``values``; an array computed
    while tracing (a value of shapes and constants only) is copied, so that no two calls return the same array."""
    if type(structure) is _Slot:
        return values[structure.index]
    if type(structure) in _SEQUENCES:
        return type(structure)(rebuild(item, values) for item in structure)
    if type(structure) is _ndarray:
        return structure.copy()
    return structure


class CompiledCall:
    """One engine function compiled for one input signature: a PyTensor function and how to shape its results."""

    __slots__ = ("function", "structure", "single", "lock")

    def __init__(self, body, args, tensors):
        inputs = _symbolic_inputs(tensors)
        result = body(*_substitute(args, iter(inputs)))
        symbolic = []
        self.structure = flatten_outputs(result, symbolic)
        self.single = type(self.structure) is _Slot
        if symbolic:
            self.function = EagerFunction(inputs, symbolic, on_unused_input="ignore")
        else:
            self.function = None
        self.lock = threading.Lock()  # a PyTensor function keeps its inputs and outputs in its own storage

    def __call__(self, tensors):
        if self.function is None:
            return rebuild(self.structure, ())
        with self.lock:
            values = self.function(*tensors)
        if self.single:
            return values[0]
        return rebuild(self.structure, values)


CACHES = []  # the cache of every graph function, for release_caches and the tests


def graph_function(body):
    """``body`` (written with ``pytensor.tensor`` operations on symbolic variables) as an engine function.

    Arguments:
        body: a function of engine arguments (tensors, numbers, axes, shapes, dtype names) returning a symbolic
            variable, or a tuple or list of them.

    Returns:
        A function with ``body``'s arguments: on symbolic arguments it returns ``body``'s symbolic result; on values
        it returns NumPy arrays, computed by a PyTensor function compiled once per input signature.

    Raises:
        Whatever ``body`` raises for its arguments, and the errors of running the compiled function.
    """
    cache = {}
    CACHES.append(cache)
    signature = inspect.signature(body)

    def call(*args, **kwargs):
        if kwargs:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            args = bound.args
        key, tensors = [], []
        try:
            for arg in args:
                _signature(arg, key, tensors)
        except _SymbolicArgument:
            return body(*args)
        except _Uncacheable:
            key = None
        if key is None:
            return _uncached(body, args)
        key = tuple(key)
        compiled = cache.get(key)
        if compiled is None:
            compiled = CompiledCall(body, args, tensors)
            cache[key] = compiled
        return compiled(tensors)

    call.__name__ = call.__qualname__ = body.__name__
    call.__doc__ = body.__doc__
    call.__wrapped__ = body
    call.cache = cache
    return call


def _uncached(body, args):
    """``body`` on arguments that cannot be a cache key: built on constants, compiled and run once."""
    result = body(*args)
    symbolic = []
    structure = flatten_outputs(result, symbolic)
    if not symbolic:
        return structure
    values = EagerFunction([], symbolic)()
    return rebuild(structure, values)


def clear_caches():
    """Forget every compiled eager call."""
    for cache in CACHES:
        cache.clear()
