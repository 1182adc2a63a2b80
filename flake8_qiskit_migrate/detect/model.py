"""The model of names: scopes, what each name is bound to, which bindings reach each read,
and the sites to check.

One pass over the statements of a module builds the scopes (module, class, function,
lambda, comprehension) with every binding of every name, including ``self.<attr>``
bindings gathered across the methods of a class. Expressions are walked only in
statements that can hold a finding (``hot`` lines, found by a cheap text scan), so the
cost on large files stays a fraction of parsing them.

Reaching bindings (SPEC.md rule 1) are worked out in the same pass. Each scope keeps a
*flow*: the bindings of its names appended in the order they run, with a child flow per
branch of an ``if``, ``try``, ``match`` or loop, joined where the branches meet (a join
is the union: one IBM binding among them is enough). Loops feed the end of their body
back to their start through a *phi* per name, filled lazily once the body is known.
``try`` handlers start from every binding of the try body and what reached its start;
``finally`` sees all of that. ``return``/``raise``/``break``/``continue`` end a path.
``del`` kills. A read inside a function, lambda or comprehension that no binding of its
own reaches on some path sees every binding of the name in the enclosing scope (it may
run at any time); a class body runs in place, so it reads the enclosing flow at the
class statement. A binding made through ``global``/``nonlocal`` counts in the scope it
binds, for every read there. ``self.<attr>`` sees all bindings in the class (``attrs``).
Nothing is resolved while building: each walked root records its *point* (its flow and
the position in it; a walrus starts a new one for what follows it, ``segments``), a
binding records the point where its value is evaluated, and lookups happen on demand.
For the checker (hot lines given), only the module and the functions and classes that
hold a hot line keep a flow: elsewhere no site can ask, and their bindings (a
``self.x = ...`` read from another method, a ``global``) are plain templates evaluated
flow-insensitively, which keeps the pass as cheap as it was. A function or class with no
hot line is not even walked when its body can only bind in its own scope and its class's
members (no import, ``global``/``nonlocal``, nested class or reported string; its
assignment aliases are noted at once): ``members(class_scope)`` walks the deferred bodies
of a class the first time provenance asks for its ``self.<attr>`` bindings, and merges
them in the order a complete walk gives; a body no class owns is never walked.

Queries (any client; the fixer uses them instead of its own walkers)::

    model.reaching(name: ast.Name) -> list[Binding]   # bindings that can reach this read
    model.reads_of(binding: Binding) -> list[ast.Name]  # reads this binding can reach
    model.bindings_at(node: ast.AST) -> list[Binding]   # bindings a target/import/arg/def creates
    model.scope_of(name: ast.Name) -> Optional[Scope]   # the scope a read happens in

``reaching`` lists the bindings in source order; a read that nothing in the module
binds (a builtin, or a name a star import brings in) gets ``[]``. ``reads_of`` covers
every ``Name`` load of the module, reads in nested functions included (their scope is not
the binding's). A model built for the checker (with hot lines) does not record every read,
so on the first query it builds the complete model of the same tree once
(``ModelBuilder().build(tree)``, the same builder and flow rules) and answers from it:
bindings returned then belong to that model (``reads_of`` accepts a binding of either,
matched by its kind, name and defining node). Clients that only query should build the
complete model themselves: ``ModelBuilder().build(tree)``.

Bindings are recorded, not evaluated: ``provenance.py`` evaluates them lazily, and only
for the receivers a check asks about.
"""

from __future__ import annotations

import ast
from bisect import bisect_right
from typing import Any, NamedTuple, Optional, Sequence, Union

from ..apis import CLASS_PREFIX, REMOVED_CHANNEL, RETIRED_SIMULATORS, SITE_ATTRIBUTES
from .imports import NESTED_BODIES, import_facts

# --- bindings ------------------------------------------------------------------


class Binding(NamedTuple):
    """One binding of a name. The first four items say how to evaluate it (``kind`` first):

    ``("qual", qualified_name, deprecated)``    an import (``node``: the import statement)
    ``("value", expr, scope)``                  ``name = expr``, ``with expr as name``, walrus
    ``("elem", expr, scope)``                   ``for name in expr``, comprehension targets
    ``("item", expr, scope, index)``            one element of an unpacked tuple target
    ``("param", annotation, default, scope)``   a parameter (``node``: the ``ast.arg``)
    ``("annot", annotation, scope)``            ``name: T`` with no value
    ``("class", classdef)``                     a class defined in this module
    ``("unknown",)``                            def, except, augmented assignment, match capture

    ``scope`` in those items is where the expression is evaluated; ``bound_in`` is the scope
    the name is bound in; ``node`` is the defining node (the target ``ast.Name``, the import
    statement, the ``ast.arg``, the def or class statement, the handler, the pattern); ``point``
    is where in its flow the expressions are evaluated (just before the binding).
    """

    kind: str
    first: Any = None
    second: Any = None
    third: Any = None
    name: str = ""
    node: Optional[ast.AST] = None
    point: Optional[tuple] = None  # (Flow, position)
    bound_in: Optional["Scope"] = None


#: The template of an unknown binding (callers pass templates, the builder makes the Binding).
UNKNOWN_BINDING = ("unknown", None, None, None)

# A narrowing maps a receiver key ("name" or "self.attr") to the kind `isinstance` proved.
Narrowing = tuple  # tuple of (key, kind, positive) triples, innermost first


# --- flow ----------------------------------------------------------------------


class Join:
    """Where paths meet: every part may reach. ``KILLED`` (no parts) follows ``del``."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple) -> None:
        self.parts = parts


KILLED = Join(())


class Phi:
    """A name at the start of a loop body: what reached the loop, or the end of the body."""

    __slots__ = ("head", "name")

    def __init__(self, head: "LoopHead", name: str) -> None:
        self.head = head
        self.name = name

    def parts(self) -> list:
        head, name = self.head, self.name
        parts = [lookup(head.parent, head.parent_length, name)]
        for flow, length in head.back:
            parts.append(lookup(flow, length, name))
        return parts


class LoopHead:
    __slots__ = ("parent", "parent_length", "back", "phis")

    def __init__(self, parent: "Flow", parent_length: int) -> None:
        self.parent = parent
        self.parent_length = parent_length
        self.back: list[tuple[Flow, int]] = []  # end of the body, `continue`s: filled after the body
        self.phis: dict[str, Phi] = {}

    def phi(self, name: str) -> Phi:
        phi = self.phis.get(name)
        if phi is None:
            phi = self.phis[name] = Phi(self, name)
        return phi


class Flow:
    """One straight stretch of a scope's bindings, in order; a branch is a child flow.

    ``names`` maps a name to its changes, ``[position, node, position, node, ...]`` (a node
    is a Binding, Join or Phi); a point ``(flow, position)`` sees the changes before
    ``position``, then its parent's at the position the branch left it."""

    __slots__ = ("parent", "parent_length", "loop", "names", "length", "root")

    def __init__(self, parent: Optional["Flow"], parent_length: int, loop: Optional[LoopHead] = None,
                 root: Optional["Scope"] = None) -> None:
        self.parent = parent
        self.parent_length = parent_length
        self.loop = loop
        self.names: dict[str, list[Any]] = {}
        self.length = 0
        #: The scope whose entry ends this flow's chain: what a lookup finds when nothing in the
        #: scope binds the name (the enclosing scope's bindings, or the module's unbound names).
        self.root: Scope = root if root is not None else parent.root  # type: ignore[union-attr]
        self.root.flows.append(self)  # for `ModuleModel.release`

    def update(self, name: str, node: Any) -> None:
        slot = self.names.get(name)
        if slot is None:
            self.names[name] = [self.length, node]
        else:
            slot += (self.length, node)
        self.length += 1


