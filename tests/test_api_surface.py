"""The public names: exact api.md signatures and a docstring for every function that exists."""
import inspect
import os
import re

import pytest

import kbackend as K
from kbackend.facade.api_names import API_NAMES, API_SECTIONS

API_MD = os.path.join(os.path.dirname(__file__), "data", "api.md")  # a copy of shared/spec/api.md
FIRST_SECTIONS = ("Configuration and global state", "Tensors, variables and values",
                  "Linear algebra, reductions and element-wise math")


def _plain(signature):
    """A signature as api.md writes it: names and defaults, without annotations."""
    parameters = [p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()]
    return str(signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty))


def _signatures():
    out = {}
    with open(API_MD, encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r"- `(\w+)(\(.*\))`", line.strip())
            if match:
                out[match.group(1)] = match.group(2)
    return out


SIGNATURES = _signatures()


def test_name_table_matches_api_md():
    assert tuple(SIGNATURES) == API_NAMES and len(API_NAMES) == 166


@pytest.mark.parametrize("name", [n for section in FIRST_SECTIONS for n in API_SECTIONS[section]] + ["arange"])
def test_first_sections_exist_with_exact_signature(name):
    function = getattr(K, name)
    assert _plain(inspect.signature(function)) == SIGNATURES[name]
    assert function.__doc__ and function.__doc__.strip()


@pytest.mark.parametrize("name", [n for n in API_NAMES if hasattr(K, n)])
def test_every_present_name_has_exact_signature_and_docstring(name):
    function = getattr(K, name)
    assert _plain(inspect.signature(function)) == SIGNATURES[name]
    assert function.__doc__ and function.__doc__.strip()


def _sections(doc):
    """{section name: its text} of a Google-style docstring."""
    sections, current = {}, None
    for line in inspect.cleandoc(doc).splitlines():
        stripped = line.strip()
        if stripped in ("Arguments:", "Returns:", "Raises:") and line == stripped:
            current = stripped[:-1]
            sections[current] = []
        elif current:
            sections[current].append(line)
    return {name: "\n".join(lines) for name, lines in sections.items()}


@pytest.mark.parametrize("name", API_NAMES)
def test_docstring_has_arguments_returns_raises_and_every_parameter(name):
    function = getattr(K, name)
    doc = inspect.cleandoc(function.__doc__)
    order = [doc.find(section) for section in ("\nArguments:", "\nReturns:", "\nRaises:")]
    assert all(position > 0 for position in order) and order == sorted(order), \
        f"{name}: sections missing or out of order"
    arguments = _sections(doc)["Arguments"]
    for parameter in inspect.signature(function).parameters.values():
        stem = ("**" if parameter.kind is parameter.VAR_KEYWORD else "") + parameter.name
        assert re.search(rf"^\s*{re.escape(stem)}:", arguments, re.MULTILINE), f"{name}: {parameter.name} undocumented"


@pytest.mark.parametrize("name", API_NAMES)
def test_every_parameter_and_the_result_are_annotated(name):
    signature = inspect.signature(getattr(K, name))
    missing = [p.name for p in signature.parameters.values() if p.annotation is inspect.Parameter.empty]
    assert not missing and signature.return_annotation is not inspect.Signature.empty, (name, missing)


def test_dir_shows_the_public_api_only():
    names = dir(K)
    assert sorted(n for n in names if not n.startswith("__")) == sorted(K.__all__)
    assert set(API_NAMES) <= set(names)
    for hidden in ("facade", "graph", "generic", "engines", "conformance", "cli", "_registry", "_config", "_startup"):
        assert hidden not in names, hidden
    assert K._registry.active_engine().name == K.backend()  # private modules stay reachable


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE_TREES = {"src/kbackend": "kbackend", "engines": "kbackend.engines", "conformance": "kbackend.conformance"}


def _source_modules():
    for folder, package in SOURCE_TREES.items():
        top = os.path.join(ROOT, folder)
        for directory, _, files in os.walk(top):
            relative = os.path.relpath(directory, top)
            prefix = package if relative == "." else package + "." + relative.replace(os.sep, ".")
            for name in files:
                if name.endswith(".py"):
                    yield prefix if name == "__init__.py" else f"{prefix}.{name[:-3]}"


def test_the_package_holds_every_source_module_and_its_type_marker():
    """Run against an installed wheel (CI), this is the check that the wheel holds every module."""
    import importlib.resources
    import importlib.util
    modules = sorted(_source_modules())
    assert "kbackend.graph.function" in modules and "kbackend.engines.numpy.core" in modules
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    assert not missing
    assert importlib.resources.files("kbackend").joinpath("py.typed").is_file()
