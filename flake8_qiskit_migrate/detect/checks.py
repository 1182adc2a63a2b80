"""The checks: from a model of names to findings, one function per concern."""

from __future__ import annotations

import ast
from typing import Iterable, Iterator, Optional

from .. import apis
from ..apis import BACKEND, NON_IBM, NONE, PROVIDER, SERVICE, STRING, UNKNOWN, V1_ESTIMATOR, V1_OPTIONS, V1_PRIMITIVES, V1_RESULT
from ..catalog import RULES
from ..findings import Finding
from .imports import import_facts
from .model import ModuleModel, Narrowing, Scope, Site
from .provenance import Kinds, Provenance
from .sites import SourceText

_BACKEND_EXACT = frozenset({"backend", "device", "qpu"})


def _finding(code: str, node: ast.AST, message: Optional[str] = None) -> Finding:
    line = node.lineno  # type: ignore[attr-defined]
    col = node.col_offset  # type: ignore[attr-defined]
    end_line = getattr(node, "end_lineno", None) or line
    end_col = getattr(node, "end_col_offset", None)
    return Finding(line, col, code, message or RULES[code].message, end_line, col if end_col is None else end_col)


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
    def __init__(self, model: ModuleModel, backend_names: frozenset[str] = frozenset(),
                 text: Optional[str] = None) -> None:
        self.model = model
        self.provenance = Provenance(model, self._named_like_provider)
        self.backend_names = backend_names
        #: The module's source, to quote each reported site as written (else `ast.unparse`).
        self.source = SourceText(text)

    def release(self) -> None:
        """Break the checker's cycle with its provenance (which calls back into it)."""
        self.provenance.provider_heuristic = None

    def _site(self, code: str, node: ast.AST, variant: str, **fields: str) -> Finding:
        """A finding whose message is about this site (the catalog's template ``variant``)."""
        fields.setdefault("site", self.source.short(node))
        return _finding(code, node, RULES[code].site_message(variant, **fields))

    def _text(self, node: ast.AST) -> str:
        return self.source.short(node, 30)

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
        star = self._star_import_bringing_ibmq()
        if star is not None:
            # Qiskit < 1.0 exported IBMQ: the star import is a provider-era import (rule 4).
            self.model.imports_provider_era = True
            yield self._site("QM001", star, "star")
        yield from self.check_imports()
        # V1 result reads come after the calls: `sampler.run(qc).result().quasi_dists` on one
        # line is told about its run call first (one finding per line and code).
        deferred_reads: list[Finding] = []
        for finding in self.check_attributes():
            if finding.code == "QM009":
                deferred_reads.append(finding)
            else:
                yield finding
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
        yield from deferred_reads
        yield from self.check_values()

    def _star_import_bringing_ibmq(self) -> Optional[ast.ImportFrom]:
        """The first `from qiskit import *`, when the module uses `IBMQ` without binding it."""
        star = next((site.node for site in self.model.imports if type(site.node) is ast.ImportFrom
                     and site.node.module == "qiskit" and not site.node.level  # type: ignore[union-attr]
                     and any(alias.name == "*" for alias in site.node.names)), None)
        if star is None:
            return None
        for node, scope, _ in (*self.model.calls, *self.model.attributes):
            base = node.func if type(node) is ast.Call else node  # type: ignore[attr-defined]
            while type(base) is ast.Attribute or type(base) is ast.Call:
                base = base.value if type(base) is ast.Attribute else base.func  # type: ignore[attr-defined]
            if type(base) is ast.Name and base.id == "IBMQ" and not _bound(base.id, scope):  # type: ignore[attr-defined]
                return star  # type: ignore[return-value]
        return None

    def check_imports(self) -> Iterator[Finding]:
        for site in self.model.imports:
            if site.deprecated:
                yield self._site("QM001", site.node, "import", replacement=_runtime_import(site.node))
                continue
            facts = site.facts or import_facts(site.node)
            if facts.removed_tool:
                monitor = any("monitor" in name.qualified or name.original in apis.REMOVED_TOOL_NAMES
                              for name in facts.names) or "monitor" in self.source.segment(site.node)
                yield self._site("QM001", site.node, "monitor" if monitor else "dashboard")

    def check_attributes(self) -> Iterator[Finding]:
        for node, scope, narrowing in self.model.attributes:
            attr = node.attr  # type: ignore[attr-defined]
            if attr == "session":
                if isinstance(node.ctx, ast.Load) and self.is_ibm_backend(node.value, scope, narrowing):  # type: ignore[attr-defined]
                    yield self._site("QM003", node, "session", backend=self._text(node.value))  # type: ignore[attr-defined]
                continue
            if attr in apis.V1_RESULT_FIELDS:
                if V1_RESULT in self.provenance.kinds(node.value, scope, narrowing):  # type: ignore[attr-defined]
                    yield self._site("QM009", node, attr, base=self._text(node.value))  # type: ignore[attr-defined]
                continue
            if attr in apis.V1_OPTION_FIELDS:
                if V1_OPTIONS in self.provenance.kinds(node.value, scope, narrowing):  # type: ignore[attr-defined]
                    yield self._site("QM009", node, "options", fields=attr, replacement=_v2_options([attr]))
                continue
            names = self.provenance.qualified_names(node, scope)  # type: ignore[arg-type]
            if not any(n in ("qiskit.IBMQ", "qiskit.providers.ibmq") for n in names):
                continue
            if not self._covered_by_deprecated_import(node, scope):
                self.model.imports_provider_era = True
                yield self._site("QM001", node, "attribute")

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
                    yield self._backend_run(call, receiver)
                elif not V1_PRIMITIVES.isdisjoint(kinds := self.provenance.kinds(receiver, scope, narrowing)):
                    pubs = _v1_pubs(call, self.source, self._one_circuit, scope, V1_ESTIMATOR in kinds)
                    if pubs is not None:
                        yield self._site("QM009", call, "run", receiver=self._text(receiver),
                                         pubs=pubs + ("" if V1_ESTIMATOR in kinds else _rest(self.source, call)))
                elif self._runs_a_program(call, receiver, scope, narrowing):
                    yield self._site("QM009", call, "program", replacement=_program_replacement(call))
            elif method in apis.SESSION_METHODS:
                if self.is_ibm_backend(receiver, scope, narrowing):
                    yield self._site("QM003", call, method, backend=self._text(receiver))
            elif method == "name":
                if not call.args and not call.keywords and self.is_ibm_backend(receiver, scope, narrowing):
                    yield self._site("QM010", call, "name_call", receiver=self._text(receiver))
            elif method in apis.PROVIDER_LOOKUP_CALLS:
                provider = self.is_provider(receiver, scope, narrowing)
                if provider or (method == "get_backend" and self.is_service(receiver, scope, narrowing)):
                    yield self._lookup(call, method, "service" if provider else self._text(receiver))
                elif method in ("jobs", "retrieve_job") and self.is_ibm_backend(receiver, scope, narrowing):
                    yield self._backend_jobs(call, method, receiver)
                if method == "get_backend" and (provider or self.is_service(receiver, scope, narrowing)):
                    yield from self._v1_name_arguments(call, scope, narrowing)
            if method == "backend" and self.is_service(receiver, scope, narrowing):
                yield from self._v1_name_arguments(call, scope, narrowing)
        # `a.b.m(...)` resolves to a qualified name ending in `m`; when no reported name ends
        # so, resolving it (often through `self` attributes) cannot find anything.
        if type(func) is ast.Name or (type(func) is ast.Attribute and func.attr in apis.REPORTED_CALL_NAMES):
            for name in self.provenance.qualified_names(func, scope):
                yield from self._check_qualified_call(name, call, scope, narrowing)
        for keyword in call.keywords:
            if keyword.arg == "channel" and _is_str(keyword.value, apis.REMOVED_CHANNEL):
                yield self._site("QM007", keyword, "channel")

    # QM002 / QM005 / QM009 / QM010 messages ------------------------------------

    def _backend_run(self, call: ast.Call, receiver: ast.expr) -> Finding:
        circuits = call.args[0] if call.args and type(call.args[0]) is not ast.Starred else None
        return self._site("QM002", call, "run", backend=self._text(receiver),
                          pubs=_pub_list(self.source, circuits), rest=_rest(self.source, call))

    def _execute(self, call: ast.Call, backend: ast.expr) -> Finding:
        circuits = call.args[0] if call.args and type(call.args[0]) is not ast.Starred else None
        for keyword in call.keywords:
            if keyword.arg in ("experiments", "circuits"):
                circuits = keyword.value
        backend_text = self._text(backend)
        if circuits is None:
            pubs = f"[transpile(circuits, {backend_text})]"
        elif type(circuits) in (ast.List, ast.Tuple):
            pubs = f"transpile({self._text(circuits)}, {backend_text})"
        else:
            pubs = f"[transpile({self._text(circuits)}, {backend_text})]"
        return self._site("QM002", call, "execute", backend=backend_text, pubs=pubs,
                          rest=_rest(self.source, call))

    def _lookup(self, call: ast.Call, method: str, service: str) -> Finding:
        arguments = self.source.arguments(call)
        name = _argument(call, 0, "name")
        if method == "get_backend" and type(name) is ast.Call and _v1_name_of(name) is not None:
            arguments = f"{self._text(_v1_name_of(name))}.name"  # the QM010 on the same call says why
        if method == "get_backend":
            replacement = f"{service}.backend({arguments or 'name'})"
        elif method == "retrieve_job":
            replacement = f"{service}.job({arguments})"
        else:
            replacement = f"{service}.{method}({arguments})"
        return self._site("QM005", call, "call", replacement=replacement)

    def _backend_jobs(self, call: ast.Call, method: str, backend: ast.expr) -> Finding:
        if method == "retrieve_job":
            replacement = f"service.job({self.source.arguments(call)})"
        else:
            named = any(k.arg == "backend_name" for k in call.keywords)
            arguments = ", ".join(filter(None, [
                "" if named else f"backend_name={self._text(backend)}.name", self.source.arguments(call)]))
            replacement = f"service.jobs({arguments})"
        return self._site("QM005", call, "call", replacement=replacement)

    def _v1_name_arguments(self, call: ast.Call, scope: Scope, narrowing: Narrowing) -> Iterator[Finding]:
        """QM010: `str(backend)` / `backend.name()` given as the name to an IBM backend lookup."""
        name = _argument(call, 0, "name")
        if type(name) is not ast.Call or name.keywords:
            return
        func = name.func
        if type(func) is ast.Name and func.id == "str" and len(name.args) == 1 \
                and self.provenance.name_bindings("str", scope) is None:
            target = name.args[0]
            if self.is_ibm_backend(target, scope, narrowing):
                yield self._site("QM010", name, "str", receiver=self._text(target))
        elif type(func) is ast.Attribute and func.attr == "name" and not name.args:
            kinds = self.provenance.kinds(func.value, scope, narrowing)
            if not self.is_ibm_backend(func.value, scope, narrowing) and _decided(kinds, BACKEND) is not False:
                # Named in an IBM lookup, so a backend, unless something says it is not IBM's.
                yield self._site("QM010", name, "name_call", receiver=self._text(func.value))

    def _runs_a_program(self, call: ast.Call, receiver: ast.expr, scope: Scope, narrowing: Narrowing) -> bool:
        """`service.run(program_id=...)` / `service.run("sampler", ...)`, also `provider.runtime.run(...)`."""
        names_a_program = any(k.arg == "program_id" for k in call.keywords) or (
            bool(call.args) and type(call.args[0]) is ast.Constant and isinstance(call.args[0].value, str))  # type: ignore[attr-defined]
        if not names_a_program:
            return False
        if self.is_service(receiver, scope, narrowing):
            return True
        return type(receiver) is ast.Attribute and receiver.attr == "runtime" and (  # type: ignore[attr-defined]
            self.is_provider(receiver.value, scope, narrowing)  # type: ignore[attr-defined]
            or any(n.endswith(".IBMQ") or "IBMQ.get_provider" in n or "IBMQ.load_account" in n
                   for n in self.provenance.qualified_names(receiver.value, scope)))  # type: ignore[attr-defined]

    def _one_circuit(self, expr: ast.expr, scope: Scope) -> bool:
        """Whether a run argument is one circuit (the V1 shape) rather than a list of pubs."""
        kind = type(expr)
        if kind in _SEQUENCE_LITERALS or kind is ast.Starred:
            return False
        if kind is ast.Subscript:
            return not isinstance(expr.slice, ast.Slice)  # type: ignore[attr-defined]
        if kind is ast.Call:
            func = expr.func  # type: ignore[attr-defined]
            name = func.id if type(func) is ast.Name else func.attr if type(func) is ast.Attribute else ""
            if name in _CIRCUIT_CALLS:
                return True
            if name in ("transpile", "run") and expr.args:  # type: ignore[attr-defined]
                return self._one_circuit(expr.args[0], scope)  # type: ignore[attr-defined]
            return False
        name = _receiver_name(expr)
        if name is None:
            return False
        if name.rstrip("_").endswith("s") or "pub" in name.lower() or "list" in name.lower():
            return False
        if kind is ast.Name:
            # `pubs = [(qc, obs)]` before `estimator.run(pubs)`: bound to a list, the V2 shape.
            for binding in self.provenance.name_bindings(name, scope) or ():
                if binding[0] == "value" and type(binding[1]) in _SEQUENCE_LITERALS:
                    return False
        return True

    def _check_qualified_call(self, name: str, call: ast.Call, scope: Scope, narrowing: Narrowing) -> Iterator[Finding]:
        last = apis.last_part(name)
        owner = apis.last_part(name.rpartition(".")[0])
        if apis.is_non_ibm(name):
            return
        if apis.is_provider_era(name):
            if last in apis.PROVIDER_CLASSES and last == "IBMProvider":
                yield self._site("QM005", call, "call", replacement=_service_call(self.source, call, ""))
            elif owner == "IBMProvider" and last in apis.IBM_PROVIDER_CLASS_METHODS:
                yield self._site("QM005", call, "call",
                                 replacement=_service_call(self.source, call, "." + last, save=last == "save_account"))
            elif owner == "IBMQ" and (last in apis.IBMQ_ACCOUNT_METHODS or last in apis.PROVIDER_LOOKUP_CALLS):
                yield self._ibmq_call(call, last)
            elif last == "least_busy":
                yield self._site("QM005", call, "call", replacement=_least_busy(self.source, call))
            return
        if name in apis.EXECUTE_QUALS:
            backend = _argument(call, 1, "backend")
            if backend is not None and self.is_ibm_backend(backend, scope, narrowing):
                yield self._execute(call, backend)
            return
        if not apis.is_runtime(name):
            return
        if last == "from_id" and owner == "Session":
            yield self._site("QM004", call, "from_id")
        elif last == "Session":
            backend = self._session_backend(call, scope, narrowing)
            if backend is None or not self._known_local(backend, scope, narrowing):
                backend_text = self._backend_object_text(call, backend, scope, narrowing)
                yield self._site("QM004", call, "session", batch=_as_batch(self.source, call, backend_text),
                                 backend=backend_text)
        if last in ("Session", "Batch"):
            yield from self._check_session_arguments(call, scope, narrowing)
        elif last in apis.PRIMITIVE_CLASSES or last in apis.V1_PRIMITIVE_CLASSES:
            yield from self._check_primitive_arguments(call, scope)
            yield from self._v1_options_argument(call, last)
        elif last in apis.V1_OPTIONS_CLASSES:
            fields = [k.arg for k in call.keywords if k.arg in apis.V1_OPTION_FIELDS]
            if fields:
                yield self._site("QM009", call, "options", fields=", ".join(fields), replacement=_v2_options(fields))

    def _ibmq_call(self, call: ast.Call, method: str) -> Finding:
        arguments = self.source.arguments(call)
        if method == "disable_account":
            return self._site("QM005", call, "no_counterpart",
                              replacement="drop it: a QiskitRuntimeService object holds its own account")
        replacement = _IBMQ_REPLACEMENTS.get(method, "QiskitRuntimeService()")
        if method in ("enable_account", "save_account", "update_account"):
            token = _argument(call, 0, "token")
            token_text = self._text(token) if token is not None else "token"
            kept = self.source.arguments(call, skip=len(call.args), drop=_NO_RUNTIME_ACCOUNT_ARGUMENTS)
            if method == "update_account" and "overwrite=" not in kept:
                kept = ", ".join(filter(None, [kept, "overwrite=True"]))
            replacement = replacement.format(token=token_text, extra=f", {kept}" if kept else "")
        elif method in ("get_backend", "backends", "available_backends"):
            replacement = replacement.format(arguments=arguments or ("name" if method == "get_backend" else ""))
        return self._site("QM005", call, "call", replacement=replacement)

    def _backend_object_text(self, call: ast.Call, backend: Optional[ast.expr], scope: Scope,
                             narrowing: Narrowing) -> str:
        """The session's backend as an object: a name string is looked up from the service."""
        if backend is None:
            return "backend"
        if not self.is_string(backend, scope):
            return self._text(backend)
        service = "service"
        for keyword in call.keywords:
            if keyword.arg == "service":
                service = self._text(keyword.value)
        if call.args and type(call.args[0]) is not ast.Starred and self._is_service_argument(call.args[0], scope, narrowing):
            service = self._text(call.args[0])
        return f"{service}.backend({self._text(backend)})"

    def _session_backend(self, call: ast.Call, scope: Scope, narrowing: Narrowing) -> Optional[ast.expr]:
        """The session's backend: its `backend=` keyword, else the positional argument that is not a service."""
        for keyword in call.keywords:
            if keyword.arg == "backend":
                return keyword.value
        for index, arg in enumerate(call.args[:2]):
            if type(arg) is ast.Starred:
                return None
            if index == 0 and self._is_service_argument(arg, scope, narrowing):
                continue
            return arg
        return None

    def _known_local(self, backend: ast.expr, scope: Scope, narrowing: Narrowing) -> bool:
        """A fake backend or a simulator: the session runs in local testing mode (rule 3)."""
        kinds = self.provenance.kinds(backend, scope, narrowing) - {NONE}
        return bool(kinds) and kinds <= {NON_IBM}

    def _v1_options_argument(self, call: ast.Call, primitive: str) -> Iterator[Finding]:
        """`options={"optimization_level": 1, ...}` given to a runtime primitive (QM009). The V2
        options keep some of the names: `resilience_level` (Estimator) and `execution` (without
        `shots`), so only the keys V2 rejects count."""
        for keyword in call.keywords:
            if keyword.arg == "options" and type(keyword.value) is ast.Dict:
                fields = [k.value for k, v in zip(keyword.value.keys, keyword.value.values)  # type: ignore[attr-defined]
                          if type(k) is ast.Constant and _v1_dict_key(k.value, v, primitive)]  # type: ignore[attr-defined]
                if fields:
                    yield self._site("QM009", call, "options", fields=", ".join(fields), replacement=_v2_options(fields))

    def _check_primitive_arguments(self, call: ast.Call, scope: Scope) -> Iterator[Finding]:
        for keyword in call.keywords:
            if keyword.arg in ("backend", "session"):
                replacement = _with_mode(self.source, call, keyword.arg, self._text(keyword.value))
                yield self._site("QM006", call, "primitive_keyword", keyword=keyword.arg, replacement=replacement)
                return
            if keyword.arg == "mode" and self.is_string(keyword.value, scope):
                replacement = _with_mode(self.source, call, "mode", f"service.backend({self._text(keyword.value)})")
                yield self._site("QM006", call, "backend_name", replacement=replacement)
                return
        if call.args and not isinstance(call.args[0], ast.Starred) and self.is_string(call.args[0], scope):
            head = self.source.short(call.func, 30)
            yield self._site("QM006", call, "backend_name",
                             replacement=f"{head}(mode=service.backend({self._text(call.args[0])}))")

    def _check_session_arguments(self, call: ast.Call, scope: Scope, narrowing: Narrowing) -> Iterator[Finding]:
        head = self.source.short(call.func, 30)
        service_text = "service"
        backend = None
        for keyword in call.keywords:
            if keyword.arg == "service":
                service_text = self._text(keyword.value)
            if keyword.arg in ("backend", "mode"):
                backend = keyword.value
        for index, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred):
                break
            if index == 0 and self._is_service_argument(arg, scope, narrowing):
                service_text = self._text(arg)
            elif backend is None:
                backend = arg
        if backend is None:
            backend_text = f"{service_text}.backend(name)"
        elif self.is_string(backend, scope):
            backend_text = f"{service_text}.backend({self._text(backend)})"
        else:
            backend_text = self._text(backend)
        replacement = f"{head}(backend={backend_text})"
        for keyword in call.keywords:
            if keyword.arg == "service":
                yield self._site("QM006", call, "service", replacement=replacement)
                return
            if keyword.arg in ("backend", "mode") and self.is_string(keyword.value, scope):
                yield self._site("QM006", call, "backend_name", replacement=replacement)
                return
        for index, arg in enumerate(call.args):
            if isinstance(arg, ast.Starred):
                return
            if self.is_string(arg, scope):
                yield self._site("QM006", call, "backend_name", replacement=replacement)
                return
            if index == 0 and self._is_service_argument(arg, scope, narrowing):
                yield self._site("QM006", call, "service", replacement=replacement)
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
                    yield self._site("QM007", site.node, "channel", site=f'channel="{value}"')
            elif imports_ibm:
                yield self._site("QM008", site.node, "simulator", site=f'"{value}"')