def lookup(flow: Flow, length: int, name: str) -> Any:
    """What reaches ``name`` at point (flow, length): a Binding, Join, Phi, or the root Scope
    (the scope's entry: nothing it binds reaches there)."""
    while True:
        slot = flow.names.get(name)
        if slot is not None:
            if slot[-2] < length:
                return slot[-1]
            # The last change before ``length``, by bisection over the even (position)
            # entries: a scan back from the end is quadratic for a name rebound all along a
            # long module.
            low, high = 0, len(slot) >> 1
            while low < high:
                middle = (low + high) >> 1
                if slot[middle << 1] < length:
                    low = middle + 1
                else:
                    high = middle
            if low:
                return slot[(low << 1) - 1]
        if flow.loop is not None:
            return flow.loop.phi(name)
        parent = flow.parent
        if parent is None:
            return flow.root
        flow, length = parent, flow.parent_length


def _reached(node: Any, memo: dict) -> tuple[tuple[Binding, ...], Optional["Scope"]]:
    """The bindings a lookup result stands for, and the scope whose entry it reaches, if any."""
    cached = memo.get(id(node))
    if cached is not None:
        return cached
    found: dict[int, Binding] = {}
    entry = None
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        key = id(item)
        if key in seen:
            continue
        seen.add(key)
        kind = type(item)
        if kind is Binding:
            found[key] = item
        elif kind is Join:
            stack.extend(item.parts)
        elif kind is Phi:
            stack.extend(item.parts())
        elif kind is Scope:
            entry = item
    result = (tuple(found.values()), entry)
    memo[id(node)] = result
    return result


class _Loop:
    __slots__ = ("breaks", "continues")

    def __init__(self) -> None:
        self.breaks: list[tuple[Flow, int]] = []
        self.continues: list[tuple[Flow, int]] = []


class Scope:
    __slots__ = ("kind", "node", "parent", "bindings", "attrs", "global_names", "stars",
                 "self_name", "owner", "bases", "flow", "escaped", "point", "flows")

    def __init__(self, kind: str, node: ast.AST, parent: Optional["Scope"]) -> None:
        self.kind = kind  # "module", "class", "function", "lambda", "comprehension"
        self.node = node
        self.parent = parent
        self.bindings: dict[str, list[Binding]] = {}  # every binding per name, in any order of flow
        self.attrs: dict[str, list[Binding]] = {}  # class scopes: self.<attr> bindings
        self.global_names: set[str] = set()
        self.stars: list[str] = []  # modules star-imported in this scope
        self.self_name: Optional[str] = None  # methods: the name of `self`
        self.owner: Optional[Scope] = None  # methods: the class scope
        self.bases: list[ast.expr] = []  # classes: base class expressions
        self.flow: Optional[Flow] = None  # while building: where this scope's bindings go now
        #: Bindings of this scope's names made from nested functions (`global`, `nonlocal`):
        #: they may run between any two statements, so every read here sees them.
        self.escaped: dict[str, list[Binding]] = {}
        self.point: Optional[tuple] = None  # the point of the def/class statement in the parent
        self.flows: list[Flow] = []  # every flow whose chain ends at this scope's entry

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<Scope {self.kind} {getattr(self.node, 'name', '')}>"


def enclosing_bindings(scope: Scope, name: str) -> Optional[list[Binding]]:
    """Every binding of ``name`` in the nearest enclosing scope of ``scope`` that binds it
    (class bodies are not enclosing scopes); None if none does."""
    current = scope.parent
    while current is not None:
        if current.kind != "class":
            bindings = current.bindings.get(name)
            if bindings:
                return bindings
        current = current.parent
    return None


def bindings_reaching(point: tuple, name: str, memo: dict) -> tuple[list[Binding], bool]:
    """The bindings that reach ``name`` at ``point``, and whether it may be unbound in the
    module there too (a builtin, or what a star import brings in)."""
    flow, length = point
    reached, entry = _reached(lookup(flow, length, name), memo)
    unbound = False
    outer = escaped = None
    if entry is not None:
        if entry.kind == "module":
            unbound = True
        else:
            outer = enclosing_bindings(entry, name)
            unbound = outer is None
    escaped = flow.root.escaped.get(name)
    if not (outer or escaped):
        return list(reached), unbound
    bindings = {id(b): b for b in reached}
    for extra in (outer, escaped):
        if extra:
            for b in extra:
                bindings.setdefault(id(b), b)
    return list(bindings.values()), unbound


class Site(NamedTuple):
    """An expression a check will look at, with the context needed to judge it."""

    node: ast.AST
    scope: Scope
    narrowing: Narrowing


class ImportSite(NamedTuple):
    node: Union[ast.Import, ast.ImportFrom]
    deprecated: bool
    facts: Any = None  # its ImportFacts


class ValueSite(NamedTuple):
    """A string constant in a position QM007/QM008 care about."""

    node: ast.Constant
    kind: str  # "keyword", "default", "assign", "argument"
    name: Optional[str]  # keyword / parameter / assigned variable name


def _position(node: Optional[ast.AST]) -> tuple:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _binding_key(binding: Binding) -> tuple:
    return (binding[0], id(binding.node), binding.name)


