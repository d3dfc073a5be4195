"""Compatibility patches that let legacy Keras 2.2.4 / 2.3.1 import and run on Python 3.11, NumPy 2 and h5py 3.

These patch the Python and library environment around Keras, never kbackend: each one restores something the old
Keras code relies on and that a newer Python or library removed. ``apply(engine)`` must run before ``import keras``.

Every patch, and why Keras needs it:

- ``collections.Iterable`` / ``Mapping`` / ``Sequence`` / ... : the ABC aliases were removed from ``collections`` in
  Python 3.10; Keras 2.2.4 and 2.3.1 import ``Iterable`` from ``collections`` in ``callbacks.py`` and 2.3.1 tests
  ``isinstance(loss, collections.Mapping)`` in ``engine/training_utils.py``.
- ``inspect.getargspec``: removed in Python 3.11; Keras calls it in its Python 2 branches and in
  ``preprocessing/image.py``; 2.3.1's ``engine/saving.py`` falls back to it. Rebuilt on ``getfullargspec``.
- NumPy 2 removed aliases: ``np.Inf`` (EarlyStopping, ModelCheckpoint, ReduceLROnPlateau initialise their best value
  with it), ``np.string_`` (``utils/io_utils.py``, reading h5 attributes when saving and loading whole models) and
  ``np.unicode_`` (``keras_preprocessing.sequence.pad_sequences``). Only these come back: restoring more
  (``np.float``, ``np.int``, ...) would hide the same mistake in kbackend, which shares the process.
- h5py 3 reads string attributes (and arrays of variable-length strings) as ``str`` where h5py 2 gave ``bytes``;
  Keras's h5 loading calls ``.decode('utf8')`` on ``keras_version``, ``backend``, ``model_config``,
  ``training_config``, and on each of ``layer_names`` / ``weight_names``. Attribute reads give ``bytes`` (arrays of
  fixed-length bytes) again. And an empty attribute (a layer without weights has ``weight_names = []``) is read as
  an empty list: Keras tests ``if weight_names:``, which NumPy 2 refuses for an empty array (NumPy 1 said False).
- Keras 2.3.1's ``engine/saving.py`` imports ``tensorflow.python.lib.io.file_io`` (for ``gs://`` paths) whenever
  TensorFlow is installed, loading TensorFlow (seconds, hundreds of MB) even when kbackend runs another engine.
  On the other engines, importing ``tensorflow`` from Keras's own modules fails, as if it were not installed, so that
  Keras takes its own ``except ImportError`` fallback and the process loads only the selected engine's framework.
"""
import builtins
import collections
import collections.abc
import inspect

import numpy as np

COLLECTION_ABCS = ("Iterable", "Mapping", "MutableMapping", "Sequence", "MutableSequence", "Callable", "Hashable",
                   "Set", "MutableSet", "Sized", "Container", "Iterator", "Generator")
NUMPY_ALIASES = {"Inf": np.inf, "string_": np.bytes_, "unicode_": np.str_}


def _patch_collections():
    for name in COLLECTION_ABCS:
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))


ArgSpec = collections.namedtuple("ArgSpec", ["args", "varargs", "keywords", "defaults"])


def _getargspec(func):
    """``inspect.getargspec`` as Python 3.10 had it: (args, varargs, keywords, defaults)."""
    spec = inspect.getfullargspec(func)
    return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def _patch_inspect():
    if not hasattr(inspect, "getargspec"):
        inspect.getargspec = _getargspec


def _patch_numpy():
    for name, value in NUMPY_ALIASES.items():
        try:
            getattr(np, name)
        except AttributeError:
            setattr(np, name, value)


def _patch_h5py():
    # imported here, not at the top: the h5py to patch is the one next to legacy Keras on the runner's path, and the
    # processes that only import this module (the test session, the benchmark driver) need no h5py at all
    import h5py

    manager = h5py.AttributeManager
    if getattr(manager.__getitem__, "keras2_compat", False):
        return
    original = manager.__getitem__

    def getitem_as_bytes(self, name):
        value = original(self, name)
        if isinstance(value, str):
            return value.encode("utf-8")
        if isinstance(value, np.ndarray) and value.size == 0:
            return []
        if isinstance(value, np.ndarray) and value.dtype == object and isinstance(value.flat[0], str):
            return np.array([item.encode("utf-8") for item in value.flat]).reshape(value.shape)
        return value

    getitem_as_bytes.keras2_compat = True
    manager.__getitem__ = getitem_as_bytes


def _block_tensorflow_from_keras():
    """``import tensorflow...`` from a ``keras`` module raises ImportError; any other importer is unaffected."""
    real_import = builtins.__import__

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and (name == "tensorflow" or name.startswith("tensorflow.")):
            importer = (globals or {}).get("__name__", "")
            if importer == "keras" or importer.startswith("keras."):
                raise ImportError(f"tensorflow hidden from legacy Keras ({importer}): kbackend runs another engine")
        return real_import(name, globals, locals, fromlist, level)

    builtins.__import__ = guarded_import


def apply(engine):
    """Apply every patch; ``engine`` is the kbackend engine the process will use. Call before ``import keras``.

    Arguments:
        engine: the kbackend engine name (``numpy``, ``torch``, ``jax``, ``tensorflow``).
    Returns:
        None.
    Raises:
        ImportError: h5py is not importable (Keras's h5 saving needs it).
    """
    _patch_collections()
    _patch_inspect()
    _patch_numpy()
    _patch_h5py()
    if engine != "tensorflow":
        _block_tensorflow_from_keras()
