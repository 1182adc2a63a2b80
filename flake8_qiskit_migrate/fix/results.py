"""QM002: ``backend.run(...)`` / ``execute(...)`` -> ``Sampler(mode=...).run([...])``, together
with every use of the job, its result and its counts.

The fix is all or nothing: if one use of the job or result cannot be migrated (it escapes
to code the fix cannot see, calls a method the Sampler result has no counterpart for, asks
for counts by an unknown key), nothing is edited and the finding stays. Uses that still run
but may print or behave differently make the fix unsafe (``Edit.unsafe`` says what to review).

Value flow (:class:`ValueFlow`): a value is followed through the names it is assigned to, into
the functions of the same module it is passed to or returned from, and into every expression
that reads it (f-strings, ``print``, subscripts, comprehensions, call arguments).

Result shapes: the legacy ``Result.get_counts(i)`` becomes ``result[i].join_data().get_counts()``
(``join_data`` needs no classical register name; qiskit >= 1.1), ``get_memory`` becomes
``join_data().get_bitstrings()``. ``get_counts()`` with no argument returned a dict for one
circuit and a list of dicts for several, so the number of circuits must be known
(:class:`CircuitShapes`). Legacy counts were ``qiskit.result.Counts`` (``most_frequent()``,
``int_outcomes()``); where the code needs those, the new counts are wrapped in ``Counts``.
"""

from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ..findings import Finding
from .context import SAMPLER_MODULE, FixContext, NotFixable
from ..detect.model import ModelBuilder, ModuleModel
from .scope import bindings, declared_nonlocal, is_int_loop_variable, is_pure, parameter_annotation, walk_scope
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
#: Methods of RuntimeJobV2 (and of the local testing mode's job) with the legacy job's meaning.
#: ``status`` is one of them only where its value is not compared or taken apart (see _job_use).
JOB_METHODS = frozenset({"job_id", "status", "done", "running", "cancel", "cancelled", "in_final_state",
                         "error_message", "backend", "wait_for_final_state"})
#: Attributes of RuntimeJobV2 that a legacy runtime-era job had too.
JOB_ATTRIBUTES = frozenset({"session_id", "creation_date"})
RESULT_METHODS = {"get_counts": "get_counts()", "get_memory": "get_bitstrings()"}
#: What legacy ``Counts`` has and a plain dict does not.
COUNTS_ONLY = frozenset({"most_frequent", "int_outcomes", "hex_outcomes", "int_raw", "hex_raw", "shots",
                         "time_taken", "creg_sizes", "memory_slots"})
#: Calls that only display a value (its printed form is what changes when it is used whole).
DISPLAY_CALLS = frozenset({"print", "str", "repr", "format", "display", "pprint", "pprint.pprint"})
SINGLE_CIRCUIT_METHODS = frozenset({"copy", "compose", "assign_parameters", "decompose", "reverse_bits",
                                    "inverse", "measure_active", "remove_final_measurements"})
#: Uses of a variable in a function body that say it is one QuantumCircuit.
CIRCUIT_ATTRIBUTES = frozenset({"h", "x", "y", "z", "cx", "cz", "measure", "measure_all", "barrier", "rx", "ry",
                                "rz", "s", "t", "sdg", "tdg", "swap", "ccx", "num_qubits", "num_clbits",
                                "qubits", "clbits", "draw", "depth", "append", "compose", "reset", "p", "u",
                                "cp", "mcx", "initialize", "add_register", "assign_parameters", "parameters"})
TRANSPILE_NAMES = frozenset({"qiskit.transpile", "qiskit.compiler.transpile", "qiskit.compiler.transpiler.transpile"})
EXECUTE_NAMES = frozenset({"qiskit.execute", "qiskit.execute_function.execute", "qiskit.execute_function"})
JOB_MONITOR_SUFFIX = "job_monitor"
#: The shots of ``backend.run()`` without ``shots=`` on IBM backends: 4000 in qiskit-ibmq-provider
#: 0.20 (IBMQBackend), qiskit-ibm-provider 0.11 and qiskit-ibm-runtime's IBMBackend (0.15-0.34)
#: ("Default: 4000 or max_shots from the backend configuration, whichever is smaller"). The V2
#: Sampler's default is 4096, so the fix writes it. ``execute()`` passed no shots to such a
#: backend (qiskit-terra >= 0.17, BackendV1), so 4000 too; before, it assembled 1024.
LEGACY_DEFAULT_SHOTS = "4000"
#: Names ``from qiskit import *`` brought in (Qiskit < 1.0's top level) that the fixers ask about.
QISKIT_STAR_NAMES = frozenset({"QuantumCircuit", "transpile", "execute", "QuantumRegister", "ClassicalRegister"})


