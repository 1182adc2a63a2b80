"""QM009 and QM010: runtime V1 primitives and the V1 backend interface, migrated to V2.

V1 (qiskit-ibm-runtime <= 0.27) -> V2, as DOMAIN.md says:

- ``sampler.run(qc)`` -> ``sampler.run([isa])``, ``sampler.run(qc, params)`` -> ``[(isa, params)]``;
  ``estimator.run(qc, obs, params)`` -> ``estimator.run([(isa, obs.apply_layout(isa.layout), params)])``.
  V1 primitives compiled on the server (``optimization_level``, default 3); V2 takes ISA circuits,
  so a circuit that is not already compiled for the backend goes through
  ``transpile(qc, sampler.backend(), optimization_level=N)`` (the preset pass manager of that level).
- ``result.quasi_dists[i]`` (int outcomes -> probabilities) -> the same dict computed from the
  counts of ``result[i].join_data()``: ``{outcome: count / data.num_shots ...}``;
  ``.binary_probabilities()`` of it -> bitstring keys; ``result.values[i]`` -> ``result[i].data.evs``.
- ``Options(optimization_level=, resilience_level=, execution={"shots": N})`` ->
  ``SamplerOptions(default_shots=N)`` / ``EstimatorOptions(default_shots=N, resilience_level=R)``;
  ``optimization_level`` moves to the transpile step of the runs that use the options.
- ``backend.name()`` -> ``backend.name``; ``str(backend)`` as a backend name -> ``backend.name``.

Unsafe (runs, may differ): a V1 Sampler's quasi-probabilities were readout-mitigated at its
default ``resilience_level=1`` (M3); V2 probabilities are counts / shots. An Estimator with no
shots known gets V2's default precision instead of V1's 4000 shots. Refused: the program API
(``service.run(program_id=...)``), V1 metadata, observables lists the fix cannot pair.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ..findings import Finding
from .context import RUNTIME, FixContext, NotFixable
from .results import CircuitShapes, ValueFlow, mark_unsafe, module_model, read_kind
from .source import DEPENDENT, RESULT_ACCESS, SITE, Edit

SAMPLERS = frozenset({f"{RUNTIME}.Sampler", f"{RUNTIME}.SamplerV2", f"{RUNTIME}.sampler.Sampler"})
ESTIMATORS = frozenset({f"{RUNTIME}.Estimator", f"{RUNTIME}.EstimatorV2", f"{RUNTIME}.estimator.Estimator"})
#: V1-only class names: they no longer exist in the runtime, so the constructor itself must change.
V1_ONLY = frozenset({f"{RUNTIME}.SamplerV1", f"{RUNTIME}.EstimatorV1"})
OPTIONS = frozenset({f"{RUNTIME}.Options", f"{RUNTIME}.options.Options"})
#: V1 defaults (qiskit-ibm-runtime 0.20 options/options.py, options/execution_options.py).
V1_OPTIMIZATION_LEVEL, V1_RESILIENCE_LEVEL, V1_SHOTS = "3", "1", "4000"
#: V1 ``Options`` fields that exist with the same meaning on the V2 options.
PASSED_THROUGH = frozenset({"max_execution_time", "environment", "simulator"})
#: the V2 EnvironmentOptions fields (V1's callback of interim results has none)
V2_ENVIRONMENT = frozenset({"log_level", "job_tags", "private"})
#: V1 ``options.resilience.<field>`` of ZNE -> the V2 ``options.resilience.zne.<field>``, and the
#: V1 class names of its values -> V2's names (zne_options.py of runtime 0.51)
ZNE_FIELDS = {"noise_factors": "noise_factors", "extrapolator": "extrapolator", "noise_amplifier": "amplifier"}
ZNE_VALUES = {"extrapolator": {"LinearExtrapolator": "linear", "QuadraticExtrapolator": "polynomial_degree_2",
                               "CubicExtrapolator": "polynomial_degree_3", "QuarticExtrapolator": "polynomial_degree_4"},
              "noise_amplifier": {"LocalFoldingAmplifier": "gate_folding", "TwoQubitAmplifier": "gate_folding"}}
OBSERVABLE_CLASSES = ("SparsePauliOp", "Pauli", "SparseObservable", "PauliList")
#: methods a V1 runtime job and a RuntimeJobV2 both have
JOB_METHODS = frozenset({"job_id", "status", "result", "done", "running", "cancel", "cancelled",
                         "in_final_state", "error_message", "backend", "usage", "metrics", "logs"})
#: V1 Estimator metadata keys rebuilt from a V2 pub's standard error (variance per shot)
ESTIMATOR_METADATA = frozenset({"variance", "shots", "standard_error"})


# --- QM010 --------------------------------------------------------------------------------------


def fix_backend_name(ctx: FixContext, finding: Finding) -> List[Edit]:
    """``backend.name()`` -> ``backend.name``; ``str(backend)`` given as a name -> ``backend.name``."""
    src = ctx.source
    for node in src.nodes_at(finding.line, finding.col):
        if not isinstance(node, ast.Call):
            continue
        for candidate in [node, *node.args, *(k.value for k in node.keywords)]:
            receiver = _v1_name_receiver(candidate)
            if receiver is not None:
                return [src.replace(candidate, f"{src.segment(receiver)}.name", [finding], SITE)]
    raise NotFixable("the call has an unexpected form")


def _v1_name_receiver(node: ast.AST) -> Optional[ast.expr]:
    if not isinstance(node, ast.Call) or node.keywords:
        return None
    if isinstance(node.func, ast.Attribute) and node.func.attr == "name" and not node.args:
        return node.func.value
    if isinstance(node.func, ast.Name) and node.func.id == "str" and len(node.args) == 1:
        return node.args[0]
    return None


# --- QM009: the options -------------------------------------------------------------------------


@dataclass
class V1Options:
    """What a V1 ``Options`` object says, as source text of each value."""

    optimization_level: str = V1_OPTIMIZATION_LEVEL
    resilience_level: str = V1_RESILIENCE_LEVEL
    shots: Optional[str] = None
    skip_transpilation: bool = False
    execution: Dict[str, str] = field(default_factory=dict)
    passed: Dict[str, str] = field(default_factory=dict)
    #: V2 ZNE field -> the source text of its value
    zne: Dict[str, str] = field(default_factory=dict)
    #: an options object was given (else the primitive ran with V1's defaults)
    given: bool = False
    #: the Options call and the statements setting its fields
    call: Optional[ast.Call] = None
    assignments: List[Tuple[ast.Assign, Tuple[str, ...]]] = field(default_factory=list)


def _dict_items(ctx: FixContext, value: ast.expr, what: str) -> Dict[str, ast.expr]:
    if isinstance(value, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str)
                                           for k in value.keys):
        return {k.value: v for k, v in zip(value.keys, value.values)}
    if isinstance(value, ast.Call) and not value.args and all(k.arg for k in value.keywords):
        return {k.arg: k.value for k in value.keywords}  # ExecutionOptions(shots=...) and the like
    raise NotFixable(f"the V1 {what} options are not a literal the fix can read")


def _set_field(options: V1Options, path: Tuple[str, ...], value: ast.expr, seg) -> None:
    text = seg(value)
    if path == ("optimization_level",):
        options.optimization_level = text
    elif path == ("resilience_level",):
        options.resilience_level = text
    elif path in (("execution", "shots"), ("shots",)):
        options.shots = text
    elif path == ("execution",) or path[:1] == ("execution",):
        options.execution[path[1]] = text
    elif path in (("transpilation", "skip_transpilation"), ("skip_transpilation",)):
        if not (isinstance(value, ast.Constant) and isinstance(value.value, bool)):
            raise NotFixable("skip_transpilation is not a literal True or False")
        options.skip_transpilation = value.value
    elif len(path) == 2 and path[0] == "resilience" and path[1] in ZNE_FIELDS:
        if path[1] in ZNE_VALUES:
            known = ZNE_VALUES[path[1]]
            if not (isinstance(value, ast.Constant) and value.value in known):
                raise NotFixable(f"V1 option resilience.{path[1]}={text} has no V2 counterpart the fix knows")
            text = repr(known[value.value]).replace("'", '"')
        options.zne[ZNE_FIELDS[path[1]]] = text
    elif path[:1] == ("environment",) and len(path) == 2 and path[1] not in V2_ENVIRONMENT:
        raise NotFixable(f"V1 option environment.{path[1]} has no V2 counterpart")
    elif len(path) >= 1 and path[0] in PASSED_THROUGH:
        options.passed[".".join(path)] = text
    else:
        raise NotFixable(f"V1 option {'.'.join(path)} has no V2 counterpart the fix knows")


def read_v1_options(ctx: FixContext, call: ast.expr) -> V1Options:
    """What ``Options(...)`` says, or a dict given as V1 options (``options={"shots": N}``: V1
    merged its keys into the Options fields of the same name)."""
    seg = ctx.source.segment
    options = V1Options(call=call, given=True)
    if isinstance(call, ast.Dict):
        if not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in call.keys):
            raise NotFixable("V1 options given as a dict the fix cannot read")
        given = [(k.value, v) for k, v in zip(call.keys, call.values)]
    else:
        if call.args:
            raise NotFixable("Options(...) with positional arguments")
        if any(k.arg is None for k in call.keywords):
            raise NotFixable("**options the fix cannot see")
        given = [(k.arg, k.value) for k in call.keywords]
    for name, value in given:
        if name in ("execution", "transpilation"):
            for key, item in _dict_items(ctx, value, name).items():
                _set_field(options, (name, key), item, seg)
        elif name in PASSED_THROUGH:
            options.passed[name] = seg(value)
        else:
            _set_field(options, (name,), value, seg)
    return options


def _attribute_path(src, name: ast.Name) -> Tuple[Optional[ast.Assign], Tuple[str, ...]]:
    """``options.execution.shots = 5``: (the assignment, ("execution", "shots")) for the read
    ``options``; (None, path) when the attribute chain is read, not assigned."""
    path: List[str] = []
    node: ast.AST = name
    parent = src.parents.get(node)
    while isinstance(parent, ast.Attribute) and parent.value is node:
        path.append(parent.attr)
        node, parent = parent, src.parents.get(parent)
    if isinstance(parent, ast.Assign) and node in parent.targets and len(parent.targets) == 1 and path:
        return parent, tuple(path)
    return None, tuple(path)


class _Options:
    """The consumers of one ``Options(...)`` value: which primitive kind, which assignments."""

    def __init__(self, ctx: FixContext, call: ast.Call) -> None:
        self.ctx, self.src, self.call = ctx, ctx.source, call
        scope = self.src.enclosing_scope(call)
        self.options = read_v1_options(ctx, call)
        #: what the call itself says (the new options call says just that; assignments stay)
        self.own = read_v1_options(ctx, call)
        kinds = set()
        self.constructors: List[ast.AST] = []
        #: (the options read given as options=, its primitive's kind)
        self.consumers: List[Tuple[ast.expr, str]] = []
        for read, _ in ValueFlow(ctx).reads(call, scope, "options"):
            parent = self.src.parents.get(read)
            if isinstance(parent, ast.keyword) and parent.arg == "options":
                kind = primitive_kind(ctx, self.src.parents[parent])
                kinds.add(kind)
                self.constructors.append(self.src.parents[parent])
                self.consumers.append((read, kind))
                continue
            if isinstance(read, ast.Name):
                assign, path = _attribute_path(self.src, read)
                if assign is not None:
                    _set_field(self.options, path, assign.value, self.src.segment)
                    self.options.assignments.append((assign, path))
                    continue
            raise NotFixable("the options are used where the fix cannot follow them")
        if None in kinds:
            raise NotFixable("the options are given to something that is not a runtime primitive")
        #: one object per kind: options given to a Sampler and an Estimator become two
        self.kinds = sorted(kinds) or [self._kind_in_module()]
        if len(self.kinds) > 1 and (self.options.assignments or self._statement() is None):
            raise NotFixable("the options are given to a Sampler and an Estimator and set field by field")
        self.kind = self.kinds[0]

    def _statement(self) -> Optional[ast.Assign]:
        """``name = Options(...)`` as a statement of its own, or None."""
        statement = self.src.parents.get(self.call)
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                and isinstance(statement.targets[0], ast.Name) and self.src.statement_list(statement) is not None \
                and self.src.indentation(statement.lineno).__len__() == statement.col_offset:
            return statement
        return None

    def _kind_in_module(self) -> str:
        """Options no primitive reads: the kind of the module's runtime primitives, if one."""
        shapes = CircuitShapes(self.ctx, self.src.tree)
        found = set()
        for node in self.src.nodes(ast.Call):
            qualified = shapes.qualified(node.func)
            if qualified in SAMPLERS:
                found.add("sampler")
            elif qualified in ESTIMATORS:
                found.add("estimator")
        self.unread = True
        return found.pop() if len(found) == 1 else "sampler"

    def plan(self, serves: Sequence[Finding]) -> Tuple[List[Edit], List[str]]:
        # an Options() that is not itself flagged (only its V1 field assignments are) is a dependent edit
        role = SITE if any(f.line == self.call.lineno for f in serves) else DEPENDENT
        unsafe: List[str] = []
        if getattr(self, "unread", False):
            unsafe.append(f"no primitive reads these options: written as {self._class(self.kind)} for a {self.kind}")
            if self.own.optimization_level != V1_OPTIMIZATION_LEVEL:
                unsafe.append(f"optimization_level={self.own.optimization_level} goes to no transpile step")
        if len(self.kinds) == 1:
            text = self._new_options(self.kind, unsafe)
            edits = [self.src.replace(self.call, text, serves, role)]
            return edits + self._assignment_edits(serves), unsafe
        statement = self._statement()
        name = statement.targets[0].id
        names = {kind: self.ctx.free_name(f"{kind}_{name}") for kind in self.kinds}
        indent = self.src.indentation(statement.lineno)
        text = f"{self.src.newline}{indent}".join(f"{names[kind]} = {self._new_options(kind, unsafe)}"
                                                  for kind in self.kinds)
        edits = [self.src.replace(statement, text, serves, role)]
        edits += [self.src.replace(read, names[kind], serves, DEPENDENT) for read, kind in self.consumers]
        return edits, unsafe

    def _class(self, kind: str) -> str:
        return "SamplerOptions" if kind == "sampler" else "EstimatorOptions"

    def _new_options(self, kind: str, unsafe: List[str]) -> str:
        options = self.own
        fields: List[str] = []
        # V1's default shots, kept (V2's default is 4096 shots or, for the Estimator, a precision)
        fields.append(f"default_shots={options.shots if options.shots is not None else V1_SHOTS}")
        if kind == "estimator":
            if self.options.resilience_level.strip() not in ("0", "1", "2"):
                raise NotFixable(f"resilience_level={self.options.resilience_level}: V2 has levels 0-2")
            if self.options.zne and self.options.resilience_level.strip() != "2":
                raise NotFixable("ZNE options without resilience_level=2 (V2 turns ZNE on at level 2)")
            if self.options.zne:
                unsafe.append("V1 ZNE options mapped to V2's resilience.zne (" + ", ".join(
                    f"{k}={v}" for k, v in self.options.zne.items()) + "): the V2 amplifier folds gates differently")
            fields.append(f"resilience_level={options.resilience_level}")
        elif self.options.zne:
            raise NotFixable("ZNE options given to a Sampler")
        elif self.options.resilience_level.strip() != "0":
            unsafe.append(f"resilience_level={options.resilience_level} is dropped: the V2 Sampler does "
                          "no readout mitigation")
        if options.execution:
            fields.append("execution={" + ", ".join(f'"{k}": {v}' for k, v in options.execution.items()) + "}")
        for name, text in options.passed.items():
            if "." not in name:
                fields.append(f"{name}={text}")
        if isinstance(self.call, ast.Dict):
            # V2 primitives take a dict of their options' fields too
            return "{" + ", ".join('"{}": {}'.format(*f.split("=", 1)) for f in fields) + "}"
        class_name = self._class(kind)
        local = self.ctx.need(RUNTIME, class_name)
        if local is None:
            raise NotFixable(f"the name {class_name} is taken")
        return f"{local}({', '.join(fields)})"

    def _assignment_edits(self, serves: Sequence[Finding]) -> List[Edit]:
        kind, seg = self.kind, self.src.segment
        edits: List[Edit] = []
        for assign, path in self.options.assignments:
            target = assign.targets[0]
            receiver = target
            while isinstance(receiver, ast.Attribute):
                receiver = receiver.value
            if path in (("execution", "shots"), ("shots",)):
                edits.append(self.src.replace(target, f"{seg(receiver)}.default_shots", serves, SITE))
            elif path == ("resilience_level",) and kind == "estimator":
                continue
            elif path[0] == "resilience" and len(path) == 2 and path[1] in ZNE_FIELDS:
                field_name = ZNE_FIELDS[path[1]]
                edits.append(self.src.replace(assign, f"{seg(receiver)}.resilience.zne.{field_name} = "
                                              f"{self.options.zne[field_name]}", serves, SITE))
            elif path[0] in ("optimization_level", "resilience_level", "transpilation", "skip_transpilation"):
                edits.append(self.src.remove_statement(assign, serves, SITE))
        return edits


