"""Fixes that rewrite one call (or one string): QM003 sessions, QM004 Session -> Batch,
QM005 provider-era account and lookup calls, QM006 removed arguments, QM007 the channel.

Each ``fix_*`` returns the edits for its findings, or None (or raises NotFixable, saying
why) when the site cannot be fixed safely: the finding then stays, and ``fix`` shows why.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from typing import Dict, List, Optional, Sequence, Tuple

from ..findings import Finding
from .context import RUNTIME, FixContext, NotFixable
from .results import CircuitShapes, module_model
from .scope import bindings, is_pure, parameter_annotation
from .source import SITE, Edit

SERVICE = "QiskitRuntimeService"
NEW_CHANNEL = "ibm_quantum_platform"
PRIMITIVES = frozenset({"Sampler", "Estimator", "SamplerV2", "EstimatorV2"})
SESSION_CLASSES = frozenset({"Session", "Batch"})
#: An instance written as hub/group/project: meaningless on the new platform (CRNs or names).
_HUB_GROUP_PROJECT = re.compile(r"^[^/:\s]+/[^/:\s]+/[^/:\s]+$")
#: Keywords of IBMProvider(...) / .save_account(...) with the same meaning in the runtime.
_ACCOUNT_KEYWORDS = frozenset({"token", "instance", "name", "proxies", "verify"})
_SAVE_ONLY_KEYWORDS = frozenset({"overwrite", "filename", "set_as_default"})
#: IBMQ keywords that addressed a hub/group/project: dropped, instances are CRNs or names now.
_HGP_KEYWORDS = frozenset({"hub", "group", "project"})


#: Review notes of unsafe fixes (SPEC.md "Fixes: safe and unsafe").
BATCH_FOR_SESSION = ("Batch instead of Session: the jobs no longer run in one dedicated session "
                     "(Open Plan instances cannot run sessions; on a paid plan turn QM004 off to keep Session)")
INSTANCE_DROPPED = ("the hub/group/project is dropped (instances are CRNs or names now): "
                    "pass instance= if the account has several")
PROVIDERS_AS_SERVICE = "one service spanning every instance of the account instead of one provider per hub/group/project"
MONITOR_DROPPED = "{name}(...) is removed: it only displayed {what}"
_MONITOR_SHOWED = {"job_monitor": "the job's progress (job.status() polls, job.result() waits)",
                   "backend_overview": "the devices' status (service.backends() lists them)",
                   "backend_monitor": "a device's status (backend.status() reads it)"}


def unsafe(edits: List[Edit], note: str) -> List[Edit]:
    """The edits of one fix, marked unsafe with ``note`` (unchanged when ``note`` is empty)."""
    if not note:
        return edits
    return [dataclasses.replace(e, unsafe=f"{e.unsafe}; {note}" if e.unsafe and note not in e.unsafe else note)
            for e in edits]


def runtime_qualified(ctx: FixContext, func: ast.expr) -> Optional[str]:
    """``Session`` for ``qiskit_ibm_runtime.Session`` (also through module aliases), else None.
    Judged by the imports that reach the call: a notebook may bind ``Sampler`` to the reference
    primitive first and to the runtime's later."""
    qualified = CircuitShapes(ctx, ctx.source.tree).qualified(func)
    if qualified and qualified.startswith(RUNTIME + "."):
        return qualified[len(RUNTIME) + 1:]
    return None


def render_call(func: str, positional: Sequence[str], keywords: Sequence[Tuple[str, str]]) -> str:
    parts = list(positional) + [f"{k}={v}" for k, v in keywords]
    return f"{func}({', '.join(parts)})"


def _calls_at(ctx: FixContext, finding: Finding) -> List[ast.Call]:
    return [n for n in ctx.source.nodes_at(finding.line, finding.col) if isinstance(n, ast.Call)]


def _keyword(call: ast.Call, name: str) -> Optional[ast.keyword]:
    return next((k for k in call.keywords if k.arg == name), None)


def _keyword_name_edit(ctx: FixContext, keyword: ast.keyword, new: str, serves: Sequence[Finding]) -> Edit:
    start = ctx.source.offset(keyword.lineno, keyword.col_offset)
    return Edit(start, start + len(keyword.arg), new, tuple(serves), SITE)


def _attribute_name_edit(ctx: FixContext, attribute: ast.Attribute, new: str, serves: Sequence[Finding]) -> Edit:
    end = ctx.source.offset(attribute.end_lineno, attribute.end_col_offset)
    return Edit(end - len(attribute.attr), end, new, tuple(serves), SITE)


def _is_string(node: Optional[ast.AST]) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


# --- QM007 ---------------------------------------------------------------------------------


def fix_channel(ctx: FixContext, finding: Finding) -> Optional[List[Edit]]:
    """``"ibm_quantum"`` -> ``"ibm_quantum_platform"``, keeping the quotes and prefix."""
    line_end = finding.end_line or finding.line
    channels = ctx.once("channel strings", lambda: [n for n in ctx.source.nodes(ast.Constant)
                                                   if n.value == "ibm_quantum"])
    by_line = ctx.once("channel strings by line", lambda: _first_line_index(channels))
    # the first in walk order on the finding's lines (a scan of every string per finding
    # would make fix quadratic)
    here = sorted(i for line in range(finding.line, line_end + 1) for i in by_line.get(line, ()))
    for node in (channels[i] for i in here):
        if finding.line <= node.lineno <= line_end:
            text = ctx.source.segment(node)
            if "ibm_quantum" not in text or "\\" in text:
                return None
            return [ctx.source.replace(node, text.replace("ibm_quantum", NEW_CHANNEL, 1), [finding])]
    return None


def _first_line_index(nodes: List[ast.AST]) -> Dict[int, List[int]]:
    """First line -> the positions in ``nodes`` of the nodes starting there."""
    index: Dict[int, List[int]] = {}
    for position, node in enumerate(nodes):
        index.setdefault(node.lineno, []).append(position)
    return index