class ModuleModel:
    def __init__(self, module_scope: Scope, tree: Optional[ast.Module] = None, complete: bool = False) -> None:
        self.module = module_scope
        self.tree = tree if tree is not None else module_scope.node
        self.imports: list[ImportSite] = []
        self.calls: list[Site] = []
        self.attributes: list[Site] = []  # `.session`, `.IBMQ`, `.ibmq` reads
        self.values: list[ValueSite] = []
        self.imports_provider_era = False
        self.imports_ibm = False
        #: Names bound to another name under a different spelling (`import X as Y`, `Y = a.X`):
        #: each local name with the names it may stand for.
        self.aliases: dict[str, set[str]] = {}
        self.class_scopes: dict[str, Scope] = {}
        self.local_classes: dict[str, Scope] = {}  # CLASS_PREFIX + id(ClassDef) -> its scope
        #: Where each walked root reads its names: (line, col, end_line, end_col, scope, flow,
        #: position) in walk order; a walrus starts another from its end.
        self.segments: list[tuple] = []
        self._starts: Optional[list[tuple]] = None
        #: Every Name load by id, with its scope: (node, scope). Recorded only when ``complete``.
        self.reads: dict[int, tuple] = {}
        #: Whether every root was walked (no hot lines), so ``reads`` covers the module.
        self.complete = complete
        self._reached: dict[int, tuple] = {}  # lookup result id -> (bindings, entry)
        self._full: Optional[ModuleModel] = None
        self._reads_by_binding: Optional[dict[tuple, list[ast.Name]]] = None
        self._bindings_by_node: Optional[dict[int, list[Binding]]] = None
        self.all_scopes: list[Scope] = [module_scope]
        #: Checker models: the bodies of functions and classes with no hot line that were not
        #: walked (nothing can be read there by point), by the class whose ``self.<attr>`` and
        #: class-body bindings they may add; walked on the first ``members`` query of it.
        self._deferred: dict[Scope, list[tuple]] = {}
        self._builder: Optional[ModelBuilder] = None

    # queries -------------------------------------------------------------------

    def point_of(self, name: ast.expr, scope: Scope) -> Optional[tuple]:
        """(flow, position) where a name in ``scope`` is read, None if no walked root holds it."""
        if scope.kind == "lambda" or scope.kind == "comprehension":
            # Their targets are all bound before anything in them runs.
            flow = scope.flow
            return flow, flow.length  # type: ignore[union-attr]
        starts = self._starts
        segments = self.segments
        if starts is None or len(starts) != len(segments):
            segments.sort(key=lambda s: (s[0], s[1]))
            starts = self._starts = [(s[0], s[1]) for s in segments]
        position = (name.lineno, name.col_offset)
        index = bisect_right(starts, position) - 1
        # The nearest start is the root holding the name, or a walrus inside it (then the
        # root is the one before).
        while index >= 0:
            segment = segments[index]
            if segment[4] is scope and (segment[2], segment[3]) >= position:
                return segment[5], segment[6]
            if segment[0] < position[0] and segment[2] < position[0]:
                return None
            index -= 1
        return None

    def reaching_at(self, point: tuple, name: str) -> tuple[list[Binding], bool]:
        """Bindings of ``name`` reaching ``point``, and whether it may be unbound there."""
        return bindings_reaching(point, name, self._reached)

    def reaching(self, name: ast.Name) -> list[Binding]:
        """The bindings that can reach this read, in source order ([] if nothing binds it)."""
        full = self.full()
        read = full.reads.get(id(name))
        point = full.point_of(name, read[1]) if read is not None else None
        if point is None:
            return []
        bindings, _ = full.reaching_at(point, name.id)
        return sorted(bindings, key=lambda b: _position(b.node))

    def reads_of(self, binding: Binding) -> list[ast.Name]:
        """The reads this binding can reach, in source order. Indexed one name at a time, when
        a binding of it is first asked about: a global read in each function of a long module
        reaches every module-level binding of its name (pairs quadratic in the file's length),
        and most names are never asked about."""
        full = self.full()
        if full._reads_by_binding is None:
            full._reads_by_binding = {}
            full._unindexed_reads = {}
            for node, scope in full.reads.values():
                full._unindexed_reads.setdefault(node.id, []).append((node, scope))
        pending = full._unindexed_reads.pop(binding.name, None)
        if pending is not None:  # a read of a name reaches bindings of that name only
            index, keys = full._reads_by_binding, set()
            for node, scope in pending:
                point = full.point_of(node, scope)
                if point is None:
                    continue
                for reached in full.reaching_at(point, node.id)[0]:
                    key = _binding_key(reached)
                    index.setdefault(key, []).append(node)
                    keys.add(key)
            for key in keys:
                index[key].sort(key=_position)
        return list(full._reads_by_binding.get(_binding_key(binding), ()))

    def bindings_at(self, node: ast.AST) -> list[Binding]:
        """The bindings whose defining node is ``node``."""
        full = self.full()
        if full._bindings_by_node is None:
            index: dict[int, list[Binding]] = {}
            for scope in full.scopes():
                for group in (scope.bindings, scope.attrs):
                    for bindings in group.values():
                        for binding in bindings:
                            if binding.node is not None:
                                index.setdefault(id(binding.node), []).append(binding)
            full._bindings_by_node = index
        return list(full._bindings_by_node.get(id(node), ()))

    def scope_of(self, name: ast.Name) -> Optional[Scope]:
        read = self.full().reads.get(id(name))
        return read[1] if read is not None else None

    def members(self, owner: Scope) -> Scope:
        """The class scope with every ``self.<attr>`` and class-body binding recorded (a checker
        model walks the bodies it deferred for it now, keeping the order of a full walk)."""
        deferred = self._deferred.pop(owner, None)
        if deferred:
            self._builder._materialise(owner, deferred)  # type: ignore[union-attr]
        return owner

    def full(self) -> "ModuleModel":
        """This model if it walked every root, else the complete model of the same tree."""
        if self.complete:
            return self
        if self._full is None:
            self._full = ModelBuilder().build(self.tree)
        return self._full

    def scopes(self) -> list[Scope]:
        """Every scope of the module (module, classes, functions, lambdas, comprehensions walked)."""
        return list(self.all_scopes)

    def release(self) -> None:
        """Break the model's reference cycles (a binding points at its flow and scope, which
        hold it), so that reference counting frees the model, and the tree it holds, as soon as
        the last client lets go. Callers that run with the cyclic collector off (the CLI, and
        every pass of a fix) would otherwise keep each model and tree to the end of the file.
        The model answers nothing afterwards."""
        for scope in self.all_scopes:
            for flow in scope.flows:
                flow.names = {}
                if flow.loop is not None:
                    flow.loop.phis = {}
                    flow.loop.back = []
            scope.flows = []
            scope.bindings, scope.attrs, scope.escaped = {}, {}, {}
            scope.flow = scope.point = scope.owner = None
        self.all_scopes = []
        self.segments, self._starts, self.reads = [], None, {}
        self._reached, self._reads_by_binding, self._bindings_by_node = {}, None, None
        self._deferred, self._builder = {}, None
        self.__dict__.pop("_unindexed_reads", None)
        if self._full is not None:
            self._full.release()
            self._full = None


# --- building ------------------------------------------------------------------

_new_binding = tuple.__new__  # Binding(...) without the keyword handling: the builder makes thousands

_STATIC_DECORATORS = frozenset({"staticmethod"})
# Binding templates whose expressions are evaluated, and where their scope sits.
_EVALUATED = {"value": 2, "elem": 2, "item": 2, "annot": 2, "param": 3}


def _line_mask(hot_lines: Sequence[int]) -> bytearray:
    """One byte per line, 1 on hot lines: a root on one line (most are) costs one index."""
    mask = bytearray(max(hot_lines, default=0) + 1)
    for line in hot_lines:
        mask[line] = 1
    return mask


_INTERESTING_STRINGS = RETIRED_SIMULATORS | {REMOVED_CHANNEL}


def _is_name_constant_str(node: ast.AST) -> bool:
    """A string constant that QM007 or QM008 could report (others are not recorded)."""
    return type(node) is ast.Constant and node.value in _INTERESTING_STRINGS  # type: ignore[attr-defined]


End = tuple  # (flow, position, dead): where one path leaves a branch


