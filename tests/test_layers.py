"""The package reads bottom-up: settings and dtypes, generic fallbacks, engine loading, the graph, the facade, the
package namespace and CLI. Each module imports only its own layer or the layers below; there is no import circle,
no function-level import of another kbackend module, and no module assigns attributes of another module."""
import ast
import os

import pytest

import kbackend
import kbackend.conformance
import kbackend.engines

PACKAGE_DIR = os.path.dirname(kbackend.__file__)

# Layer of each module (by dotted-name prefix; the longest prefix wins).
LAYERS = {
    "kbackend._config": 0, "kbackend._dtypes": 0, "kbackend._state": 0, "kbackend._types": 0, "kbackend._optional": 0,
    "kbackend.generic": 1,
    "kbackend._engine": 2, "kbackend._registry": 2, "kbackend._startup": 2,
    "kbackend.graph": 3,
    "kbackend.facade": 4,
    "kbackend": 5,  # the package namespace, the CLI (kbackend.cli, kbackend.__main__)
}
# Function-level imports allowed, with their reason: none of them may dodge an import circle.
LAZY_IMPORTS_ALLOWED = {
    "kbackend.cli": "the CLI loads the conformance suite and the configured engine only for the commands that "
                    "need them, so that --help and config work when the engine cannot load",
}


def _modules():
    found = {}
    for folder, _, files in os.walk(PACKAGE_DIR):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, os.path.dirname(PACKAGE_DIR))[:-3].replace(os.sep, ".")
            if relative.endswith(".__init__"):
                relative = relative[: -len(".__init__")]
            found[relative] = path
    return {name: path for name, path in found.items()
            if not name.startswith(("kbackend.engines", "kbackend.conformance"))}


MODULES = _modules()


def _layer(module):
    best = max((prefix for prefix in LAYERS if module == prefix or module.startswith(prefix + ".")), key=len)
    return LAYERS[best]


def _imports(module, path):
    """[(imported kbackend module, line, at module level)] of ``module``."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    package = module if path.endswith("__init__.py") else module.rsplit(".", 1)[0]
    top_level = {id(node) for node in tree.body}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            targets = [f"{name}.{alias.name}" if f"{name}.{alias.name}" in MODULES else name for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        for target in targets:
            if target in MODULES and target != module:
                out.append((target, node.lineno, id(node) in top_level))
    return out


def test_every_import_goes_to_the_same_layer_or_below():
    wrong = [f"{module} (layer {_layer(module)}) imports {target} (layer {_layer(target)}), line {line}"
             for module, path in MODULES.items() for target, line, _ in _imports(module, path)
             if _layer(target) > _layer(module)]
    assert not wrong, "\n".join(wrong)


def test_no_import_circle():
    edges = {module: {target for target, _, _ in _imports(module, path)} for module, path in MODULES.items()}
    state, stack = {}, []

    def visit(module):
        state[module] = "open"
        stack.append(module)
        for target in sorted(edges[module]):
            if state.get(target) == "open":
                pytest.fail("import circle: " + " -> ".join(stack[stack.index(target):] + [target]))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module)


def test_no_function_level_imports_of_kbackend_modules():
    wrong = [f"{module} line {line} imports {target} inside a function"
             for module, path in MODULES.items() if module not in LAZY_IMPORTS_ALLOWED
             for target, line, top in _imports(module, path) if not top]
    assert not wrong, "\n".join(wrong)


def _module_names(module, path, tree):
    """The names under which ``module`` binds other modules (``import x``, ``from package import submodule``)."""
    package = module if path.endswith("__init__.py") else module.rsplit(".", 1)[0]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            name = ".".join(base + ([node.module] if node.module else []))
            names.update(alias.asname or alias.name for alias in node.names if f"{name}.{alias.name}" in MODULES)
    return names


def test_no_module_assigns_another_modules_attributes():
    wrong = []
    for module, path in MODULES.items():
        tree = ast.parse(open(path, encoding="utf-8").read())
        imported = _module_names(module, path, tree)
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and \
                        target.value.id in imported:
                    wrong.append(f"{module} line {node.lineno}: assigns {target.value.id}.{target.attr}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr" and node.args and \
                    isinstance(node.args[0], ast.Name) and node.args[0].id in imported:
                wrong.append(f"{module} line {node.lineno}: setattr on {node.args[0].id}")
    assert not wrong, "\n".join(wrong)


def _bound_at_top_level(statement):
    """The names a module-level statement binds: plain assignments, definitions and imports (not items or attributes)."""
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, ast.AnnAssign):  # ``+=`` accumulates into the same object: not a second binding
        targets = [statement.target]
    elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [statement.name]
    elif isinstance(statement, ast.ImportFrom):
        return [alias.asname or alias.name for alias in statement.names]
    elif isinstance(statement, ast.Import):  # ``import a`` then ``import a.b`` bind ``a`` to the same module
        return [alias.asname for alias in statement.names if alias.asname]
    else:
        return []
    names = []
    for target in targets:
        elements = target.elts if isinstance(target, ast.Tuple) else [target]
        names += [element.id for element in elements if isinstance(element, ast.Name)]
    return names


def test_no_module_level_name_bound_twice():
    # One name per concept: a module-level constant rebound further down (say a dtype alias reused for a cache)
    # silently changes every function above that reads it.
    wrong = []
    folders = [PACKAGE_DIR, *kbackend.engines.__path__, *kbackend.conformance.__path__]
    for folder, _, files in (walked for top in dict.fromkeys(folders) for walked in os.walk(top)):
        for file_name in sorted(files):
            if not file_name.endswith(".py"):
                continue
            path = os.path.join(folder, file_name)
            first_line = {}
            for statement in ast.parse(open(path, encoding="utf-8").read()).body:
                for name in _bound_at_top_level(statement):
                    if name in first_line and name != "__all__":
                        wrong.append(f"{path} line {statement.lineno}: {name} (first bound line {first_line[name]})")
                    first_line.setdefault(name, statement.lineno)
    assert not wrong, "\n".join(wrong)
