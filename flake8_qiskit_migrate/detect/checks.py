"""The checks: from a model of names to findings, one function per concern."""

from __future__ import annotations

import ast
from typing import Iterable, Iterator, Optional

from .. import apis
from ..apis import BACKEND, NONE, PROVIDER, SERVICE, STRING, UNKNOWN
from ..catalog import RULES
from ..findings import Finding
from .model import ModuleModel, Narrowing, Scope, Site
from .provenance import Kinds, Provenance

_BACKEND_EXACT = frozenset({"backend", "device", "qpu"})


def _finding(code: str, node: ast.AST) -> Finding:
    line = node.lineno  # type: ignore[attr-defined]
    col = node.col_offset  # type: ignore[attr-defined]
    end_line = getattr(node, "end_lineno", None) or line
    end_col = getattr(node, "end_col_offset", None)
    return Finding(line, col, code, RULES[code].message, end_line, col if end_col is None else end_col)


def is_backend_like(name: str, extra: frozenset[str]) -> bool:
    stripped = name.lstrip("_")
    return (stripped in _BACKEND_EXACT or stripped.endswith("_backend") or stripped.startswith("backend_")
            or name in extra or stripped in extra)


def is_provider_like(name: str) -> bool:
    stripped = name.lstrip("_")
    return stripped == "provider" or stripped.endswith("_provider") or stripped.startswith("provider_")


def _receiver_name(expr: ast.expr) -> Optional[str]:
    """The name the heuristic judges: `backend` for `backend` and for `self.backend`."""
    if type(expr) is ast.Name:
        return expr.id  # type: ignore[attr-defined]
    if type(expr) is ast.Attribute and type(expr.value) is ast.Name:  # type: ignore[attr-defined]
        return expr.attr  # type: ignore[attr-defined]
    return None


def _decided(kinds: Kinds, wanted: str) -> Optional[bool]:
    """True/False when the evidence decides whether the object is `wanted`, None when it does not."""
    if wanted in kinds:
        return True
    evidence = kinds - {NONE}
    if not evidence or UNKNOWN in evidence:
        return None
    return False