class ModelBuilder:
    """Builds a :class:`ModuleModel`; ``hot_lines`` (None: every line) limits expression walking."""

    def __init__(self, hot_lines: Optional[Sequence[int]] = None, known_imports: Optional[dict] = None) -> None:
        # Bindings are recorded for every statement; expressions are walked only in roots
        # (simple statements, tests, decorators, ...) that span a hot line. None: all are.
        self._hot = None if hot_lines is None else _line_mask(hot_lines)
        #: ImportFacts by id of the import statement, when the caller worked them out already.
        self._known_imports = known_imports or {}

    def build(self, tree: ast.Module) -> ModuleModel:
        module = Scope("module", tree, None)
        module.flow = Flow(None, 0, root=module)
        self.model = ModuleModel(module, tree, complete=self._hot is None)
        self._reads = self.model.reads
        self._walking = False
        # Flow state of the scope whose statements run now: whether the path ended (after
        # return/raise/break/continue), the loops it is in, the try bodies collecting bindings.
        self._dead = False
        self._loops: list[_Loop] = []
        self._collecting: list[tuple[Scope, list[tuple[str, Binding]]]] = []
        self._defer = self._hot is not None
        self.model._builder = self if self._defer else None
        self._statements(tree.body, module, ())
        return self.model

    def _expressions(self, root: ast.AST, scope: Scope, narrowing: Narrowing) -> None:
        """Walk a root if it spans a hot line (every root when no hot lines were given)."""
        hot = self._hot
        if hot is not None:
            start = root.lineno  # type: ignore[attr-defined]
            end = root.end_lineno or start  # type: ignore[attr-defined]
            if start >= len(hot) or not (hot[start] or (end > start and hot.find(1, start, end + 1) >= 0)):
                return
        self._walk(root, scope, narrowing)

    # flow ----------------------------------------------------------------------

    @staticmethod
    def _branch(scope: Scope, parent: Flow, length: int) -> Flow:
        scope.flow = flow = Flow(parent, length)
        return flow

    def _join(self, scope: Scope, target: Flow, ends: list) -> None:
        """Continue ``target`` with what every live path of ``ends`` brings (each a union)."""
        live = [end for end in ends if not end[2]]
        self._dead = not live
        if not live:
            live = ends
        scope.flow = target
        changed: Any = None
        for flow, _length, _dead in live:
            while flow is not target:
                if flow.names:
                    if changed is None:
                        changed = set(flow.names)
                    else:
                        changed.update(flow.names)
                flow = flow.parent  # type: ignore[assignment]
        if changed is None:
            return  # no path binds anything
        for name in changed:
            nodes: list = []
            for flow, length, _dead in live:
                node = lookup(flow, length, name)
                for seen in nodes:
                    if seen is node:
                        break
                else:
                    nodes.append(node)
            target.update(name, nodes[0] if len(nodes) == 1 else Join(tuple(nodes)))

    def _enter_body(self, inner: Scope) -> tuple:
        saved = (self._dead, self._loops, self._collecting)
        self._dead, self._loops, self._collecting = False, [], []
        return saved

    def _leave_body(self, saved: tuple) -> None:
        self._dead, self._loops, self._collecting = saved

    # statements --------------------------------------------------------------

    def _statements(self, body: list[ast.stmt], scope: Scope, narrowing: Narrowing) -> None:
        handlers = _STATEMENT_HANDLERS
        hot = self._hot
        for stmt in body:
            handler = handlers.get(type(stmt))
            if handler is not None:
                handler(self, stmt, scope, narrowing)
            elif hot is None:
                self._walk(stmt, scope, narrowing)
            else:
                # Simple statements (Expr, Assert, Pass, ...): `_expressions`, inlined.
                start = stmt.lineno
                end = stmt.end_lineno or start
                if start < len(hot) and (hot[start] or (end > start and hot.find(1, start, end + 1) >= 0)):
                    self._walk(stmt, scope, narrowing)

    def _stmt_Return(self, node: ast.stmt, scope: Scope, narrowing: Narrowing) -> None:
        self._expressions(node, scope, narrowing)
        self._dead = True

    _stmt_Raise = _stmt_Return

    def _stmt_Break(self, node: ast.stmt, scope: Scope, narrowing: Narrowing) -> None:
        if self._loops and not self._dead and scope.flow is not None:
            loop = self._loops[-1]
            point = (scope.flow, scope.flow.length)  # type: ignore[union-attr]
            (loop.breaks if type(node) is ast.Break else loop.continues).append(point)
        self._dead = True

    _stmt_Continue = _stmt_Break

    def _stmt_Delete(self, node: ast.Delete, scope: Scope, narrowing: Narrowing) -> None:
        self._expressions(node, scope, narrowing)
        for target in node.targets:
            if type(target) is ast.Name:
                self._update(scope, target.id, KILLED)  # type: ignore[attr-defined]

    def _stmt_Import(self, node: ast.Import, scope: Scope, narrowing: Narrowing) -> None:
        self._record_import(node, scope)

    def _stmt_ImportFrom(self, node: ast.ImportFrom, scope: Scope, narrowing: Narrowing) -> None:
        self._record_import(node, scope)

    def _record_import(self, node: Union[ast.Import, ast.ImportFrom], scope: Scope) -> None:
        facts = self._known_imports.get(id(node)) or import_facts(node)
        model = self.model
        model.imports.append(ImportSite(node, facts.deprecated, facts))
        model.imports_provider_era = model.imports_provider_era or facts.deprecated
        model.imports_ibm = model.imports_ibm or facts.ibm
        for imported in facts.names:
            self._bind_name(imported.local, ("qual", imported.qualified, imported.deprecated, None), scope, node)
        for local, original in facts.aliases:
            model.aliases.setdefault(local, set()).add(original)
        if facts.star:
            scope.stars.append(facts.star)

    def _stmt_FunctionDef(self, node: Union[ast.FunctionDef, ast.AsyncFunctionDef], scope: Scope,
                          narrowing: Narrowing) -> None:
        decorators = node.decorator_list
        for decorator in decorators:
            self._expressions(decorator, scope, narrowing)
        if node.returns is not None:
            self._expressions(node.returns, scope, narrowing)
        inner = self._new_scope("function", node, scope)
        args = node.args
        # A body walked later takes its parameters along (their bindings are its scope's).
        deferred = inner.flow is None and self._defer and not _reports_a_default(args) and self._deferrable(node.body)
        if not deferred:
            self._parameters(args, inner, scope, narrowing)
        if scope.kind == "class" and not (decorators and any(
            type(d) is ast.Name and d.id in _STATIC_DECORATORS for d in decorators  # type: ignore[attr-defined]
        )):
            first = args.posonlyargs[0] if args.posonlyargs else args.args[0] if args.args else None
            if first is not None:
                inner.self_name = first.arg
                inner.owner = scope
        # The name is bound once decorators and defaults ran; the body runs later, any time.
        self._bind_name(node.name, UNKNOWN_BINDING, scope, node)
        if deferred:
            self._defer_body(inner, node.body, _attribute_owner(inner), args)
            return
        saved = self._enter_body(inner)
        self._statements(node.body, inner, ())
        self._leave_body(saved)

    _stmt_AsyncFunctionDef = _stmt_FunctionDef

    def _new_scope(self, kind: str, node: ast.AST, parent: Scope) -> Scope:
        inner = Scope(kind, node, parent)
        self.model.all_scopes.append(inner)
        parent_flow = parent.flow
        if parent_flow is None:
            return inner
        hot = self._hot
        if hot is not None and kind in ("function", "class"):
            start = node.lineno  # type: ignore[attr-defined]
            if start >= len(hot) or hot.find(1, start, node.end_lineno + 1) < 0:  # type: ignore[attr-defined]
                # No site inside: nothing reads there for the checker, so its bindings are
                # kept (a `self.x = ...`, a `global`) without a flow, evaluated flow-insensitively.
                return inner
        inner.point = (parent_flow, parent_flow.length)
        if kind == "class":
            # A class body runs in place: what it does not bind is the enclosing flow's here.
            inner.flow = Flow(parent_flow, parent_flow.length)
        else:
            inner.flow = Flow(None, 0, root=inner)
        return inner

    # deferred bodies ------------------------------------------------------------

    def _deferrable(self, body: list[ast.stmt]) -> bool:
        """Whether walking this cold body later changes nothing but its own scope and its class's
        members: no import, ``global``/``nonlocal``, class statement (``class_scopes`` keeps
        the first of a name) or reported string value in it. Its assignment aliases are
        recorded now (the hot lines depend on them)."""
        aliases = self.model.aliases
        stack = [body]
        nested = _NESTED_STATEMENTS
        Assign, Name, Attribute = ast.Assign, ast.Name, ast.Attribute
        while stack:
            for stmt in stack.pop():
                kind = type(stmt)
                if kind is Assign:
                    value = stmt.value  # type: ignore[attr-defined]
                    value_kind = type(value)
                    if value_kind is Name or value_kind is Attribute:
                        original = value.id if value_kind is Name else value.attr  # type: ignore[attr-defined]
                        for target in stmt.targets:  # type: ignore[attr-defined]
                            if type(target) is Name and target.id != original:  # type: ignore[attr-defined]
                                aliases.setdefault(target.id, set()).add(original)  # type: ignore[attr-defined]
                    elif value_kind is ast.Constant and value.value in _INTERESTING_STRINGS:  # type: ignore[attr-defined]
                        return False
                    continue
                if kind in _BODY_EFFECTS:
                    return False
                if kind is ast.AnnAssign:
                    if _is_name_constant_str(stmt.value):  # type: ignore[attr-defined]
                        return False
                    continue
                if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                    args = stmt.args  # type: ignore[attr-defined]
                    if any(_is_name_constant_str(d) for d in args.defaults) or any(
                            _is_name_constant_str(d) for d in args.kw_defaults):
                        return False
                fields = nested.get(kind)
                if fields is not None:
                    for name in fields:
                        stack.append(getattr(stmt, name))
        return True

    def _defer_body(self, inner: Scope, body: list[ast.stmt], owner: Optional[Scope],
                    args: Optional[ast.arguments] = None) -> None:
        if owner is None:
            return  # nothing outside it can ask: never walked
        # How many members the owner has now, to put the deferred ones back in walk order.
        before = {attr: len(bindings) for attr, bindings in owner.attrs.items()}
        self.model._deferred.setdefault(owner, []).append((inner, body, before, args))

    def _materialise(self, owner: Scope, deferred: list[tuple]) -> None:
        """Walk the deferred bodies of ``owner`` now, as the build would have walked them, and
        merge the ``self.<attr>`` bindings they add where a full walk puts them."""
        attrs = owner.attrs
        added: list[tuple[dict, dict]] = []
        saved_defer = self._defer
        self._defer = False  # what is nested inside is walked in the same go
        try:
            for inner, body, before, args in deferred:
                lengths = {attr: len(bindings) for attr, bindings in attrs.items()}
                if args is not None:
                    self._parameters(args, inner, inner.parent, ())  # type: ignore[arg-type]
                saved = self._enter_body(inner)
                self._statements(body, inner, ())
                self._leave_body(saved)
                new: dict = {}
                for attr, bindings in attrs.items():
                    start = lengths.get(attr, 0)
                    if len(bindings) > start:
                        new[attr] = bindings[start:]
                        del bindings[start:]
                added.append((before, new))
        finally:
            self._defer = saved_defer
        inserted: dict[str, int] = {}
        for before, new in added:
            for attr, bindings in new.items():
                at = before.get(attr, 0) + inserted.get(attr, 0)
                current = attrs.setdefault(attr, [])
                current[at:at] = bindings
                inserted[attr] = inserted.get(attr, 0) + len(bindings)
        for attr in [attr for attr, bindings in attrs.items() if not bindings]:
            del attrs[attr]

    def _parameters(self, args: ast.arguments, inner: Scope, outer: Scope, narrowing: Narrowing) -> None:
        bindings = inner.bindings
        flow = inner.flow
        point = (outer.flow, outer.flow.length) if flow is not None else None  # type: ignore[union-attr]
        positional = args.posonlyargs + args.args if args.posonlyargs else args.args
        annotations = []
        plain = len(positional) - len(args.defaults)
        for index, arg in enumerate(positional):
            default = args.defaults[index - plain] if index >= plain else None
            if flow is None:
                binding = ("param", arg.annotation, default, outer)
            else:
                binding = _new_binding(Binding, ("param", arg.annotation, default, outer, arg.arg, arg, point, inner))
                flow.update(arg.arg, binding)
            bindings.setdefault(arg.arg, []).append(binding)  # type: ignore[arg-type]
            if arg.annotation is not None:
                annotations.append(arg.annotation)
            if default is not None:
                self._default(arg, default, outer, narrowing)
        if args.kwonlyargs or args.vararg or args.kwarg:  # rare: the usual `def f(self, x)` skips it
            for arg, default in zip(args.kwonlyargs, args.kw_defaults):
                if flow is None:
                    binding = ("param", arg.annotation, default, outer)
                else:
                    binding = _new_binding(Binding, ("param", arg.annotation, default, outer, arg.arg, arg, point, inner))
                    flow.update(arg.arg, binding)
                bindings.setdefault(arg.arg, []).append(binding)  # type: ignore[arg-type]
                if arg.annotation is not None:
                    annotations.append(arg.annotation)
                if default is not None:
                    self._default(arg, default, outer, narrowing)
            for arg in (args.vararg, args.kwarg):
                if arg is not None:
                    self._bind_name(arg.arg, UNKNOWN_BINDING, inner, arg)
                    if arg.annotation is not None:
                        annotations.append(arg.annotation)
        for annotation in annotations:
            self._expressions(annotation, outer, narrowing)

    def _default(self, arg: ast.arg, default: ast.expr, outer: Scope, narrowing: Narrowing) -> None:
        if _is_name_constant_str(default):
            self.model.values.append(ValueSite(default, "default", arg.arg))  # type: ignore[arg-type]
        else:
            self._expressions(default, outer, narrowing)

    def _stmt_ClassDef(self, node: ast.ClassDef, scope: Scope, narrowing: Narrowing) -> None:
        for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self._expressions(expr, scope, narrowing)
        inner = self._new_scope("class", node, scope)
        inner.bases = list(node.bases)
        self.model.class_scopes.setdefault(node.name, inner)
        self.model.local_classes[CLASS_PREFIX + str(id(node))] = inner
        if inner.flow is None and self._defer and self._deferrable(node.body):
            # A class body binds only in the class: it is walked when its members are asked for.
            self._defer_body(inner, node.body, inner)
        else:
            saved = self._enter_body(inner)
            self._statements(node.body, inner, ())
            self._leave_body(saved)
        self._bind_name(node.name, ("class", node, None, None), scope, node)

    def _stmt_Assign(self, node: ast.Assign, scope: Scope, narrowing: Narrowing) -> None:
        # The value is read before the targets are bound (`x = x.next()` reads the old x).
        self._expressions(node, scope, narrowing)
        value = node.value
        binding = ("value", value, scope, None)
        value_kind = type(value)
        for target in node.targets:
            if type(target) is ast.Name:
                name = target.id  # type: ignore[attr-defined]
                self._bind_name(name, binding, scope, target)
                # `Provider = IBMProvider` makes `Provider(...)` a site the text scan must see.
                if value_kind is ast.Name or value_kind is ast.Attribute:
                    original = _name_of(value)
                    if original != name:
                        self.model.aliases.setdefault(name, set()).add(original)  # type: ignore[arg-type]
            else:
                self._bind_target(target, binding, scope, value)
        if value_kind is ast.Constant:
            self._assigned_value(value, node.targets)

    def _stmt_AnnAssign(self, node: ast.AnnAssign, scope: Scope, narrowing: Narrowing) -> None:
        self._expressions(node, scope, narrowing)
        target = node.target
        annotation = ("annot", node.annotation, scope, None)
        if node.value is None:
            # `x: T` binds nothing: the annotation joins what already reaches (it says what x
            # holds, whatever binds it).
            if type(target) is ast.Name and scope.flow is not None:
                name = target.id  # type: ignore[attr-defined]
                before = lookup(scope.flow, scope.flow.length, name)
                self._bind_name(name, annotation, scope, target)
                slot = scope.flow.names[name]  # type: ignore[union-attr]
                slot[-1] = Join((slot[-1], before))
            else:
                self._bind_target(target, annotation, scope, None)
            return
        if type(target) is ast.Name and scope.flow is not None:
            # `x: T = v`: both the value and the annotation are evidence, at one point.
            name = target.id  # type: ignore[attr-defined]
            self._bind_name(name, ("value", node.value, scope, None), scope, target)
            self._bind_name(name, annotation, scope, target)
            slot = scope.flow.names[name]  # type: ignore[union-attr]
            slot[-1] = Join((slot[-3], slot[-1]))
        else:
            self._bind_target(target, ("value", node.value, scope, None), scope, node.value)
            self._bind_target(target, annotation, scope, None)
        self._assigned_value(node.value, [target])

    def _stmt_AugAssign(self, node: ast.AugAssign, scope: Scope, narrowing: Narrowing) -> None:
        self._expressions(node, scope, narrowing)
        target = node.target
        if type(target) is ast.Name:
            # `x += 1` reads x before binding it again.
            self._record_read(target, scope)  # type: ignore[arg-type]
        self._bind_target(target, UNKNOWN_BINDING, scope, None)

    def _assigned_value(self, value: ast.expr, targets: list[ast.expr]) -> None:
        if _is_name_constant_str(value):
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            self.model.values.append(ValueSite(value, "assign", names[0] if names else None))  # type: ignore[arg-type]

    def _stmt_For(self, node: Union[ast.For, ast.AsyncFor], scope: Scope, narrowing: Narrowing) -> None:
        # The iterable is evaluated once, before the loop.
        self._expressions(node.iter, scope, narrowing)
        before = scope.flow
        if before is None:
            self._bind_loop_target(node.target, node.iter, scope, scope, None)
            self._expressions(node.target, scope, narrowing)
            self._statements(node.body, scope, narrowing)
            self._statements(node.orelse, scope, narrowing)
            return
        point = (before, before.length)
        head, body = self._loop_start(scope)
        self._bind_loop_target(node.target, node.iter, scope, scope, point)
        self._expressions(node.target, scope, narrowing)
        self._loop_end(node, scope, narrowing, head, body)

    _stmt_AsyncFor = _stmt_For

    def _stmt_While(self, node: ast.While, scope: Scope, narrowing: Narrowing) -> None:
        if scope.flow is None:
            self._expressions(node.test, scope, narrowing)
            self._statements(node.body, scope, narrowing)
            self._statements(node.orelse, scope, narrowing)
            return
        head, body = self._loop_start(scope)
        self._expressions(node.test, scope, narrowing)  # at the start of every iteration
        self._loop_end(node, scope, narrowing, head, body)

    def _loop_start(self, scope: Scope) -> tuple[LoopHead, Flow]:
        before = scope.flow
        head = LoopHead(before, before.length)  # type: ignore[arg-type, union-attr]
        scope.flow = body = Flow(before, before.length, loop=head)  # type: ignore[union-attr]
        return head, body

    def _loop_end(self, node: Union[ast.For, ast.AsyncFor, ast.While], scope: Scope, narrowing: Narrowing,
                  head: LoopHead, body: Flow) -> None:
        before: Flow = head.parent
        dead_before = self._dead
        loop = _Loop()
        self._loops.append(loop)
        self._statements(node.body, scope, narrowing)
        self._loops.pop()
        end = scope.flow
        head.back = ([] if self._dead else [(end, end.length)]) + loop.continues  # type: ignore[list-item, union-attr]
        # Names bound in the loop hold their phi from here on (the loop may run 0..n times).
        changed = set(body.names)
        for flow, _length in loop.continues:
            while flow is not body:
                changed.update(flow.names)
                flow = flow.parent  # type: ignore[assignment]
        for name in changed:
            before.update(name, head.phi(name))
        scope.flow = before
        self._dead = dead_before
        if node.orelse or loop.breaks:
            # `else` runs when the loop ends without `break`; after it, the `break`s join.
            other = self._branch(scope, before, before.length)
            self._statements(node.orelse, scope, narrowing)
            ends = [(other, other.length, self._dead)] + [(flow, length, False) for flow, length in loop.breaks]
            self._join(scope, before, ends)

    def _stmt_If(self, node: ast.If, scope: Scope, narrowing: Narrowing) -> None:
        self._expressions(node.test, scope, narrowing)
        body_narrowing, else_narrowing = narrowing, narrowing
        proved = _isinstance_test(node.test)
        if proved is not None:
            key, classes, positive = proved
            body_narrowing = ((key, classes, positive), *narrowing)
            else_narrowing = ((key, classes, not positive), *narrowing)
        before = scope.flow
        if before is None:
            self._statements(node.body, scope, body_narrowing)
            self._statements(node.orelse, scope, else_narrowing)
            return
        length = before.length
        dead = self._dead
        body = self._branch(scope, before, length)
        self._statements(node.body, scope, body_narrowing)
        ends = [(body, body.length, self._dead)]
        self._dead = dead
        if node.orelse:
            other = self._branch(scope, before, length)  # type: ignore[arg-type]
            self._statements(node.orelse, scope, else_narrowing)
            ends.append((other, other.length, self._dead))
        else:
            ends.append((before, length, dead))
        self._join(scope, before, ends)  # type: ignore[arg-type]

    def _stmt_With(self, node: Union[ast.With, ast.AsyncWith], scope: Scope, narrowing: Narrowing) -> None:
        for item in node.items:
            self._expressions(item.context_expr, scope, narrowing)
            if item.optional_vars is not None:
                self._bind_target(item.optional_vars, ("value", item.context_expr, scope, None), scope, item.context_expr)
        self._statements(node.body, scope, narrowing)

    _stmt_AsyncWith = _stmt_With

    def _stmt_Try(self, node: ast.Try, scope: Scope, narrowing: Narrowing) -> None:
        before: Flow = scope.flow  # type: ignore[assignment]
        if before is None:
            self._statements(node.body, scope, narrowing)
            for handler in node.handlers:
                if handler.type is not None:
                    self._expressions(handler.type, scope, narrowing)
                if handler.name:
                    self._bind_name(handler.name, UNKNOWN_BINDING, scope, handler)
                self._statements(handler.body, scope, narrowing)
            self._statements(node.orelse, scope, narrowing)
            self._statements(node.finalbody, scope, narrowing)
            return
        length = before.length
        dead = self._dead
        body = self._branch(scope, before, length)
        collected: list[tuple[str, Binding]] = []
        self._collecting.append((scope, collected))
        self._statements(node.body, scope, narrowing)
        self._collecting.pop()
        body_end = (body, body.length, self._dead)
        raised = None
        if node.handlers or node.finalbody:
            # An exception may leave the try body after any of its bindings.
            raised = Flow(before, length)
            by_name: dict[str, list] = {}
            for name, binding in collected:
                by_name.setdefault(name, [lookup(before, length, name)]).append(binding)
            for name, nodes in by_name.items():
                raised.update(name, Join(tuple(nodes)))
        ends = []
        for handler in node.handlers:
            self._dead = dead
            flow = self._branch(scope, raised, raised.length)  # type: ignore[arg-type, union-attr]
            if handler.type is not None:
                self._expressions(handler.type, scope, narrowing)
            if handler.name:
                self._bind_name(handler.name, UNKNOWN_BINDING, scope, handler)
            self._statements(handler.body, scope, narrowing)
            ends.append((flow, flow.length, self._dead))
        self._dead = body_end[2]
        if node.orelse:
            other = self._branch(scope, body, body.length)
            self._statements(node.orelse, scope, narrowing)
            ends.append((other, other.length, self._dead))
        else:
            ends.append(body_end)
        if node.finalbody:
            # `finally` runs on every path, exceptions included.
            ends.append((raised, raised.length, dead))  # type: ignore[union-attr]
        self._join(scope, before, ends)
        self._statements(node.finalbody, scope, narrowing)

    _stmt_TryStar = _stmt_Try

    def _stmt_Match(self, node: ast.AST, scope: Scope, narrowing: Narrowing) -> None:
        subject = node.subject  # type: ignore[attr-defined]
        self._expressions(subject, scope, narrowing)
        before: Flow = scope.flow  # type: ignore[assignment]
        if before is None:
            for case in node.cases:  # type: ignore[attr-defined]
                for sub in ast.walk(case.pattern):
                    name = getattr(sub, "name", None) or getattr(sub, "rest", None)
                    if isinstance(name, str):
                        self._bind_name(name, UNKNOWN_BINDING, scope, sub)
                if case.guard is not None:
                    self._expressions(case.guard, scope, narrowing)
                self._statements(case.body, scope, narrowing)
            return
        length = before.length
        dead = self._dead
        ends = []
        irrefutable = False
        for case in node.cases:  # type: ignore[attr-defined]
            self._dead = dead
            flow = self._branch(scope, before, length)
            for sub in ast.walk(case.pattern):
                name = getattr(sub, "name", None) or getattr(sub, "rest", None)
                if isinstance(name, str):
                    self._bind_name(name, UNKNOWN_BINDING, scope, sub)
            if case.guard is not None:
                self._expressions(case.guard, scope, narrowing)
            elif type(case.pattern) is ast.MatchAs and case.pattern.pattern is None:  # type: ignore[attr-defined]
                irrefutable = True  # `case _:` / `case x:`
            self._statements(case.body, scope, narrowing)
            ends.append((flow, flow.length, self._dead))
        if not irrefutable:
            ends.append((before, length, dead))  # no case matched
        self._join(scope, before, ends)

    def _stmt_Global(self, node: Union[ast.Global, ast.Nonlocal], scope: Scope, narrowing: Narrowing) -> None:
        scope.global_names.update(node.names)

    _stmt_Nonlocal = _stmt_Global

    # binding targets -----------------------------------------------------------

    def _update(self, scope: Scope, name: str, node: Any) -> None:
        if scope.flow is not None:
            scope.flow.update(name, node)

    def _bind_name(self, name: str, template: tuple, scope: Scope, node: Optional[ast.AST],
                   point: Optional[tuple] = None) -> Binding:
        """Bind ``name`` in ``scope`` from a template (kind and its three items)."""
        flow = scope.flow
        target = scope
        if scope.global_names and name in scope.global_names:
            # `global x` binds in the module; `nonlocal x` in the nearest enclosing function.
            while target.parent is not None:
                target = target.parent
                if target.kind == "function" and name in target.bindings:
                    break
        if flow is None:
            # A scope without a flow keeps the template itself (nothing reads it by point).
            binding = template
        else:
            if point is None:
                kind = template[0]
                if kind == "value":
                    evaluated = template[2].flow
                    point = (evaluated, evaluated.length) if evaluated is not None else None
                elif kind != "qual" and kind != "unknown" and kind != "class":
                    evaluated = template[_EVALUATED[kind]].flow
                    point = (evaluated, evaluated.length) if evaluated is not None else None
            kind, first, second, third = template
            binding = _new_binding(Binding, (kind, first, second, third, name, node, point, target))
            # This scope's own flow tracks the name either way (its reads after this see it):
            # Flow.update, inlined.
            slot = flow.names.get(name)
            if slot is None:
                flow.names[name] = [flow.length, binding]
            else:
                slot += (flow.length, binding)
            flow.length += 1
            if self._collecting:
                for owner, collected in self._collecting:
                    if owner is scope:
                        collected.append((name, binding))
        bindings = target.bindings.get(name)
        if bindings is None:
            target.bindings[name] = [binding]
        else:
            bindings.append(binding)
        if target is not scope:
            target.escaped.setdefault(name, []).append(binding)
        return binding  # type: ignore[return-value]

    def _bind_target(self, target: ast.expr, template: tuple, scope: Scope, value: Optional[ast.expr],
                     point: Optional[tuple] = None) -> None:
        kind = type(target)
        if kind is ast.Name:
            self._bind_name(target.id, template, scope, target, point)  # type: ignore[attr-defined]
        elif kind is ast.Attribute:
            owner = self._self_owner(target, scope)
            if owner is not None:
                binding: Any = template
                if scope.flow is not None:
                    if point is None:
                        where = _EVALUATED.get(template[0])
                        evaluated = (template[where] if where is not None else scope).flow
                        point = (evaluated, evaluated.length) if evaluated is not None else None
                    binding = _new_binding(Binding, (*template, target.attr, target, point, owner))  # type: ignore[attr-defined]
                owner.attrs.setdefault(target.attr, []).append(binding)  # type: ignore[attr-defined]
        elif kind in (ast.Tuple, ast.List):
            elements = target.elts  # type: ignore[attr-defined]
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) else None  # type: ignore[union-attr]
            if values is not None and len(values) == len(elements) and not any(
                isinstance(e, ast.Starred) for e in (*elements, *values)
            ):
                if point is None and scope.flow is not None:
                    point = (scope.flow, scope.flow.length)
                for element, element_value in zip(elements, values):
                    self._bind_target(element, ("value", element_value, scope, None), scope, element_value, point)
            else:
                for index, element in enumerate(elements):
                    item = ("item", value, scope, index) if value is not None and template[0] == "value" else UNKNOWN_BINDING
                    self._bind_target(element, item, scope, None, point)
        elif kind is ast.Starred:
            self._bind_target(target.value, UNKNOWN_BINDING, scope, None)  # type: ignore[attr-defined]

    def _bind_loop_target(self, target: ast.expr, iterable: ast.expr, scope: Scope, eval_scope: Scope,
                          point: tuple) -> None:
        if isinstance(target, ast.Name):
            self._bind_name(target.id, ("elem", iterable, eval_scope, None), scope, target, point)
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            # `for i, backend in enumerate(provider.backends())`
            if (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name)
                    and iterable.func.id == "enumerate" and iterable.args and len(target.elts) == 2):
                self._bind_target(target.elts[0], UNKNOWN_BINDING, scope, None)
                self._bind_loop_target(target.elts[1], iterable.args[0], scope, eval_scope, point)
                return
        self._bind_target(target, UNKNOWN_BINDING, scope, None)
        if isinstance(target, ast.Attribute):
            owner = self._self_owner(target, scope)
            if owner is not None:
                template = ("elem", iterable, eval_scope, None)
                owner.attrs.setdefault(target.attr, []).append(
                    template if scope.flow is None else _new_binding(Binding, (*template, target.attr, target, point, owner)))

    @staticmethod
    def _self_owner(target: ast.expr, scope: Scope) -> Optional[Scope]:
        """The class whose `self.<attr>` the target assigns, if it is one."""
        value = getattr(target, "value", None)
        if type(value) is not ast.Name:
            return None
        method: Optional[Scope] = scope
        # Closures and comprehensions inside a method still see its `self`.
        while method is not None and method.kind != "class":
            if method.self_name is not None:
                return method.owner if value.id == method.self_name else None  # type: ignore[union-attr]
            method = method.parent
        return None

    # expressions ---------------------------------------------------------------

    def _record_read(self, node: ast.Name, scope: Scope) -> None:
        if self._hot is None:
            self._reads[id(node)] = (node, scope)

    def _walk(self, root: ast.AST, scope: Scope, narrowing: Narrowing) -> None:
        """Record sites inside one hot statement or expression, tracking inner scopes, and
        where the root reads its names (every Name load too, when the model is complete)."""
        if self._walking:
            # A lambda's default inside a root: read where the root reads.
            self._walk_nodes(root, scope, narrowing)
            return
        flow = scope.flow
        segment = None
        if flow is not None:
            segment = (root.lineno, root.col_offset, root.end_lineno, root.end_col_offset,  # type: ignore[attr-defined]
                       scope, flow, flow.length)
            self.model.segments.append(segment)
        self._walking = True
        try:
            self._walk_nodes(root, scope, narrowing, segment)
        finally:
            self._walking = False

    def _walk_nodes(self, root: ast.AST, scope: Scope, narrowing: Narrowing, segment: Optional[tuple] = None) -> None:
        model = self.model
        calls, attributes, values, reads = model.calls, model.attributes, model.values, self._reads
        stack: list[tuple[ast.AST, Scope]] = [(root, scope)]
        push, pop = stack.append, stack.pop
        Call, Attribute, Name, Load = ast.Call, ast.Attribute, ast.Name, ast.Load
        NamedExpr, Lambda, Constant = ast.NamedExpr, ast.Lambda, ast.Constant
        fields_of, strings = CHILD_FIELDS, _INTERESTING_STRINGS
        # Names reach the stack only when every read is recorded (a complete model).
        skipped = _NOTHING_TO_RECORD if self._hot is not None else _LEAVES
        while stack:
            node, current = pop()
            kind = type(node)
            if kind is Name:
                if type(node.ctx) is Load:  # type: ignore[attr-defined]
                    reads[id(node)] = (node, current)
                continue
            if kind is Call:
                calls.append(Site(node, current, narrowing))
                for arg in node.args:  # type: ignore[attr-defined]
                    if type(arg) is Constant and arg.value in strings:  # type: ignore[attr-defined]
                        values.append(ValueSite(arg, "argument", None))  # type: ignore[arg-type]
                for keyword in node.keywords:  # type: ignore[attr-defined]
                    value = keyword.value
                    if type(value) is Constant and value.value in strings:  # type: ignore[attr-defined]
                        values.append(ValueSite(value, "keyword", keyword.arg))  # type: ignore[arg-type]
            elif kind is Attribute:
                if node.attr in _SITE_ATTRIBUTES:  # type: ignore[attr-defined]
                    attributes.append(Site(node, current, narrowing))
            elif kind in _SCOPED:
                if kind is NamedExpr:
                    target_scope = current
                    while target_scope.kind == "comprehension" and target_scope.parent is not None:
                        target_scope = target_scope.parent
                    target, value = node.target, node.value  # type: ignore[attr-defined]
                    self._bind_target(target, ("value", value, current, None), target_scope, value)
                    if segment is not None and target_scope is segment[4]:
                        # What follows the walrus in the root reads its binding.
                        flow = target_scope.flow
                        model.segments.append((node.end_lineno, node.end_col_offset, segment[2], segment[3],  # type: ignore[attr-defined]
                                               target_scope, flow, flow.length))  # type: ignore[union-attr]
                    if _is_name_constant_str(value):
                        values.append(ValueSite(value, "assign", target.id))
                elif kind is Lambda:
                    inner = self._new_scope("lambda", node, current)
                    self._parameters(node.args, inner, current, narrowing)  # type: ignore[attr-defined]
                    push((node.body, inner))  # type: ignore[attr-defined]
                    continue
                else:  # a comprehension
                    inner = self._new_scope("comprehension", node, current)
                    for index, generator in enumerate(node.generators):  # type: ignore[attr-defined]
                        # The first iterable is evaluated in the enclosing scope.
                        eval_scope = current if index == 0 else inner
                        flow = eval_scope.flow
                        point = (flow, flow.length) if flow is not None else None
                        self._bind_loop_target(generator.target, generator.iter, inner, eval_scope, point)
                        push((generator.iter, eval_scope))
                        for condition in generator.ifs:
                            push((condition, inner))
                    if kind is ast.DictComp:
                        push((node.key, inner))  # type: ignore[attr-defined]
                        push((node.value, inner))  # type: ignore[attr-defined]
                    else:
                        push((node.elt, inner))  # type: ignore[attr-defined]
                    continue
            # ast.iter_child_nodes, inlined (this loop is the checker's hottest). Children with
            # nothing to record (names, constants, operators) never reach the stack.
            fields = fields_of.get(kind)
            if fields is None:
                fields = child_fields(kind)
            for name in fields:
                child = getattr(node, name, None)
                if type(child) is list:
                    for item in child:
                        if type(item) not in skipped:
                            push((item, current))
                elif type(child) not in skipped:
                    push((child, current))


