"""Fixes that rewrite one call (or one string): QM003 sessions, QM004 Session -> Batch,
QM005 provider-era account and lookup calls, QM006 removed arguments, QM007 the channel.

Each ``fix_*`` returns the edits for its findings, or None (or raises NotFixable, saying
why) when the site cannot be fixed safely: the finding then stays, and ``fix`` shows why.
"""

from __future__ import annotations

import ast
import re
from typing import List, Optional, Sequence, Tuple

from ..findings import Finding
from .context import RUNTIME, FixContext, NotFixable
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


def runtime_qualified(ctx: FixContext, func: ast.expr) -> Optional[str]:
    """``Session`` for ``qiskit_ibm_runtime.Session`` (also through module aliases), else None."""
    qualified = ctx.qualified_call_name(func)
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
    for node in ast.walk(ctx.source.tree):
        if (isinstance(node, ast.Constant) and node.value == "ibm_quantum"
                and finding.line <= node.lineno <= line_end):
            text = ctx.source.segment(node)
            if "ibm_quantum" not in text or "\\" in text:
                return None
            return [ctx.source.replace(node, text.replace("ibm_quantum", NEW_CHANNEL, 1), [finding])]
    return None


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
            if not any(f.code == "QM003" and (f.line, f.col) == (call.lineno, call.col_offset) for f in ctx.findings):
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
    if isinstance(parent, ast.withitem):
        edits = [src.replace(call, text, [finding])]
        if parent.optional_vars is None:  # name it: runs in the block pass it as mode=
            end = edits[0].end
            edits.append(Edit(end, end, f" as {ctx.free_name(ctx.session_class.lower())}", (finding,), SITE))
        return edits
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
        return [src.replace(call, text, [finding])]
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
    for node in ast.walk(scope):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute)
                and node.value.func.attr == "open_session" and src.segment(node.value.func.value) == backend
                and (node.lineno, node.col_offset) < (call.lineno, call.col_offset)):
            return node.targets[0].id
    return None


# --- QM004 and QM006 on Session / Batch, QM006 on primitives -------------------------------


def unique_service(ctx: FixContext) -> Optional[str]:
    """The one variable bound to a QiskitRuntimeService in the module, if there is exactly one."""
    names = set()
    for node in ast.walk(ctx.source.tree):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call) and runtime_qualified(ctx, node.value.func) == SERVICE):
            names.add(node.targets[0].id)
    return names.pop() if len(names) == 1 else None


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
    cls = ctx.need(RUNTIME, "Batch") if to_batch else src.segment(call.func)
    if cls is None:
        return None
    rest = [(k, src.segment(v)) for k, v in keywords.items()]
    return [src.replace(call, render_call(cls, [], [("backend", backend_text)] + rest), findings)]


def _rename_class(ctx: FixContext, call: ast.Call, findings: Sequence[Finding]) -> Optional[List[Edit]]:
    if isinstance(call.func, ast.Name):
        batch = ctx.need(RUNTIME, "Batch")
        if batch is None:
            return None
        return [ctx.source.replace(call.func, batch, findings)]
    if isinstance(call.func, ast.Attribute):
        return [_attribute_name_edit(ctx, call.func, "Batch", findings)]
    return None


# --- QM005 ---------------------------------------------------------------------------------


def _account_arguments(ctx: FixContext, call: ast.Call, allowed: frozenset) -> Optional[List[Tuple[str, str]]]:
    """Map provider-era account arguments to QiskitRuntimeService keywords, or None when one
    cannot be mapped (``url`` pointed at the classic platform; unknown keywords)."""
    src = ctx.source
    if len(call.args) > 1 or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    mapped: List[Tuple[str, str]] = []
    if call.args:
        mapped.append(("token", src.segment(call.args[0])))
    for keyword in call.keywords:
        if keyword.arg in _HGP_KEYWORDS:
            continue
        if keyword.arg == "url":
            raise NotFixable("url= addressed the classic platform; QiskitRuntimeService finds its own")
        if keyword.arg not in allowed:
            raise NotFixable(f"the argument {keyword.arg}= has no QiskitRuntimeService equivalent")
        if keyword.arg == "instance" and _is_string(keyword.value) and _HUB_GROUP_PROJECT.match(keyword.value.value):
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
    func = call.func
    if isinstance(func, ast.Attribute):
        owner = ctx.qualified_call_name(func.value) or ""
        if owner in ("qiskit.IBMQ", "qiskit.providers.ibmq.IBMQ"):
            return func.attr
    return None