# --- QM003 ---------------------------------------------------------------------------------


def session_variable(ctx: FixContext, with_node: ast.AST, backend_text: str) -> Optional[str]:
    """The variable a ``backend.run`` inside this ``with`` should pass as ``mode=``: the block's
    runtime Session/Batch, or the one the QM003 fix turns ``backend.open_session()`` into."""
    for item in with_node.items:
        call = item.context_expr
        if not isinstance(call, ast.Call):
            continue
        var = item.optional_vars
        if isinstance(call.func, ast.Attribute) and call.func.attr == "open_session":
            if ctx.source.segment(call.func.value) != backend_text or "QM003" not in ctx.fixable_codes:
                continue
            if (call.lineno, call.col_offset) not in ctx.once("QM003 positions", lambda: {
                    (f.line, f.col) for f in ctx.findings if f.code == "QM003"}):  # once per pass
                continue
            if not _open_session_fixable(call):
                continue
            if var is None:
                return ctx.free_name(ctx.session_class.lower())
            return var.id if isinstance(var, ast.Name) else None
        if runtime_qualified(ctx, call.func) in SESSION_CLASSES and isinstance(var, ast.Name):
            backend = _keyword(call, "backend")
            value = backend.value if backend else (call.args[0] if call.args else None)
            if value is not None and ctx.source.segment(value) == backend_text:
                return var.id
    return None


def fix_backend_session(ctx: FixContext, finding: Finding) -> Optional[List[Edit]]:
    src = ctx.source
    for call in _calls_at(ctx, finding):
        if not isinstance(call.func, ast.Attribute) or not is_pure(call.func.value):
            continue
        method, backend = call.func.attr, src.segment(call.func.value)
        if method == "open_session":
            return _fix_open_session(ctx, finding, call, backend)
        if method in ("close_session", "cancel_session") and not call.args and not call.keywords:
            var = _session_in_view(ctx, call, backend)
            if var is None:
                if _closed_with_its_block(ctx, call, backend):
                    # the runtime session's with block closed it on exit, as cancel_session did
                    return [src.remove_statement(src.parents[call], [finding], SITE)]
                return None
            return [src.replace(call, f"{var}.{method.split('_')[0]}()", [finding])]
    return None


def _open_session_fixable(call: ast.Call) -> bool:
    """``backend.open_session()`` with nothing a Batch/Session would not take."""
    return not call.args and all(k.arg == "max_time" for k in call.keywords)


def _fix_open_session(ctx: FixContext, finding: Finding, call: ast.Call, backend: str) -> Optional[List[Edit]]:
    src = ctx.source
    if not _open_session_fixable(call):
        return None
    cls = ctx.need(RUNTIME, ctx.session_class)
    if cls is None:
        return None
    extra = [(k.arg, src.segment(k.value)) for k in call.keywords]
    text = render_call(cls, [], [("backend", backend)] + extra)
    parent = src.parents[call]
    note = BATCH_FOR_SESSION if ctx.session_class == "Batch" else ""
    if isinstance(parent, ast.withitem):
        edits = [src.replace(call, text, [finding])]
        if parent.optional_vars is None:  # name it: runs in the block pass it as mode=
            end = edits[0].end
            edits.append(Edit(end, end, f" as {ctx.free_name(ctx.session_class.lower())}", (finding,), SITE))
        return unsafe(edits, note)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
        return unsafe([src.replace(call, text, [finding])], note)
    return None


def _session_in_view(ctx: FixContext, call: ast.Call, backend: str) -> Optional[str]:
    """The session object for ``backend.close_session()``: the enclosing with-block's, or a
    variable assigned ``backend.open_session()`` earlier in the same scope."""
    src = ctx.source
    for ancestor in src.ancestors(call):
        if isinstance(ancestor, (ast.With, ast.AsyncWith)):
            var = session_variable(ctx, ancestor, backend)
            if var:
                return var
    scope = src.enclosing_scope(call)
    opened = ctx.once("open_session assignments", lambda: [
        node for node in src.nodes(ast.Assign)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == "open_session"])
    for node in opened:
        if (src.enclosing_scope(node) is scope and src.segment(node.value.func.value) == backend
                and (node.lineno, node.col_offset) < (call.lineno, call.col_offset)):
            return node.targets[0].id
    return None


def _closed_with_its_block(ctx: FixContext, call: ast.Call, backend: str) -> bool:
    """``backend.cancel_session()`` / ``close_session()`` as a statement after (not inside) a
    ``with backend.open_session():`` block of the same statement list that the QM003 fix turns
    into a runtime Session/Batch block: that block already closed its session on exit."""
    src = ctx.source
    statement = src.parents.get(call)
    if not isinstance(statement, ast.Expr):
        return False
    body = src.statement_list(statement)
    if body is None:
        return False
    index = next(i for i, s in enumerate(body) if s is statement)
    for earlier in reversed(body[:index]):
        if isinstance(earlier, (ast.With, ast.AsyncWith)):
            if session_variable(ctx, earlier, backend) is not None:
                return True
        # anything between that uses the backend's session again keeps the call meaningful
        if backend in src.segment(earlier):
            return False
    return False


# --- QM004 and QM006 on Session / Batch, QM006 on primitives -------------------------------


def unique_service(ctx: FixContext) -> Optional[str]:
    """The one variable bound to a QiskitRuntimeService in the module, if there is exactly one."""
    def compute() -> Optional[str]:
        names = {node.targets[0].id for node in ctx.source.nodes(ast.Assign)
                 if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                 and isinstance(node.value, ast.Call) and runtime_qualified(ctx, node.value.func) == SERVICE}
        return names.pop() if len(names) == 1 else None

    return ctx.once("unique service", compute)


_BACKEND_LOOKUPS = frozenset({"backend", "get_backend", "least_busy"})