def _reports_a_default(args: ast.arguments) -> bool:
    """Whether a parameter default is a string QM007/QM008 report (recorded where the def is)."""
    return any(_is_name_constant_str(d) for d in args.defaults) or any(
        _is_name_constant_str(d) for d in args.kw_defaults)


def _attribute_owner(scope: Scope) -> Optional[Scope]:
    """The class whose ``self.<attr>`` bindings code in ``scope`` can make (see ``_self_owner``)."""
    method: Optional[Scope] = scope
    while method is not None and method.kind != "class":
        if method.self_name is not None:
            return method.owner
        method = method.parent
    return None


# Statements a deferred body must not hold (see ``ModelBuilder._deferrable``).
_BODY_EFFECTS = frozenset({ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal, ast.ClassDef})
# Statements that hold other statements, and the fields that hold them (every body the build
# walks; a class body is a scope of its own).
_NESTED_STATEMENTS: dict = {kind: fields for kind, fields in NESTED_BODIES.items() if kind is not ast.ClassDef}


def child_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node type that can hold another node worth walking (not operators,
    contexts, names or flags), kept in ``CHILD_FIELDS``; the fixer's index walks them too."""
    fields = CHILD_FIELDS[kind] = () if kind in _LEAVES else tuple(
        f for f in getattr(kind, "_fields", ()) if f not in _NON_NODE_FIELDS)
    return fields


