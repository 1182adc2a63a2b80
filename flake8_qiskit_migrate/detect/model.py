"""The model of names: scopes, what each name is bound to, and the sites to check.

One pass over the statements of a module builds the scopes (module, class, function,
lambda, comprehension) with every binding of every name, including ``self.<attr>``
bindings gathered across the methods of a class. Expressions are walked only in
statements that can hold a finding (``hot`` lines, found by a cheap text scan), so the
cost on large files stays a fraction of parsing them.

Bindings are recorded, not evaluated: ``provenance.py`` evaluates them lazily, and only
for the receivers a check asks about.
"""

from __future__ import annotations

import ast
from typing import NamedTuple, Optional, Sequence, Union

from ..apis import CLASS_PREFIX, REMOVED_CHANNEL, RETIRED_SIMULATORS
from .imports import import_facts

# --- bindings ------------------------------------------------------------------

# A binding is a small tuple whose first item says how to evaluate it:
#   ("qual", qualified_name, deprecated)      an import
#   ("value", expr, scope)                    `name = expr`, `with expr as name`, walrus
#   ("elem", expr, scope)                     `for name in expr`, comprehension targets
#   ("item", expr, scope, index)              one element of an unpacked tuple target
#   ("param", annotation, default, scope)     a function parameter
#   ("annot", annotation, scope)              `name: T` with no value
#   ("class", classdef)                       a class defined in this module
#   ("unknown",)                              def, class, except, augmented assignment ...
Binding = tuple

UNKNOWN_BINDING: Binding = ("unknown",)

# A narrowing maps a receiver key ("name" or "self.attr") to the kind `isinstance` proved.
Narrowing = tuple  # tuple of (key, kind, positive) triples, innermost first


class Scope:
    __slots__ = ("kind", "node", "parent", "bindings", "attrs", "global_names", "stars",
                 "self_name", "owner", "bases")

    def __init__(self, kind: str, node: ast.AST, parent: Optional["Scope"]) -> None:
        self.kind = kind  # "module", "class", "function", "lambda", "comprehension"
        self.node = node
        self.parent = parent
        self.bindings: dict[str, list[Binding]] = {}
        self.attrs: dict[str, list[Binding]] = {}  # class scopes: self.<attr> bindings
        self.global_names: set[str] = set()
        self.stars: list[str] = []  # modules star-imported in this scope
        self.self_name: Optional[str] = None  # methods: the name of `self`
        self.owner: Optional[Scope] = None  # methods: the class scope
        self.bases: list[ast.expr] = []  # classes: base class expressions

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<Scope {self.kind} {getattr(self.node, 'name', '')}>"


class Site(NamedTuple):
    """An expression a check will look at, with the context needed to judge it."""

    node: ast.AST
    scope: Scope
    narrowing: Narrowing


class ImportSite(NamedTuple):
    node: Union[ast.Import, ast.ImportFrom]
    deprecated: bool


class ValueSite(NamedTuple):
    """A string constant in a position QM007/QM008 care about."""

    node: ast.Constant
    kind: str  # "keyword", "default", "assign", "argument"
    name: Optional[str]  # keyword / parameter / assigned variable name


class ModuleModel:
    def __init__(self, module_scope: Scope) -> None:
        self.module = module_scope
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


# --- building ------------------------------------------------------------------

_STATIC_DECORATORS = frozenset({"staticmethod"})


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