def _backend_kind(ctx: FixContext, expr: ast.expr, scope: ast.AST, depth: int = 0) -> Optional[str]:
    """"name" for a backend name string, "object" for a backend from a service lookup, else None."""
    if depth > 5:
        return None
    if _is_string(expr):
        return "name"
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in _BACKEND_LOOKUPS:
        return "object"
    if isinstance(expr, ast.Name):
        annotation = parameter_annotation(scope, expr.id)
        if annotation is not None:
            text = ast.unparse(annotation) if hasattr(ast, "unparse") else ""
            return {"str": "name", "IBMBackend": "object"}.get(text.rsplit(".", 1)[-1])
        found = bindings(ctx.source, scope, expr.id)
        kinds = {None if isinstance(b, tuple) else _backend_kind(ctx, b, scope, depth + 1) for b in found or [None]}
        return kinds.pop() if len(kinds) == 1 else None
    return None


def _backend_object(ctx: FixContext, value: ast.expr, service: Optional[str]) -> Optional[str]:
    """A backend expression for ``mode=``/``backend=``: names become ``service.backend(name)``."""
    if not _is_string(value):
        return ctx.source.segment(value)
    service = service or unique_service(ctx)
    return f"{service}.backend({ctx.source.segment(value)})" if service else None


def fix_runtime_call(ctx: FixContext, findings: Sequence[Finding]) -> Optional[List[Edit]]:
    """QM004 and/or QM006 findings that point at the same runtime call."""
    first = findings[0]
    for call in _calls_at(ctx, first):
        name = runtime_qualified(ctx, call.func)
        if name in SESSION_CLASSES:
            return _fix_session_call(ctx, call, name, findings)
        if name in PRIMITIVES and all(f.code == "QM006" for f in findings):
            return _fix_primitive_call(ctx, call, findings)
    return None


def _fix_primitive_call(ctx: FixContext, call: ast.Call, findings: Sequence[Finding]) -> Optional[List[Edit]]:
    old = [k for k in call.keywords if k.arg in ("backend", "session", "mode")]
    if len(old) != 1:
        return None  # both, or a string mode given positionally: left for a person
    keyword = old[0]
    edits = []
    if keyword.arg != "mode":
        edits.append(_keyword_name_edit(ctx, keyword, "mode", findings))
    elif not _is_string(keyword.value):
        # mode= is flagged only for a backend name: the checker knows this value is one
        known = unique_service(ctx)
        if known is None:
            raise NotFixable("a backend name needs a backend object, and no single QiskitRuntimeService is in view")
        return [ctx.source.replace(keyword.value, f"{known}.backend({ctx.source.segment(keyword.value)})", findings)]
    if _is_string(keyword.value):
        backend = _backend_object(ctx, keyword.value, None)
        if backend is None:
            raise NotFixable("a backend name needs a backend object, and no single QiskitRuntimeService is in view")
        edits.append(ctx.source.replace(keyword.value, backend, findings))
    return edits or None


def _fix_session_call(ctx: FixContext, call: ast.Call, name: str, findings: Sequence[Finding]) -> Optional[List[Edit]]:
    src = ctx.source
    codes = {f.code for f in findings}
    to_batch = "QM004" in codes and name == "Session"
    if "QM006" not in codes:
        # Only the class changes: keep the call's arguments and layout as written.
        if not to_batch:
            return None
        return _rename_class(ctx, call, findings)
    positional = list(call.args)
    keywords = {k.arg: k.value for k in call.keywords}
    if None in keywords or len(positional) > 2:
        return None
    service = keywords.pop("service", None)
    backend = keywords.pop("backend", None)
    if positional:
        first = positional.pop(0)
        if backend is None and service is None and not positional and not _is_string(first):
            backend = first  # Session(backend): only a string would be flagged here
        elif service is None:
            service = first
    if positional:
        if backend is not None:
            return None
        backend = positional.pop(0)
    if backend is None:
        return None  # a service alone used to mean "its default backend": not guessable
    if service is not None and not is_pure(service):
        return None
    if service is not None and not _is_string(backend):
        # Session(service, backend) took a name or an object: only a known object may drop the service
        kind = _backend_kind(ctx, backend, src.enclosing_scope(call))
        if kind is None:
            raise NotFixable(f"cannot tell whether {src.segment(backend)} is a backend name or a backend object")
        if kind == "name":
            backend_text = f"{src.segment(service)}.backend({src.segment(backend)})"
        else:
            backend_text = src.segment(backend)
    elif service is None and not _is_string(backend):
        # flagged without a service: the checker knows this backend is a name
        known = unique_service(ctx)
        backend_text = f"{known}.backend({src.segment(backend)})" if known else None
    else:
        backend_text = _backend_object(ctx, backend, src.segment(service) if service is not None else None)
    if backend_text is None:
        raise NotFixable("a backend name needs a backend object, and no single QiskitRuntimeService is in view")
    if to_batch and not ctx.unsafe_fixes:
        to_batch = False  # the arguments are fixed safely; Session -> Batch is the unsafe part
        findings = [f for f in findings if f.code != "QM004"] or findings
    cls = ctx.need(RUNTIME, "Batch") if to_batch else src.segment(call.func)
    if cls is None:
        return None
    rest = [(k, src.segment(v)) for k, v in keywords.items()]
    edit = src.replace(call, render_call(cls, [], [("backend", backend_text)] + rest), findings)
    return unsafe([edit], BATCH_FOR_SESSION if to_batch else "")


def _rename_class(ctx: FixContext, call: ast.Call, findings: Sequence[Finding]) -> Optional[List[Edit]]:
    if isinstance(call.func, ast.Name):
        batch = ctx.need(RUNTIME, "Batch")
        if batch is None:
            return None
        return unsafe([ctx.source.replace(call.func, batch, findings)], BATCH_FOR_SESSION)
    if isinstance(call.func, ast.Attribute):
        return unsafe([_attribute_name_edit(ctx, call.func, "Batch", findings)], BATCH_FOR_SESSION)
    return None


