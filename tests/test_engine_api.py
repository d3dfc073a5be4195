"""The public API for engine authors (``kbackend.engine_api``): engines, their tests and the conformance suite use
nothing else of kbackend's, every name it offers exists and is documented, and importing it loads no framework."""
import ast
import inspect
import pathlib

import pytest

import kbackend as K
from kbackend import engine_api

from helpers import clean_env, run_python

REPO = pathlib.Path(__file__).resolve().parent.parent
# The folders whose modules may import from kbackend only the engine API, the public namespace and the
# conformance package (the tiny third-party engine's package included: it is the worked example).
RESTRICTED = ("engines", "tests/engines", "conformance", "tests/third_party_engine/kbackend_tinyengine")
ALLOWED_MODULES = ("kbackend", "kbackend.engine_api")
ALLOWED_PREFIX = "kbackend.conformance"
FRAMEWORKS = ("torch", "jax", "tensorflow")


def _restricted_modules():
    found = []
    for folder in RESTRICTED:
        root = REPO / folder
        assert root.is_dir(), f"{root} is missing: the test would check nothing there"
        found.extend(sorted(root.rglob("*.py")))
    return found


def _is_kbackend(module):
    return module == "kbackend" or module.startswith("kbackend.")


def _allowed(module):
    return module in ALLOWED_MODULES or module == ALLOWED_PREFIX or module.startswith(ALLOWED_PREFIX + ".")


def _package_of(path, repo):
    """The installed package a restricted module belongs to, for resolving its relative imports."""
    relative = path.relative_to(repo)
    parts = list(relative.parent.parts)
    if parts[:1] == ["engines"]:
        return ["kbackend", "engines"] + parts[1:]
    if parts[:1] == ["conformance"]:
        return ["kbackend", "conformance"] + parts[1:]
    return None  # test modules and the third-party package: relative imports stay inside them


def _inside_own_engine(module, package):
    """Whether ``module`` is part of the engine package that the importing module belongs to (its own modules)."""
    if package is None or package[:2] != ["kbackend", "engines"] or len(package) < 3:
        return False
    own = ".".join(package[:3])
    return module == own or module.startswith(own + ".")


