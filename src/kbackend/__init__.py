"""kbackend: the Keras 2 backend API on NumPy, PyTorch, JAX and TensorFlow.

``import kbackend as K`` reads the configuration (``$KBACKEND_ENGINE``, ``$KERAS_BACKEND``, keras.json), loads the
selected engine (importing only its framework) and exposes the Keras 2 backend functions, each forwarding to it.
The import itself never raises: when the configured engine cannot load, the first call that needs an engine raises
the error (see ``_startup``).
"""
from . import _registry, _startup
from ._dtypes import DTYPE_NAMES
from ._engine import CORE, EngineError
from ._registry import backend_scope, installed_engines, set_backend
from .facade import PUBLIC as _PUBLIC
from .graph.dispatch import SymbolicTensor
from .graph.variable import Variable

globals().update(_PUBLIC)

__version__ = "0.1.0"
__all__ = sorted(_PUBLIC) + ["set_backend", "backend_scope", "installed_engines", "EngineError", "Variable",
                             "SymbolicTensor", "DTYPE_NAMES", "CORE"]


def __dir__():
    """The public API (``__all__``) and the module's own dunder attributes; subpackages and private modules stay
    importable (``kbackend._registry``) but are not listed."""
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})


_startup.activate_configured_engine()