@dataclass
class Shape:
    """What is known about the circuits argument."""

    is_list: bool
    count: Optional[int]
    #: circuit variable name -> its position (for get_counts(circuit))
    positions: Dict[str, int] = field(default_factory=dict)
    #: the variable holding the list, for get_counts(circuits[i])
    list_name: Optional[str] = None
    #: not proven, only likely (a parameter's name): the fix is then unsafe
    guessed: str = ""


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


def in_fstring(src, node: ast.AST) -> bool:
    return any(isinstance(a, ast.JoinedStr) for a in src.ancestors(node))


def mark_unsafe(edits: List[Edit], notes: List[str]) -> List[Edit]:
    """Every edit of a fix carries the review notes of its unsafe parts."""
    if not notes:
        return edits
    def merged(existing: Optional[str]) -> str:
        # each note once, in the order first given (a fix made of parts repeats theirs)
        return "; ".join(dict.fromkeys([*(existing.split("; ") if existing else []), *notes]))
    return [dataclasses.replace(e, unsafe=merged(e.unsafe)) for e in edits]


def comments_kept(src, edits: List[Edit]) -> bool:
    """Does every comment inside the text these edits replace come back in their new text (a
    comment of a multi-line call the fix moved above its statement)?"""
    new_text = "".join(e.text for e in edits)
    for offset in src.comment_offsets():
        if any(e.text and e.start < offset < e.end for e in edits):
            end = src.text.find("\n", offset)
            comment = src.text[offset:end if end >= 0 else len(src.text)].rstrip()
            if comment not in new_text:
                return False
    return True


# --- value flow ---------------------------------------------------------------------------------


def module_model(src) -> ModuleModel:
    """The complete model of names of the source being fixed (def-use: ``reaching``, ``reads_of``),
    built once per source."""
    model = src.__dict__.get("_model_of_names")
    if model is None:
        model = src.__dict__["_model_of_names"] = ModelBuilder().build(src.tree)
    return model