# --- QM005 ---------------------------------------------------------------------------------


def _account_arguments(ctx: FixContext, call: ast.Call, allowed: frozenset,
                       dropped: Optional[List[str]] = None) -> Optional[List[Tuple[str, str]]]:
    """Map provider-era account arguments to QiskitRuntimeService keywords, or None when one
    cannot be mapped (``url`` pointed at the classic platform; unknown keywords). What is
    dropped (a hub/group/project) is appended to ``dropped``: the fix is then unsafe."""
    dropped = dropped if dropped is not None else []
    src = ctx.source
    if len(call.args) > 1 or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    mapped: List[Tuple[str, str]] = []
    if call.args:
        mapped.append(("token", src.segment(call.args[0])))
    for keyword in call.keywords:
        if keyword.arg in _HGP_KEYWORDS:
            dropped.append(keyword.arg)
            continue
        if keyword.arg == "url":
            raise NotFixable("url= addressed the classic platform; QiskitRuntimeService finds its own")
        if keyword.arg not in allowed:
            raise NotFixable(f"the argument {keyword.arg}= has no QiskitRuntimeService equivalent")
        if keyword.arg == "instance" and _is_string(keyword.value) and _HUB_GROUP_PROJECT.match(keyword.value.value):
            dropped.append("instance")
            continue  # hub/group/project: no meaning on the new platform
        mapped.append((keyword.arg, src.segment(keyword.value)))
    return mapped


def _provider_class_method(ctx: FixContext, call: ast.Call) -> Optional[str]:
    """``IBMProvider.save_account`` -> "save_account"; ``IBMProvider`` itself -> ""."""
    func = call.func
    qualified = ctx.qualified_call_name(func) or ""
    if qualified.endswith(".IBMProvider") and "ibm_provider" in qualified:
        return ""
    if isinstance(func, ast.Attribute):
        owner = ctx.qualified_call_name(func.value) or ""
        if owner.endswith(".IBMProvider") and "ibm_provider" in owner:
            return func.attr
    return None


def _ibmq_method(ctx: FixContext, call: ast.Call) -> Optional[str]:
    """``load_account`` for ``IBMQ.load_account()`` (also ``qiskit.IBMQ...`` and, after
    ``from qiskit import *``, an unbound ``IBMQ``)."""
    func = call.func
    if isinstance(func, ast.Attribute):
        if _is_ibmq(ctx, func.value):
            return func.attr
    return None


def _is_ibmq(ctx: FixContext, expr: ast.expr) -> bool:
    owner = ctx.qualified_call_name(expr) or ""
    if owner in ("qiskit.IBMQ", "qiskit.providers.ibmq.IBMQ"):
        return True
    return (isinstance(expr, ast.Name) and expr.id == "IBMQ" and "IBMQ" not in ctx.imported
            and "IBMQ" not in ctx.other_bindings and _star_imports_qiskit(ctx))


def _star_imports_qiskit(ctx: FixContext) -> bool:
    return ctx.once("from qiskit import *", lambda: any(
        n.module == "qiskit" and any(a.name == "*" for a in n.names) for n in ctx.source.nodes(ast.ImportFrom)))


#: IBMQ methods that loaded the saved account (``load_accounts``: Qiskit < 0.11).
_LOADS = ("load_account", "load_accounts")
_ACCOUNT_CALLS = _LOADS + ("enable_account",)


def _ibmq_calls(ctx: FixContext) -> List[Tuple[ast.Call, str]]:
    """Every IBMQ method call of the module, with its method name (once per pass)."""
    return ctx.once("IBMQ calls", lambda: [(n, m) for n in ctx.source.nodes(ast.Call)
                                           for m in [_ibmq_method(ctx, n)] if m])


def _enable_account_statements(ctx: FixContext) -> List[ast.Call]:
    return ctx.once("IBMQ account statements", lambda: [  # once per pass: asked per finding
        call for call, method in _ibmq_calls(ctx)
        if method in _ACCOUNT_CALLS and isinstance(ctx.source.parents.get(call), ast.Expr)])


def fix_provider_api(ctx: FixContext, finding: Finding) -> Optional[List[Edit]]:
    for call in _calls_at(ctx, finding):
        edits = _fix_provider_call(ctx, finding, call)
        if edits is not None:
            return edits
    return None


def _fix_provider_call(ctx: FixContext, finding: Finding, call: ast.Call) -> Optional[List[Edit]]:
    func = call.func
    provider_method = _provider_class_method(ctx, call)
    if provider_method is not None:
        return _fix_ibm_provider(ctx, finding, call, provider_method)
    ibmq_method = _ibmq_method(ctx, call)
    if ibmq_method is not None:
        return _fix_ibmq(ctx, finding, call, ibmq_method)
    qualified = ctx.qualified_call_name(func) or ""
    if qualified.endswith(".least_busy") and isinstance(func, ast.Name):
        return _fix_least_busy(ctx, finding, call)
    if isinstance(func, ast.Attribute):
        if func.attr == "get_backend":
            if len(call.args) + len(call.keywords) != 1 or (call.keywords and call.keywords[0].arg != "name"):
                raise NotFixable("service.backend() takes exactly the backend name")
            return [_attribute_name_edit(ctx, func, "backend", [finding])]
        if func.attr == "retrieve_job" and len(call.args) == 1 and not call.keywords:
            return [_attribute_name_edit(ctx, func, "job", [finding])]
        if func.attr == "backends":
            # service.backends() takes the provider's name/filters/min_num_qubits/**criteria:
            # nothing to rewrite here, fixed exactly when every provider it reads is fixed
            receivers = _provider_creations(ctx, func.value)
            reason = ".backends() stays as it is once the provider is a QiskitRuntimeService"
            if receivers:
                raise FixedByReceiver(reason + ", and the provider is not fixed", receivers)
            raise NotFixable(reason + "; the provider it reads cannot be traced")
        if func.attr == "jobs":
            return _fix_jobs(ctx, finding, call)
    return None