_SEQUENCE_LITERALS = (ast.List, ast.Tuple, ast.ListComp, ast.GeneratorExp, ast.Dict, ast.Set)
# Calls that make one circuit (the V1 `run(circuit)` shape).
_CIRCUIT_CALLS = frozenset({"QuantumCircuit", "copy", "assign_parameters", "bind_parameters", "decompose",
                            "compose", "random_circuit", "from_qasm_str", "from_qasm_file", "inverse"})

# Account arguments of the provider era that mean nothing to the runtime (`instance` names a
# CRN or an instance now, so a hub/group/project is not carried over either).
_NO_RUNTIME_ACCOUNT_ARGUMENTS = frozenset({"token", "url", "hub", "group", "project", "instance"})

_IBMQ_REPLACEMENTS = {
    "load_account": "QiskitRuntimeService() (it loads the saved account)",
    "load_accounts": "QiskitRuntimeService() (it loads the saved account)",
    "enable_account": 'QiskitRuntimeService(channel="ibm_quantum_platform", token={token}{extra})',
    "save_account": 'QiskitRuntimeService.save_account(channel="ibm_quantum_platform", token={token}{extra})',
    "update_account": 'QiskitRuntimeService.save_account(channel="ibm_quantum_platform", token={token}{extra})',
    "get_provider": "QiskitRuntimeService(instance=...) (an instance CRN or name: hub/group/project no longer exists)",
    "providers": "service.instances()",
    "active_account": "service.active_account()",
    "active_accounts": "service.active_account()",
    "stored_account": "QiskitRuntimeService.saved_accounts()",
    "stored_accounts": "QiskitRuntimeService.saved_accounts()",
    "delete_account": "QiskitRuntimeService.delete_account()",
    "get_backend": "service.backend({arguments})",
    "backends": "service.backends({arguments})",
    "available_backends": "service.backends({arguments})",
}