class ValueFlow:
    """Where a value is read: through assignments to a name, returns to call sites and arguments
    passed to functions of the same module. Each read is (node, scope); ``node`` is the
    expression whose value is the followed value (a Name, or the value expression itself)."""

    def __init__(self, ctx: FixContext) -> None:
        self.ctx, self.src = ctx, ctx.source

    def reads(self, expr: ast.expr, scope: ast.AST, what: str, depth: int = 0) -> List[Tuple[ast.expr, ast.AST]]:
        if depth > 6:
            raise NotFixable(f"the {what} flows through too many functions")
        parent = self.src.parents.get(expr)
        if isinstance(parent, ast.Assign) and expr is parent.value:
            if len(parent.targets) != 1 or not isinstance(parent.targets[0], ast.Name):
                raise NotFixable(f"the {what} is unpacked or assigned to several names")
            target = parent.targets[0]
            uses = self._uses(target, scope, what)
            reads: List[Tuple[ast.expr, ast.AST]] = []
            for use in uses:
                reads.extend(self._follow(use, scope, what, depth))
            return reads
        if isinstance(parent, ast.Return) and isinstance(scope, ast.FunctionDef) and scope in self.src.tree.body:
            reads = []
            for call, caller in self._call_sites(scope):
                reads.extend(self._follow(call, caller, what, depth + 1))
            return reads
        return self._follow(expr, scope, what, depth)

    def _follow(self, node: ast.expr, scope: ast.AST, what: str, depth: int) -> List[Tuple[ast.expr, ast.AST]]:
        """A read, or where it goes on: returned, or passed to a function of this module."""
        parent = self.src.parents.get(node)
        if isinstance(parent, (ast.Assign, ast.Return)) and parent.value is node:
            return self.reads(node, scope, what, depth)
        if isinstance(parent, ast.Call) and node in parent.args and isinstance(parent.func, ast.Name):
            function = self._module_function(parent.func.id)
            if function is not None:
                index = parent.args.index(node)
                params = function.args.posonlyargs + function.args.args
                if index >= len(params) or function.args.vararg is not None:
                    raise NotFixable(f"the {what} is passed where the fix cannot follow it")
                uses = self._parameter_uses(params[index], function, what)
                reads = []
                for use in uses:
                    reads.extend(self._follow(use, function, what, depth + 1))
                return reads
        return [(node, scope)]

    def _parameter_uses(self, parameter: ast.arg, function: ast.FunctionDef, what: str) -> List[ast.Name]:
        """The reads of a parameter that see only the argument (the model's def-use answer)."""
        model = module_model(self.src)
        created = model.bindings_at(parameter)
        if not created:
            raise NotFixable(f"the {what} is passed where the fix cannot follow it")
        uses = []
        for read in model.reads_of(created[0]):
            if self.src.enclosing_scope(read) is not function:
                raise NotFixable(f"the {what} is read later, from a function nested in {function.name}()")
            if any(b.node is not parameter for b in model.reaching(read)):
                raise NotFixable(f"the {what} is rebound inside {function.name}()")
            uses.append(read)
        return uses

    def _module_function(self, name: str) -> Optional[ast.FunctionDef]:
        functions = self.ctx.module_functions().get(name, [])
        if len(functions) != 1 or name in self.ctx.imported:
            return None
        return functions[0]

    def _call_sites(self, function: ast.FunctionDef) -> List[Tuple[ast.Call, ast.AST]]:
        sites = []
        for use in self.ctx.uses.get(function.name, []):
            call = self.src.parents.get(use)
            if not (isinstance(call, ast.Call) and call.func is use):
                raise NotFixable(f"{function.name} is used other than by calling it")
            scope = self.src.enclosing_scope(call)
            if not isinstance(scope, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
                raise NotFixable(f"{function.name}() is called from a lambda or class body")
            sites.append((call, scope))
        return sites

    def _uses(self, target: ast.Name, scope: ast.AST, what: str) -> List[ast.Name]:
        """The reads the binding ``target`` reaches (the model's def-use answer). Every one must
        see this value only: a read that another binding reaches too (an earlier value, another
        branch, the previous loop iteration) would get a legacy and a migrated value, so the fix
        is refused; so is a read from a nested function (it runs at a time the fix cannot see)."""
        if declared_nonlocal(scope, target.id):
            raise NotFixable(f"the {what} {target.id} is declared global or nonlocal")
        model = module_model(self.src)
        created = model.bindings_at(target)
        if not created:
            raise NotFixable(f"the {what} {target.id} is bound where the fix cannot follow it")
        uses = []
        for read in model.reads_of(created[0]):
            if self.src.enclosing_scope(read) is not scope:
                raise NotFixable(f"the {what} {target.id} is read from a nested function")
            others = [b for b in model.reaching(read) if b.node is not target]
            if others:
                line = getattr(others[0].node, "lineno", "?")
                raise NotFixable(f"the {what} {target.id} is rebound on another path (line {line}) "
                                 f"that reaches its read on line {read.lineno}")
            uses.append(read)
        return uses


def read_kind(src, node: ast.expr, qualified) -> Tuple[str, Optional[ast.AST]]:
    """How a read uses its value: ("attribute", Attribute), ("method", Call), ("display", call or
    FormattedValue), ("subscript", Subscript), or ("other", parent)."""
    parent = src.parents.get(node)
    if isinstance(parent, ast.Attribute) and parent.value is node:
        call = src.parents.get(parent)
        if isinstance(call, ast.Call) and call.func is parent:
            return "method", call
        return "attribute", parent
    if isinstance(parent, ast.FormattedValue) and parent.value is node:
        return "display", parent
    if isinstance(parent, ast.Call) and node in parent.args:
        name = parent.func.id if isinstance(parent.func, ast.Name) else qualified(parent.func)
        if name in DISPLAY_CALLS:
            return "display", parent
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return "subscript", parent
    return "other", parent


def describe_use(kind: str, node: Optional[ast.AST]) -> str:
    """What a read does with its value, for the reason a fix is refused: `.x()`, `.x`, an argument..."""
    if kind == "method":
        return f".{node.func.attr}()"
    if kind == "attribute":
        return f".{node.attr}"
    if kind == "subscript":
        return "indexed"
    if isinstance(node, ast.Call):
        return "passed to a call"
    return f"in {type(node).__name__ if node is not None else 'an unknown place'}"


# --- circuits -----------------------------------------------------------------------------------


class CircuitShapes:
    """One circuit or a list of them, and whether it is already ISA (compiled for a backend)."""

    def __init__(self, ctx: FixContext, scope: ast.AST) -> None:
        self.ctx, self.src, self.scope = ctx, ctx.source, scope
        self.star_qiskit = ctx.once("star qiskit", lambda: any(  # once per pass, not per site
            isinstance(n, ast.ImportFrom) and n.module == "qiskit" and n.level == 0
            and any(a.name == "*" for a in n.names) for n in self.src.nodes(ast.ImportFrom)))

    def qualified(self, func: ast.expr) -> Optional[str]:
        """The qualified name of a callee; after ``from qiskit import *`` an otherwise unbound
        ``QuantumCircuit`` or ``transpile`` is qiskit's."""
        qualified = self._qualified_by_flow(func) or self.ctx.qualified_call_name(func)
        if qualified is None and isinstance(func, ast.Name) and self.star_qiskit and func.id in QISKIT_STAR_NAMES:
            if func.id not in self.ctx.imported and func.id not in self.ctx.other_bindings:
                return f"qiskit.{func.id}"
        return qualified

    def _qualified_by_flow(self, func: ast.expr) -> Optional[str]:
        """The qualified name the imports that reach this read give it: a notebook that imports
        ``Sampler`` from qiskit.primitives first and from qiskit_ibm_runtime later means the
        runtime's in the later cells."""
        parts = []
        while isinstance(func, ast.Attribute):
            parts.append(func.attr)
            func = func.value
        if not isinstance(func, ast.Name) or not hasattr(func, "lineno"):
            return None
        reached = self._reaching(func)
        names = {b.first for b in reached if b.kind == "qual"}
        if not reached or len(names) != 1 or any(b.kind != "qual" for b in reached):
            return None
        return ".".join([names.pop(), *reversed(parts)])

    def _function_returns(self, call: ast.Call):
        """(function, returned values) for a call of a module-level function with plain returns."""
        if not isinstance(call.func, ast.Name):
            return None
        functions = self.ctx.module_functions().get(call.func.id, [])
        if len(functions) != 1 or call.func.id in self.ctx.imported:
            return None
        values = []
        for node, nested in walk_scope(functions[0]):
            if isinstance(node, ast.Return) and not nested:
                if node.value is None:
                    return None
                values.append(node.value)
        return functions[0], values

    def shape(self, expr: ast.expr, depth: int = 0, scope: Optional[ast.AST] = None) -> Shape:
        scope = scope or self.scope
        if not isinstance(scope, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
            scope = self.src.enclosing_scope(scope)  # a comprehension or lambda: its function's names
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
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult) and (
                isinstance(expr.left, (ast.List, ast.Tuple, ast.BinOp))):
            # [qc] * n (* m): a list, however long (the left side decides: a circuit has no *)
            inner = self.shape(expr.left, depth + 1, scope)
            if inner.is_list:
                return Shape(True, None, guessed=inner.guessed)
        if isinstance(expr, ast.Call):
            qualified = self.qualified(expr.func)
            if qualified in TRANSPILE_NAMES or self._is_pass_manager_run(expr, scope):
                inner = argument(expr, 0, ("circuits",))
                if inner is None:
                    raise NotFixable("transpile without circuits")
                return self.shape(inner, depth + 1, scope)
            if qualified and qualified.endswith(("QuantumCircuit", "random_circuit")):
                return Shape(False, 1)
            returned = self._function_returns(expr)
            if returned is not None:
                function, values = returned
                shapes = [self.shape(value, depth + 1, function) for value in values]
                if shapes and all(not s.is_list for s in shapes):
                    return Shape(False, 1, guessed=next((s.guessed for s in shapes if s.guessed), ""))
            if isinstance(expr.func, ast.Attribute) and expr.func.attr in SINGLE_CIRCUIT_METHODS:
                inner = self.shape(expr.func.value, depth + 1, scope)
                if not inner.is_list:
                    return Shape(False, 1, guessed=inner.guessed)
            return guess_from_name(expr)
        if isinstance(expr, ast.Name):
            reached = self._reaching(expr)
            if reached:
                return self._shape_of_bindings(expr.id, reached, depth)
            found = bindings(self.src, scope, expr.id)
            if not found:
                parameter = self._parameter_shape(scope, expr.id, depth)
                if parameter is None:
                    raise NotFixable(f"cannot tell whether {expr.id} is one circuit or a list")
                return parameter
            shapes = [self._element_shape(b[1], depth + 1, scope) if isinstance(b, tuple)
                      else self.shape(b, depth + 1, scope) for b in found]
            if len({s.is_list for s in shapes}) != 1:
                raise NotFixable(f"{expr.id} is sometimes a list")
            first = shapes[0]
            guessed = next((s.guessed for s in shapes if s.guessed), "")
            if first.is_list:
                count = first.count if len(shapes) == 1 and not self._grows(expr.id, scope) else None
                return Shape(True, count, dict(first.positions), expr.id, guessed)
            return Shape(False, 1, {expr.id: 0, **first.positions}, guessed=guessed)
        if isinstance(expr, ast.Attribute):
            return guess_from_name(expr)
        raise NotFixable("cannot tell whether the circuits argument is one circuit or a list")

    def _reaching(self, name: ast.Name) -> list:
        """The bindings that reach this read (the model's answer; [] when it does not know it)."""
        try:
            return module_model(self.src).reaching(name)
        except Exception:  # noqa: BLE001 - a name the model did not record: the fixer's own lookup
            return []

    def _shape_of_bindings(self, name: str, reached: list, depth: int) -> Shape:
        shapes = []
        for binding in reached:
            if binding.kind == "value":
                shapes.append(self.shape(binding.first, depth + 1, binding.second.node))
            elif binding.kind == "elem":
                shapes.append(self._element_shape(binding.first, depth + 1, binding.second.node))
            elif binding.kind == "param":
                parameter = self._parameter_shape(binding.bound_in.node, name, depth)
                if parameter is None:
                    raise NotFixable(f"cannot tell whether {name} is one circuit or a list")
                shapes.append(parameter)
            else:
                raise NotFixable(f"cannot tell whether {name} is one circuit or a list")
        if len({s.is_list for s in shapes}) != 1:
            raise NotFixable(f"{name} is sometimes a list")
        first = shapes[0]
        guessed = next((s.guessed for s in shapes if s.guessed), "")
        if first.is_list:
            grows = any(self._grows(name, b.bound_in.node) for b in reached if b.bound_in is not None)
            count = first.count if len(shapes) == 1 and not grows else None
            return Shape(True, count, dict(first.positions), name, guessed)
        return Shape(False, 1, {name: 0, **first.positions}, guessed=guessed)

    def _element_shape(self, iterable: ast.expr, depth: int, scope: ast.AST) -> Shape:
        """The shape of a loop variable: an element of what the loop iterates over. A loop over
        batches (lists of circuits) gives lists, not circuits."""
        if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and iterable.func.id in (
                "reversed", "sorted", "list", "tuple") and iterable.args:
            return self._element_shape(iterable.args[0], depth + 1, scope)
        if isinstance(iterable, (ast.List, ast.Tuple)):
            shapes = [self.shape(e, depth + 1, scope) for e in iterable.elts if not isinstance(e, ast.Starred)]
            if shapes and len({s.is_list for s in shapes}) == 1 and len(shapes) == len(iterable.elts):
                return Shape(shapes[0].is_list, 1 if not shapes[0].is_list else None)
            raise NotFixable("the loop goes over a mixture of circuits and lists")
        if isinstance(iterable, (ast.ListComp, ast.GeneratorExp)):
            element = iterable.elt
            if isinstance(element, ast.Subscript) and isinstance(element.slice, ast.Slice):
                return Shape(True, None)
            if isinstance(element, ast.Call):
                return Shape(self.shape(element, depth + 1, iterable).is_list, None)
            raise NotFixable("cannot tell what the loop goes over")
        if isinstance(iterable, ast.Name):
            found = bindings(self.src, scope, iterable.id)
            if found and all(not isinstance(b, tuple) for b in found):
                shapes = [self._element_shape(b, depth + 1, scope) for b in found]
                if len({s.is_list for s in shapes}) == 1:
                    return shapes[0]
            annotated = self._annotated_shape(scope, iterable.id)
            if annotated is not None and annotated.is_list:
                return Shape(False, 1)
        raise NotFixable("cannot tell whether the loop goes over circuits or over batches of them")

    def _parameter_shape(self, scope: ast.AST, name: str, depth: int) -> Optional[Shape]:
        """A parameter: its annotation, else its call sites in the module, else how the body
        uses it, else a guess from its name (unsafe)."""
        annotated = self._annotated_shape(scope, name)
        if annotated is not None:
            return annotated
        if not isinstance(scope, ast.FunctionDef) or not any(
                a.arg == name for a in scope.args.posonlyargs + scope.args.args):
            return None
        params = [a.arg for a in scope.args.posonlyargs + scope.args.args]
        index = params.index(name)
        if scope in self.src.tree.body and scope.name not in self.ctx.imported:
            arguments = []
            for use in self.ctx.uses.get(scope.name, []):
                call = self.src.parents.get(use)
                if not (isinstance(call, ast.Call) and call.func is use):
                    arguments = []
                    break
                value = argument(call, index, (name,))
                if value is None:
                    arguments = []
                    break
                arguments.append((value, self.src.enclosing_scope(call)))
            if arguments:
                try:
                    shapes = [self.shape(v, depth + 1, s) for v, s in arguments]
                except NotFixable:
                    shapes = []
                if shapes and len({s.is_list for s in shapes}) == 1:
                    if shapes[0].is_list:
                        counts = {s.count for s in shapes}
                        return Shape(True, counts.pop() if len(counts) == 1 else None, {}, name)
                    return Shape(False, 1, {name: 0})
        used = self._body_use(scope, name)
        if used is not None:
            return used
        return guess_from_name(ast.Name(name))

    def _body_use(self, function: ast.FunctionDef, name: str) -> Optional[Shape]:
        one = many = False
        for node, _ in walk_scope(function):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == name:
                one = one or node.attr in CIRCUIT_ATTRIBUTES
            if isinstance(node, (ast.For, ast.comprehension)) and isinstance(node.iter, ast.Name) \
                    and node.iter.id == name:
                many = True
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == name:
                many = True
        if one != many:
            return Shape(False, 1, {name: 0}) if one else Shape(True, None, {}, name)
        return None

    def _annotated_shape(self, scope: ast.AST, name: str) -> Optional[Shape]:
        """``circuit: QuantumCircuit`` is one circuit, ``circuits: list[QuantumCircuit]`` a list."""
        annotation = parameter_annotation(scope, name)
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return None
        if isinstance(annotation, (ast.Name, ast.Attribute)):
            if (self.qualified(annotation) or "").endswith(".QuantumCircuit"):
                return Shape(False, 1, {name: 0})
        if isinstance(annotation, ast.Subscript):
            container = annotation.value
            container_name = container.attr if isinstance(container, ast.Attribute) else getattr(container, "id", "")
            element = annotation.slice
            if (container_name in ("list", "List", "Sequence", "tuple", "Tuple")
                    and isinstance(element, (ast.Name, ast.Attribute))
                    and (self.qualified(element) or "").endswith(".QuantumCircuit")):
                return Shape(True, None, {}, name)
        return None

    def _circuit_names(self, element: ast.expr, depth: int, scope: ast.AST) -> List[str]:
        """Names under which the legacy result could be asked for this circuit."""
        if isinstance(element, ast.Name):
            names = [element.id]
            found = bindings(self.src, scope, element.id) or []
            for binding in found:
                if isinstance(binding, ast.Call) and self.qualified(binding.func) in TRANSPILE_NAMES:
                    inner = argument(binding, 0, ("circuits",))
                    if isinstance(inner, ast.Name):
                        names.append(inner.id)
            return names
        if isinstance(element, ast.Call) and self.qualified(element.func) in TRANSPILE_NAMES:
            inner = argument(element, 0, ("circuits",))
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

    def _is_pass_manager_run(self, call: ast.Call, scope: Optional[ast.AST] = None) -> bool:
        if not (isinstance(call.func, ast.Attribute) and call.func.attr == "run"):
            return False
        receiver = call.func.value
        if isinstance(receiver, ast.Call):
            return (self.qualified(receiver.func) or "").endswith("generate_preset_pass_manager")
        if isinstance(receiver, ast.Name):
            for binding in bindings(self.src, scope or self.scope, receiver.id) or []:
                if isinstance(binding, ast.Call):
                    qualified = self.qualified(binding.func) or ""
                    if qualified.endswith(("generate_preset_pass_manager", "PassManager")):
                        return True
        return False

    def is_isa(self, expr: ast.expr, depth: int = 0) -> bool:
        """Was the circuit already compiled for a backend (transpile(..., backend) or a pass manager)?"""
        if depth > 8:
            return False
        if isinstance(expr, (ast.List, ast.Tuple)):
            return bool(expr.elts) and all(self.is_isa(e, depth + 1) for e in expr.elts)
        if isinstance(expr, ast.Call):
            if self.qualified(expr.func) in TRANSPILE_NAMES:
                return (len(expr.args) >= 2 or any(k.arg in ("backend", "target") for k in expr.keywords))
            return self._is_pass_manager_run(expr)
        if isinstance(expr, ast.Name):
            reached = self._reaching(expr)
            if reached:
                return all(b.kind in ("value", "elem") and self.is_isa(b.first, depth + 1) for b in reached)
            found = bindings(self.src, self.scope, expr.id)
            if not found:
                return False
            return all(self.is_isa(b[1] if isinstance(b, tuple) else b, depth + 1) for b in found)
        return False


def guess_from_name(expr: ast.expr) -> Shape:
    """Last resort for a value the fix cannot trace (a parameter, ``self.bell``, ``build()``):
    a plural name is a list, another one circuit; only ever an unsafe guess. Names of other
    inputs (Qobj, pulse schedules) are refused: the Sampler takes neither."""
    node = expr.func if isinstance(expr, ast.Call) else expr
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    if not name or any(word in name.lower() for word in ("qobj", "sched", "pulse", "experiment")):
        raise NotFixable("cannot tell whether the circuits argument is one circuit or a list")
    text = ast.unparse(expr) if isinstance(expr, ast.Call) else name
    base = name.rstrip("_")
    plural = (base.endswith("s") and not base.endswith(("ss", "us"))) or base.endswith(("list", "batch"))
    note = f"whether {text} is one circuit or a list is guessed from its name"
    if plural:
        return Shape(True, None, {}, name if isinstance(expr, ast.Name) else None, note)
    return Shape(False, 1, {name: 0} if isinstance(expr, ast.Name) else {}, guessed=note)


# --- QM002 --------------------------------------------------------------------------------------


class _Planner:
    def __init__(self, ctx: FixContext, finding: Finding, session_var) -> None:
        self.ctx, self.src, self.finding, self.session_var = ctx, ctx.source, finding, session_var
        self.flow = ValueFlow(ctx)
        #: what a user should review when the fix is applied (empty: the fix is safe)
        self.unsafe: List[str] = []

    # --- the run call -----------------------------------------------------------------------

    def plan(self) -> List[Edit]:
        run = self._locate()
        scope = self.src.enclosing_scope(run.call)
        if not isinstance(scope, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
            raise NotFixable("the call is in a lambda or class body")
        self.scope = scope
        self.circuits = CircuitShapes(self.ctx, scope)
        if not is_pure(run.backend):
            raise NotFixable("the backend is an expression, not a name: assign it to a variable first")
        for keyword in run.run_keywords:  # the most definite reason first
            if keyword.arg is None:
                raise NotFixable("**options pass run options the fix cannot see")
            if keyword.arg in NO_EQUIVALENT:
                raise NotFixable(f"run option {keyword.arg!r} has no Sampler equivalent")
        self.shape = self.circuits.shape(run.circuits)
        if self.shape.guessed:
            self.unsafe.append(self.shape.guessed)
        self.run = run
        self.new_call = self._new_call_text(run)
        edits = self._job_edits(run.call)
        if not any(e.start <= self.src.span(run.call)[0] and self.src.span(run.call)[1] <= e.end for e in edits):
            edits.append(self.src.replace(run.call, self.new_call, [self.finding], SITE))
        return mark_unsafe(edits, self.unsafe)

    def _locate(self) -> RunCall:
        for node in self.src.nodes_at(self.finding.line, self.finding.col):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Attribute) and node.func.attr == "run":
                circuits = argument(node, 0, ("circuits", "run_input"))
                if circuits is None or len(node.args) > 1:
                    raise NotFixable("unexpected run() arguments")
                keywords = [k for k in node.keywords if k.value is not circuits]
                return RunCall(node, node.func.value, circuits, keywords, [], False)
            if CircuitShapes(self.ctx, self.src.tree).qualified(node.func) in EXECUTE_NAMES:
                circuits = argument(node, 0, ("experiments",))
                backend = argument(node, 1, ("backend",))
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
        if run.is_execute or not self.circuits.is_isa(run.circuits):
            transpile = self.ctx.need("qiskit", "transpile")
            if transpile is None:
                transpile = "transpile" if self.circuits.qualified(ast.Name("transpile")) == "qiskit.transpile" \
                    else None
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
        if not any(a.startswith("shots=") for a in run_args):
            run_args.append(f"shots={LEGACY_DEFAULT_SHOTS}")
            if run.is_execute:
                self.unsafe.append("execute() without shots= ran 4000 shots on IBM backends since qiskit-terra "
                                   "0.17, 1024 before: check the number of shots")
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

    # --- uses of the job and of its result ------------------------------------------------

    def _job_edits(self, call: ast.Call) -> List[Edit]:
        parent = self.src.parents[call]
        if isinstance(parent, ast.Expr):
            return []
        edits: List[Edit] = []
        for use, scope in self.flow.reads(call, self.scope, "job"):
            edits.extend(self._job_use(use, scope))
        return edits

    def _result_call(self, job_expr: ast.expr) -> Optional[ast.Call]:
        """``job_expr.result()`` (a timeout keyword is fine), if that is how job_expr is used."""
        attribute = self.src.parents.get(job_expr)
        if isinstance(attribute, ast.Attribute) and attribute.attr == "result" and attribute.value is job_expr:
            call = self.src.parents.get(attribute)
            if isinstance(call, ast.Call) and call.func is attribute and not call.args:
                return call
        return None

    def _job_use(self, use: ast.expr, scope: ast.AST) -> List[Edit]:
        name = self.src.segment(use) if isinstance(use, ast.Name) else "job"
        result_call = self._result_call(use)
        if result_call is not None:
            return self._result_edits(result_call, scope)
        kind, node = read_kind(self.src, use, self.ctx.qualified_call_name)
        if kind == "method" and node.func.attr in JOB_METHODS:
            if node.func.attr == "status":
                outer = self.src.parents.get(node)
                if isinstance(outer, ast.Compare):
                    raise NotFixable("job.status() is now a string, not a JobStatus")
                if isinstance(outer, ast.Attribute):
                    raise NotFixable(f"job.status().{outer.attr}: status() is a string on hardware "
                                     "(RuntimeJobV2) but a JobStatus in local testing mode")
            return []
        if kind == "attribute" and node.attr in JOB_ATTRIBUTES:
            return []
        if kind == "method" and node.func.attr in JOB_ATTRIBUTES and not node.args and not node.keywords:
            # the legacy job's creation_date() is a property of RuntimeJobV2
            return [self.src.replace(node, f"{self.src.segment(use)}.{node.func.attr}", [self.finding], DEPENDENT)]
        if kind == "display":
            self.unsafe.append(f"the printed form of the job {name} changes")
            return []
        parent = self.src.parents[use]
        if isinstance(parent, ast.Call) and parent.args and parent.args[0] is use:
            qualified = self.ctx.qualified_call_name(parent.func) or ""
            if qualified.endswith(JOB_MONITOR_SUFFIX) and isinstance(self.src.parents.get(parent), ast.Expr):
                # No job monitor in the runtime; job.result() below waits for the job anyway.
                self.unsafe.append("job_monitor(...) is removed (it only displayed the job's progress)")
                statement = self.src.parents[parent]
                return [self.src.remove_statement(statement, [self.finding], DEPENDENT)]
        raise NotFixable(f"the job {name} is used in a way the fix does not follow ({describe_use(kind, node)})")

    def _result_edits(self, result_call: ast.Call, scope: ast.AST) -> List[Edit]:
        edits: List[Edit] = []
        for use, use_scope in self.flow.reads(result_call, scope, "result"):
            base = self._render(use) if use is result_call else self.src.segment(use)
            kind, node = read_kind(self.src, use, self.ctx.qualified_call_name)
            if kind == "method" and node.func.attr in RESULT_METHODS:
                edits.append(self._access_edit(node, base, use_scope))
            elif kind == "display":
                self.unsafe.append(f"the printed form of the result {base} changes (a PrimitiveResult)")
            elif isinstance(self.src.parents.get(use), ast.Expr):
                continue
            else:
                raise NotFixable(f"the result {base} is used in a way the fix does not follow "
                                 f"({describe_use(kind, node)})")
        return edits

    def _access_edit(self, access: ast.Call, base: str, scope: ast.AST) -> Edit:
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
            text = f"{base}[{self._index(access.args[0], scope)}].join_data().{method}"
        if access.func.attr == "get_counts" and self._needs_counts_class(access, scope):
            counts = self.ctx.need("qiskit.result", "Counts")
            if counts is None:
                raise NotFixable("the counts need qiskit.result.Counts, but the name Counts is taken")
            text = (f"{counts}({text})" if not text.startswith("[")
                    else f"[{counts}(pub_result.join_data().{method}) for pub_result in {base}]")
        contains_run = _contains(self.src.span(access), self.src.span(self.run.call))
        return self.src.replace(access, text, [self.finding], SITE if contains_run else RESULT_ACCESS)

    def _needs_counts_class(self, access: ast.Call, scope: ast.AST) -> bool:
        """Legacy counts were ``Counts``; does the code call what only ``Counts`` has?"""
        try:
            reads = self.flow.reads(access, scope, "counts")
        except NotFixable:
            return True  # where they go is unknown: Counts is a dict too, so it is always right
        for node, _ in reads:
            target = node
            parent = self.src.parents.get(node)
            if isinstance(parent, ast.Subscript) and parent.value is node:  # get_counts() of several
                target = parent
            kind, attribute = read_kind(self.src, target, self.ctx.qualified_call_name)
            if kind in ("method", "attribute"):
                name = attribute.func.attr if kind == "method" else attribute.attr
                if name in COUNTS_ONLY:
                    return True
        return False

    def _index(self, key: ast.expr, scope: ast.AST) -> str:
        count = self.shape.count
        if isinstance(key, ast.Constant) and type(key.value) is int:
            if count is not None and not -count <= key.value < count:
                raise NotFixable("index out of range")
            return str(key.value)
        if isinstance(key, ast.Name):
            if key.id in self.shape.positions:
                return str(self.shape.positions[key.id])
            if self.shape.is_list and is_int_loop_variable(self.src, scope, key.id):
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


def argument(call: ast.Call, index: int, keywords: Tuple[str, ...]) -> Optional[ast.expr]:
    if len(call.args) > index:
        argument_ = call.args[index]
        return None if isinstance(argument_, ast.Starred) else argument_
    for keyword in call.keywords:
        if keyword.arg in keywords:
            return keyword.value
    return None


_argument = argument  # the name other fixers imported