#: keywords of the provider's backend.jobs() that service.jobs() takes with the same meaning
_JOBS_KEYWORDS = frozenset({"limit", "skip", "backend_name"})


def _fix_jobs(ctx: FixContext, finding: Finding, call: ast.Call) -> List[Edit]:
    """``provider.backend.jobs(limit=5)`` (the provider's job service) -> ``provider.jobs(limit=5)``;
    ``backend.jobs(limit=5)`` -> ``provider.jobs(backend_name=backend.name, limit=5)`` where the
    backend comes from that provider (the provider becomes the QiskitRuntimeService)."""
    func = call.func
    if call.args or any(k.arg not in _JOBS_KEYWORDS for k in call.keywords):
        raise NotFixable("jobs() arguments that service.jobs() does not take the same way")
    arguments = [f"{k.arg}={ctx.source.segment(k.value)}" for k in call.keywords]
    receiver = func.value
    if isinstance(receiver, ast.Attribute) and receiver.attr == "backend" and _provider_creations(ctx, receiver.value):
        provider = ctx.source.segment(receiver.value)
    elif isinstance(receiver, ast.Name):
        provider = _provider_of_backend(ctx, receiver)
        if provider is None or any(k.arg == "backend_name" for k in call.keywords):
            raise NotFixable(".jobs() of a backend whose provider the fix cannot trace")
        arguments.insert(0, f"backend_name={receiver.id}.name")
    else:
        raise NotFixable(".jobs() of a receiver the fix cannot trace")
    return [ctx.source.replace(call, f"{provider}.jobs({', '.join(arguments)})", [finding])]


def _provider_of_backend(ctx: FixContext, backend: ast.Name) -> Optional[str]:
    """The one provider name the backend bindings reaching this read come from:
    ``provider.get_backend(...)``, ``least_busy(provider.backends(...))`` and the like."""
    try:
        reached = module_model(ctx.source).reaching(backend)
    except Exception:  # noqa: BLE001 - a name the model did not record
        return None
    providers = set()
    for binding in reached:
        value = binding.first if binding.kind == "value" else None
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "least_busy" \
                and len(value.args) == 1:
            value = value.args[0]
            if isinstance(value, ast.Name):
                inner = module_model(ctx.source).reaching(value)
                value = inner[0].first if len(inner) == 1 and inner[0].kind == "value" else None
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
                and value.func.attr in ("get_backend", "backends", "backend", "least_busy")
                and isinstance(value.func.value, ast.Name) and _provider_creations(ctx, value.func.value)):
            return None
        providers.add(value.func.value.id)
    return providers.pop() if len(providers) == 1 else None


class FixedByReceiver(NotFixable):
    """The call is right as it is once its receiver is fixed: fixed exactly when the findings
    at ``receivers`` (the calls that made the provider) are (no edit of its own)."""

    def __init__(self, reason: str, receivers: Sequence[ast.Call]) -> None:
        super().__init__(reason)
        self.receivers = tuple(receivers)


def _provider_creations(ctx: FixContext, expr: ast.expr) -> Optional[List[ast.Call]]:
    """The calls whose value ``expr`` is (``IBMProvider()``, ``provider`` bound only to
    calls in its scope); None when one of its values is not a call."""
    if isinstance(expr, ast.Call):
        return [expr]
    if not isinstance(expr, ast.Name):
        return None
    try:  # the bindings that reach this read (a notebook may rebind the name later)
        reached = module_model(ctx.source).reaching(expr)
    except Exception:  # noqa: BLE001 - a name the model did not record: every binding in scope
        reached = []
    if reached:
        found = [b.first for b in reached] if all(b.kind == "value" for b in reached) else None
    else:
        found = bindings(ctx.source, ctx.source.enclosing_scope(expr), expr.id)
    if not found or not all(isinstance(value, ast.Call) for value in found):
        return None
    return list(found)


def _fix_ibm_provider(ctx: FixContext, finding: Finding, call: ast.Call, method: str) -> Optional[List[Edit]]:
    service = ctx.need(RUNTIME, SERVICE)
    if service is None:
        return None
    dropped: List[str] = []
    if method == "":
        mapped = _account_arguments(ctx, call, _ACCOUNT_KEYWORDS, dropped)
        func_text = service
    elif method == "save_account":
        mapped = _account_arguments(ctx, call, _ACCOUNT_KEYWORDS | _SAVE_ONLY_KEYWORDS, dropped)
        if mapped is not None:
            mapped.insert(0, ("channel", f'"{NEW_CHANNEL}"'))
        func_text = f"{service}.save_account"
    elif method in ("saved_accounts", "delete_account"):
        if call.args or any(k.arg not in ("name", "filename", "default") for k in call.keywords):
            return None
        mapped = [(k.arg, ctx.source.segment(k.value)) for k in call.keywords]
        func_text = f"{service}.{method}"
    else:
        return None
    if mapped is None:
        return None
    return unsafe([ctx.source.replace(call, render_call(func_text, [], mapped), [finding])],
                  INSTANCE_DROPPED if dropped else "")


