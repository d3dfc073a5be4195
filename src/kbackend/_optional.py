"""Optional packages: engine features that need a package an install may lack, and the error that names it.

An engine declares them in ``OPTIONAL``: ``{capability: (module, install command)}``; e.g. the NumPy engine's sparse
tensors need ``scipy.sparse``, installed by ``pip install "kbackend[sparse]"``. A feature whose package is missing
raises ``OptionalDependencyError`` (an ``ImportError``) that says what to install; ``kbackend info`` reports which
capabilities are available, and the conformance runner reports the cases that need a missing package as skipped,
with that message.
"""
import importlib
import types
from typing import Mapping, Tuple


class OptionalDependencyError(ImportError):
    """A feature needs a package that is not installed; the message names the command that installs it."""


def require(module: str, feature: str, install: str) -> types.ModuleType:
    """Import ``module`` for ``feature``.

    Arguments:
        module: the dotted name of the module to import (e.g. ``"scipy.sparse"``).
        feature: what needs it, as the start of a sentence (e.g. ``"Sparse tensors on the NumPy engine"``).
        install: the command that installs it (e.g. ``'pip install "kbackend[sparse]"'``).

    Returns:
        The imported module.

    Raises:
        OptionalDependencyError: the module cannot be imported; the message names ``install``.
    """
    try:
        return importlib.import_module(module)
    except ImportError as err:
        package = module.split(".")[0]
        raise OptionalDependencyError(f"{feature} needs the {package!r} package, which is not installed ({err}). "
                                      f"Install it with: {install}", name=package) from err


def require_capability(optional: Mapping[str, Tuple[str, str]], capability: str, feature: str) -> types.ModuleType:
    """Import the module that ``capability`` of an engine needs.

    Arguments:
        optional: the engine's ``OPTIONAL`` declaration (see above).
        capability: a key of ``optional`` (e.g. ``"sparse"``).
        feature: what needs it, as the start of a sentence.

    Returns:
        The imported module.

    Raises:
        OptionalDependencyError: the module cannot be imported.
        KeyError: the engine declares no optional package for ``capability``.
    """
    module, install = optional[capability]
    return require(module, feature, install)


def unavailable_capabilities(declaration: types.ModuleType) -> dict:
    """The declared capabilities of an engine whose optional package cannot be imported.

    Arguments:
        declaration: the engine's declaration module (``OPTIONAL`` is read if present).

    Returns:
        ``{capability: message}``, the message saying what to install; empty when everything is available.
    """
    missing = {}
    for capability, (module, install) in getattr(declaration, "OPTIONAL", {}).items():
        try:
            importlib.import_module(module)
        except ImportError as err:
            missing[capability] = (f"needs the {module.split('.')[0]!r} package, which is not installed ({err}); "
                                   f"install it with: {install}")
    return missing
