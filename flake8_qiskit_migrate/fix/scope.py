"""Small data-flow questions the fixers ask about one scope, answered conservatively.

Order is source order: the uses of a binding are the reads after it and before the next
binding of the same name. A read from a nested function or lambda is an escape (it may
run later, after the job or result changed shape), so callers give up on it.
"""

from __future__ import annotations

import ast
import weakref
from typing import Dict, Iterator, List, Optional, Union

from ..detect.imports import NESTED_BODIES
from ..detect.model import CHILD_FIELDS, child_fields
from .source import Source

_SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_LOOP_NODES = frozenset({ast.For, ast.AsyncFor, ast.comprehension})

#: A binding of a name: the assigned value, or ("loop", iterable) for a loop variable.
Binding = Union[ast.expr, tuple]


def position(node: ast.AST) -> tuple:
    return (node.lineno, node.col_offset)


class _ScopeIndex:
    """One walk of a scope, kept for every later question about it: its nodes (with whether
    each sits in a nested scope), its names by identifier, its loops. Asking per finding must
    not walk the scope again, or fix is quadratic."""

    def __init__(self, scope: ast.AST) -> None:
        roots = scope.body if isinstance(scope.body, list) else [scope.body]
        stack = [(child, False) for child in reversed(roots)]
        self.nodes: List[tuple] = []
        self.names: Dict[str, List[tuple]] = {}
        self.loops: List[ast.AST] = []
        AST, Name, loops, scopes = ast.AST, ast.Name, _LOOP_NODES, _SCOPE_NODES
        fields_of = CHILD_FIELDS
        while stack:
            node, nested = stack.pop()
            entry = (node, nested)
            self.nodes.append(entry)
            kind = type(node)
            if kind is Name:
                self.names.setdefault(node.id, []).append(entry)
                continue  # its only child is the shared context leaf
            if kind in loops:
                self.loops.append(node)
            inner = nested or kind in scopes
            fields = fields_of.get(kind)
            if fields is None:
                fields = child_fields(kind)
            children = []
            for field in fields:  # `ast.iter_child_nodes` order, without operator/context leaves
                value = getattr(node, field, None)
                if isinstance(value, AST):
                    children.append(value)
                elif isinstance(value, list):
                    children.extend(item for item in value if isinstance(item, AST))
            stack.extend((child, inner) for child in reversed(children))


_INDEXES: "weakref.WeakKeyDictionary[ast.AST, _ScopeIndex]" = weakref.WeakKeyDictionary()


def _index(scope: ast.AST) -> _ScopeIndex:
    index = _INDEXES.get(scope)
    if index is None:
        index = _INDEXES[scope] = _ScopeIndex(scope)
    return index


def walk_scope(scope: ast.AST) -> Iterator[tuple]:
    """Yield (node, nested) for every node of a scope; ``nested`` is True inside inner
    functions, lambdas and classes (whose reads happen at an unknown time)."""
    return iter(_index(scope).nodes)


_DECLARED: "weakref.WeakKeyDictionary[ast.AST, frozenset]" = weakref.WeakKeyDictionary()


def _declared(scope: ast.AST) -> frozenset:
    """The names a scope declares global or nonlocal. Only its statements are looked at, not
    their expressions nor nested scopes: asked of the module, a full index would walk every node
    of the file for an answer that sits in a few statements."""
    known = _DECLARED.get(scope)
    if known is None:
        names: set = set()
        stack = list(scope.body) if isinstance(scope.body, list) else []
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.Global, ast.Nonlocal)):
                names.update(node.names)
            elif not isinstance(node, _SCOPE_NODES):
                for field in NESTED_BODIES.get(type(node), ()):
                    stack.extend(getattr(node, field))
        known = _DECLARED[scope] = frozenset(names)
    return known


def declared_nonlocal(scope: ast.AST, name: str) -> bool:
    return name in _declared(scope)


