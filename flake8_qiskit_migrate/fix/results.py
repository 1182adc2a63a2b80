"""QM002: ``backend.run(...)`` / ``execute(...)`` -> ``Sampler(mode=...).run([...])``, together
with every use of the job and its result in the same scope.

The fix is all or nothing: if one use of the job or result cannot be migrated (it escapes
the scope, calls a method the Sampler result has no counterpart for, asks for counts by
an unknown key), nothing is edited and the finding stays.

Result shapes: the legacy ``Result.get_counts(i)`` becomes ``result[i].join_data().get_counts()``
(``join_data`` needs no classical register name; qiskit >= 1.1), ``get_memory`` becomes
``join_data().get_bitstrings()``. ``get_counts()`` with no argument returned a dict for one
circuit and a list of dicts for several, so the number of circuits must be known.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ..findings import Finding
from .context import SAMPLER_MODULE, FixContext, NotFixable
from .scope import bindings, is_int_loop_variable, is_pure, parameter_annotation, uses_after, walk_scope
from .source import DEPENDENT, RESULT_ACCESS, SITE, Edit

#: backend.run / execute keywords with no Sampler counterpart: the fix must not drop them.
NO_EQUIVALENT = frozenset({"dynamic", "init_circuit", "init_num_resets", "header", "use_measure_esp"})
#: run keywords that become Sampler options: keyword -> (options section, option name)
OPTION_KEYWORDS = {
    "job_tags": ("environment", "job_tags"),
    "rep_delay": ("execution", "rep_delay"),
    "init_qubits": ("execution", "init_qubits"),
    "seed_simulator": ("simulator", "seed_simulator"),
}
#: execute() keywords that belong to the transpile step it did implicitly.
TRANSPILE_KEYWORDS = frozenset({"optimization_level", "initial_layout", "seed_transpiler", "layout_method",
                                "routing_method", "translation_method", "scheduling_method"})
#: RuntimeJobV2 methods that exist with the same meaning on the legacy job.
JOB_METHODS = frozenset({"job_id", "status", "done", "running", "cancel", "cancelled", "in_final_state",
                         "error_message", "backend"})
RESULT_METHODS = {"get_counts": "get_counts()", "get_memory": "get_bitstrings()"}
SINGLE_CIRCUIT_METHODS = frozenset({"copy", "compose", "assign_parameters", "decompose", "reverse_bits",
                                    "inverse"})
TRANSPILE_NAMES = frozenset({"qiskit.transpile", "qiskit.compiler.transpile", "qiskit.compiler.transpiler.transpile"})
EXECUTE_NAMES = frozenset({"qiskit.execute", "qiskit.execute_function.execute", "qiskit.execute_function"})
JOB_MONITOR_SUFFIX = "job_monitor"


@dataclass
class Shape:
    """What is known about the circuits argument."""

    is_list: bool
    count: Optional[int]
    #: circuit variable name -> its position (for get_counts(circuit))
    positions: Dict[str, int] = field(default_factory=dict)
    #: the variable holding the list, for get_counts(circuits[i])
    list_name: Optional[str] = None


@dataclass
class RunCall:
    call: ast.Call
    backend: ast.expr
    circuits: ast.expr
    run_keywords: List[ast.keyword]
    transpile_keywords: List[ast.keyword]
    is_execute: bool


def fix_backend_run(ctx: FixContext, finding: Finding, session_var) -> List[Edit]:
    """Edits for one QM002 finding; raises NotFixable (saying why) when the fix is refused.
    ``session_var(with_node, backend_text)`` names the session variable a run inside
    ``with backend.open_session()`` should use."""
    return _Planner(ctx, finding, session_var).plan()


class _Planner:
    def __init__(self, ctx: FixContext, finding: Finding, session_var) -> None:
        self.ctx, self.src, self.finding, self.session_var = ctx, ctx.source, finding, session_var

    # --- the run call -----------------------------------------------------------------------

    def plan(self) -> List[Edit]:
        run = self._locate()
        scope = self.src.enclosing_scope(run.call)
        if not isinstance(scope, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
            raise NotFixable("the call is in a lambda or class body")
        self.scope = scope
        if not is_pure(run.backend):
            raise NotFixable("the backend is an expression, not a name: assign it to a variable first")
        for keyword in run.run_keywords:  # the most definite reason first
            if keyword.arg is None:
                raise NotFixable("**options pass run options the fix cannot see")
            if keyword.arg in NO_EQUIVALENT:
                raise NotFixable(f"run option {keyword.arg!r} has no Sampler equivalent")
        self.shape = self._shape(run.circuits)
        self.run = run
        self.new_call = self._new_call_text(run)
        edits = self._job_edits(run.call)
        if not any(e.start <= self.src.span(run.call)[0] and self.src.span(run.call)[1] <= e.end for e in edits):
            edits.append(self.src.replace(run.call, self.new_call, [self.finding], SITE))
        return edits

    def _locate(self) -> RunCall:
        for node in self.src.nodes_at(self.finding.line, self.finding.col):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Attribute) and node.func.attr == "run":
                circuits = _argument(node, 0, ("circuits", "run_input"))
                if circuits is None or len(node.args) > 1:
                    raise NotFixable("unexpected run() arguments")
                keywords = [k for k in node.keywords if k.value is not circuits]
                return RunCall(node, node.func.value, circuits, keywords, [], False)
            if self.ctx.qualified_call_name(node.func) in EXECUTE_NAMES:
                circuits = _argument(node, 0, ("experiments",))
                backend = _argument(node, 1, ("backend",))
                if circuits is None or backend is None or len(node.args) > 2:
                    raise NotFixable("unexpected execute() arguments")
                rest = [k for k in node.keywords if k.value is not circuits and k.value is not backend]
                transpile_kw = [k for k in rest if k.arg in TRANSPILE_KEYWORDS]
                run_kw = [k for k in rest if k.arg not in TRANSPILE_KEYWORDS]
                return RunCall(node, backend, circuits, run_kw, transpile_kw, True)
        raise NotFixable("the call has an unexpected form")

    def _new_call_text(self, run: RunCall) -> str:
        seg = self.src.segment
        run_args: List[str] = []
        options: Dict[str, List[str]] = {}
        for keyword in run.run_keywords:
            if keyword.arg is None or keyword.arg in NO_EQUIVALENT:
                raise NotFixable(f"run option {keyword.arg!r} has no Sampler equivalent")
            if keyword.arg == "shots":
                run_args.append(f"shots={seg(keyword.value)}")
            elif keyword.arg == "memory":
                continue  # the Sampler always returns per-shot bitstrings
            elif keyword.arg in OPTION_KEYWORDS:
                section, name = OPTION_KEYWORDS[keyword.arg]
                options.setdefault(section, []).append(f'"{name}": {seg(keyword.value)}')
            else:
                raise NotFixable(f"unknown run option {keyword.arg!r}")
        circuits = seg(run.circuits)
        backend = seg(run.backend)
        if run.is_execute or not self._is_isa(run.circuits, depth=0):
            transpile = self.ctx.need("qiskit", "transpile")
            if transpile is None:
                raise NotFixable("the name transpile is taken")
            extra = "".join(f", {k.arg}={seg(k.value)}" for k in run.transpile_keywords)
            circuits = f"{transpile}({circuits}, {backend}{extra})"
        pubs = circuits if self.shape.is_list else f"[{circuits}]"
        sampler = self.ctx.need(SAMPLER_MODULE, "Sampler")
        if sampler is None:
            raise NotFixable("no free name for the Sampler")
        mode = self._mode(run)
        option_text = ""
        if options:
            sections = ", ".join(f'"{s}": {{{", ".join(v)}}}' for s, v in options.items())
            option_text = f", options={{{sections}}}"
        shots = "".join(f", {a}" for a in run_args)
        return f"{sampler}(mode={mode}{option_text}).run({pubs}{shots})"

    def _mode(self, run: RunCall) -> str:
        backend_text = self.src.segment(run.backend)
        for ancestor in self.src.ancestors(run.call):
            if isinstance(ancestor, (ast.With, ast.AsyncWith)):
                name = self.session_var(ancestor, backend_text)
                if name:
                    return name
        return backend_text

    # --- what is known about the circuits -------------------------------------------------

    def _function_returns(self, call: ast.Call):
        """(function, returned values) for a call of a module-level function with plain returns."""
        if not isinstance(call.func, ast.Name):
            return None
        functions = [s for s in self.src.tree.body if isinstance(s, ast.FunctionDef) and s.name == call.func.id]
        if len(functions) != 1 or call.func.id in self.ctx.imported:
            return None
        values = []
        for node, nested in walk_scope(functions[0]):
            if isinstance(node, ast.Return) and not nested:
                if node.value is None:
                    return None
                values.append(node.value)
        return functions[0], values

    def _shape(self, expr: ast.expr, depth: int = 0, scope: Optional[ast.AST] = None) -> Shape:
        scope = scope or self.scope
        if depth > 8:
            raise NotFixable("circuit provenance too deep")
        if isinstance(expr, (ast.List, ast.Tuple)):
            positions: Dict[str, int] = {}
            for index, element in enumerate(expr.elts):
                if isinstance(element, ast.Starred):
                    return Shape(True, None)
                for name in self._circuit_names(element, depth, scope):
                    positions.setdefault(name, index)
            return Shape(True, len(expr.elts), positions)
        if isinstance(expr, (ast.ListComp, ast.GeneratorExp)):
            return Shape(True, None)
        if isinstance(expr, ast.Call):
            qualified = self.ctx.qualified_call_name(expr.func)
            if qualified in TRANSPILE_NAMES or self._is_pass_manager_run(expr):
                inner = _argument(expr, 0, ("circuits",))
                if inner is None:
                    raise NotFixable("transpile without circuits")
                return self._shape(inner, depth + 1, scope)
            if qualified and qualified.endswith(("QuantumCircuit", "random_circuit")):
                return Shape(False, 1)
            returned = self._function_returns(expr)
            if returned is not None:
                function, values = returned
                shapes = [self._shape(value, depth + 1, function) for value in values]
                if shapes and all(not s.is_list for s in shapes):
                    return Shape(False, 1)
            if isinstance(expr.func, ast.Attribute) and expr.func.attr in SINGLE_CIRCUIT_METHODS:
                inner = self._shape(expr.func.value, depth + 1, scope)
                if not inner.is_list:
                    return Shape(False, 1)
            raise NotFixable("cannot tell whether the circuits argument is one circuit or a list")
        if isinstance(expr, ast.Name):
            found = bindings(self.src, scope, expr.id)
            if not found:
                annotated = self._annotated_shape(scope, expr.id)
                if annotated is None:
                    raise NotFixable(f"cannot tell whether {expr.id} is one circuit or a list")
                return annotated
            shapes = [Shape(False, 1) if isinstance(b, tuple) else self._shape(b, depth + 1, scope) for b in found]
            if len({s.is_list for s in shapes}) != 1:
                raise NotFixable(f"{expr.id} is sometimes a list")
            first = shapes[0]
            if first.is_list:
                count = first.count if len(shapes) == 1 and not self._grows(expr.id, scope) else None
                return Shape(True, count, dict(first.positions), expr.id)
            return Shape(False, 1, {expr.id: 0, **first.positions})
        raise NotFixable("cannot tell whether the circuits argument is one circuit or a list")

    def _annotated_shape(self, scope: ast.AST, name: str) -> Optional[Shape]:
        """``circuit: QuantumCircuit`` is one circuit, ``circuits: list[QuantumCircuit]`` a list."""
        annotation = parameter_annotation(scope, name)
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(annotation, (ast.Name, ast.Attribute)):
            if (self.ctx.qualified_call_name(annotation) or "").endswith(".QuantumCircuit"):
                return Shape(False, 1, {name: 0})
        if isinstance(annotation, ast.Subscript):
            container = annotation.value
            container_name = container.attr if isinstance(container, ast.Attribute) else getattr(container, "id", "")
            element = annotation.slice
            if (container_name in ("list", "List", "Sequence", "tuple", "Tuple")
                    and isinstance(element, (ast.Name, ast.Attribute))
                    and (self.ctx.qualified_call_name(element) or "").endswith(".QuantumCircuit")):
                return Shape(True, None, {}, name)
        return None

    def _circuit_names(self, element: ast.expr, depth: int, scope: ast.AST) -> List[str]:
        """Names under which the legacy result could be asked for this circuit."""
        if isinstance(element, ast.Name):
            names = [element.id]
            found = bindings(self.src, scope, element.id) or []
            for binding in found:
                if isinstance(binding, ast.Call) and self.ctx.qualified_call_name(binding.func) in TRANSPILE_NAMES:
                    inner = _argument(binding, 0, ("circuits",))
                    if isinstance(inner, ast.Name):
                        names.append(inner.id)
            return names
        if isinstance(element, ast.Call) and self.ctx.qualified_call_name(element.func) in TRANSPILE_NAMES:
            inner = _argument(element, 0, ("circuits",))
            return self._circuit_names(inner, depth + 1, scope) if inner is not None else []
        return []

    def _grows(self, name: str, scope: ast.AST) -> bool:
        for node in ast.walk(scope):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == name
                    and node.attr in ("append", "extend", "insert", "pop", "remove")):
                return True
            if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
                return True
        return False

    def _is_pass_manager_run(self, call: ast.Call) -> bool:
        if not (isinstance(call.func, ast.Attribute) and call.func.attr == "run"):
            return False
        receiver = call.func.value
        if isinstance(receiver, ast.Call):
            return (self.ctx.qualified_call_name(receiver.func) or "").endswith("generate_preset_pass_manager")
        if isinstance(receiver, ast.Name):
            for binding in bindings(self.src, self.scope, receiver.id) or []:
                if isinstance(binding, ast.Call):
                    qualified = self.ctx.qualified_call_name(binding.func) or ""
                    if qualified.endswith(("generate_preset_pass_manager", "PassManager")):
                        return True
        return False

    def _is_isa(self, expr: ast.expr, depth: int) -> bool:
        """Was the circuit already compiled for a backend (transpile(..., backend) or a pass manager)?"""
        if depth > 8:
            return False
        if isinstance(expr, (ast.List, ast.Tuple)):
            return bool(expr.elts) and all(self._is_isa(e, depth + 1) for e in expr.elts)
        if isinstance(expr, ast.Call):
            if self.ctx.qualified_call_name(expr.func) in TRANSPILE_NAMES:
                return (len(expr.args) >= 2 or any(k.arg in ("backend", "target") for k in expr.keywords))
            return self._is_pass_manager_run(expr)
        if isinstance(expr, ast.Name):
            found = bindings(self.src, self.scope, expr.id)
            if not found:
                return False
            return all(self._is_isa(b[1] if isinstance(b, tuple) else b, depth + 1) for b in found)
        return False

    # --- uses of the job and of its result ------------------------------------------------

    def _job_edits(self, call: ast.Call) -> List[Edit]:
        parent = self.src.parents[call]
        if isinstance(parent, ast.Expr):
            return []
        uses = self._uses_of_assigned(parent, "job")
        if uses is not None:
            edits: List[Edit] = []
            for use in uses:
                edits.extend(self._job_use(use))
            return edits
        result_call = self._result_call(call)
        if result_call is not None:
            return self._result_edits(result_call)
        raise NotFixable("the job is used in a way the fix does not follow")

    def _uses_of_assigned(self, statement: ast.AST, what: str) -> Optional[List[ast.Name]]:
        """The later uses of `name` in `name = <value>`; None if the value is not assigned so."""
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)):
            return None
        target = statement.targets[0]
        uses = uses_after(self.scope, target.id, target)
        if uses is None:
            raise NotFixable(f"the {what} escapes the scope")
        return uses

    def _result_call(self, job_expr: ast.expr) -> Optional[ast.Call]:
        """``job_expr.result()`` (a timeout keyword is fine), if that is how job_expr is used."""
        attribute = self.src.parents.get(job_expr)
        if isinstance(attribute, ast.Attribute) and attribute.attr == "result":
            call = self.src.parents.get(attribute)
            if isinstance(call, ast.Call) and call.func is attribute and not call.args:
                return call
        return None

    def _job_use(self, use: ast.Name) -> List[Edit]:
        result_call = self._result_call(use)
        if result_call is not None:
            return self._result_edits(result_call)
        parent = self.src.parents[use]
        if isinstance(parent, ast.Attribute) and parent.attr in JOB_METHODS:
            call = self.src.parents.get(parent)
            if isinstance(call, ast.Call) and call.func is parent:
                if parent.attr == "status" and isinstance(self.src.parents.get(call), ast.Compare):
                    raise NotFixable("job.status() is now a string, not a JobStatus")
                return []
        if isinstance(parent, ast.Call) and parent.args and parent.args[0] is use:
            qualified = self.ctx.qualified_call_name(parent.func) or ""
            if qualified.endswith(JOB_MONITOR_SUFFIX) and isinstance(self.src.parents.get(parent), ast.Expr):
                # No job monitor in the runtime; job.result() below waits for the job anyway.
                statement = self.src.parents[parent]
                return [self.src.remove_statement(statement, [self.finding], DEPENDENT)]
        raise NotFixable(f"the job {use.id} is used in a way the fix does not follow")

    def _result_edits(self, result_call: ast.Call) -> List[Edit]:
        parent = self.src.parents[result_call]
        if isinstance(parent, ast.Attribute) and parent.attr in RESULT_METHODS:
            access = self.src.parents.get(parent)
            if isinstance(access, ast.Call) and access.func is parent:
                return [self._access_edit(access, self._render(result_call))]
        if isinstance(parent, ast.Expr):
            return []
        uses = self._uses_of_assigned(parent, "result")
        if uses is not None:
            edits = []
            for use in uses:
                attribute = self.src.parents[use]
                access = self.src.parents.get(attribute)
                if not (isinstance(attribute, ast.Attribute) and attribute.attr in RESULT_METHODS
                        and isinstance(access, ast.Call) and access.func is attribute):
                    raise NotFixable(f"the result {use.id} is used in a way the fix does not follow")
                edits.append(self._access_edit(access, use.id))
            return edits
        raise NotFixable("the result is used in a way the fix does not follow")

    def _access_edit(self, access: ast.Call, base: str) -> Edit:
        method = RESULT_METHODS[access.func.attr]
        if access.keywords or len(access.args) > 1:
            raise NotFixable("unexpected get_counts() arguments")
        if not access.args:
            if self.shape.count == 1:
                text = f"{base}[0].join_data().{method}"
            elif self.shape.count:
                text = f"[pub_result.join_data().{method} for pub_result in {base}]"
            else:
                raise NotFixable("get_counts() over an unknown number of circuits")
        else:
            text = f"{base}[{self._index(access.args[0])}].join_data().{method}"
        contains_run = _contains(self.src.span(access), self.src.span(self.run.call))
        return self.src.replace(access, text, [self.finding], SITE if contains_run else RESULT_ACCESS)

    def _index(self, key: ast.expr) -> str:
        count = self.shape.count
        if isinstance(key, ast.Constant) and type(key.value) is int:
            if count is not None and not -count <= key.value < count:
                raise NotFixable("index out of range")
            return str(key.value)
        if isinstance(key, ast.Name):
            if key.id in self.shape.positions:
                return str(self.shape.positions[key.id])
            if self.shape.is_list and is_int_loop_variable(self.src, self.scope, key.id):
                return key.id
        if (isinstance(key, ast.Subscript) and isinstance(key.value, ast.Name)
                and key.value.id == self.shape.list_name and not isinstance(key.slice, ast.Slice)):
            return self.src.segment(key.slice)
        raise NotFixable("counts asked for by a key whose position is unknown")

    def _render(self, node: ast.AST) -> str:
        """Source of ``node`` with the run call inside it (if any) replaced by the new call."""
        start, end = self.src.span(node)
        call_start, call_end = self.src.span(self.run.call)
        text = self.src.text
        if _contains((start, end), (call_start, call_end)):
            return text[start:call_start] + self.new_call + text[call_end:end]
        return text[start:end]


def _contains(outer: Tuple[int, int], inner: Tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _argument(call: ast.Call, index: int, keywords: Tuple[str, ...]) -> Optional[ast.expr]:
    if len(call.args) > index:
        argument = call.args[index]
        return None if isinstance(argument, ast.Starred) else argument
    for keyword in call.keywords:
        if keyword.arg in keywords:
            return keyword.value
    return None