def primitive_kind(ctx: FixContext, constructor: ast.AST) -> Optional[str]:
    if not isinstance(constructor, ast.Call):
        return None
    qualified = CircuitShapes(ctx, ctx.source.tree).qualified(constructor.func)
    if qualified in V1_ONLY:
        raise NotFixable(f"{qualified.rsplit('.', 1)[1]} no longer exists: construct Sampler / Estimator")
    if qualified in SAMPLERS:
        return "sampler"
    if qualified in ESTIMATORS:
        return "estimator"
    return None


# --- QM009: the run call and its results --------------------------------------------------------


class _V1Run:
    def __init__(self, ctx: FixContext, finding: Finding, call: ast.Call) -> None:
        self.ctx, self.src, self.finding, self.call = ctx, ctx.source, finding, call
        self.unsafe: List[str] = []
        #: positions of the result reads this fix rewrites (their QM009 findings are served too)
        self.served: List[Tuple[int, int]] = []
        self.flow = ValueFlow(ctx)
        #: statements the fix adds before the run's statement (ISA circuits bound to a name)
        self.inserted: List[Edit] = []
        self.constructors: List[ast.AST] = []
        #: V1 options given as a dict literal to the primitive (migrated with the first run)
        self.dict_options: List["_Options"] = []

    def plan(self) -> List[Edit]:
        call = self.call
        self.scope = self.src.enclosing_scope(call)
        if not isinstance(self.scope, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
            raise NotFixable("the call is in a lambda or class body")
        receiver = call.func.value
        # Sampler(backend).run(qc): the primitive constructed inline
        inline = isinstance(receiver, ast.Call) and primitive_kind(self.ctx, receiver) is not None
        if not isinstance(receiver, ast.Name) and not inline:
            raise NotFixable("the primitive is an expression: assign it to a variable first")
        if inline:
            found = [receiver]
        else:
            reached = module_model(self.src).reaching(receiver)
            if not reached or any(b.kind != "value" for b in reached):
                raise NotFixable(f"cannot tell which primitive {receiver.id} is")
            found = [b.first for b in reached]  # the constructor calls that reach this run
        self.constructors = found
        kinds = {primitive_kind(self.ctx, b) for b in found}
        if len(kinds) != 1 or None in kinds:
            raise NotFixable(f"{receiver.id} is not always one kind of runtime primitive")
        self.kind = kinds.pop()
        self.options = self._options(found)
        self.circuits = CircuitShapes(self.ctx, self.scope)
        # an inline primitive is bound to a name first: the ISA circuits need its backend()
        primitive = self._assign_before(self.src.segment(receiver), self.ctx.free_name(self.kind)) \
            if inline else receiver.id
        self.primitive = primitive
        self.run_method = f"{primitive}.run"
        self.backend = f"{primitive}.backend()"
        self.new_call = self._new_call()
        edits = self._job_edits()
        start, end = self.src.span(call)
        if not any(e.start <= start and end <= e.end for e in edits):
            edits.append(self.src.replace(call, self.new_call, [self.finding], SITE))
        self._keep_comments(start, end)
        return mark_unsafe(edits + self.inserted, self.unsafe)

    def _keep_comments(self, start: int, end: int) -> None:
        """The comments inside a multi-line run call go on lines of their own above its
        statement (the new call is written on one line)."""
        text = self.src.text
        if "#" not in text[start:end]:
            return
        for offset in self.src.comment_offsets():
            if start < offset < end:
                line_end = text.find("\n", offset)
                comment = text[offset:line_end if line_end >= 0 else len(text)].rstrip()
                self._insert_line(comment)

    def _options(self, constructors: List[ast.Call]) -> V1Options:
        found = []
        for constructor in constructors:
            keyword = next((k for k in constructor.keywords if k.arg == "options"), None)
            if keyword is None:
                found.append(V1Options())
                continue
            value = keyword.value
            if isinstance(value, ast.Name):
                bound = module_model(self.src).reaching(value)
                value = bound[0].first if len(bound) == 1 and bound[0].kind == "value" else None
            if isinstance(value, ast.Dict):
                self.dict_options.append(_Options(self.ctx, value))
                found.append(self.dict_options[-1].options)
            elif isinstance(value, ast.Call) and CircuitShapes(self.ctx, self.src.tree).qualified(value.func) in OPTIONS:
                found.append(_Options(self.ctx, value).options)
            else:
                raise NotFixable("the primitive's options are not an Options(...) the fix can read")
        if len({(o.optimization_level, o.resilience_level, o.shots, o.skip_transpilation) for o in found}) != 1:
            raise NotFixable("the primitive is built with different options on different paths")
        return found[0]

    # the new call

    def _isa(self, circuit: ast.expr) -> Tuple[str, bool]:
        """(text of the ISA circuit(s), whether a transpile step was added)."""
        text = self.src.segment(circuit)
        if self.options.skip_transpilation or self.circuits.is_isa(circuit):
            return text, False
        transpile = self.ctx.need("qiskit", "transpile")
        if transpile is None:
            raise NotFixable("the name transpile is taken")
        return f"{transpile}({text}, {self.backend}, optimization_level={self.options.optimization_level})", True

    def _new_call(self) -> str:
        call = self.call
        positional = ("circuits", "observables", "parameter_values") if self.kind == "estimator" \
            else ("circuits", "parameter_values")
        given: Dict[str, ast.expr] = {}
        if any(isinstance(a, ast.Starred) for a in call.args) or len(call.args) > len(positional):
            raise NotFixable("unexpected run() arguments")
        for name, value in zip(positional, call.args):
            given[name] = value
        run_args: List[str] = []
        shots_given = False
        for keyword in call.keywords:
            if keyword.arg in positional:
                given[keyword.arg] = keyword.value
            elif keyword.arg == "shots" and self.kind == "sampler":
                run_args.append(f"shots={self.src.segment(keyword.value)}")
            elif keyword.arg == "shots":
                # V2's Estimator takes a precision per run, its shots only from the options
                self._assign_before(self.src.segment(keyword.value), f"{self.primitive}.options.default_shots")
                self.unsafe.append(f"shots={self.src.segment(keyword.value)} of this run is now the estimator's "
                                   "options.default_shots: its later runs take it too")
                shots_given = True
            elif keyword.arg == "skip_transpilation" and isinstance(keyword.value, ast.Constant) \
                    and isinstance(keyword.value.value, bool):
                # True: the circuits were already compiled; V2 never transpiles, so nothing to add
                self.options.skip_transpilation = keyword.value.value
            else:
                raise NotFixable(f"run option {keyword.arg!r}: no V2 run argument the fix knows")
        if "circuits" not in given:
            raise NotFixable("run() without circuits")
        if self.kind == "sampler":
            pubs = self._sampler_pubs(given)
            if not run_args and not self.options.given:
                run_args.append(f"shots={V1_SHOTS}")  # the V1 default; V2's is 4096
            if self.options.resilience_level.strip() != "0":
                self.unsafe.append("V1 quasi-probabilities were readout-mitigated (resilience_level="
                                   f"{self.options.resilience_level}); V2 gives counts")
        else:
            if "observables" not in given:
                raise NotFixable("estimator run() without observables")
            pubs = self._estimator_pubs(given)
            if not self.options.given and not shots_given:
                self.unsafe.append(f"V2's default precision replaces V1's default of {V1_SHOTS} shots")
        rest = "".join(f", {a}" for a in run_args)
        return f"{self.run_method}({pubs}{rest})"

    def _sampler_pubs(self, given: Dict[str, ast.expr]) -> str:
        circuits, params = given["circuits"], given.get("parameter_values")
        shape = self.circuits.shape(circuits)
        if shape.guessed:
            self.unsafe.append(shape.guessed)
        seg = self.src.segment
        if not shape.is_list:
            isa, _ = self._isa(circuits)
            return f"[({isa}, {seg(params)})]" if params is not None else f"[{isa}]"
        if params is None:
            if isinstance(circuits, (ast.List, ast.Tuple)):
                return "[" + ", ".join(self._isa(c)[0] for c in circuits.elts) + "]"
            return self._isa(circuits)[0]
        if isinstance(circuits, (ast.List, ast.Tuple)) and isinstance(params, (ast.List, ast.Tuple)) \
                and len(circuits.elts) == len(params.elts):
            return "[" + ", ".join(f"({self._isa(c)[0]}, {seg(p)})" for c, p in zip(circuits.elts, params.elts)) + "]"
        return f"list(zip({self._isa(circuits)[0]}, {seg(params)}))"

    def _estimator_pubs(self, given: Dict[str, ast.expr]) -> str:
        circuits, observables, params = given["circuits"], given["observables"], given.get("parameter_values")
        shape = self.circuits.shape(circuits)
        if shape.is_list:
            if not (isinstance(circuits, (ast.List, ast.Tuple)) and isinstance(observables, (ast.List, ast.Tuple))
                    and len(circuits.elts) == len(observables.elts)):
                return self._zipped_estimator_pubs(circuits, observables, params)
            if params is not None and not (isinstance(params, (ast.List, ast.Tuple))
                                           and len(params.elts) == len(circuits.elts)):
                raise NotFixable("parameter values the fix cannot pair into pubs")
            pubs = []
            for index, (circuit, observable) in enumerate(zip(circuits.elts, observables.elts)):
                value = params.elts[index] if params is not None else None
                pubs.append(self._estimator_pub(circuit, observable, value))
            return "[" + ", ".join(pubs) + "]"
        if isinstance(observables, (ast.List, ast.Tuple)):
            if len(observables.elts) != 1:
                raise NotFixable("one circuit with several observables")
            observables = observables.elts[0]
        return f"[{self._estimator_pub(circuits, observables, params)}]"

    def _zipped_estimator_pubs(self, circuits: ast.expr, observables: ast.expr, params: Optional[ast.expr]) -> str:
        """Lists of circuits, observables (and parameter values) given by name or expression:
        one pub per position, V1's pairing, each observable mapped to its ISA circuit's layout."""
        for what, value in (("observables", observables), ("parameter values", params)):
            if value is not None and not self._is_list_value(value):
                raise NotFixable(f"circuits and observables the fix cannot pair into pubs ({what} not known to be a list)")
        isa, added = self._isa(circuits)
        if added or not isinstance(circuits, ast.Name):
            isa = self._assign_before(isa, self._free_isa_name("isa_circuits"))
        seg = self.src.segment
        if params is None:
            return (f"[(circuit, observable.apply_layout(circuit.layout)) "
                    f"for circuit, observable in zip({isa}, {seg(observables)})]")
        return (f"[(circuit, observable.apply_layout(circuit.layout), parameters) "
                f"for circuit, observable, parameters in zip({isa}, {seg(observables)}, {seg(params)})]")

    def _is_list_value(self, value: ast.expr, depth: int = 0) -> bool:
        """A list (or tuple) by its expression or by every binding that reaches the name."""
        if depth > 5:
            return False
        if isinstance(value, (ast.List, ast.Tuple, ast.ListComp)):
            return True
        if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Mult, ast.Add)):
            return self._is_list_value(value.left, depth + 1) or (
                isinstance(value.op, ast.Mult) and self._is_list_value(value.right, depth + 1))
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("list", "tuple"):
            return True
        if isinstance(value, ast.Name):
            try:
                reached = module_model(self.src).reaching(value)
            except Exception:  # noqa: BLE001 - a name the model did not record
                return False
            return bool(reached) and all(b.kind == "value" and self._is_list_value(b.first, depth + 1)
                                         for b in reached)
        return False

    def _estimator_pub(self, circuit: ast.expr, observable: ast.expr, params: Optional[ast.expr]) -> str:
        isa, added = self._isa(circuit)
        if added or not isinstance(circuit, ast.Name):
            isa = self._assign_before(isa)
        mapped = self._mapped_observable(observable, isa)
        value = f", {self.src.segment(params)}" if params is not None else ""
        return f"({isa}, {mapped}{value})"

    def _mapped_observable(self, observable: ast.expr, isa: str) -> str:
        text = self.src.segment(observable)
        origin = observable
        if isinstance(observable, ast.Name):
            # the bindings that reach this read (a notebook rebinds `observable` from cell to cell)
            try:
                found = module_model(self.src).reaching(observable)
            except Exception:  # noqa: BLE001 - a name the model did not record
                found = []
            origin = found[0].first if len(found) == 1 and found[0].kind == "value" else None
        if isinstance(origin, ast.Call) and isinstance(origin.func, ast.Attribute) and origin.func.attr == "apply_layout":
            return text  # already mapped to the layout of an ISA circuit
        if isinstance(origin, ast.Constant) and isinstance(origin.value, str):
            local = self.ctx.need("qiskit.quantum_info", "SparsePauliOp")
            if local is None:
                raise NotFixable("the name SparsePauliOp is taken")
            return f"{local}({text}).apply_layout({isa}.layout)"
        known = isinstance(origin, ast.Call) and any(
            name in (CircuitShapes(self.ctx, self.src.tree).qualified(origin.func) or "")
            for name in OBSERVABLE_CLASSES)
        if not known:
            self.unsafe.append(f"the type of observable {text} is not known (apply_layout needs a SparsePauliOp)")
        return f"{text}.apply_layout({isa}.layout)"

    def _assign_before(self, value: str, name: Optional[str] = None) -> str:
        """Bind ``value`` to a new name in a statement right before the run's statement (after
        the ones bound before it)."""
        name = name or self._free_isa_name()
        self._insert_line(f"{name} = {value}")
        return name

    def _insert_line(self, line: str) -> None:
        """A line right before the run's statement, at its indentation (after the ones inserted
        before it)."""
        statement = self.src.enclosing_statement(self.call)
        if self.src.statement_list(statement) is None or not isinstance(
                statement, (ast.Assign, ast.Expr, ast.AugAssign, ast.AnnAssign, ast.Return)):
            raise NotFixable("the circuit needs compiling in a statement of its own, and the run is not in one")
        indent = self.src.indentation(statement.lineno)
        if len(indent.encode("utf-8")) != statement.col_offset:
            raise NotFixable("the run shares its line with other statements")
        start = self.src.line_starts[statement.lineno - 1]
        text = "".join(e.text for e in self.inserted if e.start == start)  # one insertion keeps the order
        self.inserted = [e for e in self.inserted if e.start != start]
        self.inserted.append(Edit(start, start, f"{text}{indent}{line}{self.src.newline}",
                                  (self.finding,), DEPENDENT))

    def _free_isa_name(self, preferred: str = "isa_circuit") -> str:
        """One name per run call, the same when the fix is planned again (the dry run that finds
        which findings it serves), never one another run's fix took."""
        reserved: Dict[Tuple[int, int], str] = self.ctx.__dict__.setdefault("_isa_names", {})
        key = (self.call.lineno, self.call.col_offset)
        if key not in reserved:
            taken = set(reserved.values())
            index, name = 1, self.ctx.free_name(preferred)
            while name in taken:
                index += 1
                name = self.ctx.free_name(f"{preferred}_{index}")
            reserved[key] = name
        return reserved[key]

    # the job and its results

    def _job_edits(self) -> List[Edit]:
        edits: List[Edit] = []
        if isinstance(self.src.parents[self.call], ast.Expr):
            return edits
        for use, scope in self.flow.reads(self.call, self.scope, "job"):
            attribute = self.src.parents.get(use)
            kind, node = read_kind(self.src, use, self.ctx.qualified_call_name)
            if kind == "method" and node.func.attr == "result" and not node.args:
                edits.extend(self._result_edits(node, scope))
            elif kind == "method" and node.func.attr in ("job_id", "done", "running", "cancel", "cancelled",
                                                         "in_final_state", "error_message"):
                continue
            elif kind == "method" and node.func.attr == "status":
                if isinstance(self.src.parents.get(node), (ast.Compare, ast.Attribute)):
                    raise NotFixable("job.status() is a string on hardware (RuntimeJobV2), not a JobStatus")
                continue
            elif kind == "attribute" and attribute.attr in ("session_id", "creation_date"):
                continue
            elif kind == "attribute" and attribute.attr in JOB_METHODS and \
                    read_kind(self.src, attribute, self.ctx.qualified_call_name)[0] == "display":
                # print("job id:", job.job_id): a bound method shown, as before, of another class
                self.unsafe.append(f"the printed form of job.{attribute.attr} (a method, not called) changes")
            elif kind == "display":
                self.unsafe.append("the printed form of the job changes")
            else:
                raise NotFixable("the job is used in a way the fix does not follow")
        return edits

    def _render(self, node: ast.AST) -> str:
        start, end = self.src.span(node)
        call_start, call_end = self.src.span(self.call)
        if start <= call_start and call_end <= end:
            return self.src.text[start:call_start] + self.new_call + self.src.text[call_end:end]
        return self.src.text[start:end]

    def _result_edits(self, result_call: ast.Call, scope: ast.AST) -> List[Edit]:
        edits: List[Edit] = []
        for use, _ in self.flow.reads(result_call, scope, "result"):
            base = self._render(use)
            kind, node = read_kind(self.src, use, self.ctx.qualified_call_name)
            if kind == "display":
                self.unsafe.append(f"the printed form of the result {base} changes (a PrimitiveResult)")
                continue
            if isinstance(self.src.parents.get(use), ast.Expr):
                continue
            if kind != "attribute":
                raise NotFixable("the result is used in a way the fix does not follow")
            if self.kind == "sampler" and node.attr == "quasi_dists":
                edits.append(self._quasi_dists(node, base))
            elif self.kind == "estimator" and node.attr == "values":
                edits.append(self._values(node, base))
            elif node.attr == "metadata":
                edits.append(self._metadata(node, base))
            else:
                raise NotFixable(f"result.{node.attr} has no V2 counterpart the fix knows")
            self.served.append((use.lineno, use.col_offset))
        return edits

    def _edit(self, node: ast.AST, text: str) -> Edit:
        start, end = self.src.span(node)
        call_start, call_end = self.src.span(self.call)
        role = SITE if start <= call_start and call_end <= end else RESULT_ACCESS
        return self.src.replace(node, text, [self.finding], role)

    def _quasi_dists(self, attribute: ast.Attribute, base: str) -> Edit:
        subscript = self.src.parents.get(attribute)
        if isinstance(subscript, ast.Subscript) and subscript.value is attribute \
                and not isinstance(subscript.slice, ast.Slice):
            data = f"{base}[{self.src.segment(subscript.slice)}].join_data()"
            method = self.src.parents.get(subscript)
            call = self.src.parents.get(method)
            if (isinstance(method, ast.Attribute) and isinstance(call, ast.Call) and call.func is method
                    and not call.args and not call.keywords
                    and method.attr in ("binary_probabilities", "nearest_probability_distribution")):
                counts = "get_counts" if method.attr == "binary_probabilities" else "get_int_counts"
                return self._edit(call, _probabilities(data, counts))
            probabilities = _probabilities(data, "get_int_counts")
            if self._read_as_quasi_distribution(subscript):
                local = self.ctx.need("qiskit.result", "QuasiDistribution")
                if local is None:
                    raise NotFixable("the name QuasiDistribution is taken")
                # bitstring keys: the QuasiDistribution keeps their width for binary_probabilities()
                probabilities = f"{local}({_probabilities(data, 'get_counts')})"
            return self._edit(subscript, probabilities)
        per_pub = ("{outcome: count / data.num_shots for outcome, count in data.get_int_counts().items()}")
        if self._elements_read_as_quasi_distributions(attribute):
            local = self.ctx.need("qiskit.result", "QuasiDistribution")
            if local is None:
                raise NotFixable("the name QuasiDistribution is taken")
            per_pub = f"{local}({{outcome: count / data.num_shots for outcome, count in data.get_counts().items()}})"
        return self._edit(attribute, f"[{per_pub} for data in (pub.join_data() for pub in {base})]")

    def _elements_read_as_quasi_distributions(self, attribute: ast.Attribute) -> bool:
        """``for dist in result.quasi_dists: dist.binary_probabilities()`` (or a comprehension
        over them): each element must stay a QuasiDistribution."""
        owner = self.src.parents.get(attribute)
        if isinstance(owner, ast.comprehension) and owner.iter is attribute:
            target, body = owner.target, self.src.parents.get(owner)
        elif isinstance(owner, ast.For) and owner.iter is attribute:
            target, body = owner.target, owner
        else:
            return False
        if not isinstance(target, ast.Name):
            return False
        methods = set()
        for node in ast.walk(body):
            if isinstance(node, ast.Name) and node.id == target.id and isinstance(node.ctx, ast.Load):
                parent = self.src.parents.get(node)
                if isinstance(parent, ast.Attribute):
                    methods.add(parent.attr)
        if methods & {"shots", "stddev_upper_bound"}:
            raise NotFixable(f"{target.id}.shots / .stddev_upper_bound of a V1 quasi-distribution: V2 counts have no such field")
        return bool(methods & {"binary_probabilities", "nearest_probability_distribution"})

    def _read_as_quasi_distribution(self, value: ast.expr) -> bool:
        """``dist = ...quasi_dists[0]`` whose ``dist.binary_probabilities()`` (or
        ``.nearest_probability_distribution()``) is called: the probabilities must stay a
        QuasiDistribution (qiskit.result still has it), which a plain dict is not."""
        statement = self.src.parents.get(value)
        if not (isinstance(statement, ast.Assign) and statement.value is value and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)):
            return False
        name, scope = statement.targets[0].id, self.src.enclosing_scope(statement)
        methods = set()
        for read in self.src.nodes(ast.Name):
            attribute = self.src.parents.get(read)
            if read.id == name and isinstance(read.ctx, ast.Load) and isinstance(attribute, ast.Attribute) \
                    and self.src.enclosing_scope(read) is scope:
                methods.add(attribute.attr)
        if methods & {"shots", "stddev_upper_bound"}:
            raise NotFixable(f"{name}.shots / .stddev_upper_bound of a V1 quasi-distribution: V2 counts have no such field")
        return bool(methods & {"binary_probabilities", "nearest_probability_distribution"})

    def _metadata(self, attribute: ast.Attribute, base: str) -> Edit:
        """``result.metadata[i]`` only displayed: the pub's metadata (other content: unsafe).
        An Estimator's ``[m["variance"] / m["shots"] for m in result.metadata]``: V1's keys
        rebuilt from the V2 standard errors (unsafe)."""
        rebuilt = self._estimator_metadata(attribute, base)
        if rebuilt is not None:
            return rebuilt
        subscript = self.src.parents.get(attribute)
        if isinstance(subscript, ast.Subscript) and subscript.value is attribute \
                and not isinstance(subscript.slice, ast.Slice) \
                and read_kind(self.src, subscript, self.ctx.qualified_call_name)[0] == "display":
            self.unsafe.append("the V2 metadata of a pub holds other fields than V1's (shots, variance)")
            return self._edit(subscript, f"{base}[{self.src.segment(subscript.slice)}].metadata")
        raise NotFixable("V1 result metadata (shots, variance) has no one-to-one V2 counterpart")

    def _estimator_metadata(self, attribute: ast.Attribute, base: str) -> Optional[Edit]:
        comprehension = self.src.parents.get(attribute)
        if self.kind != "estimator" or not isinstance(comprehension, ast.comprehension) \
                or comprehension.iter is not attribute or not isinstance(comprehension.target, ast.Name):
            return None
        name, owner = comprehension.target.id, self.src.parents.get(comprehension)
        keys = set()
        for node in ast.walk(owner):
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
                subscript = self.src.parents.get(node)
                if not (isinstance(subscript, ast.Subscript) and subscript.value is node
                        and isinstance(subscript.slice, ast.Constant) and subscript.slice.value in ESTIMATOR_METADATA):
                    return None
                keys.add(subscript.slice.value)
        shots = self.options.shots or V1_SHOTS
        fields = {"variance": f'"variance": float(pub.data.stds) ** 2 * {shots}', "shots": f'"shots": {shots}',
                  "standard_error": '"standard_error": float(pub.data.stds)'}
        self.unsafe.append("V1 metadata rebuilt from the V2 standard errors (variance = stds ** 2 * shots)")
        rebuilt = ", ".join(fields[k] for k in sorted(keys))
        return self._edit(attribute, f"[{{{rebuilt}}} for pub in {base}]")

    def _values(self, attribute: ast.Attribute, base: str) -> Edit:
        subscript = self.src.parents.get(attribute)
        if isinstance(subscript, ast.Subscript) and subscript.value is attribute \
                and not isinstance(subscript.slice, ast.Slice):
            return self._edit(subscript, f"{base}[{self.src.segment(subscript.slice)}].data.evs")
        array = _numpy_array(self.ctx)
        if array is None:
            self.unsafe.append("result.values is a list of the pubs' expectation values (V1: a numpy array)")
            return self._edit(attribute, f"[pub.data.evs for pub in {base}]")
        # one value per pub (each V1 circuit ran with one parameter set): V1's array of values
        return self._edit(attribute, f"{array}([pub.data.evs for pub in {base}])")