_STATEMENT_HANDLERS = {
    getattr(ast, name[len("_stmt_"):]): method
    for name, method in vars(ModelBuilder).items()
    if name.startswith("_stmt_") and hasattr(ast, name[len("_stmt_"):])
}


def _name_of(value: ast.expr) -> Optional[str]:
    """The name a plain reference spells: `X` for `X` and for `a.b.X`."""
    kind = type(value)
    if kind is ast.Name:
        return value.id  # type: ignore[attr-defined]
    if kind is ast.Attribute:
        return value.attr  # type: ignore[attr-defined]
    return None


_SITE_ATTRIBUTES = SITE_ATTRIBUTES  # apis.py: `.session`, `.IBMQ`, V1 result and option fields
_SCOPED = frozenset({ast.NamedExpr, ast.Lambda, ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp})
# Leaves, operators and absent children: nothing inside them is recorded.
_LEAVES = frozenset({ast.Constant, type(None), str, int} | {
    cls for cls in vars(ast).values()
    if isinstance(cls, type) and issubclass(cls, (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop))
})
# For the checker, names too: where they are read is known from the root (``segments``).
_NOTHING_TO_RECORD = _LEAVES | {ast.Name}
# Fields that hold names, operators, flags or comments, never a node to walk.
_NON_NODE_FIELDS = frozenset({"ctx", "op", "ops", "id", "attr", "arg", "type_comment", "conversion", "level",
                              "is_async", "kind"})
CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _isinstance_test(test: ast.expr) -> Optional[tuple[str, ast.expr, bool]]:
    """(receiver key, class expression, positive) for `isinstance(x, C)` / `not isinstance(...)`."""
    positive = True
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test, positive = test.operand, False
    if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "isinstance"
            and len(test.args) == 2):
        return None
    key = receiver_key(test.args[0])
    if key is None:
        return None
    return key, test.args[1], positive


def receiver_key(expr: ast.expr) -> Optional[str]:
    """"name" for a Name, "self.attr" for an attribute of a Name; else None."""
    if type(expr) is ast.Name:
        return expr.id  # type: ignore[attr-defined]
    if type(expr) is ast.Attribute and type(expr.value) is ast.Name:  # type: ignore[attr-defined]
        return f"{expr.value.id}.{expr.attr}"  # type: ignore[attr-defined]
    return None
