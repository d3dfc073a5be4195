"""What an engine is, and how a loaded engine's function table is built.

An engine is a Python module (a built-in under ``kbackend.engines``, or any importable module) whose top level is a
declaration that imports no framework:

    NAME = "myengine"                 # the name users select
    FRAMEWORK = "mylib"               # the importable framework module (checked without importing it)
    INSTALL = "pip install mylib"     # how to get the framework, shown when it is missing
    MODULES = ("core", "math")        # submodules holding native functions (each lists them in __all__);
                                      # the engine module's own __all__ counts too
    CAPABILITIES = {"dtypes": (...), "gradients": False, "jit": False, "sparse": False, "devices": ("cpu",)}
    KNOWN_GAPS = "known_gaps"         # optional: submodule with GAPS = {case id glob: reason}, or that dict
    ALIASES = ("oldname",)            # optional: other names that select this engine (read by the registry)

Native functions take arguments the facade has already normalised (defaults filled in, axes checked and made
non-negative tuples or ints, dtype names canonical). The ``CORE`` primitives below are required; every other
public function falls back to the generic implementation in ``kbackend.generic`` (written once on the core) unless
the engine provides it natively.
"""
import functools
import importlib
import types

from . import generic

# Primitives every engine provides natively; generic fallbacks are written on these.
CORE = (
    # conversion and introspection
    "convert", "copy", "to_numpy", "dtype_of", "shape_of", "cast", "is_native_tensor", "Variable",
    # element-wise arithmetic, comparison and logic (binary ones follow the promotion rule of _dtypes)
    "add", "subtract", "multiply", "divide", "negative", "power",
    "abs", "sign", "sqrt", "exp", "log", "sin", "cos", "tanh", "round",
    "maximum", "minimum", "equal", "not_equal", "greater", "greater_equal", "less", "less_equal",
    "where", "logical_and", "logical_or", "logical_not",
    # reductions (axis: None, a non-negative int, or a tuple of them)
    "sum", "prod", "max", "min", "any", "all", "argmax", "argmin", "cumsum", "cumprod",
    # shapes
    "reshape", "permute", "expand_dims", "squeeze", "concatenate", "stack", "broadcast_to", "take", "flip",
    "tile", "pad",
    # linear algebra
    "matmul", "tensordot",
    # creation
    "zeros", "ones", "full", "eye", "arange",
    # random (seed is always an int: the facade draws one from NumPy's RNG when the user gives None); float results of
    # random_uniform lie in [minval, maxval) in the requested dtype, also after rounding
    "random_uniform", "random_normal",
)


class EngineError(ValueError, ImportError):
    """An engine cannot be found or loaded (unknown name, missing framework, incomplete engine).

    A ValueError, as Keras 2 raised for an unusable backend, and an ImportError, since it is an import failure.
    """


class Engine:
    """A loaded engine: its declaration, its function table and where each function comes from."""

    def __init__(self, name, module, table, provenance, capabilities, known_gaps):
        self.name = name
        self.module = module
        self.table = table            # name -> callable; becomes the active-ops namespace when selected
        self.ops = types.SimpleNamespace(**table)
        self.provenance = provenance  # engine-table name -> 'native' | 'generic' (absent: missing)
        self.capabilities = capabilities
        self.known_gaps = known_gaps
        table["_engine"] = self

    @property
    def framework(self):
        return getattr(self.module, "FRAMEWORK", None)

    def framework_version(self):
        framework = self.framework
        if not framework:
            return None
        mod = importlib.import_module(framework)
        return getattr(mod, "__version__", "unknown")

    def __repr__(self):
        return f"<kbackend engine {self.name!r}>"


def collect_native(module):
    """The native functions of an engine.

    Arguments:
        module: the engine's declaration module (or a namespace with ``__name__``, ``MODULES`` and ``__all__``).

    Returns:
        A dict name -> callable from the ``__all__`` lists of the module and of its ``MODULES`` (imported here).

    Raises:
        ImportError: a submodule named in ``MODULES`` cannot be imported.
    """
    native = {}
    sources = [module]
    for sub in getattr(module, "MODULES", ()):
        sources.append(importlib.import_module(f"{module.__name__}.{sub}"))
    for source in sources:
        for name in getattr(source, "__all__", ()):
            native[name] = getattr(source, name)
    return native


def _load_known_gaps(module):
    sub = getattr(module, "KNOWN_GAPS", None)
    if not sub:
        return {}
    if isinstance(sub, dict):  # a single-module engine may list its gaps inline
        return dict(sub)
    gaps_module = importlib.import_module(f"{module.__name__}.{sub}")
    return dict(getattr(gaps_module, "GAPS", {}))


def build_engine(name, module, owns_variables=True):
    """Import the engine's implementation modules and fill the table from its natives and the generics.

    ``owns_variables=False`` builds a variant of an engine already loaded (the NumPy engine's autodiff twin): its
    Variable class stays bound to the loaded engine."""
    native = collect_native(module)
    missing_core = [c for c in CORE if c not in native]
    if missing_core:
        raise EngineError(f"Engine {name!r} ({module.__name__}) does not provide the core primitives: "
                          f"{', '.join(missing_core)}")
    table = dict(native)
    ops = types.SimpleNamespace(**table)
    provenance = dict.fromkeys(native, "native")
    # Generics may use other generics, so bind them all against one namespace that sees the final table.
    for generic_name, factory in generic.FUNCTIONS.items():
        if generic_name not in table:
            table[generic_name] = functools.partial(factory, ops)
            setattr(ops, generic_name, table[generic_name])
            provenance[generic_name] = "generic"
    if owns_variables:
        table["Variable"].bind_engine(ops)  # variables' operators run on their own engine
    capabilities = dict(getattr(module, "CAPABILITIES", {}))
    return Engine(name, module, table, provenance, capabilities, _load_known_gaps(module))
