"""Resolving import statements to the qualified names they bind."""

from __future__ import annotations

import ast
from functools import lru_cache
from typing import Callable, Iterator, NamedTuple, Optional, Union

from ..apis import is_ibm_package, is_provider_era, is_removed_tool


# Modules through which `.IBMQ` / `.ibmq` reach the provider era by attribute alone.
QISKIT_ROOTS = frozenset({"qiskit", "qiskit.providers"})


class ImportedName(NamedTuple):
    local: str  # the name bound in the importing scope
    qualified: str  # what it refers to, e.g. "qiskit_ibm_provider.IBMProvider"
    deprecated: bool  # whether binding it is a QM001 import

    @property
    def original(self) -> str:
        """The name as its module spells it: `Session` for `Session as S`, `qiskit` for `import qiskit`."""
        return self.qualified.rpartition(".")[2]


def _is_deprecated_from(module: str, name: str) -> bool:
    return is_provider_era(module) or is_provider_era(f"{module}.{name}")


def imported_names(node: ast.Import | ast.ImportFrom) -> Iterator[ImportedName]:
    """The names an import statement binds; relative imports bind unknown local modules."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            deprecated = is_provider_era(alias.name)
            if alias.asname:
                yield ImportedName(alias.asname, alias.name, deprecated)
            else:
                # `import a.b.c` binds `a`; uses go through attribute chains from it.
                head = alias.name.partition(".")[0]
                yield ImportedName(head, head, deprecated)
        return
    module = node.module or ""
    if node.level:
        for alias in node.names:
            if alias.name != "*":
                yield ImportedName(alias.asname or alias.name, "." * node.level + module + "." + alias.name, False)
        return
    for alias in node.names:
        if alias.name == "*":
            continue
        yield ImportedName(alias.asname or alias.name, f"{module}.{alias.name}", _is_deprecated_from(module, alias.name))


def star_module(node: ast.ImportFrom) -> str | None:
    if node.level == 0 and node.module and any(alias.name == "*" for alias in node.names):
        return node.module
    return None


def _names_module(node: ast.Import | ast.ImportFrom, matches: Callable[[str], bool]) -> bool:
    """Whether an absolute import statement names a module (or a name in one) that `matches`."""
    if isinstance(node, ast.Import):
        return any(matches(alias.name) for alias in node.names)
    if node.level or not node.module:
        return False
    return matches(node.module) or any(matches(f"{node.module}.{alias.name}") for alias in node.names)


def is_deprecated_import(node: ast.Import | ast.ImportFrom) -> bool:
    """QM001: the statement imports a deprecated provider module or name."""
    return _names_module(node, is_provider_era)


def imports_removed_tool(node: ast.Import | ast.ImportFrom) -> bool:
    """QM001 without the provider era: `qiskit.tools.monitor` / `qiskit.tools.jupyter` and their names."""
    return _names_module(node, is_removed_tool)


def imports_ibm_package(node: ast.Import | ast.ImportFrom) -> bool:
    """QM008: the statement imports any IBM package (provider era or runtime, not fakes)."""
    if isinstance(node, ast.Import):
        return any(is_ibm_package(alias.name) for alias in node.names)
    if node.level or not node.module:
        return False
    return any(is_ibm_package(f"{node.module}.{alias.name}") if alias.name != "*" else is_ibm_package(node.module)
               for alias in node.names)


class ImportFacts(NamedTuple):
    """What one import statement tells the checks."""

    names: tuple  # the ImportedNames it binds
    deprecated: bool  # QM001: it imports a provider-era module or name
    ibm: bool  # it imports an IBM package (provider era or runtime): evidence for QM008
    qiskit: bool  # it binds `qiskit` or `qiskit.providers` (QISKIT_ROOTS)
    star: Optional[str]  # the module of `from module import *`
    aliases: tuple  # (local, original) for each name bound under another spelling
    removed_tool: bool = False  # QM001 too: a provider-era monitor or dashboard (no heuristic)


def import_facts(node: ast.Import | ast.ImportFrom) -> ImportFacts:
    """The facts of an import statement; the same statement recurs across files, so they are
    worked out once per spelling."""
    names = tuple([(alias.name, alias.asname) for alias in node.names])
    if type(node) is ast.Import:
        return _facts(False, None, 0, names)
    return _facts(True, node.module, node.level, names)  # type: ignore[union-attr]


@lru_cache(maxsize=8192)
def _facts(is_from: bool, module: Optional[str], level: int, names: tuple) -> ImportFacts:
    aliases = [ast.alias(name=name, asname=asname) for name, asname in names]
    node = ast.ImportFrom(module=module, names=aliases, level=level) if is_from else ast.Import(names=aliases)
    bound = tuple(imported_names(node))
    return ImportFacts(
        names=bound,
        deprecated=is_deprecated_import(node),
        ibm=imports_ibm_package(node),
        qiskit=any(name.qualified in QISKIT_ROOTS for name in bound),
        star=star_module(node) if is_from else None,  # type: ignore[arg-type]
        aliases=tuple((name.local, name.original) for name in bound if name.local != name.original),
        removed_tool=imports_removed_tool(node),
    )


# Statements that hold other statements, and the fields that hold them.
NESTED_BODIES: dict = {
    kind: fields for kind, fields in (
        (getattr(ast, name, None), fields) for name, fields in (
            ("FunctionDef", ("body",)), ("AsyncFunctionDef", ("body",)), ("ClassDef", ("body",)),
            ("If", ("body", "orelse")), ("For", ("body", "orelse")), ("AsyncFor", ("body", "orelse")),
            ("While", ("body", "orelse")), ("With", ("body",)), ("AsyncWith", ("body",)),
            ("Try", ("body", "handlers", "orelse", "finalbody")),
            ("TryStar", ("body", "handlers", "orelse", "finalbody")),
            ("ExceptHandler", ("body",)), ("Match", ("cases",)), ("match_case", ("body",)),
        )
    ) if kind is not None
}


def import_statements(body: list) -> Iterator[Union[ast.Import, ast.ImportFrom]]:
    """Every import statement in a body, however deeply nested in other statements."""
    stack = [body]
    while stack:
        for node in stack.pop():
            kind = type(node)
            if kind is ast.Import or kind is ast.ImportFrom:
                yield node
            else:
                fields = NESTED_BODIES.get(kind)
                if fields is not None:
                    for field in fields:
                        stack.append(getattr(node, field))