def forbidden_imports(path, repo=REPO):
    """``[(line, text)]``: the imports of kbackend names in ``path`` that engines may not use: a module other than
    the engine API, ``kbackend`` itself and ``kbackend.conformance.*``, a private name of ``kbackend``, or a private
    attribute of a name bound to ``kbackend`` (``K._registry``)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = _package_of(path, repo)
    aliases, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_kbackend(alias.name):
                    if alias.name == "kbackend":
                        aliases.add(alias.asname or "kbackend")
                    elif not _allowed(alias.name):
                        found.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                if package is None or node.level > len(package):
                    continue
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([module] if module else []))
            if not _is_kbackend(module) or _inside_own_engine(module, package):
                continue
            names = [alias.name for alias in node.names]
            text = f"from {module} import {', '.join(names)}"
            if not _allowed(module):
                found.append((node.lineno, text))
            elif module == "kbackend" and any(name.startswith("_") for name in names):
                found.append((node.lineno, text))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases \
                and node.attr.startswith("_") and not node.attr.startswith("__"):
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
    return found


@pytest.mark.parametrize("path", _restricted_modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_engines_use_only_the_public_engine_api(path):
    found = forbidden_imports(path)
    assert not found, f"{path.relative_to(REPO)} uses kbackend beyond kbackend.engine_api, the public kbackend " \
                      f"namespace and kbackend.conformance: " + "; ".join(f"line {n}: {t}" for n, t in found)


def test_the_import_check_finds_private_imports(tmp_path):
    engine = tmp_path / "engines" / "fake" / "core.py"
    engine.parent.mkdir(parents=True)
    engine.write_text("\n".join([
        "import kbackend as K",
        "from kbackend import _dtypes",
        "from kbackend.generic.coerce import coerce_with",
        "from ... import _config",  # kbackend._config, from engines/fake/core.py
        "from kbackend.engine_api import SETTINGS",
        "from .math import add",  # the engine's own module
        "x = K._registry.ops",
        "y = K.floatx()",
    ]) + "\n")
    found = forbidden_imports(engine, tmp_path)
    assert found == [(2, "from kbackend import _dtypes"), (3, "from kbackend.generic.coerce import coerce_with"),
                     (4, "from kbackend import _config"), (7, "K._registry")], found


@pytest.mark.parametrize("name", engine_api.__all__)
def test_every_public_name_exists_and_is_documented(name):
    assert hasattr(engine_api, name), f"engine_api.__all__ names {name!r}, which the module does not define"
    value = getattr(engine_api, name)
    assert f"``{name}``" in engine_api.__doc__, f"the module docstring does not list {name!r} in its groups"
    if inspect.isfunction(value) or inspect.isclass(value):
        own = value.__dict__.get("__doc__") if inspect.isclass(value) else value.__doc__
        assert own and own.strip(), f"engine_api.{name} has no docstring of its own"


def test_every_module_level_name_is_in_all():
    public = {name for name in vars(engine_api) if not name.startswith("_")}
    assert public == set(engine_api.__all__), sorted(public ^ set(engine_api.__all__))


def test_contracts_cover_exactly_the_core_and_the_hooks_are_engine_functions():
    assert set(engine_api.CORE_CONTRACTS) == set(engine_api.CORE)
    for name, contract in engine_api.CORE_CONTRACTS.items():
        assert contract.startswith(name), f"the contract of {name!r} does not start with its signature"
    assert set(engine_api.GRAPH_HOOKS) <= set(engine_api.GENERIC_FUNCTIONS)
    assert set(engine_api.PLACEMENT_HOOKS) <= set(engine_api.GENERIC_FUNCTIONS)
    assert not set(engine_api.CORE) & set(engine_api.GENERIC_FUNCTIONS)


def test_core_contract_signatures_match_the_numpy_engine():
    """The signatures the contracts state are the ones the built-in NumPy engine implements."""
    engine = engine_api.load_engine("numpy")
    for name, contract in engine_api.CORE_CONTRACTS.items():
        if name == "Variable":
            assert issubclass(engine.table[name], engine_api.Variable)
            continue
        stated = contract[:contract.index(")") + 1]
        function = engine.table[name]
        actual = f"{name}{inspect.signature(function)}"
        assert stated == actual, f"CORE_CONTRACTS[{name!r}] says {stated}, the NumPy engine has {actual}"


def test_declaration_keys_are_those_the_built_in_engines_use():
    engine = engine_api.load_engine("numpy")
    declared = {key for key in vars(engine.module) if key.isupper()}
    assert declared <= set(engine_api.DECLARATION_KEYS), declared - set(engine_api.DECLARATION_KEYS)
    assert set(engine.capabilities) <= set(engine_api.CAPABILITY_KEYS)


def test_backend_scope_is_the_public_one_and_runs_code_under_an_engine():
    assert engine_api.backend_scope is K.backend_scope
    with engine_api.backend_scope("numpy") as engine:
        assert engine_api.active_engine() is engine and K.backend() == "numpy"
        assert engine.name in engine_api.installed_engines()
        assert engine_api.registered_engines()["numpy"] == "kbackend.engines.numpy"


def test_settings_are_the_ones_the_public_functions_change():
    saved = K.floatx()
    try:
        K.set_floatx("float64")
        assert engine_api.SETTINGS.floatx == "float64"
    finally:
        K.set_floatx(saved)
    assert engine_api.SETTINGS.epsilon == K.epsilon()
    assert engine_api.SETTINGS.image_data_format == K.image_data_format()


def test_importing_the_engine_api_loads_no_framework(tmp_path):
    code = ("import sys, kbackend.engine_api\n"
            f"print(sorted(m for m in {FRAMEWORKS!r} if m in sys.modules))\n")
    proc = run_python(code, clean_env(tmp_path, KBACKEND_ENGINE="numpy"))
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr

