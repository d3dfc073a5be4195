"""Engine discovery, loading and the active-engine reference.

Engines are found through the entry-point group ``kbackend.engines`` (the built-ins are registered that way too) or
given as a dotted module path. Discovery reads metadata only; it imports no framework. Loading an engine imports its
framework and nothing else. The active engine is one reference, ``ops.__dict__``, that every facade call reads;
switching engines rebinds it and never touches ``sys.modules``.
"""
import contextlib
import importlib
import importlib.util

from ._engine import EngineError, build_engine

ENTRY_POINT_GROUP = "kbackend.engines"


class ActiveOps:
    """Namespace whose attributes are the active engine's functions (its ``__dict__`` *is* the engine table)."""

    def __getattr__(self, name):
        # Reached only for a name the active table lacks. With no active engine (the configured one could not
        # load), that is every name: the kept error is raised by the first call that needs an engine.
        if _unavailable is not None and "_engine" not in self.__dict__ and not name.startswith("__"):
            raise _unavailable.with_traceback(None)
        raise AttributeError(f"the active engine has no function {name!r}")


ops = ActiveOps()
_unavailable = None   # why no engine is active (set at import when the configured engine cannot load)
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


def load_engine(name):
    """The Engine for ``name`` (a registered name or a dotted module path), loading it once."""
    engine = _loaded.get(name)
    if engine is not None:
        return engine
    if not isinstance(name, str) or not name:
        raise EngineError(f"Engine name must be a non-empty string, got {name!r}")
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
    """Keep ``error``, the reason no engine is active: the first call that needs an engine raises it."""
    global _unavailable
    _unavailable = error


def active_engine():
    return ops._engine


def activate(name):
    """Make ``name`` the active engine and return it."""
    engine = load_engine(name)
    ops.__dict__ = engine.table
    return engine


def set_backend(name):
    """Switch the active engine to ``name`` (a registered engine or a dotted module path)."""
    from ._config import SETTINGS
    engine = activate(name)
    SETTINGS.engine_name = name
    SETTINGS.engine_source = "set_backend()"
    return engine


@contextlib.contextmanager
def backend_scope(name):
    """Within the block, ``name`` is the active engine; the previous one is restored after."""
    from ._config import SETTINGS
    previous = (ops.__dict__, SETTINGS.engine_name, SETTINGS.engine_source)
    set_backend(name)
    try:
        yield ops._engine
    finally:
        ops.__dict__, SETTINGS.engine_name, SETTINGS.engine_source = previous