class ModelBuilder:
    """Builds a :class:`ModuleModel`; ``hot_lines`` (None: every line) limits expression walking."""

    def __init__(self, hot_lines: Optional[Sequence[int]] = None) -> None:
        # Bindings are recorded for every statement; expressions are walked only in roots
        # (simple statements, tests, decorators, ...) that span a hot line. None: all are.
        self._hot = None if hot_lines is None else _line_mask(hot_lines)

    def build(self, tree: ast.Module) -> ModuleModel:
        module = Scope("module", tree, None)
        self.model = ModuleModel(module)
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

    # statements --------------------------------------------------------------

    def _statements(self, body: list[ast.stmt], scope: Scope, narrowing: Narrowing) -> None:
        handlers = _STATEMENT_HANDLERS
        for stmt in body:
            handler = handlers.get(type(stmt))
            if handler is not None:
                handler(self, stmt, scope, narrowing)
            else:
                # Simple statements: Expr, Return, Delete, Raise, Assert, Pass, ...
                self._expressions(stmt, scope, narrowing)

    def _stmt_Import(self, node: ast.Import, scope: Scope, narrowing: Narrowing) -> None:
        self._record_import(node, scope)

    def _stmt_ImportFrom(self, node: ast.ImportFrom, scope: Scope, narrowing: Narrowing) -> None:
        self._record_import(node, scope)

    def _record_import(self, node: Union[ast.Import, ast.ImportFrom], scope: Scope) -> None:
        facts = import_facts(node)
        model = self.model
        model.imports.append(ImportSite(node, facts.deprecated))
        model.imports_provider_era = model.imports_provider_era or facts.deprecated
        model.imports_ibm = model.imports_ibm or facts.ibm
        for imported in facts.names:
            self._bind_name(imported.local, ("qual", imported.qualified, imported.deprecated), scope)
        for local, original in facts.aliases:
            model.aliases.setdefault(local, set()).add(original)
        if facts.star:
            scope.stars.append(facts.star)

    def _stmt_FunctionDef(self, node: Union[ast.FunctionDef, ast.AsyncFunctionDef], scope: Scope,
                          narrowing: Narrowing) -> None:
        self._bind_name(node.name, UNKNOWN_BINDING, scope)
        decorators = node.decorator_list
        for decorator in decorators:
            self._expressions(decorator, scope, narrowing)
        if node.returns is not None:
            self._expressions(node.returns, scope, narrowing)
        inner = Scope("function", node, scope)
        args = node.args
        self._parameters(args, inner, scope, narrowing)
        if scope.kind == "class" and not (decorators and any(
            type(d) is ast.Name and d.id in _STATIC_DECORATORS for d in decorators  # type: ignore[attr-defined]
        )):
            first = args.posonlyargs[0] if args.posonlyargs else args.args[0] if args.args else None
            if first is not None:
                inner.self_name = first.arg
                inner.owner = scope
        self._statements(node.body, inner, ())

    _stmt_AsyncFunctionDef = _stmt_FunctionDef

    def _parameters(self, args: ast.arguments, inner: Scope, outer: Scope, narrowing: Narrowing) -> None:
        bindings = inner.bindings
        positional = args.posonlyargs + args.args if args.posonlyargs else args.args
        annotations = []
        plain = len(positional) - len(args.defaults)
        for index, arg in enumerate(positional):
            default = args.defaults[index - plain] if index >= plain else None
            bindings.setdefault(arg.arg, []).append(("param", arg.annotation, default, outer))
            if arg.annotation is not None:
                annotations.append(arg.annotation)
            if default is not None:
                self._default(arg, default, outer, narrowing)
        if args.kwonlyargs or args.vararg or args.kwarg:  # rare: the usual `def f(self, x)` skips it
            for arg, default in zip(args.kwonlyargs, args.kw_defaults):
                bindings.setdefault(arg.arg, []).append(("param", arg.annotation, default, outer))
                if arg.annotation is not None:
                    annotations.append(arg.annotation)
                if default is not None:
                    self._default(arg, default, outer, narrowing)
            for arg in (args.vararg, args.kwarg):
                if arg is not None:
                    inner.bind(arg.arg, UNKNOWN_BINDING)
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
        self._bind_name(node.name, ("class", node), scope)
        for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self._expressions(expr, scope, narrowing)
        inner = Scope("class", node, scope)
        inner.bases = list(node.bases)
        self.model.class_scopes.setdefault(node.name, inner)
        self.model.local_classes[CLASS_PREFIX + str(id(node))] = inner
        self._statements(node.body, inner, ())

    def _stmt_Assign(self, node: ast.Assign, scope: Scope, narrowing: Narrowing) -> None:
        value = node.value
        binding = ("value", value, scope)
        value_kind = type(value)
        for target in node.targets:
            if type(target) is ast.Name:
                name = target.id  # type: ignore[attr-defined]
                self._bind_name(name, binding, scope)
                # `Provider = IBMProvider` makes `Provider(...)` a site the text scan must see.
                if value_kind is ast.Name or value_kind is ast.Attribute:
                    original = _name_of(value)
                    if original != name:
                        self.model.aliases.setdefault(name, set()).add(original)  # type: ignore[arg-type]
            else:
                self._bind_target(target, binding, scope, value)
        if value_kind is ast.Constant:
            self._assigned_value(value, node.targets)
        self._expressions(node, scope, narrowing)

    def _stmt_AnnAssign(self, node: ast.AnnAssign, scope: Scope, narrowing: Narrowing) -> None:
        target = node.target
        if node.value is not None:
            self._bind_target(target, ("value", node.value, scope), scope, node.value)
            self._assigned_value(node.value, [target])
        self._bind_target(target, ("annot", node.annotation, scope), scope, None)
        self._expressions(node, scope, narrowing)

    def _stmt_AugAssign(self, node: ast.AugAssign, scope: Scope, narrowing: Narrowing) -> None:
        self._bind_target(node.target, UNKNOWN_BINDING, scope, None)
        self._expressions(node, scope, narrowing)

    def _assigned_value(self, value: ast.expr, targets: list[ast.expr]) -> None:
        if _is_name_constant_str(value):
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            self.model.values.append(ValueSite(value, "assign", names[0] if names else None))  # type: ignore[arg-type]

    def _stmt_For(self, node: Union[ast.For, ast.AsyncFor], scope: Scope, narrowing: Narrowing) -> None:
        self._bind_loop_target(node.target, node.iter, scope, scope)
        self._expressions(node.target, scope, narrowing)
        self._expressions(node.iter, scope, narrowing)
        self._statements(node.body, scope, narrowing)
        self._statements(node.orelse, scope, narrowing)

    _stmt_AsyncFor = _stmt_For

    def _stmt_While(self, node: ast.While, scope: Scope, narrowing: Narrowing) -> None:
        self._expressions(node.test, scope, narrowing)
        self._statements(node.body, scope, narrowing)
        self._statements(node.orelse, scope, narrowing)

    def _stmt_If(self, node: ast.If, scope: Scope, narrowing: Narrowing) -> None:
        self._expressions(node.test, scope, narrowing)
        body_narrowing, else_narrowing = narrowing, narrowing
        proved = _isinstance_test(node.test)
        if proved is not None:
            key, classes, positive = proved
            body_narrowing = ((key, classes, positive), *narrowing)
            else_narrowing = ((key, classes, not positive), *narrowing)
        self._statements(node.body, scope, body_narrowing)
        self._statements(node.orelse, scope, else_narrowing)

    def _stmt_With(self, node: Union[ast.With, ast.AsyncWith], scope: Scope, narrowing: Narrowing) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self._bind_target(item.optional_vars, ("value", item.context_expr, scope), scope, item.context_expr)
            self._expressions(item.context_expr, scope, narrowing)
        self._statements(node.body, scope, narrowing)

    _stmt_AsyncWith = _stmt_With

    def _stmt_Try(self, node: ast.Try, scope: Scope, narrowing: Narrowing) -> None:
        self._statements(node.body, scope, narrowing)
        for handler in node.handlers:
            if handler.name:
                self._bind_name(handler.name, UNKNOWN_BINDING, scope)
            if handler.type is not None:
                self._expressions(handler.type, scope, narrowing)
            self._statements(handler.body, scope, narrowing)
        self._statements(node.orelse, scope, narrowing)
        self._statements(node.finalbody, scope, narrowing)

    _stmt_TryStar = _stmt_Try

    def _stmt_Match(self, node: ast.AST, scope: Scope, narrowing: Narrowing) -> None:
        subject = node.subject  # type: ignore[attr-defined]
        self._expressions(subject, scope, narrowing)
        for case in node.cases:  # type: ignore[attr-defined]
            for sub in ast.walk(case.pattern):
                name = getattr(sub, "name", None) or getattr(sub, "rest", None)
                if isinstance(name, str):
                    self._bind_name(name, UNKNOWN_BINDING, scope)
            if case.guard is not None:
                self._expressions(case.guard, scope, narrowing)
            self._statements(case.body, scope, narrowing)

    def _stmt_Global(self, node: Union[ast.Global, ast.Nonlocal], scope: Scope, narrowing: Narrowing) -> None:
        scope.global_names.update(node.names)

    _stmt_Nonlocal = _stmt_Global

    # binding targets -----------------------------------------------------------

    def _bind_name(self, name: str, binding: Binding, scope: Scope) -> None:
        if scope.global_names and name in scope.global_names:
            target = scope
            # `global x` binds in the module; `nonlocal x` in the nearest enclosing function.
            while target.parent is not None:
                target = target.parent
                if target.kind == "function" and name in target.bindings:
                    break
            target.bind(name, binding)
            return
        scope.bind(name, binding)

    def _bind_target(self, target: ast.expr, binding: Binding, scope: Scope, value: Optional[ast.expr]) -> None:
        kind = type(target)
        if kind is ast.Name:
            self._bind_name(target.id, binding, scope)  # type: ignore[attr-defined]
        elif kind is ast.Attribute:
            owner = self._self_owner(target, scope)
            if owner is not None:
                owner.attrs.setdefault(target.attr, []).append(binding)  # type: ignore[attr-defined]
        elif kind in (ast.Tuple, ast.List):
            elements = target.elts  # type: ignore[attr-defined]
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) else None  # type: ignore[union-attr]
            if values is not None and len(values) == len(elements) and not any(
                isinstance(e, ast.Starred) for e in (*elements, *values)
            ):
                for element, element_value in zip(elements, values):
                    self._bind_target(element, ("value", element_value, scope), scope, element_value)
            else:
                for index, element in enumerate(elements):
                    item = ("item", value, scope, index) if value is not None and binding[0] == "value" else UNKNOWN_BINDING
                    self._bind_target(element, item, scope, None)
        elif kind is ast.Starred:
            self._bind_target(target.value, UNKNOWN_BINDING, scope, None)  # type: ignore[attr-defined]

    def _bind_loop_target(self, target: ast.expr, iterable: ast.expr, scope: Scope, eval_scope: Scope) -> None:
        if isinstance(target, ast.Name):
            self._bind_name(target.id, ("elem", iterable, eval_scope), scope)
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            # `for i, backend in enumerate(provider.backends())`
            if (isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name)
                    and iterable.func.id == "enumerate" and iterable.args and len(target.elts) == 2):
                self._bind_target(target.elts[0], UNKNOWN_BINDING, scope, None)
                self._bind_loop_target(target.elts[1], iterable.args[0], scope, eval_scope)
                return
        self._bind_target(target, UNKNOWN_BINDING, scope, None)
        if isinstance(target, ast.Attribute):
            owner = self._self_owner(target, scope)
            if owner is not None:
                owner.attrs.setdefault(target.attr, []).append(("elem", iterable, eval_scope))

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

    def _walk(self, root: ast.AST, scope: Scope, narrowing: Narrowing) -> None:
        """Record sites inside one hot statement or expression, tracking inner scopes."""
        model = self.model
        calls, attributes, values = model.calls, model.attributes, model.values
        stack: list[tuple[ast.AST, Scope]] = [(root, scope)]
        push, pop = stack.append, stack.pop
        Call, Attribute, NamedExpr, Lambda, Constant = ast.Call, ast.Attribute, ast.NamedExpr, ast.Lambda, ast.Constant
        child_fields, skipped, strings = _CHILD_FIELDS, _NOTHING_TO_RECORD, _INTERESTING_STRINGS
        while stack:
            node, current = pop()
            kind = type(node)
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
                    self._bind_target(target, ("value", value, current), target_scope, value)
                    if _is_name_constant_str(value):
                        values.append(ValueSite(value, "assign", target.id))
                elif kind is Lambda:
                    inner = Scope("lambda", node, current)
                    self._parameters(node.args, inner, current, narrowing)  # type: ignore[attr-defined]
                    push((node.body, inner))  # type: ignore[attr-defined]
                    continue
                else:  # a comprehension
                    inner = Scope("comprehension", node, current)
                    for index, generator in enumerate(node.generators):  # type: ignore[attr-defined]
                        # The first iterable is evaluated in the enclosing scope.
                        eval_scope = current if index == 0 else inner
                        self._bind_loop_target(generator.target, generator.iter, inner, eval_scope)
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
            fields = child_fields.get(kind)
            if fields is None:
                fields = child_fields[kind] = _child_fields(kind)
            for name in fields:
                child = getattr(node, name, None)
                if type(child) is list:
                    for item in child:
                        if type(item) not in skipped:
                            push((item, current))
                elif type(child) not in skipped:
                    push((child, current))


def _child_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node type that can hold another expression worth walking."""
    if kind in _NOTHING_TO_RECORD:
        return ()
    return tuple(f for f in getattr(kind, "_fields", ()) if f not in _NON_NODE_FIELDS)


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


_SITE_ATTRIBUTES = frozenset({"session", "IBMQ", "ibmq"})
_SCOPED = frozenset({ast.NamedExpr, ast.Lambda, ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp})
# Leaves, operators and absent children: nothing inside them is recorded.
_NOTHING_TO_RECORD = frozenset({ast.Name, ast.Constant, type(None), str, int} | {
    cls for cls in vars(ast).values()
    if isinstance(cls, type) and issubclass(cls, (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop))
})
# Fields that hold names, operators, flags or comments, never a node to walk.
_NON_NODE_FIELDS = frozenset({"ctx", "op", "ops", "id", "attr", "arg", "type_comment", "conversion", "level",
                              "is_async", "kind"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


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
