"""What every fixer of one file shares: the source, which codes may be fixed, the module's
import bindings, and the names the fixes need imported."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from ..findings import Finding
from .source import Source
from ..detect.imports import imported_names

RUNTIME = "qiskit_ibm_runtime"
#: The fix target for ``Sampler``: the forward-compatible class of qiskit-ibm-runtime >= 0.50
#: (``SamplerV2`` and the top-level ``Sampler`` alias warn with DeprecationWarning there).
SAMPLER_MODULE = "qiskit_ibm_runtime.executor_sampler"
#: Existing bindings of ``Sampler`` that already name a runtime V2 sampler (reused, not re-imported).
RUNTIME_SAMPLERS = frozenset({
    "qiskit_ibm_runtime.Sampler", "qiskit_ibm_runtime.SamplerV2",
    "qiskit_ibm_runtime.executor_sampler.Sampler", "qiskit_ibm_runtime.executor_sampler.SamplerV2",
})
SAMPLER_ALIAS = "RuntimeSampler"
#: The newest qiskit-ibm-runtime the fixes know (the default target) and the oldest they write for.
NEWEST_RUNTIME = (0, 51)
OLDEST_RUNTIME = (0, 40)
#: ``executor_sampler`` first shipped in 0.50; below that the V2 class is ``SamplerV2``.
EXECUTOR_SAMPLER_SINCE = (0, 50)


def parse_target_runtime(value) -> Tuple[int, int]:
    """``"0.40"`` (or ``(0, 40)``, or None for the newest) -> ``(0, 40)``; ValueError outside
    the versions the fixes know (0.40 ... 0.51)."""
    if value is None or value == "":
        return NEWEST_RUNTIME
    if isinstance(value, tuple):
        version = value[:2]
    else:
        parts = str(value).strip().lstrip("v").split(".")
        try:
            version = (int(parts[0]), int(parts[1]) if len(parts) > 1 else 0)
        except ValueError:
            raise ValueError(f"--target-runtime {value!r} is not a version such as 0.40") from None
    if not OLDEST_RUNTIME <= version <= NEWEST_RUNTIME:
        raise ValueError(f"--target-runtime {value} is outside the supported 0.40 ... 0.51")
    return version


class NotFixable(Exception):
    """A fixer refuses a site; the message says why (shown with the finding that remains)."""


@dataclass(frozen=True)
class ImportNeed:
    module: str
    name: str
    asname: Optional[str]

    @property
    def local(self) -> str:
        return self.asname or self.name


@dataclass
class FixContext:
    source: Source
    #: Codes that may be fixed (selected, and present as findings somewhere in the file).
    fixable_codes: FrozenSet[str]
    #: Emit ``Session`` instead of ``Batch`` (the user turned QM004 off: a paid plan).
    use_session: bool = False
    findings: Tuple[Finding, ...] = ()
    needs: Dict[ImportNeed, List[Finding]] = field(default_factory=dict)
    #: local name -> qualified names it is bound to by imports anywhere in the module
    imported: Dict[str, Set[str]] = field(default_factory=dict)
    #: local names bound by anything other than an import (assignments, defs, parameters)
    other_bindings: Set[str] = field(default_factory=set)
    uses: Dict[str, List[ast.Name]] = field(default_factory=dict)
    pending: List[ImportNeed] = field(default_factory=list)
    #: unsafe fixes may be applied (``--unsafe-fixes``): decides e.g. Batch or Session for QM003
    unsafe_fixes: bool = False
    #: the qiskit-ibm-runtime version the fixed code must run on
    target_runtime: Tuple[int, int] = NEWEST_RUNTIME
    #: module-wide answers the fixers ask for once per pass rather than once per finding
    memo: Dict[str, object] = field(default_factory=dict)
    #: local names bound by module-level imports that run (not under ``if TYPE_CHECKING:``,
    #: not inside a function): the only existing imports a fix may reuse
    visible_imports: Set[str] = field(default_factory=set)
    #: names bound by imports under a module-level ``if TYPE_CHECKING:`` (a new import of
    #: one would be a redefinition: the fix imports it under another name)
    type_checking_imports: Set[str] = field(default_factory=set)
    #: a star import may bind any name: an unbound name read in the module is taken
    has_star_import: bool = False

    def __post_init__(self) -> None:
        self.visible_imports = _runtime_module_imports(self.source.tree.body, self.type_checking_imports)
        self.has_star_import = any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)
                                   for n in self.source.nodes(ast.ImportFrom))
        for node in self.source.nodes_of(ast.Import, ast.ImportFrom, ast.Name, ast.FunctionDef, ast.AsyncFunctionDef,
                                         ast.ClassDef, ast.arg):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for bound in imported_names(node):
                    self.imported.setdefault(bound.local, set()).add(bound.qualified)
            elif isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load):
                    self.uses.setdefault(node.id, []).append(node)
                else:
                    self.other_bindings.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.other_bindings.add(node.name)
            elif isinstance(node, ast.arg):
                self.other_bindings.add(node.arg)

    @property
    def session_class(self) -> str:
        return "Session" if self.use_session else "Batch"

    def resolve(self, name: str) -> Optional[str]:
        """The one qualified name an imported local name refers to, if unambiguous."""
        qualified = self.imported.get(name)
        if qualified and len(qualified) == 1 and name not in self.other_bindings:
            return next(iter(qualified))
        return None

    def qualified_call_name(self, func: ast.expr) -> Optional[str]:
        """``Session`` -> ``qiskit_ibm_runtime.Session``; ``qiskit_ibm_runtime.Session`` likewise."""
        if isinstance(func, ast.Name):
            return self.resolve(func.id)
        if isinstance(func, ast.Attribute):
            parts = [func.attr]
            value = func.value
            while isinstance(value, ast.Attribute):
                parts.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name):
                head = self.resolve(value.id)
                if head is not None:
                    return ".".join([head] + parts[::-1])
        return None

    def need(self, module: str, name: str) -> Optional[str]:
        """The local name to write for ``module.name``, registering an import if one is missing.
        ``None`` when the name is taken by something else (the fix is then not offered)."""
        qualified = f"{module}.{name}"
        if module == SAMPLER_MODULE and name == "Sampler":
            return self._need_sampler()
        for local, targets in self.imported.items():
            if targets == {qualified} and local not in self.other_bindings and local in self.visible_imports:
                return local
        for local, asname in ((name, None), (f"Runtime{name}", f"Runtime{name}")):
            # never shadow: not a name bound otherwise, nor one a star import may bring in
            if local in self.other_bindings or local in self.type_checking_imports or (local in self.imported and (
                    local in self.visible_imports or self.imported[local] != {qualified})) \
                    or (self.has_star_import and local in self.uses and local not in self.imported):
                continue
            self.pending.append(ImportNeed(module, name, asname))
            return local
        return None

    def _need_sampler(self) -> Optional[str]:
        executor = self.target_runtime >= EXECUTOR_SAMPLER_SINCE
        usable = RUNTIME_SAMPLERS if executor else RUNTIME_SAMPLERS - {
            "qiskit_ibm_runtime.executor_sampler.Sampler", "qiskit_ibm_runtime.executor_sampler.SamplerV2"}
        for local in ("Sampler", "SamplerV2", SAMPLER_ALIAS):
            targets = self.imported.get(local)
            if targets and targets <= usable and local not in self.other_bindings \
                    and local in self.visible_imports:
                return local
        # below 0.50 there is no executor_sampler: the V2 class, under the name the fixes write
        module, name = (SAMPLER_MODULE, "Sampler") if executor else (RUNTIME, "SamplerV2")
        for local, asname in (("Sampler", None if executor else "Sampler"), (SAMPLER_ALIAS, SAMPLER_ALIAS)):
            if local not in self.imported and local not in self.other_bindings \
                    and not (self.has_star_import and local in self.uses):
                self.pending.append(ImportNeed(module, name, asname))
                return local
        return None

    def module_functions(self) -> Dict[str, List[ast.FunctionDef]]:
        """The module's top-level functions by name (asked per finding: indexed once)."""
        def compute() -> Dict[str, List[ast.FunctionDef]]:
            functions: Dict[str, List[ast.FunctionDef]] = {}
            for statement in self.source.tree.body:
                if isinstance(statement, ast.FunctionDef):
                    functions.setdefault(statement.name, []).append(statement)
            return functions

        return self.once("module functions", compute)

    def once(self, key: str, compute):
        """A module-wide answer, computed on first use in this pass (not once per finding)."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def commit(self, serves: Finding) -> None:
        """The fix that asked for the pending names succeeded: they will be imported."""
        for need in self.pending:
            self.needs.setdefault(need, []).append(serves)
        self.pending.clear()

    def rollback(self) -> None:
        self.pending.clear()

    def free_name(self, preferred: str) -> str:
        candidate, index = preferred, 1
        while candidate in self.imported or candidate in self.other_bindings or candidate in self.uses:
            index += 1
            candidate = f"{preferred}_{index}"
        return candidate


def _runtime_module_imports(body: List[ast.stmt], type_checking: Set[str]) -> Set[str]:
    """Names bound by the imports of a module body that run at import time: through ``if``
    (not ``if TYPE_CHECKING:``, whose names go to ``type_checking``), ``try`` and ``with``
    blocks, never function or class bodies."""
    names: Set[str] = set()
    for stmt in body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            names.update(bound.local for bound in imported_names(stmt))
        elif isinstance(stmt, ast.If):
            test = stmt.test
            if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING" \
                    or isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING":
                type_checking |= _runtime_module_imports(stmt.body, set())
            else:
                names |= _runtime_module_imports(stmt.body, type_checking)
            names |= _runtime_module_imports(stmt.orelse, type_checking)
        elif isinstance(stmt, (ast.Try, ast.With)) or type(stmt).__name__ == "TryStar":
            for block in ("body", "orelse", "finalbody"):
                names |= _runtime_module_imports(getattr(stmt, block, []), type_checking)
            for handler in getattr(stmt, "handlers", []):
                names |= _runtime_module_imports(handler.body, type_checking)
    return names
