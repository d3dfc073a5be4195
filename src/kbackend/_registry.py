"""Engine discovery, loading and the active-engine reference.

Engines are found through the entry-point group ``kbackend.engines`` (the built-ins are registered that way too) or
given as a dotted module path. Discovery reads metadata only; it imports no framework. Loading an engine imports its
framework and nothing else. The active engine is the per-thread namespace ``kbackend._state.ops`` that every facade
call reads: ``set_backend`` switches it for every thread, ``backend_scope`` for the calling thread only; neither
touches ``sys.modules``.
"""
import contextlib
import importlib
import importlib.util
import sys
import threading

from . import _state, generic
from ._config import SETTINGS
from ._engine import CORE, EngineError, build_engine

ENTRY_POINT_GROUP = "kbackend.engines"

ops = _state.ops
_loaded = {}          # engine name -> Engine
_entry_points = None  # engine name -> module path, read once


def entry_points():
    """Registered engines: name -> module path (reads package metadata only)."""
    global _entry_points
    if _entry_points is None:
        import importlib.metadata  # (20 ms to import: only when the registered engines are listed)
        found = {}
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            found.setdefault(ep.name, ep.value.split(":")[0])
        _entry_points = found
    return _entry_points


def _framework_installed(module_path):
    """Whether a registered engine's framework is importable, without importing the framework."""
    try:
        declaration = importlib.import_module(module_path)
    except ImportError:
        return False
    framework = getattr(declaration, "FRAMEWORK", None)
    return framework is None or importlib.util.find_spec(framework) is not None


def installed_engines():
    """Names of the registered engines whose framework is importable."""
    return sorted(name for name, path in entry_points().items() if _framework_installed(path))


def _not_found(name, reason):
    installed = ", ".join(installed_engines()) or "none"
    return EngineError(f"Unknown kbackend engine {name!r}: {reason}. Installed engines: {installed}. "
                       f"Give a registered engine name or the dotted path of an engine module.")


def _builtin_path(name):
    """The module of a built-in engine (shipped in ``kbackend.engines`` and registered as an entry point like any
    other): found without reading the package metadata of every installed distribution."""
    if not name.isidentifier():
        return None
    path = f"{__package__}.engines.{name}"
    try:
        return path if importlib.util.find_spec(path) is not None else None
    except ImportError:
        return None


def _import_declaration(name):
    path = _builtin_path(name) or entry_points().get(name)
    if path is None:
        if importlib.util.find_spec(name.split(".")[0]) is None:
            raise _not_found(name, "it is neither a registered engine nor an importable module")
        path = name
    try:
        return importlib.import_module(path)
    except ImportError as err:
        raise _not_found(name, f"importing {path} failed ({err})") from err


def alias_target(name):
    """The registered engine that lists ``name`` in its declaration's ``ALIASES`` (``"theano"`` for the PyTensor
    engine), or None. Reads the registered declarations, which import no framework; registered names come first."""
    if _builtin_path(name) is not None or name in entry_points():
        return None
    for engine_name, path in sorted(entry_points().items()):
        try:
            declaration = importlib.import_module(path)
        except ImportError:
            continue
        if name in getattr(declaration, "ALIASES", ()):
            return engine_name
    return None


def _load_alias(name, target):
    """The engine ``target`` loaded for its alias ``name``, with a one-line notice on stderr."""
    try:
        engine = load_engine(target)
    except EngineError as err:
        raise EngineError(f"{name!r} is an alias of the kbackend engine {target!r}, which cannot load: {err}") \
            from err
    sys.stderr.write(f"kbackend: {name!r} selects the {target!r} engine (an alias it declares)\n")
    _loaded[name] = engine
    return engine


def load_engine(name):
    """The Engine for ``name`` (a registered name, an alias an engine declares, or a dotted module path), loading it
    once."""
    engine = _loaded.get(name)
    if engine is not None:
        return engine
    if not isinstance(name, str) or not name:
        raise EngineError(f"Engine name must be a non-empty string, got {name!r}")
    target = alias_target(name) if name.isidentifier() else None
    if target is not None:
        return _load_alias(name, target)
    declaration = _import_declaration(name)
    framework = getattr(declaration, "FRAMEWORK", None)
    if framework and importlib.util.find_spec(framework) is None:
        install = getattr(declaration, "INSTALL", f"pip install {framework}")
        installed = ", ".join(installed_engines()) or "none"
        raise EngineError(f"kbackend engine {name!r} needs the {framework!r} package, which is not installed. "
                          f"Install it with: {install}. Installed engines: {installed}.")
    engine = build_engine(name, declaration)
    _loaded[name] = engine
    return engine


def keep_unavailable(error):
    """Keep ``error`` (why the configured engine could not load): until an engine is activated, every engine call of
    every thread raises it."""
    _state.keep_unavailable(error, set(CORE) | set(generic.FUNCTIONS))


def active_engine():
    """The Engine active in the calling thread; the kept error when none could be activated."""
    engine = ops._engine
    if isinstance(engine, _state.Unavailable):
        raise engine.error.with_traceback(None)
    return engine


def activate(name):
    """Make ``name`` the active engine of every thread (outside ``backend_scope`` blocks) and return it."""
    engine = load_engine(name)
    _state.install_table(engine.table, every_thread=True)
    return engine


def set_backend(name):
    """Switch the active engine to ``name`` (a registered engine or a dotted module path), for every thread.

    Arguments:
        name: a registered engine name (``kbackend engines`` lists them) or the dotted path of an engine module.

    Returns:
        The loaded engine.

    Raises:
        EngineError: the name is unknown, or the engine's framework is not installed, or the engine is incomplete.
    """
    engine = activate(name)
    SETTINGS.engine_name = name
    SETTINGS.engine_source = "set_backend()"
    return engine


@contextlib.contextmanager
def engine_scope(engine):
    """Within the block, the calling thread runs on ``engine`` (an Engine object, e.g. an engine's autodiff twin);
    other threads are not affected. The previous engine comes back after the block."""
    thread = threading.current_thread()
    previous = _state.current_table()
    _state.THREAD_SCOPED[thread] = _state.THREAD_SCOPED.get(thread, 0) + 1
    _state.install_table(engine.table, every_thread=False)
    try:
        yield engine
    finally:
        _state.install_table(previous, every_thread=False)
        _state.THREAD_SCOPED[thread] -= 1


@contextlib.contextmanager
def backend_scope(name):
    """Within the block, ``name`` is the active engine of the calling thread (other threads keep theirs); the
    previous engine is restored after, also when the block raises.

    Arguments:
        name: a registered engine name or the dotted path of an engine module.

    Returns:
        A context manager whose ``as`` value is the loaded engine.

    Raises:
        EngineError: as ``set_backend``.
    """
    with engine_scope(load_engine(name)) as engine:
        yield engine