def _v1_dict_key(key: object, value: ast.expr, primitive: str) -> bool:
    if key in ("optimization_level", "transpilation"):
        return True
    if key == "resilience_level":
        return "Estimator" not in primitive
    if key == "execution":
        return type(value) is ast.Dict and any(
            type(k) is ast.Constant and k.value == "shots" for k in value.keys)  # type: ignore[attr-defined]
    return False


def _v1_name_of(call: ast.Call) -> Optional[ast.expr]:
    """`b` for `str(b)` and `b.name()`: a backend's name the V1 way."""
    func = call.func
    if type(func) is ast.Name and func.id == "str" and len(call.args) == 1 and not call.keywords:
        return call.args[0]
    if type(func) is ast.Attribute and func.attr == "name" and not call.args and not call.keywords:
        return func.value
    return None


def _bound(name: str, scope: Scope) -> bool:
    """Whether any scope the name resolves through binds it (else a star import supplies it)."""
    current: Optional[Scope] = scope
    while current is not None:
        if name in current.bindings:
            return True
        current = current.parent
    return False


def _runtime_import(node: ast.AST) -> str:
    """The runtime import that replaces a provider-era one, for its message."""
    if type(node) is ast.Import:
        return "import qiskit_ibm_runtime"
    module = node.module or ""  # type: ignore[attr-defined]
    for root in ("qiskit_ibm_provider", "qiskit.providers.ibmq"):
        if module.startswith(root + ".") and module[len(root) + 1:].split(".")[0] in apis.SAME_PATH_SUBMODULES:
            names = ", ".join(a.name for a in node.names)  # type: ignore[attr-defined]
            return f"from qiskit_ibm_runtime{module[len(root):]} import {names}"
    classes: list[str] = []
    notes: list[str] = []
    for alias in node.names:  # type: ignore[attr-defined]
        name = alias.name
        if name in apis.NO_RUNTIME_EQUIVALENT:
            notes.append(f"{apis.NO_RUNTIME_EQUIVALENT[name]} for {alias.asname or name}")
        elif name in apis.RUNTIME_EQUIVALENT_NAMES:
            equivalent = apis.RUNTIME_EQUIVALENT_NAMES[name]
            if equivalent not in classes:
                classes.append(equivalent)
    if not classes and not notes:
        # Names with no known twin (exceptions, internals): the runtime's own API, not a guess.
        return "qiskit_ibm_runtime (QiskitRuntimeService, IBMBackend)"
    text = f"from qiskit_ibm_runtime import {', '.join(classes)}" if classes else ""
    if notes:
        uses = "; ".join(notes)
        text = f"{text} (and {uses})" if text else uses
    return text