def _enable_account_statements(ctx: FixContext) -> List[ast.Call]:
    calls = []
    for node in ast.walk(ctx.source.tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and _ibmq_method(ctx, node.value) in (
                "enable_account", "load_account"):
            calls.append(node.value)
    return calls


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
        if func.attr in ("backends", "jobs"):
            raise NotFixable(f".{func.attr}() stays as it is once the provider is a QiskitRuntimeService")
    return None


def _fix_ibm_provider(ctx: FixContext, finding: Finding, call: ast.Call, method: str) -> Optional[List[Edit]]:
    service = ctx.need(RUNTIME, SERVICE)
    if service is None:
        return None
    if method == "":
        mapped = _account_arguments(ctx, call, _ACCOUNT_KEYWORDS)
        func_text = service
    elif method == "save_account":
        mapped = _account_arguments(ctx, call, _ACCOUNT_KEYWORDS | _SAVE_ONLY_KEYWORDS)
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
    return [ctx.source.replace(call, render_call(func_text, [], mapped), [finding])]


def _fix_ibmq(ctx: FixContext, finding: Finding, call: ast.Call, method: str) -> Optional[List[Edit]]:
    src = ctx.source
    parent = src.parents[call]
    statement_alone = isinstance(parent, ast.Expr)
    if method in ("load_account", "enable_account") and statement_alone:
        # The account moves into the QiskitRuntimeService(...) that replaces get_provider(),
        # so the statement goes only when that hand-over is unambiguous.
        accounts = _enable_account_statements(ctx)
        if len(accounts) != 1:
            raise NotFixable("several IBMQ account calls: which account the service should use is ambiguous")
        if method == "enable_account" and not (_has_get_provider(ctx) and _get_providers_fixable(ctx)
                                               and _account_arguments(ctx, call, _ACCOUNT_KEYWORDS) is not None):
            raise NotFixable("its token can only move into a QiskitRuntimeService replacing IBMQ.get_provider()")
        return [src.remove_statement(parent, [finding], SITE)]
    service = ctx.need(RUNTIME, SERVICE)
    if service is None:
        return None
    if method in ("load_account", "enable_account", "get_provider"):
        if method == "get_provider":
            if any(k.arg not in _HGP_KEYWORDS for k in call.keywords) or len(call.args) > 3:
                return None
            accounts = _enable_account_statements(ctx)
            if len(accounts) > 1:
                raise NotFixable("several IBMQ account calls: which account the service should use is ambiguous")
            mapped = _account_arguments(ctx, accounts[0], _ACCOUNT_KEYWORDS) if accounts else []
            if accounts and _ibmq_method(ctx, accounts[0]) == "load_account":
                mapped = []
        elif method == "load_account":
            if call.args or call.keywords:
                return None
            mapped = []
        else:
            mapped = _account_arguments(ctx, call, _ACCOUNT_KEYWORDS)
        if mapped is None:
            return None
        return [src.replace(call, render_call(service, [], mapped), [finding])]
    if method == "save_account":
        mapped = _account_arguments(ctx, call, _ACCOUNT_KEYWORDS | _SAVE_ONLY_KEYWORDS)
        if mapped is None:
            return None
        mapped.insert(0, ("channel", f'"{NEW_CHANNEL}"'))
        return [src.replace(call, render_call(f"{service}.save_account", [], mapped), [finding])]
    if method == "delete_account" and not call.args and not call.keywords:
        return [src.replace(call, f"{service}.delete_account()", [finding])]
    raise NotFixable(f"IBMQ.{method}() has no runtime equivalent")


def _get_providers_fixable(ctx: FixContext) -> bool:
    return all(all(k.arg in _HGP_KEYWORDS for k in n.keywords) and len(n.args) <= 3
               for n in ast.walk(ctx.source.tree) if isinstance(n, ast.Call) and _ibmq_method(ctx, n) == "get_provider")


def _has_get_provider(ctx: FixContext) -> bool:
    return any(isinstance(n, ast.Call) and _ibmq_method(ctx, n) == "get_provider" for n in ast.walk(ctx.source.tree))


def _fix_least_busy(ctx: FixContext, finding: Finding, call: ast.Call) -> Optional[List[Edit]]:
    """``least_busy(provider.backends(**filters))`` -> ``provider.least_busy(**filters)``:
    the runtime method takes the same filters and passes unknown ones on to ``backends()``."""
    if len(call.args) != 1 or call.keywords:
        return None
    inner = call.args[0]
    if not (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr == "backends"):
        raise NotFixable("least_busy() of a list: call service.least_busy(...) with the list's filters")
    if inner.args or any(k.arg is None for k in inner.keywords) or not is_pure(inner.func.value):
        return None
    src = ctx.source
    keywords = [(k.arg, src.segment(k.value)) for k in inner.keywords]
    return [src.replace(call, render_call(f"{src.segment(inner.func.value)}.least_busy", [], keywords), [finding])]
