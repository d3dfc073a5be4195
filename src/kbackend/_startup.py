"""What ``import kbackend`` does: read the configuration and activate the configured engine, without ever raising.

Rules (shared/spec/semantics.md, "Our baseline choices" > Configuration, 3 to 4b):

* An engine named by ``$KBACKEND_ENGINE``, ``$KERAS_BACKEND`` or keras.json's ``"kbackend_engine"`` that cannot load
  is an error. It is kept, and the first call that needs an engine (``K.sum``, ``K.variable``, ``K.backend``...)
  raises it: an ``EngineError`` that says where the name came from (the variable, or the file and the key). So
  ``import kbackend`` and the ``kbackend`` command still work, to diagnose the problem or to choose another engine
  with ``K.set_backend``.
* keras.json's ``"backend"`` is a hint, not an order: Keras itself writes it (Keras 3 writes ``"tensorflow"`` the
  first time it is imported). When that engine cannot load, a warning names the file and the key, and the default
  engine is used. ``"cntk"`` (a Keras 2 backend no engine provides) gets the same treatment with a message that says so;
  an engine registered under that name, or declaring it among its ``ALIASES``, is loaded as usual (``"theano"``
  selects the PyTensor engine that way).
* An invalid keras.json value (a ValueError naming the file, the key and the allowed values) is kept the same way;
  no value of the file is applied then.
"""
import os
import sys
import warnings
from typing import Mapping, Optional

from . import _config, _registry
from ._config import SETTINGS
from ._engine import Engine, EngineError

# Keras 2 backend names that no kbackend engine provides (unless an engine registers or aliases the same name).
KERAS2_BACKENDS_WITHOUT_ENGINE = {"theano": "Theano", "cntk": "CNTK"}


def activate_configured_engine(environ: Optional[Mapping[str, str]] = None) -> Optional[Engine]:
    """Read the configuration into ``SETTINGS`` and activate the engine it names, by the rules above.

    Arguments:
        environ: the environment variables to read (default ``os.environ``).

    Returns:
        The active ``Engine``, or ``None`` when no engine could be activated (the reason is kept in the registry
        and raised by the first call that needs an engine).

    Raises:
        Nothing: every failure is kept, or is a warning for keras.json's ``"backend"``.
    """
    try:
        _config.load(environ)
    except ValueError as err:
        _registry.keep_unavailable(err)
        return None
    name, source = SETTINGS.engine_name, SETTINGS.engine_source
    try:
        return _registry.activate(_known_name(name))
    except Exception as err:  # an engine module may fail in any way: kept or warned about, never raised here
        cause = err
        reason = str(err) if isinstance(err, EngineError) else (
            f"kbackend engine {name!r} failed to load ({type(err).__name__}: {err}).")
    where = _config.describe_source(source, SETTINGS.config_path)
    if source != _config.FROM_BACKEND_KEY:
        error = EngineError(f"{reason} (The engine name {name!r} came from {where}.)")
        error.__cause__ = cause
        _registry.keep_unavailable(error)
        return None
    warnings.warn(f"kbackend: {where} names the engine {name!r}, which cannot be used: {reason} Using the "
                  f"{_config.DEFAULT_ENGINE!r} engine instead. Keras writes that key for itself; to choose an engine "
                  f"for kbackend, set \"kbackend_engine\" in that file or the variable KBACKEND_ENGINE.",
                  RuntimeWarning, stacklevel=_importer_stacklevel())
    engine = _registry.activate(_config.DEFAULT_ENGINE)
    SETTINGS.engine_name = _config.DEFAULT_ENGINE
    SETTINGS.engine_source = f"{_config.FROM_DEFAULT}: keras.json backend {name!r} cannot load"
    return engine


def _known_name(name: str) -> str:
    """``name``, unless it is a Keras 2 backend that no engine provides (then an EngineError that says so)."""
    label = KERAS2_BACKENDS_WITHOUT_ENGINE.get(name)
    if label is not None and name not in _registry.entry_points() and _registry.alias_target(name) is None:
        installed = ", ".join(_registry.installed_engines()) or "none"
        raise EngineError(f"{name!r} is Keras 2's {label} backend; kbackend has no {label} engine. Installed "
                          f"engines: {installed}.")
    return name


def _importer_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning point at the code that imported kbackend: the first frame outside
    the package (the import machinery's frames are skipped by ``warnings`` itself, and not counted)."""
    package = os.path.dirname(os.path.abspath(__file__))
    frame, level = sys._getframe(1), 1  # the frame of the function that warns
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith("<frozen importlib"):
            if not os.path.abspath(filename).startswith(package + os.sep):
                return level
            level += 1
        frame = frame.f_back
    return 1