def _pub_list(source: SourceText, circuits: Optional[ast.expr]) -> str:
    if circuits is None:
        return "[circuit]"
    if type(circuits) in (ast.List, ast.Tuple):
        return source.short(circuits, 30)  # a list is not wrapped twice
    return f"[{source.short(circuits, 30)}]"


def _rest(source: SourceText, call: ast.Call) -> str:
    """`, shots=N` when the legacy call gave shots: the one run option every Sampler takes."""
    for keyword in call.keywords:
        if keyword.arg == "shots":
            return f", shots={source.short(keyword.value, 20)}"
    return ""


def _service_call(source: SourceText, call: ast.Call, method: str, save: bool = False) -> str:
    drop = {"url", "hub", "group", "project"}
    if any(k.arg == "instance" and type(k.value) is ast.Constant and str(k.value.value).count("/") == 2  # type: ignore[attr-defined]
           for k in call.keywords):
        drop.add("instance")  # a hub/group/project means nothing on the new platform
    arguments = source.arguments(call, drop=frozenset(drop))
    if save:
        arguments = ", ".join(filter(None, ['channel="ibm_quantum_platform"', arguments]))
    return f"QiskitRuntimeService{method}({arguments})"


def _least_busy(source: SourceText, call: ast.Call) -> str:
    if call.args and type(call.args[0]) is ast.Call and type(call.args[0].func) is ast.Attribute \
            and call.args[0].func.attr == "backends":  # type: ignore[attr-defined]
        return f"service.least_busy({source.arguments(call.args[0])})"  # type: ignore[arg-type]
    return "service.least_busy(min_num_qubits=..., operational=True, simulator=False)"