def _numpy_array(ctx: FixContext) -> Optional[str]:
    """``np.array`` through the module's own ``import numpy as np``, else an imported ``array``."""
    for local, targets in ctx.imported.items():
        if targets == {"numpy"} and local not in ctx.other_bindings and local in ctx.visible_imports:
            return f"{local}.array"
    return ctx.need("numpy", "array")


def _probabilities(data: str, counts: str) -> str:
    """Probabilities from one pub's counts, keyed like the V1 quasi-distribution."""
    return f"{{outcome: count / data.num_shots for data in [{data}] for outcome, count in data.{counts}().items()}}"


# --- planning all QM009 findings of a file --------------------------------------------------------


def _site(ctx: FixContext, finding: Finding):
    """What a QM009 finding points at: ("run", call), ("options", call), ("assign", statement),
    ("read", attribute) or ("program", call)."""
    nodes = ctx.source.nodes_at(finding.line, finding.col)
    shapes = CircuitShapes(ctx, ctx.source.tree)
    for node in nodes:
        if isinstance(node, ast.Call) and shapes.qualified(node.func) in OPTIONS:
            return "options", node
    for node in reversed(nodes):  # innermost first: the run call inside `...run(qc).result()`
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "run":
            if any(k.arg == "program_id" for k in node.keywords) or (
                    node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                return "program", node
            return "run", node
    for node in nodes:
        if isinstance(node, ast.Assign):
            return "assign", node
        if isinstance(node, ast.Attribute) and node.attr in ("quasi_dists", "values"):
            return "read", node
    return None, None


def plan_v1_primitives(ctx: FixContext, findings: Sequence[Finding]) -> List[Tuple[List[Finding], Callable]]:
    """(findings, make edits) per fix: a run call with the result reads it rewrites, and the V1
    options of its primitive (their optimization level moves into the run's transpile step, so
    the options are migrated with the first run that uses them); options whose runs were all
    migrated before. Each finding is in at most one group."""
    by_position = {(f.line, f.col): f for f in findings}
    sites = {f: _site(ctx, f) for f in findings}
    taken: set = set()
    plans: List[Tuple[List[Finding], Callable]] = []

    def add(group: List[Finding], make: Callable) -> None:
        group = [f for f in dict.fromkeys(group) if f not in taken]
        taken.update(group)
        if group:
            plans.append((group, make))

    # the V1 options of the file, each with the findings its fix serves
    options_groups: Dict[ast.Call, List[Finding]] = {}
    options_of: Dict[ast.Call, _Options] = {}
    for finding, (kind, node) in sites.items():
        if kind not in ("options", "assign"):
            continue
        call = node if kind == "options" else _options_call_of(ctx, node)
        if call is None:
            add([finding], _refuse("cannot find the Options(...) these fields belong to"))
            continue
        group = options_groups.setdefault(call, [])
        group.append(finding)
        if call not in options_of:
            try:
                options_of[call] = _Options(ctx, call)
            except NotFixable:
                continue
            assignments = [(s.lineno, s.col_offset) for s, _ in options_of[call].options.assignments]
            group += [by_position[p] for p in assignments + [(call.lineno, call.col_offset)] if p in by_position]
    claimed: set = set()
    failed: set = set()  # the constructors of primitives with a V1 run the fix cannot migrate
    for finding, (kind, node) in sites.items():
        if kind == "program":
            add([finding], _refuse("the program API (service.run) is gone: rewrite it with the V2 primitives"))
        elif kind == "run":
            group = [finding]
            dry = _V1Run(ctx, finding, node)
            mine: List[_Options] = []
            try:
                dry.plan()
                group += [by_position[p] for p in dry.served if p in by_position]
                for call, options in options_of.items():
                    if call not in claimed and set(map(id, options.constructors)) & set(map(id, dry.constructors)):
                        claimed.add(call)
                        mine.append(options)
                        group += options_groups[call]
                for options in dry.dict_options:
                    if options.call not in claimed:
                        claimed.add(options.call)
                        mine.append(options)
            except NotFixable:
                failed.update(map(id, dry.constructors))
            finally:
                ctx.rollback()
            add(group, _make_run(ctx, finding, node, group, mine))
    for call, group in options_groups.items():
        if call not in claimed:
            runs_left = call not in options_of or bool(set(map(id, options_of[call].constructors)) & failed)
            add(group, _make_options(ctx, call, group) if call in options_of and not runs_left else _refuse(
                "migrated with the runs of the primitives these options configure, which the fix could not migrate"))
    for finding, (kind, node) in sites.items():
        if kind == "read":
            add([finding], _refuse("migrated with the run call of its V1 primitive, which the fix could not migrate"))
        elif kind is None:
            add([finding], _refuse("the site has an unexpected form"))
    return plans


def _refuse(reason: str) -> Callable:
    def make():
        raise NotFixable(reason)
    return make


def _make_run(ctx: FixContext, finding: Finding, call: ast.Call, group: List[Finding],
              options: List[_Options]) -> Callable:
    def make() -> List[Edit]:
        planner = _V1Run(ctx, finding, call)
        edits = planner.plan()
        for one in options:
            option_edits, unsafe = one.plan(group)
            edits += mark_unsafe(option_edits, unsafe + planner.unsafe)
        return [_serving(e, group) for e in edits]
    return make


def _make_options(ctx: FixContext, call: ast.Call, group: List[Finding]) -> Callable:
    def make() -> List[Edit]:
        edits, unsafe = _Options(ctx, call).plan(group)
        return mark_unsafe(edits, unsafe)
    return make


def _serving(edit: Edit, group: List[Finding]) -> Edit:
    from dataclasses import replace
    return replace(edit, serves=tuple(dict.fromkeys(tuple(edit.serves) + tuple(group))))


def _options_call_of(ctx: FixContext, statement: ast.Assign) -> Optional[ast.Call]:
    target = statement.targets[0] if len(statement.targets) == 1 else None
    while isinstance(target, ast.Attribute):
        target = target.value
    if not isinstance(target, ast.Name):
        return None
    reached = module_model(ctx.source).reaching(target)
    if len(reached) == 1 and reached[0].kind == "value" and isinstance(reached[0].first, ast.Call) and \
            CircuitShapes(ctx, ctx.source.tree).qualified(reached[0].first.func) in OPTIONS:
        return reached[0].first
    return None