def _fix_ibmq(ctx: FixContext, finding: Finding, call: ast.Call, method: str) -> Optional[List[Edit]]:
    src = ctx.source
    parent = src.parents[call]
    statement_alone = isinstance(parent, ast.Expr)
    if method == "active_account":
        return _fix_account_guard(ctx, finding, call)
    if method in _ACCOUNT_CALLS and statement_alone:
        # The account moves into the QiskitRuntimeService(...) that replaces get_provider(),
        # so the statement goes only when that hand-over is unambiguous.
        _check_account_statement(ctx, call, method)
        return unsafe([src.remove_statement(parent, [finding], SITE)], _hand_over_note(ctx))
    if method in ("backends", "get_backend", "providers"):
        return _fix_ibmq_as_provider(ctx, finding, call, method)
    service = ctx.need(RUNTIME, SERVICE)
    if service is None:
        return None
    dropped: List[str] = []
    if method in _ACCOUNT_CALLS + ("get_provider",):
        if method == "get_provider":
            if any(k.arg not in _HGP_KEYWORDS for k in call.keywords) or len(call.args) > 3:
                return None
            dropped.extend(k.arg for k in call.keywords)
            dropped.extend("hub/group/project" for _ in call.args)
            accounts = _enable_account_statements(ctx)
            if len(accounts) > 1:
                raise NotFixable("several IBMQ account calls: which account the service should use is ambiguous")
            mapped = _account_arguments(ctx, accounts[0], _ACCOUNT_KEYWORDS, dropped) if accounts else []
            if accounts and _ibmq_method(ctx, accounts[0]) in _LOADS:
                mapped = []
        elif method in _LOADS:
            if call.args or call.keywords:
                return None
            mapped = []
        else:
            mapped = _account_arguments(ctx, call, _ACCOUNT_KEYWORDS, dropped)
        if mapped is None:
            return None
        return unsafe([src.replace(call, render_call(service, [], mapped), [finding])],
                      INSTANCE_DROPPED if dropped else "")
    if method == "save_account":
        mapped = _account_arguments(ctx, call, _ACCOUNT_KEYWORDS | _SAVE_ONLY_KEYWORDS, dropped)
        if mapped is None:
            return None
        mapped.insert(0, ("channel", f'"{NEW_CHANNEL}"'))
        return unsafe([src.replace(call, render_call(f"{service}.save_account", [], mapped), [finding])],
                      INSTANCE_DROPPED if dropped else "")
    if method == "delete_account" and not call.args and not call.keywords:
        return [src.replace(call, f"{service}.delete_account()", [finding])]
    raise NotFixable(f"IBMQ.{method}() has no runtime equivalent")


def _check_account_statement(ctx: FixContext, call: ast.Call, method: str) -> None:
    """Raise NotFixable unless the account statement ``call`` can simply go: the service that
    replaces IBMQ loads the saved account itself, or takes enable_account's token."""
    accounts = _enable_account_statements(ctx)
    if len(accounts) != 1:
        raise NotFixable("several IBMQ account calls: which account the service should use is ambiguous")
    if method == "enable_account" and not (_has_get_provider(ctx) and _get_providers_fixable(ctx)
                                           and _account_arguments(ctx, call, _ACCOUNT_KEYWORDS) is not None):
        raise NotFixable("its token can only move into a QiskitRuntimeService replacing IBMQ.get_provider()")


def _fix_account_guard(ctx: FixContext, finding: Finding, call: ast.Call) -> Optional[List[Edit]]:
    """``if not IBMQ.active_account(): IBMQ.load_account()`` (or ``... is None``) goes as a
    whole: the QiskitRuntimeService that replaces IBMQ loads the saved account itself."""
    src = ctx.source
    test: ast.AST = call
    parent = src.parents.get(test)
    if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not):
        test, parent = parent, src.parents.get(parent)
    elif (isinstance(parent, ast.Compare) and len(parent.ops) == 1 and isinstance(parent.ops[0], (ast.Is, ast.Eq))
          and isinstance(parent.comparators[0], ast.Constant) and parent.comparators[0].value is None):
        test, parent = parent, src.parents.get(parent)
    if not (isinstance(parent, ast.If) and parent.test is test and not parent.orelse):
        raise NotFixable("IBMQ.active_account() has no runtime equivalent outside an account guard")
    inner_findings: List[Finding] = []
    for statement in parent.body:
        inner = statement.value if isinstance(statement, ast.Expr) else None
        method = _ibmq_method(ctx, inner) if isinstance(inner, ast.Call) else None
        if method not in _ACCOUNT_CALLS:
            raise NotFixable("the account guard does more than load the account")
        _check_account_statement(ctx, inner, method)
        inner_findings.extend(f for f in ctx.findings if f.code == "QM005" and f.line == inner.lineno)
    return unsafe([src.remove_statement(parent, [finding] + inner_findings, SITE)], _hand_over_note(ctx))


def _hand_over_note(ctx: FixContext) -> str:
    """The account statement goes only with the get_provider() fix it hands over to: as
    unsafe as that one (a hub/group/project dropped), so a safe run never does half of it."""
    dropping = ctx.once("get_provider drops", lambda: any(  # once per pass
        call.args or call.keywords for call, method in _ibmq_calls(ctx) if method == "get_provider"))
    return INSTANCE_DROPPED if dropping else ""


def _service_for_ibmq(ctx: FixContext, call: ast.Call) -> Optional[str]:
    """What replaces ``IBMQ`` used as the provider itself (Qiskit < 0.11's ``IBMQ.backends()``):
    the module's one provider/service variable bound before the call (``provider =
    IBMQ.get_provider()`` becomes the service), else a new ``QiskitRuntimeService()`` that
    loads the saved account as ``IBMQ.load_account()`` did. None when the account was given
    by token (it would be lost)."""
    src = ctx.source

    def candidates() -> List[ast.Assign]:
        found = []
        for node in src.tree.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and isinstance(node.value, ast.Call)):
                value = node.value
                if (runtime_qualified(ctx, value.func) == SERVICE or _provider_class_method(ctx, value) == ""
                        or _ibmq_method(ctx, value) in _ACCOUNT_CALLS + ("get_provider",)):
                    found.append(node)
        return found

    bound = ctx.once("module services", candidates)
    names = {node.targets[0].id for node in bound}
    if len(names) == 1:
        node = bound[0]
        inside_function = src.enclosing_scope(call) is not src.tree
        if inside_function or node.lineno < call.lineno:
            return node.targets[0].id
    if any(_ibmq_method(ctx, c) == "enable_account" for c in _enable_account_statements(ctx)):
        return None
    service = ctx.need(RUNTIME, SERVICE)
    return f"{service}()" if service else None


