"""Inferring what an expression is: an IBM backend, a provider, a service, a simulator ...

Evidence is weighed in SPEC.md's order: provenance of the bindings that reach the read
(one IBM binding among them wins), then annotations, then negative provenance (Aer, fakes,
other vendors), and the name heuristic last (in ``checks.py``, only for provider-era
modules). ``isinstance`` narrowing overrides the bindings inside the branches it guards.

A name is looked up at its point: a read the model walked has one; names inside a
binding's value are read where the binding is (its ``point``). A name with neither (an
expression the model never walked) falls back to every binding in its scope.
"""

from __future__ import annotations

import ast
from typing import Callable, FrozenSet, Optional

from .. import apis
from ..apis import (
    BACKEND, BACKENDS, CLASS_PREFIX, NON_IBM, NONE, PROVIDER, PROVIDERS, QUAL_PREFIX, STRING, UNKNOWN,
    call_result, class_kind, element_kind, method_result, qual,
)
from .model import Binding, ModuleModel, Narrowing, Scope, enclosing_bindings, lookup, receiver_key

Kinds = FrozenSet[str]
_UNKNOWN: Kinds = frozenset({UNKNOWN})
_NONE: Kinds = frozenset({NONE})
_STRING: Kinds = frozenset({STRING})
_EMPTY: Kinds = frozenset()
_BUILTIN_ELEMENT = frozenset({"min", "max", "next"})
_BUILTIN_SAME = frozenset({"sorted", "list", "tuple", "reversed", "filter", "iter", "set"})
_MAX_DEPTH = 60