def _as_batch(source: SourceText, call: ast.Call, backend: str) -> str:
    """The `Batch` that replaces a `Session(...)`: on the same backend object, other options kept."""
    func = call.func
    head = "Batch" if type(func) is ast.Name else source.short(func.value, 20) + ".Batch"  # type: ignore[attr-defined]
    others = source.arguments(call, skip=len(call.args), drop=frozenset({"service", "backend"}))
    arguments = ", ".join(filter(None, [f"backend={backend}", others]))
    return f"{head}({arguments})" if len(arguments) <= 50 else f"{head}(backend={backend}, ...)"


def _with_mode(source: SourceText, call: ast.Call, keyword: str, value: str) -> str:
    head = source.short(call.func, 30)
    others = source.arguments(call, drop=frozenset({keyword}))
    return f"{head}({', '.join(filter(None, [f'mode={value}', others]))})"


def _v2_options(fields: list) -> str:
    parts = ["SamplerOptions / EstimatorOptions (default_shots=, resilience_level=)"]
    if "optimization_level" in fields or "transpilation" in fields:
        parts.append("transpile first with generate_preset_pass_manager(optimization_level=..., backend=backend)")
    return " and ".join(parts)


def _program_replacement(call: ast.Call) -> str:
    program = None
    for keyword in call.keywords:
        if keyword.arg == "program_id" and type(keyword.value) is ast.Constant:
            program = keyword.value.value  # type: ignore[attr-defined]
    if program is None and call.args and type(call.args[0]) is ast.Constant:
        program = call.args[0].value  # type: ignore[attr-defined]
    if program == "estimator":
        return "the Estimator primitive: Estimator(mode=backend).run([(isa_circuit, observable)])"
    if program == "sampler":
        return "the Sampler primitive: Sampler(mode=backend).run([isa_circuit])"
    return "the Sampler / Estimator primitives (mode=backend); custom programs no longer run"


