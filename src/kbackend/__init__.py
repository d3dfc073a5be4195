"""kbackend: the Keras 2 backend API on NumPy, PyTorch, JAX and TensorFlow.

``import kbackend as K`` reads the configuration (``$KBACKEND_ENGINE``, ``$KERAS_BACKEND``, keras.json), loads the
selected engine (importing only its framework) and exposes the Keras 2 backend functions, each forwarding to it.
"""
from . import _config, _registry
from ._config import SETTINGS as _SETTINGS
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

_config.load()
_registry.activate(_SETTINGS.engine_name)