class Provenance:
    """Lazy, memoised inference over one module's model of names."""

    def __init__(self, model: ModuleModel,
                 provider_heuristic: Optional[Callable[[ast.expr, Kinds], bool]] = None) -> None:
        self.model = model
        #: Decides, for a receiver with no known provenance, whether its name makes it a
        #: provider (SPEC.md rule 4); set by the checks, which own the heuristic.
        self.provider_heuristic = provider_heuristic
        self._names: dict[tuple[int, str], Kinds] = {}
        self._in_progress: set[tuple[int, str]] = set()
        self._depth = 0
        #: (scope, flow, position) where the expression being evaluated is read: set while a
        #: binding's value (or a class's bases) is evaluated, for the names in it.
        self._at: Optional[tuple] = None
        self._reads: dict[int, Kinds] = {}  # walked reads (by node id) already inferred

    # public ------------------------------------------------------------------

    def kinds(self, expr: ast.expr, scope: Scope, narrowing: Narrowing = ()) -> Kinds:
        """Every kind the expression may evaluate to (qualified names start with "=")."""
        if narrowing:
            key = receiver_key(expr)
            if key is not None:
                narrowed = self._narrowed(key, scope, narrowing)
                if narrowed is not None:
                    return narrowed
        return self.infer(expr, scope)

    def qualified_names(self, expr: ast.expr, scope: Scope) -> list[str]:
        """The qualified names (without prefix) an expression such as `qiskit.IBMQ` refers to."""
        return [k[1:] for k in self.infer(expr, scope) if k[:1] == QUAL_PREFIX]

    def name_bindings(self, name: str, scope: Scope) -> Optional[list[Binding]]:
        return self._lookup(name, scope)

    # narrowing ---------------------------------------------------------------

    def _narrowed(self, key: str, scope: Scope, narrowing: Narrowing) -> Optional[Kinds]:
        for narrowed_key, classes, positive in narrowing:
            if narrowed_key != key:
                continue
            kinds = self._class_kinds(classes, scope)
            if not kinds:
                continue  # an unknown class proves nothing
            if positive:
                return kinds
            if BACKEND in kinds:
                # `else` of `isinstance(b, IBMBackend)`: b is not an IBM backend.
                return frozenset({NON_IBM})
        return None

    def _class_kinds(self, classes: ast.expr, scope: Scope) -> Kinds:
        elements = classes.elts if isinstance(classes, ast.Tuple) else [classes]
        kinds = set()
        for element in elements:
            names = self.qualified_names(element, scope)
            found = {class_kind(name) for name in names} - {None}
            if not found:
                return _EMPTY  # a tuple with an unknown class proves nothing
            kinds |= found
        return frozenset(kinds)  # type: ignore[arg-type]

    # inference ---------------------------------------------------------------

    def infer(self, expr: ast.expr, scope: Scope) -> Kinds:
        if self._depth > _MAX_DEPTH:
            return _UNKNOWN
        self._depth += 1
        try:
            method = _INFER.get(type(expr))
            return method(self, expr, scope) if method is not None else _UNKNOWN
        finally:
            self._depth -= 1

    def _infer_Name(self, expr: ast.Name, scope: Scope) -> Kinds:
        name = expr.id
        at = self._at
        if at is not None and at[0] is scope:
            point: Optional[tuple] = (at[1], at[2])
        else:
            known = self._reads.get(id(expr))
            if known is not None:
                return known
            point = self.model.point_of(expr, scope)
            if point is None:
                return self._memoised((id(scope), name), lambda: self._lookup(name, scope))
        # Memoised per lookup result: reads that the same bindings reach share it.
        reached = lookup(point[0], point[1], name)
        key = (id(reached), name)
        if type(reached) is Scope and reached.kind != "module" and not reached.escaped.get(name):
            # A name a function does not bind: what reaches it is every binding of the
            # enclosing scope's (one list, shared by every function reading it), so the kinds
            # are worked out once, not once per function (quadratic in a long module).
            outer = enclosing_bindings(reached, name)
            if outer is not None:
                key = (id(outer), name)
        kinds = self._memoised(key, lambda: self._reaching(point, name, scope))
        if (at is None or at[0] is not scope) and key in self._names:
            self._reads[id(expr)] = kinds
        return kinds

    def _reaching(self, point: tuple, name: str, scope: Scope) -> Optional[list[Binding]]:
        bindings, unbound = self.model.reaching_at(point, name)
        if unbound:
            module = scope
            while module.parent is not None:
                module = module.parent
            star = self._star_binding(name, scope, module)
            if star:
                bindings = bindings + list(star)
        return bindings

    def _evaluated_at(self, point: Optional[tuple], scope: Scope, expr: ast.expr) -> Kinds:
        """Infer an expression read at ``point`` of ``scope`` (a binding's value, a default)."""
        saved = self._at
        self._at = (scope, point[0], point[1]) if point is not None else None
        try:
            return self.infer(expr, scope)
        finally:
            self._at = saved

    def _memoised(self, key: tuple[int, str], bindings_of: Callable[[], Optional[list[Binding]]]) -> Kinds:
        """The kinds of a name's (or self attribute's) bindings, once per scope; cycles add nothing."""
        cached = self._names.get(key)
        if cached is not None:
            return cached
        if key in self._in_progress:
            return _EMPTY
        self._in_progress.add(key)
        try:
            bindings = bindings_of()
            result = self._bindings_kinds(bindings) if bindings else _UNKNOWN
        finally:
            self._in_progress.discard(key)
        self._names[key] = result
        return result

    def _infer_Attribute(self, expr: ast.Attribute, scope: Scope) -> Kinds:
        attr = expr.attr
        value = expr.value
        out: set[str] = set()
        if type(value) is ast.Name:
            owner = self._self_class(value.id, scope)
            if owner is not None:
                return self._self_attribute(owner, attr)
        for kind in self.infer(value, scope):
            if kind[:1] == QUAL_PREFIX:
                out.add(f"{kind}.{attr}")
            elif kind == PROVIDER and attr in ("backend", "backends"):
                out.add(BACKENDS)  # IBMProvider.backend.<name> namespace
            elif kind == BACKENDS:
                out.add(BACKEND)  # provider.backends.ibmq_lima
            elif kind == NON_IBM and attr in ("backends",):
                out.add(NON_IBM)
            else:
                out.add(UNKNOWN)
        return frozenset(out) or _UNKNOWN

    def _self_attribute(self, owner: Scope, attr: str) -> Kinds:
        return self._memoised((id(owner), "self." + attr), lambda: self._attribute_bindings(owner, attr, set()))

    def _infer_Call(self, expr: ast.Call, scope: Scope) -> Kinds:
        func = expr.func
        out: set[str] = set()
        if type(func) is ast.Name and func.id in (_BUILTIN_ELEMENT | _BUILTIN_SAME) and expr.args \
                and self._lookup(func.id, scope) is None:
            inner = self.infer(expr.args[0], scope)
            if func.id in _BUILTIN_ELEMENT:
                return self._elements(inner)
            return inner
        if type(func) is ast.Attribute:
            method = func.attr
            receiver = self.infer(func.value, scope)
            if self.provider_heuristic is not None and method in apis.BACKEND_LOOKUPS | {"backends"} \
                    and self.provider_heuristic(func.value, receiver):
                receiver = receiver | {PROVIDER}
            for kind in receiver:
                if kind[:1] == QUAL_PREFIX:
                    out.add(call_result(f"{kind[1:]}.{method}"))
                else:
                    out.add(method_result(kind, method))
        else:
            for kind in self.infer(func, scope):
                if kind[:1] == QUAL_PREFIX:
                    out.add(call_result(kind[1:]))
                elif kind[:1] == CLASS_PREFIX:
                    out |= self._local_instance(kind)
                else:
                    out.add(UNKNOWN)
        return frozenset(out) or _UNKNOWN

    def _local_instance(self, class_kind_value: str) -> Kinds:
        """An instance of a class defined in this module: what its bases make it, else known non-IBM."""
        scope = self.model.local_classes.get(class_kind_value)
        if scope is None:
            return _UNKNOWN
        kinds: set[str] = set()
        saved = self._at
        point = scope.point
        self._at = (scope.parent, point[0], point[1]) if point is not None and scope.parent is not None else None
        try:
            names = [name for base in scope.bases for name in self.qualified_names(base, scope.parent or scope)]
        finally:
            self._at = saved
        for name in names:
            found = class_kind(name)
            if found is not None:
                kinds.add(found)
        ibm = kinds & apis.IBM_KINDS
        return frozenset(ibm) if ibm else frozenset({NON_IBM})

    def _infer_Subscript(self, expr: ast.Subscript, scope: Scope) -> Kinds:
        if isinstance(expr.slice, ast.Slice):
            return self.infer(expr.value, scope)
        return self._elements(self.infer(expr.value, scope))

    def _infer_IfExp(self, expr: ast.IfExp, scope: Scope) -> Kinds:
        return self.infer(expr.body, scope) | self.infer(expr.orelse, scope)

    def _infer_BoolOp(self, expr: ast.BoolOp, scope: Scope) -> Kinds:
        out: Kinds = _EMPTY
        for value in expr.values:
            out = out | self.infer(value, scope)
        return out

    def _infer_NamedExpr(self, expr: ast.NamedExpr, scope: Scope) -> Kinds:
        return self.infer(expr.value, scope)

    def _infer_Await(self, expr: ast.Await, scope: Scope) -> Kinds:
        return self.infer(expr.value, scope)

    def _infer_Constant(self, expr: ast.Constant, scope: Scope) -> Kinds:
        if expr.value is None:
            return _NONE
        if isinstance(expr.value, str):
            return _STRING
        return _UNKNOWN

    def _infer_JoinedStr(self, expr: ast.JoinedStr, scope: Scope) -> Kinds:
        return _STRING

    def _infer_List(self, expr: ast.List, scope: Scope) -> Kinds:
        return self._sequence(expr.elts, scope)

    _infer_Tuple = _infer_List
    _infer_Set = _infer_List

    def _infer_ListComp(self, expr: ast.ListComp, scope: Scope) -> Kinds:
        return _UNKNOWN

    def _sequence(self, elements: list[ast.expr], scope: Scope) -> Kinds:
        """A literal list of backends is a list of backends."""
        kinds: Kinds = _EMPTY
        for element in elements:
            kinds = kinds | self.infer(element, scope)
        if BACKEND in kinds:
            return frozenset({BACKENDS})
        if PROVIDER in kinds:
            return frozenset({PROVIDERS})
        return _UNKNOWN

    @staticmethod
    def _elements(container: Kinds) -> Kinds:
        out = set()
        for kind in container:
            element = element_kind(kind)
            out.add(element if element is not None else (NON_IBM if kind == NON_IBM else UNKNOWN))
        return frozenset(out) or _UNKNOWN

    # bindings ----------------------------------------------------------------

    def _bindings_kinds(self, bindings: list[Binding]) -> Kinds:
        out: set[str] = set()
        for binding in bindings:
            out |= self._binding_kinds(binding)
        return frozenset(out)

    def _binding_kinds(self, binding: Binding) -> Kinds:
        tag = binding[0]
        if tag == "qual":
            return frozenset({qual(binding[1])})
        point = getattr(binding, "point", None)
        if tag == "value":
            return self._evaluated_at(point, binding[2], binding[1])
        if tag == "elem":
            iterable = binding[1]
            if isinstance(iterable, (ast.List, ast.Tuple, ast.Set)):
                out: Kinds = _EMPTY
                for element in iterable.elts:
                    out = out | self._evaluated_at(point, binding[2], element)
                return out or _UNKNOWN
            return self._elements(self._evaluated_at(point, binding[2], iterable))
        if tag == "item":
            return _UNKNOWN
        if tag == "class":
            return frozenset({CLASS_PREFIX + str(id(binding[1]))})
        if tag == "param":
            annotation, default, outer = binding[1], binding[2], binding[3]
            kinds: Kinds = self._annotation_kinds(annotation, outer) if annotation is not None else _EMPTY
            if default is not None:
                kinds = kinds | self._evaluated_at(point, outer, default)
            # A parameter's value comes from callers: unknown unless annotated.
            return kinds if annotation is not None and kinds - _NONE else kinds | _UNKNOWN
        if tag == "annot":
            return self._annotation_kinds(binding[1], binding[2]) or _UNKNOWN
        return _UNKNOWN

    def _annotation_kinds(self, annotation: ast.expr, scope: Scope) -> Kinds:
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return _EMPTY
        out: set[str] = set()
        if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
            return self._annotation_kinds(annotation.left, scope) | self._annotation_kinds(annotation.right, scope)
        if isinstance(annotation, ast.Subscript):
            wrapper = {apis.last_part(n) for n in self.qualified_names(annotation.value, scope)}
            inner = annotation.slice
            elements = inner.elts if isinstance(inner, ast.Tuple) else [inner]
            kinds: Kinds = _EMPTY
            for element in elements:
                kinds = kinds | self._annotation_kinds(element, scope)
            if wrapper & {"Optional", "Union"}:
                return kinds
            if wrapper & {"List", "list", "Sequence", "Iterable", "Tuple", "tuple"} and BACKEND in kinds:
                return frozenset({BACKENDS})
            return _EMPTY
        for name in self.qualified_names(annotation, scope):
            kind = class_kind(name)
            if kind is not None:
                out.add(kind)
        return frozenset(out)

    # scopes ------------------------------------------------------------------

    def _lookup(self, name: str, scope: Scope) -> Optional[list[Binding]]:
        current: Optional[Scope] = scope
        first = True
        module = scope
        while current is not None:
            module = current
            if current.kind == "class" and not first:
                current = current.parent  # class bodies are not enclosing scopes
                continue
            bindings = current.bindings.get(name)
            if bindings:
                return bindings
            first = False
            current = current.parent
        return self._star_binding(name, scope, module)

    def _star_binding(self, name: str, scope: Scope, module: Scope) -> Optional[list[Binding]]:
        # A star import brings in the module's API (classes, `least_busy`, `job_monitor`), not
        # lower-case variables: an unbound `backend` stays unknown, so the heuristic still applies.
        if not (name[:1].isupper() or name in apis.STAR_IMPORTED_FUNCTIONS):
            return None
        current: Optional[Scope] = scope
        while current is not None:
            for star in current.stars:
                if apis.is_ibm_package(star) or (star == "qiskit" and name in apis.QISKIT_STAR_NAMES):
                    return [Binding("qual", f"{star}.{name}", apis.is_provider_era(star), name=name)]
            current = current.parent
        return None

    def _self_class(self, name: str, scope: Scope) -> Optional[Scope]:
        current: Optional[Scope] = scope
        while current is not None and current.kind != "class":
            if current.self_name is not None:
                if current.self_name == name and name not in _rebound(current, name):
                    return current.owner
                return None
            if name in current.bindings:
                return None
            current = current.parent
        return None

    def _attribute_bindings(self, owner: Scope, attr: str, seen: set[int]) -> list[Binding]:
        """`self.attr` bindings in a class, its class-body names and same-module base classes."""
        if id(owner) in seen:
            return []
        seen.add(id(owner))
        self.model.members(owner)
        bindings = list(owner.attrs.get(attr, ())) + list(owner.bindings.get(attr, ()))
        for base in owner.bases:
            if isinstance(base, ast.Name):
                base_scope = self.model.class_scopes.get(base.id)
                if base_scope is not None:
                    bindings += self._attribute_bindings(base_scope, attr, seen)
        return bindings


#: ``Provenance._infer_<NodeType>`` by node type (one dict lookup per inferred expression).
_INFER = {getattr(ast, name[len("_infer_"):]): method for name, method in vars(Provenance).items()
          if name.startswith("_infer_") and isinstance(getattr(ast, name[len("_infer_"):], None), type)}


def _rebound(scope: Scope, name: str) -> set[str]:
    """Names rebound in the method other than as its first parameter."""
    bindings = scope.bindings.get(name, [])
    return {name} if any(b[0] != "param" for b in bindings) else set()