def _fix_ibmq_as_provider(ctx: FixContext, finding: Finding, call: ast.Call, method: str) -> Optional[List[Edit]]:
    src = ctx.source
    service = _service_for_ibmq(ctx, call)
    if service is None:
        raise NotFixable("the account was enabled with a token: create a QiskitRuntimeService(token=...) first")
    if method == "providers":
        if call.args or call.keywords:
            return None
        # IBMQ.providers() listed one provider per hub/group/project; one service spans them all
        parent = src.parents.get(call)
        if (isinstance(parent, ast.Subscript) and parent.value is call and isinstance(parent.slice, ast.Constant)
                and parent.slice.value in (0, -1)):
            return unsafe([src.replace(parent, service, [finding])], PROVIDERS_AS_SERVICE)
        return unsafe([src.replace(call, f"[{service}]", [finding])], PROVIDERS_AS_SERVICE)
    if method == "get_backend":
        if len(call.args) + len(call.keywords) != 1 or (call.keywords and call.keywords[0].arg != "name"):
            raise NotFixable("service.backend() takes exactly the backend name")
        arguments = src.segment(call.args[0] if call.args else call.keywords[0].value)
        return [src.replace(call, f"{service}.backend({arguments})", [finding])]
    keywords = [(k.arg, src.segment(k.value)) for k in call.keywords if k.arg]
    if call.args or len(keywords) != len(call.keywords):
        return None
    return [src.replace(call, render_call(f"{service}.backends", [], keywords), [finding])]


def _get_providers_fixable(ctx: FixContext) -> bool:
    return ctx.once("get_providers fixable", lambda: all(  # once per pass
        all(k.arg in _HGP_KEYWORDS for k in n.keywords) and len(n.args) <= 3
        for n, method in _ibmq_calls(ctx) if method == "get_provider"))


def _has_get_provider(ctx: FixContext) -> bool:
    return ctx.once("has get_provider", lambda: any(method == "get_provider" for _, method in _ibmq_calls(ctx)))


def _fix_least_busy(ctx: FixContext, finding: Finding, call: ast.Call) -> Optional[List[Edit]]:
    """``least_busy(provider.backends(**filters))`` -> ``provider.least_busy(**filters)``:
    the runtime method takes the same filters and passes unknown ones on to ``backends()``.
    ``least_busy(candidates)`` with ``candidates = provider.backends(...)`` likewise, the
    list's statement removed when nothing else reads it. With ``IBMQ.backends(...)`` (Qiskit
    < 0.11, IBMQ was the provider) the receiver is the service that replaces IBMQ."""
    if len(call.args) != 1 or call.keywords:
        return None
    src = ctx.source
    inner = call.args[0]
    extra: List[Edit] = []
    serves = [finding]
    if isinstance(inner, ast.Name):
        inner, extra, serves = _inlined_candidates(ctx, finding, call, inner)
    if not (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr == "backends"):
        raise NotFixable("least_busy() of a list: call service.least_busy(...) with the list's filters")
    if inner.args or any(k.arg is None for k in inner.keywords) or not is_pure(inner.func.value):
        return None
    if _is_ibmq(ctx, inner.func.value):
        receiver = _service_for_ibmq(ctx, call)
        if receiver is None:
            raise NotFixable("the account was enabled with a token: create a QiskitRuntimeService(token=...) first")
    else:
        receiver = src.segment(inner.func.value)
    keywords = [(k.arg, src.segment(k.value)) for k in inner.keywords]
    return [src.replace(call, render_call(f"{receiver}.least_busy", [], keywords), serves)] + extra


def _inlined_candidates(ctx: FixContext, finding: Finding, call: ast.Call, name: ast.Name):
    """For ``least_busy(candidates)``: the one ``candidates = <provider>.backends(...)`` binding
    that reaches it, and its statement's removal when ``candidates`` has no other read."""
    src = ctx.source
    scope = src.enclosing_scope(call)
    found = bindings(src, scope, name.id)
    if not found or len(found) != 1 or isinstance(found[0], tuple):
        raise NotFixable(f"least_busy({name.id}): the list's filters are not in view")
    value = found[0]
    statement = src.parents.get(value)
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "backends"
            and isinstance(statement, ast.Assign) and len(statement.targets) == 1):
        raise NotFixable(f"least_busy({name.id}): {name.id} is not a provider's backends(...) list")
    if any(not _duplicable(k.value) for k in value.keywords):
        raise NotFixable(f"least_busy({name.id}): the filters cannot be repeated in service.least_busy(...)")
    reads = [n for n in ctx.uses.get(name.id, []) if n is not name]
    if reads:
        return value, [], [finding]  # the list stays for its other readers; the filters are copied
    listed = [f for f in ctx.findings if f.code == "QM005" and (f.line, f.col) == (value.lineno, value.col_offset)]
    return value, [src.remove_statement(statement, [finding] + listed)], [finding] + listed


def _duplicable(expr: ast.expr) -> bool:
    """Constants, names, attribute chains, lambdas and containers of them: evaluating the
    expression twice does the same as once."""
    if isinstance(expr, ast.Lambda):
        return True
    if isinstance(expr, (ast.Constant, ast.Name)):
        return True
    if isinstance(expr, ast.Attribute):
        return is_pure(expr)
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        return all(_duplicable(e) for e in expr.elts)
    if isinstance(expr, ast.UnaryOp):
        return _duplicable(expr.operand)
    return False


# --- the uses of names a QM001 import brings: monitors, scheduling passes -------------------

#: ``qiskit.tools.monitor`` (and ``qiskit.tools``) display helpers: no runtime counterpart.
MONITORS = frozenset({"job_monitor", "backend_overview", "backend_monitor"})
_MONITOR_MODULES = ("qiskit.tools.monitor", "qiskit.tools")
SCHEDULING_MODULES = ("qiskit_ibm_provider.transpiler.passes.scheduling",)
#: scheduling passes whose first parameter ``durations`` became ``target=`` (runtime 0.51)
SCHEDULING_PASSES = frozenset({"ALAPScheduleAnalysis", "ASAPScheduleAnalysis", "PadDelay", "PadDynamicalDecoupling"})
DURATIONS_CLASS = "DynamicCircuitInstructionDurations"
TARGET_ARGUMENT_SINCE = (0, 51)