def _v1_pubs(call: ast.Call, source: SourceText, one_circuit, scope: Scope, estimator: bool) -> Optional[str]:
    """The V2 pubs for a V1-shaped primitive `.run(...)`, or None when the call has the V2 shape.
    V1 took `run(circuits, observables, parameter_values)` (Estimator) and
    `run(circuits, parameter_values)` (Sampler)."""
    if any(type(a) is ast.Starred for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    keywords = {k.arg: k.value for k in call.keywords}
    positional = list(call.args)
    circuits = positional.pop(0) if positional else keywords.get("circuits")
    observables = (positional.pop(0) if positional else None) if estimator else None
    observables = observables if observables is not None else keywords.get("observables")
    parameters = positional.pop(0) if positional else keywords.get("parameter_values")
    v1 = len(call.args) > 1 or bool(apis.V1_RUN_KEYWORDS & set(keywords)) or (
        bool(call.args) and one_circuit(call.args[0], scope))
    if not v1 or circuits is None:
        return None
    if type(circuits) in (ast.List, ast.Tuple) or not one_circuit(circuits, scope):
        parts = ["circuit"] + (["observable"] if observables is not None or estimator else []) \
            + (["parameter_values"] if parameters is not None else [])
        return f"[({', '.join(parts)}), ...]" if len(parts) > 1 else source.short(circuits, 30)
    parts = [source.short(circuits, 25)]
    if observables is not None:
        parts.append(source.short(observables, 25))
    if parameters is not None:
        parts.append(source.short(parameters, 25))
    return f"[({', '.join(parts)})]" if len(parts) > 1 else f"[{parts[0]}]"


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