def uses_after(scope: ast.AST, name: str, binding: ast.Name) -> Optional[List[ast.Name]]:
    """Reads of ``name`` that see ``binding``; None if any read escapes into a nested scope
    or the name is declared global/nonlocal."""
    if declared_nonlocal(scope, name):
        return None
    names = []
    for node, nested in _index(scope).names.get(name, ()):
        if nested:
            return None
        names.append(node)
    names.sort(key=position)
    uses: List[ast.Name] = []
    started = False
    for node in names:
        if node is binding:
            started = True
            continue
        if not started:
            continue
        if not isinstance(node.ctx, ast.Load):
            break
        uses.append(node)
    return uses


def bindings(source: Source, scope: ast.AST, name: str) -> Optional[List[Binding]]:
    """Every binding of ``name`` in ``scope`` (the module's too if the scope has none and the
    name is not a parameter). None when a binding is not a plain one (tuple unpacking,
    augmented assignment, parameter, import, with-as)."""
    found: List[Binding] = []
    for node, nested in _index(scope).names.get(name, ()):
        if nested or isinstance(node.ctx, ast.Load):
            continue
        parent = source.parents.get(node)
        if isinstance(parent, ast.Assign) and node in parent.targets:
            found.append(parent.value)
        elif isinstance(parent, ast.AnnAssign) and parent.target is node and parent.value is not None:
            found.append(parent.value)
        elif isinstance(parent, (ast.For, ast.AsyncFor, ast.comprehension)) and parent.target is node:
            found.append(("loop", parent.iter))
        elif isinstance(parent, ast.NamedExpr) and parent.target is node:
            found.append(parent.value)
        elif _unpacked_value(source, parent, node) is not None:
            found.append(_unpacked_value(source, parent, node))
        else:
            return None
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        params = scope.args
        every = params.posonlyargs + params.args + params.kwonlyargs + [a for a in (params.vararg, params.kwarg) if a]
        if any(arg.arg == name for arg in every):
            return None
        if not found:
            return bindings(source, source.tree, name)
    return found


def parameter_annotation(scope: ast.AST, name: str) -> Optional[ast.expr]:
    """The annotation of parameter ``name`` of function ``scope``, if it has one."""
    if not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    params = scope.args
    for arg in params.posonlyargs + params.args + params.kwonlyargs:
        if arg.arg == name:
            return arg.annotation
    return None


def _unpacked_value(source: Source, target: ast.AST, node: ast.Name) -> Optional[ast.expr]:
    """``b`` in ``a, b = x, y`` is bound to ``y``."""
    assign = source.parents.get(target)
    if not (isinstance(target, (ast.Tuple, ast.List)) and isinstance(assign, ast.Assign)
            and isinstance(assign.value, (ast.Tuple, ast.List)) and target in assign.targets):
        return None
    if len(target.elts) != len(assign.value.elts) or any(isinstance(e, ast.Starred) for e in target.elts):
        return None
    for element, value in zip(target.elts, assign.value.elts):
        if element is node:
            return value
    return None


def is_int_loop_variable(source: Source, scope: ast.AST, name: str) -> bool:
    """``i`` in ``for i in range(...)`` or ``for i, x in enumerate(...)``."""
    for node in _index(scope).loops:
        iterable, target = node.iter, node.target
        if not isinstance(iterable, ast.Call) or not isinstance(iterable.func, ast.Name):
            continue
        if iterable.func.id == "range" and isinstance(target, ast.Name) and target.id == name:
            return True
        if (iterable.func.id == "enumerate" and isinstance(target, ast.Tuple) and target.elts
                and isinstance(target.elts[0], ast.Name) and target.elts[0].id == name):
            return True
    return False


def is_pure(expr: ast.expr) -> bool:
    """A name or attribute chain: safe to write twice (``backend``, ``self.backend``)."""
    while isinstance(expr, ast.Attribute):
        expr = expr.value
    return isinstance(expr, ast.Name)