def fix_imported_uses(ctx: FixContext, finding: Finding, taken: Sequence[Edit] = ()) -> Optional[List[Edit]]:
    """The edits a QM001 import needs at the uses of its names: display-only monitor calls
    dropped (unsafe), scheduling passes given ``target=`` where the target runtime renamed
    ``durations``. None when there is nothing to do at the uses."""
    statement = next((n for n in ctx.source.nodes_at(finding.line, finding.col)
                      if isinstance(n, (ast.Import, ast.ImportFrom))), None)
    if not isinstance(statement, ast.ImportFrom) or not statement.module:
        return None
    if statement.module in _MONITOR_MODULES:
        return _drop_monitor_calls(ctx, finding, statement, taken)
    if statement.module in SCHEDULING_MODULES and ctx.target_runtime >= TARGET_ARGUMENT_SINCE:
        return _scheduling_targets(ctx, finding, statement)
    return None


def _drop_monitor_calls(ctx: FixContext, finding: Finding, statement: ast.ImportFrom,
                        taken: Sequence[Edit]) -> Optional[List[Edit]]:
    src = ctx.source
    edits: List[Edit] = []
    names = []
    for alias in statement.names:
        local = alias.asname or alias.name
        if alias.name not in MONITORS:
            continue
        uses = ctx.uses.get(local, [])
        for use in uses:
            call = src.parents.get(use)
            expr = src.parents.get(call)
            if not (isinstance(call, ast.Call) and call.func is use and isinstance(expr, ast.Expr)):
                return None  # a monitor used as a value: leave it (and its import) for a person
            span = src.span(expr)
            if any(e.start < span[1] and span[0] < e.end for e in taken):
                continue  # another fix already removes it (with the job it watched)
            edits.append(src.remove_statement(expr, [finding]))
        if uses:
            names.append(alias.name)
    if not edits:
        return None
    return unsafe(edits, "; ".join(MONITOR_DROPPED.format(name=name, what=_MONITOR_SHOWED[name])
                                   for name in dict.fromkeys(names)))


def _scheduling_targets(ctx: FixContext, finding: Finding, statement: ast.ImportFrom) -> Optional[List[Edit]]:
    """``ALAPScheduleAnalysis(durations)`` with ``durations =
    DynamicCircuitInstructionDurations.from_backend(backend)`` -> ``ALAPScheduleAnalysis(
    target=backend.target)`` (runtime 0.51 takes the target; the durations class is gone)."""
    src = ctx.source
    local = {alias.asname or alias.name: alias.name for alias in statement.names}
    edits: List[Edit] = []
    durations_statements: Dict[str, ast.stmt] = {}
    for name, original in local.items():
        if original not in SCHEDULING_PASSES:
            continue
        for use in ctx.uses.get(name, []):
            call = src.parents.get(use)
            if not (isinstance(call, ast.Call) and call.func is use):
                raise NotFixable(f"{name} is used other than by calling it")
            keyword = _keyword(call, "durations")
            durations = keyword.value if keyword else (call.args[0] if call.args else None)
            if durations is None:
                continue  # already the 0.51 form
            target = _backend_of_durations(ctx, durations, durations_statements)
            if target is None:
                raise NotFixable(f"{name}(...): the backend its durations came from is not in view")
            rest = [src.segment(a) for a in call.args[0 if keyword else 1:]]
            keywords = [f"{k.arg}={src.segment(k.value)}" if k.arg else f"**{src.segment(k.value)}"
                        for k in call.keywords if k is not keyword]
            if original == "PadDynamicalDecoupling" and rest and not keyword:
                rest[0] = f"dd_sequences={rest[0]}"  # its first parameter was durations, then dd_sequences
                rest = rest[:1] + [f"{p}={v}" for p, v in zip(("qubits", "spacings"), rest[1:3])] + rest[3:]
                if len(rest) > 3:
                    raise NotFixable(f"{name}(...): too many positional arguments to rename")
            elif rest:
                raise NotFixable(f"{name}(...): its positional parameters moved in runtime 0.51")
            arguments = rest + keywords + [f"target={target}.target"]
            edits.append(src.replace(call, f"{src.segment(call.func)}({', '.join(arguments)})", [finding]))
    for name, assign in durations_statements.items():
        readers = ctx.uses.get(name, [])
        if all(any(e.start <= src.span(r)[0] < e.end for e in edits) for r in readers):
            edits.append(src.remove_statement(assign, [finding]))
        else:
            raise NotFixable(f"{name} ({DURATIONS_CLASS}) is read elsewhere; runtime 0.51 has no such class")
    return edits or None


def _backend_of_durations(ctx: FixContext, expr: ast.expr, statements: Dict[str, ast.stmt]) -> Optional[str]:
    """``backend`` for ``DynamicCircuitInstructionDurations.from_backend(backend)``, directly or
    through a variable bound to it once (its statement is noted, to remove)."""
    src = ctx.source
    if isinstance(expr, ast.Name):
        found = bindings(src, src.enclosing_scope(expr), expr.id)
        if not found or len(found) != 1 or isinstance(found[0], tuple):
            return None
        assign = src.parents.get(found[0])
        if not isinstance(assign, ast.Assign):
            return None
        backend = _backend_of_durations(ctx, found[0], statements)
        if backend is not None:
            statements[expr.id] = assign
        return backend
    if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "from_backend"
            and len(expr.args) == 1 and not expr.keywords and is_pure(expr.args[0])
            and src.segment(expr.func.value).rsplit(".", 1)[-1] == DURATIONS_CLASS):
        return src.segment(expr.args[0])
    return None