class Checker:
    def __init__(self, model: ModuleModel, backend_names: frozenset[str] = frozenset()) -> None:
        self.model = model
        self.provenance = Provenance(model, self._named_like_provider)
        self.backend_names = backend_names

    # evidence about receivers -------------------------------------------------

    def is_ibm_backend(self, expr: ast.expr, scope: Scope, narrowing: Narrowing) -> bool:
        decided = _decided(self.provenance.kinds(expr, scope, narrowing), BACKEND)
        if decided is not None:
            return decided
        name = _receiver_name(expr)
        return self.model.imports_provider_era and name is not None and is_backend_like(name, self.backend_names)

    def is_provider(self, expr: ast.expr, scope: Scope, narrowing: Narrowing) -> bool:
        return self._named_like_provider(expr, self.provenance.kinds(expr, scope, narrowing))

    def _named_like_provider(self, expr: ast.expr, kinds: Kinds) -> bool:
        decided = _decided(kinds, PROVIDER)
        if decided is not None:
            return decided
        name = _receiver_name(expr)
        return self.model.imports_provider_era and name is not None and is_provider_like(name)

    def is_service(self, expr: ast.expr, scope: Scope, narrowing: Narrowing) -> bool:
        return SERVICE in self.provenance.kinds(expr, scope, narrowing)

    def is_string(self, expr: ast.expr, scope: Scope) -> bool:
        kinds = self.provenance.infer(expr, scope) - {NONE}
        return bool(kinds) and kinds <= {STRING}

    # checks -----------------------------------------------------------------

    def run(self) -> Iterator[Finding]:
        yield from self.check_imports()
        yield from self.check_attributes()
        qm003_lines: set[int] = set()
        deferred_qm004: list[Finding] = []
        for site in self.model.calls:
            for finding in self.check_call(site):
                if finding.code == "QM003":
                    qm003_lines.add(finding.line)
                if finding.code == "QM004":
                    deferred_qm004.append(finding)
                else:
                    yield finding
        # QM004 stays silent where QM003 already reports (SPEC.md).
        yield from (f for f in deferred_qm004 if f.line not in qm003_lines)
        yield from self.check_values()

    def check_imports(self) -> Iterator[Finding]:
        for site in self.model.imports:
            if site.deprecated:
                yield _finding("QM001", site.node)

    def check_attributes(self) -> Iterator[Finding]:
        for node, scope, narrowing in self.model.attributes:
            attr = node.attr  # type: ignore[attr-defined]
            if attr == "session":
                if isinstance(node.ctx, ast.Load) and self.is_ibm_backend(node.value, scope, narrowing):  # type: ignore[attr-defined]
                    yield _finding("QM003", node)
                continue
            names = self.provenance.qualified_names(node, scope)  # type: ignore[arg-type]
            if not any(n in ("qiskit.IBMQ", "qiskit.providers.ibmq") for n in names):
                continue
            if not self._covered_by_deprecated_import(node, scope):
                self.model.imports_provider_era = True
                yield _finding("QM001", node)

    def _covered_by_deprecated_import(self, node: ast.AST, scope: Scope) -> bool:
        base = node
        while isinstance(base, ast.Attribute):
            base = base.value
        if not isinstance(base, ast.Name):
            return False
        bindings = self.provenance.name_bindings(base.id, scope) or []
        return any(b[0] == "qual" and b[2] for b in bindings)

    def check_call(self, site: Site) -> Iterator[Finding]:
        node, scope, narrowing = site
        call: ast.Call = node  # type: ignore[assignment]
        func = call.func
        if type(func) is ast.Attribute:
            method = func.attr
            receiver = func.value
            if method == "run":
                if self.is_ibm_backend(receiver, scope, narrowing):
                    yield _finding("QM002", call)
            elif method in apis.SESSION_METHODS:
                if self.is_ibm_backend(receiver, scope, narrowing):
                    yield _finding("QM003", call)
            elif method in apis.PROVIDER_LOOKUP_CALLS:
                if self.is_provider(receiver, scope, narrowing) or (
                    method == "get_backend" and self.is_service(receiver, scope, narrowing)
                ):
                    yield _finding("QM005", call)
        # `a.b.m(...)` resolves to a qualified name ending in `m`; when no reported name ends
        # so, resolving it (often through `self` attributes) cannot find anything.
        if type(func) is ast.Name or (type(func) is ast.Attribute and func.attr in apis.REPORTED_CALL_NAMES):
            for name in self.provenance.qualified_names(func, scope):
                yield from self._check_qualified_call(name, call, scope, narrowing)
        for keyword in call.keywords:
            if keyword.arg == "channel" and _is_str(keyword.value, apis.REMOVED_CHANNEL):
                yield _finding("QM007", keyword)

    def _check_qualified_call(self, name: str, call: ast.Call, scope: Scope, narrowing: Narrowing) -> Iterator[Finding]:
        last = apis.last_part(name)
        owner = apis.last_part(name.rpartition(".")[0])
        if apis.is_non_ibm(name):
            return
        if apis.is_provider_era(name):
            if last in apis.PROVIDER_CLASSES and last == "IBMProvider":
                yield _finding("QM005", call)
            elif owner == "IBMProvider" and last in apis.IBM_PROVIDER_CLASS_METHODS:
                yield _finding("QM005", call)
            elif owner == "IBMQ" and (last in apis.IBMQ_ACCOUNT_METHODS or last in apis.PROVIDER_LOOKUP_CALLS):
                yield _finding("QM005", call)
            elif last == "least_busy":
                yield _finding("QM005", call)
            return
        if name in apis.EXECUTE_QUALS:
            backend = _argument(call, 1, "backend")
            if backend is not None and self.is_ibm_backend(backend, scope, narrowing):
                yield _finding("QM002", call)
            return
        if not apis.is_runtime(name):
            return
        if last == "Session" or (last == "from_id" and owner == "Session"):
            yield _finding("QM004", call)
        if last in ("Session", "Batch"):
            yield from self._check_session_arguments(call, scope, narrowing)
        elif last in apis.PRIMITIVE_CLASSES:
            yield from self._check_primitive_arguments(call, scope)

    def _check_primitive_arguments(self, call: ast.Call, scope: Scope) -> Iterator[Finding]:
        for keyword in call.keywords:
            if keyword.arg in ("backend", "session") or (
                keyword.arg == "mode" and self.is_string(keyword.value, scope)
            ):
                yield _finding("QM006", call)
                return
        if call.args and not isinstance(call.args[0], ast.Starred) and self.is_string(call.args[0], scope):
            yield _finding("QM006", call)

    def _check_session_arguments(self, call: ast.Call, scope: Scope, narrowing: Narrowing) -> Iterator[Finding]:
        for keyword in call.keywords:
            if keyword.arg == "service" or (
                keyword.arg in ("backend", "mode") and self.is_string(keyword.value, scope)
            ):
                yield _finding("QM006", call)
                return
        for index, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred):
                return
            if self.is_string(arg, scope) or (index == 0 and self._is_service_argument(arg, scope, narrowing)):
                yield _finding("QM006", call)
                return

    def _is_service_argument(self, expr: ast.expr, scope: Scope, narrowing: Narrowing) -> bool:
        if self.is_service(expr, scope, narrowing):
            return True
        name = _receiver_name(expr)
        if name is None:
            return False
        stripped = name.lstrip("_")
        if not (stripped == "service" or stripped.endswith("_service")):
            return False
        # Named like a service, and nothing says it is something else.
        return _decided(self.provenance.kinds(expr, scope, narrowing), SERVICE) is not False

    def check_values(self) -> Iterator[Finding]:
        imports_ibm = self.model.imports_ibm
        for site in self.model.values:
            value = site.node.value
            if value == apis.REMOVED_CHANNEL:
                if site.name == "channel" and site.kind in ("default", "assign"):
                    yield _finding("QM007", site.node)
            elif imports_ibm:
                yield _finding("QM008", site.node)


def _is_str(node: ast.expr, value: str) -> bool:
    return isinstance(node, ast.Constant) and node.value == value


def _argument(call: ast.Call, position: int, keyword: str) -> Optional[ast.expr]:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        return call.args[position]
    return None


def unique_per_line(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (line, code), the first in the line by column."""
    best: dict[tuple[int, str], Finding] = {}
    for finding in findings:
        key = (finding.line, finding.code)
        current = best.get(key)
        if current is None or finding.col < current.col:
            best[key] = finding
    return sorted(best.values(), key=lambda f: (f.line, f.col, f.code))
