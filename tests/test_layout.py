"""The layers of the package, read from its import statements (parsed, never executed).

Data flows one way: configuration -> sources -> tree -> model -> findings -> fixes ->
reports -> front-ends (the flake8 plugin, the CLI, the language server). So a module only
imports from its own layer or the ones below it, imports inside functions included, and the
flake8 plugin's path (detect/, plugin.py) needs nothing beyond the standard library and flake8.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Dict, Set

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "flake8_qiskit_migrate"
NAME = PACKAGE.name

FRONT_ENDS = {"cli", "server", "plugin", "__main__"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> Dict[str, Set[str]]:
    """{"internal": package modules imported (without the package prefix), "external": top-level
    names of other packages}, from every import statement of the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    internal: Set[str] = set()
    external: Set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
                # `from . import x` may import a module x
                targets = [stem] + [f"{stem}.{alias.name}" for alias in node.names]
            else:
                targets = [node.module or ""] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            if target == NAME or target.startswith(NAME + "."):
                relative = target[len(NAME) + 1:]
                if relative and _is_module(relative):
                    internal.add(relative)
            elif target and target.split(".")[0] != "__future__":
                external.add(target.split(".")[0])
    return {"internal": internal, "external": external}


def _is_module(relative: str) -> bool:
    path = PACKAGE.joinpath(*relative.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


MODULES = {module_name(path)[len(NAME) + 1:] or "__init__": imports_of(path)
           for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    return module.split(".")[0]


def test_every_module_is_seen():
    assert {"cli", "config", "discovery", "sources", "detect.checker", "fix.engine", "report.formats"} <= set(MODULES)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "detect") + ["plugin"])
def test_the_flake8_plugin_path_needs_only_the_standard_library_and_flake8(module):
    outside = MODULES[module]["external"] - set(sys.stdlib_module_names) - {"flake8"}
    assert outside == set(), f"{module} imports {sorted(outside)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "detect"))
def test_the_checker_imports_nothing_above_it(module):
    allowed = {"findings", "catalog", "apis", "__init__"}
    above = {m for m in MODULES[module]["internal"] if layer(m) != "detect" and m not in allowed}
    assert above == set(), f"{module} imports {sorted(above)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "fix"))
def test_the_fixer_imports_no_front_end_and_no_notebook_layer(module):
    above = {m for m in MODULES[module]["internal"] if layer(m) in FRONT_ENDS | {"notebooks"}}
    assert above == set(), f"{module} imports {sorted(above)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) in
                                          {"report", "config", "sources", "discovery", "parallel", "resources",
                                           "findings", "catalog", "apis", "docs", "notebook_cells"}))
def test_the_layers_below_the_front_ends_import_no_front_end_and_no_fixer(module):
    above = {m for m in MODULES[module]["internal"] if layer(m) in FRONT_ENDS | {"fix"}}
    assert above == set(), f"{module} imports {sorted(above)}"


def test_only_front_ends_import_front_ends():
    importers = {module: sorted(m for m in imports["internal"] if layer(m) in FRONT_ENDS)
                 for module, imports in MODULES.items() if layer(module) not in FRONT_ENDS}
    assert {module: found for module, found in importers.items() if found} == {}
    # the language server and the plugin are peers of the CLI, not built on it
    assert "cli" not in MODULES["server"]["internal"] | MODULES["plugin"]["internal"]


def test_there_is_no_import_cycle():
    graph = {module: {m for m in imports["internal"] if m in MODULES and m != module}
             for module, imports in MODULES.items()}
    # a package's __init__ is imported with each of its modules: not an edge of the layering
    graph = {module: {m for m in targets if not (m == "__init__" or m.endswith(".__init__"))
                      and not module.startswith(m + ".")}
             for module, targets in graph.items()}
    cycles = []
    state: Dict[str, int] = {}

    def visit(module: str, stack: list) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target):] + [target] if target in stack else [module, target])
            elif target not in state:
                visit(target, stack + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
