"""The import block a fix plan needs: add the names the fixes introduced, drop the names
whose every use the fixes removed, move deprecated names that have a runtime equivalent.

Imports are planned on the original text, from the site edits already chosen: a use of
a name counts as gone when an edit replaces the text around it with text that does not
mention the name. Uses are what pyflakes and the interpreter see: names in code, in string
annotations (``Optional["IBMProvider"]``), in ``# type:`` comments and in ``__all__``; an
import is dropped only when none is left, and a name listed in ``__all__`` or imported unused
by a package's ``__init__.py`` (a re-export) is never dropped or renamed.

New imports go before the first line that uses them: merged into an existing import, or
after the module's last top-level import when that comes first, else after its leading
import block, else at the top (after the docstring and ``__future__`` imports). A notebook's
cells are one module, so that is the first code cell that needs them.

libcst's codemod helpers (AddImportsVisitor, RemoveImportsVisitor) were considered: they
place new imports after the leading import block only (a NameError where a module's imports
come late), do not see ``__all__`` re-exports or ``TYPE_CHECKING`` visibility, and would
rewrite the module through a second tree whose edits do not name the findings they serve;
the planner keeps to offsets into the original text instead.
"""

from __future__ import annotations

import ast
import bisect
import contextvars
import io
import re
import tokenize
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union

from ..findings import Finding
from .context import FixContext, ImportNeed
from .source import DEPENDENT, IMPORT, Edit, UnsafePosition
from ..apis import is_provider_era, is_removed_tool
from ..detect.imports import imported_names

#: Deprecated names with a runtime equivalent: (module prefix, name) -> (module, name).
RUNTIME_EQUIVALENTS = {
    ("qiskit_ibm_provider", "IBMProvider"): ("qiskit_ibm_runtime", "QiskitRuntimeService"),
    ("qiskit_ibm_provider", "IBMBackend"): ("qiskit_ibm_runtime", "IBMBackend"),
    ("qiskit_ibm_provider.ibm_backend", "IBMBackend"): ("qiskit_ibm_runtime", "IBMBackend"),
    ("qiskit_ibm_provider.ibm_provider", "IBMProvider"): ("qiskit_ibm_runtime", "QiskitRuntimeService"),
    ("qiskit.providers.ibmq", "IBMQBackend"): ("qiskit_ibm_runtime", "IBMBackend"),
    ("qiskit.providers.ibmq.ibmqbackend", "IBMQBackend"): ("qiskit_ibm_runtime", "IBMBackend"),
}
SCHEDULING = "qiskit_ibm_provider.transpiler.passes.scheduling"
LINE_LIMIT = 99
#: Set while a package's ``__init__.py`` is fixed: its unused imports are re-exports.
PACKAGE_INIT: contextvars.ContextVar[bool] = contextvars.ContextVar("qiskit_migrate_package_init", default=False)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TYPE_COMMENT = re.compile(r"#\s*type:\s*(?!ignore\b)(.*)")


class TextUses:
    """Uses of names that are not ``ast.Name`` nodes: string annotations (renamable: the
    string literal is rewritten), and ``# type:`` comments and ``__all__`` (pinned: the
    import stays as it is)."""

    def __init__(self, source) -> None:
        self.strings: Dict[str, List[ast.Constant]] = {}
        self.pinned: Set[str] = set()
        for node in _annotation_strings(source.tree, source.nodes_of(
                ast.arg, ast.FunctionDef, ast.AsyncFunctionDef, ast.AnnAssign, ast.Call)):
            try:
                expression = ast.parse(node.value.strip(), mode="eval")
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            for name in ast.walk(expression):
                if isinstance(name, ast.Name):
                    self.strings.setdefault(name.id, []).append(node)
        self.pinned.update(_exported(source.tree, source.nodes_of(ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Call)))
        if _TYPE_COMMENT.search(source.text):  # most files have none: no tokenizing then
            try:
                for token in tokenize.generate_tokens(io.StringIO(source.text).readline):
                    if token.type == tokenize.COMMENT:
                        match = _TYPE_COMMENT.match(token.string)
                        if match:
                            self.pinned.update(_IDENTIFIER.findall(match.group(1)))
            except (tokenize.TokenError, SyntaxError):
                pass


def _annotation_strings(tree: ast.Module, nodes: Optional[Iterable[ast.AST]] = None) -> Iterable[ast.Constant]:
    """String constants where Python and pyflakes read a type: inside annotations, the
    first argument of ``cast(...)`` and the bound/constraints of ``TypeVar(...)``."""
    roots: List[ast.AST] = []
    for node in (nodes if nodes is not None else ast.walk(tree)):
        if isinstance(node, ast.arg) and node.annotation is not None:
            roots.append(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            roots.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            roots.append(node.annotation)
        elif isinstance(node, ast.Call):
            func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if func == "cast" and node.args:
                roots.append(node.args[0])
            elif func == "TypeVar":
                roots.extend(node.args[1:])
                roots.extend(k.value for k in node.keywords if k.arg == "bound")
    for root in roots:
        for node in ast.walk(root):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node


def _exported(tree: ast.Module, nodes: Optional[Iterable[ast.AST]] = None) -> Set[str]:
    """Names listed in ``__all__`` (assigned, augmented, extended or appended)."""
    names: Set[str] = set()
    for node in (nodes if nodes is not None else ast.walk(tree)):
        value: Optional[ast.AST] = None
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                value = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "__all__":
            value = node
        if value is not None:
            names.update(n.value for n in ast.walk(value) if isinstance(n, ast.Constant) and isinstance(n.value, str))
    return names


def _runtime_equivalent(module: str, name: str) -> Optional[Tuple[str, str]]:
    if module == SCHEDULING:
        return ("qiskit_ibm_runtime.transpiler.passes.scheduling", name)
    return RUNTIME_EQUIVALENTS.get((module, name))


class _ImportPlanner:
    def __init__(self, ctx: FixContext, site_edits: Sequence[Edit]) -> None:
        self.ctx, self.src, self.site_edits = ctx, ctx.source, list(site_edits)
        self.qm001 = {f.line: f for f in ctx.findings if f.code == "QM001"} if "QM001" in ctx.fixable_codes else {}
        self.edits: List[Edit] = []
        #: names moved into a runtime import written where a nested deprecated import was
        self.in_place: Dict[ast.stmt, List[Tuple[str, str]]] = {}
        self.text_uses = TextUses(self.src)
        self.package_init = PACKAGE_INIT.get()
        #: local name -> the import statements that bind it
        self.import_bindings: Dict[str, List[ast.stmt]] = {}
        for node in self.src.nodes_of(ast.Import, ast.ImportFrom):  # the source's index: no walk of the tree
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for bound in imported_names(node):
                    self.import_bindings.setdefault(bound.local, []).append(node)
        #: deprecated names already renamed to their equivalent (by the first of their imports)
        self.renamed: Set[str] = set()
        self._survivors: Dict[str, Tuple[List[Union[ast.Name, ast.Constant]], List[Finding], bool]] = {}

    # --- which uses survive the site edits ----------------------------------------------------

    def _covering(self, node: ast.AST) -> List[Edit]:
        start, end = self.src.span(node)
        # site edits never overlap: only the last real edit starting at or before the node can
        # cover it (a bisection, not a scan of every edit per use: fix stays linear)
        if getattr(self, "_by_start", None) is None:
            self._by_start = sorted(self.site_edits, key=lambda e: (e.start, e.end))
            self._starts = [e.start for e in self._by_start]
        index = bisect.bisect_right(self._starts, start)
        found = []
        while index > 0:
            index -= 1
            edit = self._by_start[index]
            if edit.start <= start and end <= edit.end:
                found.append(edit)
            if edit.start < edit.end:
                break
        return found[::-1]

    def survivors(self, local: str) -> Tuple[List[Union[ast.Name, ast.Constant]], List[Finding], bool]:
        """(uses left untouched, findings whose edits removed uses, whether an edit's new text
        still mentions the name). String annotations that mention the name are uses. Asked
        once per name (an import written in every function of a module asks for the same
        name again: scanning its uses and the edits each time would make fix quadratic)."""
        known = self._survivors.get(local)
        if known is None:
            known = self._survivors[local] = self._compute_survivors(local)
        remaining, consumers, mentioned = known
        return list(remaining), list(consumers), mentioned

    def _compute_survivors(self, local: str) -> Tuple[List[Union[ast.Name, ast.Constant]], List[Finding], bool]:
        word = re.compile(rf"\b{re.escape(local)}\b")
        remaining, consumers = [], []
        for use in self.ctx.uses.get(local, []) + self.text_uses.strings.get(local, []):
            covering = self._covering(use)
            if not covering:
                remaining.append(use)
                continue
            consumers.extend(f for e in covering for f in e.serves)
        mentioned = any(word.search(e.text) for e in self.site_edits)
        return remaining, consumers, mentioned

    def _renames(self, uses: List[Union[ast.Name, ast.Constant]], old: str, new: str,
                 flagged: Finding) -> Optional[List[Edit]]:
        if old == new:
            return []
        word = re.compile(rf"\b{re.escape(old)}\b")
        edits = []
        try:
            for use in uses:
                if isinstance(use, ast.Name):
                    edits.append(self.src.replace(use, new, [flagged], DEPENDENT))
                    continue
                literal = self.src.segment(use)  # a string annotation: rewrite the literal
                if "\\" in literal or not literal[:1] in ("'", '"') or ast.literal_eval(literal) != use.value:
                    return None
                edits.append(self.src.replace(use, word.sub(new, literal), [flagged], DEPENDENT))
        except (UnsafePosition, SyntaxError, ValueError):
            return None
        return edits

    def _pinned(self, local: str) -> bool:
        """A re-export or a use the planner cannot rewrite: the import stays as it is."""
        return local in self.text_uses.pinned

    def _renamable(self, local: str) -> bool:
        """The uses of ``local`` can only mean this import: it is bound by one import, or by
        several top-level flagged imports of the same name (written twice), and nothing else."""
        statements = self.import_bindings.get(local, [])
        if local in self.ctx.other_bindings or len(self.ctx.imported.get(local, ())) != 1:
            return False
        return len(statements) == 1 or all(self._top_level(s) and s.lineno in self.qm001 for s in statements)

    def _need_equivalent(self, stmt: ast.ImportFrom, equivalent: Tuple[str, str]) -> Optional[str]:
        """The local name for a moved import. A module-level import joins the import block; one
        inside a function or an ``if TYPE_CHECKING:`` block is replaced where it is."""
        if self._top_level(stmt):
            return self.ctx.need(*equivalent)
        module, name = equivalent
        if name in self.ctx.other_bindings or self.ctx.imported.get(name, {f"{module}.{name}"}) != {f"{module}.{name}"}:
            return None
        self.in_place.setdefault(stmt, []).append((module, name))
        return name

    def _top_level(self, stmt: ast.stmt) -> bool:
        # the parent index, not `in tree.body`: a scan of the body per import is quadratic
        return self.src.parents.get(stmt) is self.src.tree

    def _called(self, use: ast.Name) -> bool:
        parent = self.src.parents.get(use)
        if isinstance(parent, ast.Attribute):
            use, parent = parent, self.src.parents.get(parent)
        return isinstance(parent, ast.Call) and parent.func is use

    # --- the plan -------------------------------------------------------------------------

    def plan(self) -> List[Edit]:
        rewritten: Dict[ast.stmt, Tuple[List[str], List[Finding]]] = {}
        for stmt in self.src.nodes_of(ast.Import, ast.ImportFrom):
            if isinstance(stmt, ast.ImportFrom) and stmt.level == 0 and stmt.module:
                outcome = self._from_import(stmt)
            elif isinstance(stmt, ast.Import):
                outcome = self._plain_import(stmt)
            else:
                continue
            if outcome is not None:
                rewritten[stmt] = outcome
        self._place(rewritten)
        return self.edits

    def _from_import(self, stmt: ast.ImportFrom) -> Optional[Tuple[List[str], List[Finding]]]:
        kept: List[str] = []
        serves: List[Finding] = []
        changed = False
        flagged = self.qm001.get(stmt.lineno)
        if stmt.names[0].name == "*":
            return self._star_import(stmt, flagged)
        for alias, bound in zip(stmt.names, imported_names(stmt) if stmt.names[0].name != "*" else []):
            text = alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"
            remaining, consumers, mentioned = self.survivors(bound.local)
            used_before = bool(self.ctx.uses.get(bound.local) or self.text_uses.strings.get(bound.local))
            if self._pinned(bound.local) or (self.package_init and not used_before):
                kept.append(text)  # re-exported (or used where the fix cannot follow)
                continue
            if bound.deprecated:
                if flagged is None:
                    kept.append(text)
                    continue
                if not remaining and not mentioned:
                    changed = True
                    serves += [flagged] + consumers
                    continue
                equivalent = _runtime_equivalent(stmt.module, alias.name)
                # A call left in place (IBMProvider(url=...)) is a finding of its own: renaming
                # it here would fix it behind its back, so the deprecated import stays.
                if equivalent is not None and bound.local in self.renamed:
                    changed = True  # the same import written again: its first copy was moved
                    serves.append(flagged)
                    continue
                if equivalent is not None and not mentioned and self._renamable(bound.local) \
                        and not any(self._called(use) for use in remaining if isinstance(use, ast.Name)):
                    renames = self._renames(remaining, bound.local, equivalent[1], flagged)
                    new_local = self._need_equivalent(stmt, equivalent) if renames is not None else None
                    if new_local == equivalent[1]:
                        self.ctx.commit(flagged)
                        self.renamed.add(bound.local)
                        changed = True
                        serves.append(flagged)
                        self.edits.extend(renames)
                        continue
                    self.ctx.rollback()
                kept.append(text)
            elif used_before and not remaining and not mentioned and consumers:
                changed = True
                serves += consumers
            else:
                kept.append(text)
        if not changed:
            return None
        return kept, serves

    def _star_import(self, stmt: ast.ImportFrom, flagged: Optional[Finding]) -> Optional[Tuple[List[str], List[Finding]]]:
        """``from qiskit import *`` is flagged for the ``IBMQ`` it brought in before Qiskit 1.0.
        Once the fixes leave no use of ``IBMQ``, the statement is right as it is (it still
        brings ``QuantumCircuit``, ``transpile``...): it stays, and serves its finding."""
        if flagged is None or stmt.module != "qiskit" or self._pinned("IBMQ"):
            return None
        remaining, _, mentioned = self.survivors("IBMQ")
        if remaining or mentioned:
            return None
        return ["*"], [flagged]

    def _plain_import(self, stmt: ast.Import) -> Optional[Tuple[List[str], List[Finding]]]:
        flagged = self.qm001.get(stmt.lineno)
        if flagged is None:
            return None
        kept, changed = [], False
        for alias, bound in zip(stmt.names, imported_names(stmt)):
            text = alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"
            # `import a.b` binds `a`, which other imports may bind too: only drop unambiguous ones.
            droppable = bound.deprecated and (alias.asname or "." not in alias.name) \
                and not self._pinned(bound.local) and not (self.package_init and not self.ctx.uses.get(bound.local))
            remaining, _, mentioned = self.survivors(bound.local)
            if droppable and not remaining and not mentioned:
                changed = True
            elif self._head_only(stmt, alias, bound, remaining):
                # `import qiskit.tools.jupyter` also binds `qiskit` (qiskit.__version__): kept as
                # `import qiskit`, or dropped when another import binds it earlier
                changed = True
                if mentioned or not self._bound_before(stmt, bound.local, remaining):
                    if remaining or mentioned:
                        kept.append(bound.local)
            else:
                kept.append(text)
        return (kept, [flagged]) if changed else None

    def _head_only(self, stmt: ast.Import, alias: ast.alias, bound, remaining) -> bool:
        """A removed submodule of a current package imported without ``as``, whose uses only
        read the package (none reaches into the removed submodule)."""
        head, _, rest = alias.name.partition(".")
        if alias.asname or not rest or is_provider_era(head) or self._pinned(head) \
                or not (bound.deprecated or is_removed_tool(alias.name)):
            return False
        step = rest.partition(".")[0]
        return not any(isinstance(self.src.parents.get(use), ast.Attribute) and self.src.parents[use].attr == step
                       for use in remaining if isinstance(use, ast.Name)) and \
            not any(isinstance(use, ast.Constant) for use in remaining)

    def _bound_before(self, stmt: ast.Import, local: str, uses) -> bool:
        """Another import of the same scope that stays binds ``local`` before each of ``uses``."""
        scope = self.src.enclosing_scope(stmt)
        first_use = min((use.lineno for use in uses), default=stmt.lineno + 1)
        for other in self.src.nodes(ast.Import):
            if other is stmt or other.lineno >= first_use or self.src.enclosing_scope(other) is not scope:
                continue
            if any(b.local == local and not b.deprecated for b in imported_names(other)):
                return True
        return False

    # --- writing the statements -------------------------------------------------------------

    def _needs_by_module(self) -> Dict[str, List[Tuple[ImportNeed, List[Finding]]]]:
        grouped: Dict[str, List[Tuple[ImportNeed, List[Finding]]]] = {}
        for need, serves in self.ctx.needs.items():
            grouped.setdefault(need.module, []).append((need, serves))
        return grouped

    def _first_uses(self) -> Dict[str, int]:
        """Module -> offset of the earliest edit whose new text uses a name to import from it."""
        first: Dict[str, int] = {}
        edits = self.site_edits + self.edits
        for need in self.ctx.needs:
            word = re.compile(rf"\b{re.escape(need.local)}\b")
            offsets = [e.start for e in edits if e.role != IMPORT and word.search(e.text)]
            if offsets:
                first[need.module] = min(first.get(need.module, len(self.src.text)), min(offsets))
        return first

    def _before(self, stmt: ast.stmt, module: str, first_use: Dict[str, int]) -> bool:
        """Would names imported by (or in place of) ``stmt`` be bound before their first use?"""
        return self.src.span(stmt)[1] <= first_use.get(module, len(self.src.text))

    def _place(self, rewritten: Dict[ast.stmt, Tuple[List[str], List[Finding]]]) -> None:
        top_level = [s for s in self.src.tree.body if isinstance(s, (ast.Import, ast.ImportFrom))]
        pending = self._needs_by_module()
        first_use = self._first_uses()
        # 1. merge into an existing top-level `from M import ...` (never a star import) that
        #    runs before the first use, preferably one this plan rewrites anyway
        for stmt in sorted(top_level, key=lambda s: (s not in rewritten, s.lineno)):
            if not isinstance(stmt, ast.ImportFrom) or stmt.level or stmt.names[0].name == "*":
                continue
            if stmt.module not in pending or not self._before(stmt, stmt.module, first_use):
                continue
            additions = pending.pop(stmt.module)
            if self._has_comment(stmt):
                pending[stmt.module] = additions
                continue
            kept, serves = rewritten.get(stmt, ([_alias_text(a) for a in stmt.names], []))
            new_names = [n.name if n.asname is None else f"{n.name} as {n.asname}" for n, _ in additions]
            rewritten[stmt] = (kept + [n for n in new_names if n not in kept],
                               serves + [f for _, s in additions for f in s])
        # 2. a deprecated import that disappears makes room for a new one, in place
        for stmt, (kept, serves) in sorted(rewritten.items(), key=lambda item: item[0].lineno):
            if kept or stmt not in top_level:
                continue
            movable = sorted(m for m in pending if self._before(stmt, m, first_use))
            if movable:
                module = movable[0]
                additions = pending.pop(module)
                names = [n.name if n.asname is None else f"{n.name} as {n.asname}" for n, _ in additions]
                rewritten[stmt] = ([f"\0{module}"] + names, serves + [f for _, s in additions for f in s])
        for stmt, (kept, serves) in rewritten.items():
            self._rewrite(stmt, kept, serves)
        # 3. the rest as one block where every first use comes after it
        if pending:
            self._insert(pending, top_level, min(first_use.get(m, len(self.src.text)) for m in pending))

    def _drop_alias_lines(self, stmt: ast.stmt, kept: List[str], serves: List[Finding]) -> List[Edit]:
        gone = [a for a in stmt.names if _alias_text(a) not in kept]
        if not isinstance(stmt, ast.ImportFrom) or not gone or len(gone) == len(stmt.names) \
                or not set(kept) <= {_alias_text(a) for a in stmt.names}:
            return []
        edits = []
        for alias in gone:
            lineno = getattr(alias, "lineno", None)  # Python >= 3.10 gives alias positions
            if lineno is None or lineno in (stmt.lineno, stmt.end_lineno):
                return []
            if self.src.line_text(lineno).strip().rstrip(",").strip() != _alias_text(alias):
                return []
            start = self.src.line_starts[lineno - 1]
            edits.append(Edit(start, self.src.line_starts[lineno], "", tuple(serves), IMPORT))
        return edits

    def _has_comment(self, stmt: ast.stmt) -> bool:
        return "#" in self.src.segment(stmt)

    def _rewrite(self, stmt: ast.stmt, kept: List[str], serves: List[Finding]) -> None:
        serves = list(dict.fromkeys(serves))
        moved = self.in_place.get(stmt)
        if moved:
            indent = self.src.indentation(stmt.lineno)
            by_module: Dict[str, List[str]] = {}
            for module, name in moved:
                by_module.setdefault(module, []).append(name)
            lines = [_from_import(stmt.module, kept, indent, self.src.newline)] if kept else []
            lines += [_from_import(m, names, indent, self.src.newline) for m, names in by_module.items()]
            self.edits.append(self.src.replace(stmt, (self.src.newline + indent).join(lines), serves, IMPORT))
            return
        if not kept:
            self.edits.append(self.src.remove_statement(stmt, serves, IMPORT))
            return
        if self._has_comment(stmt) and not kept[0].startswith("\0"):
            # rewriting would lose the comment: drop the lines of the names that go, if each
            # is alone on its line; else the names stay (pyflakes then calls them unused)
            self.edits.extend(self._drop_alias_lines(stmt, kept, serves))
            return
        if kept[0].startswith("\0"):
            text = _from_import(kept[0][1:], kept[1:], self.src.indentation(stmt.lineno), self.src.newline)
        elif isinstance(stmt, ast.ImportFrom):
            text = _from_import(stmt.module, kept, self.src.indentation(stmt.lineno), self.src.newline)
        else:
            text = "import " + ", ".join(kept)
        self.edits.append(self.src.replace(stmt, text, serves, IMPORT))

    def _after_header_comments(self) -> int:
        """Offset after a shebang and an encoding cookie, which must stay on the first lines."""
        lineno = 1
        while lineno <= min(2, len(self.src.line_starts)) and _HEADER_COMMENT.match(self.src.line_text(lineno)):
            lineno += 1
        return self.src.line_starts[lineno - 1] if lineno - 1 < len(self.src.line_starts) else len(self.src.text)

    def _top(self) -> int:
        """After a shebang, an encoding cookie, the module docstring and ``__future__`` imports."""
        offset = self._after_header_comments()
        for stmt in self.src.tree.body:
            docstring = (stmt is self.src.tree.body[0] and isinstance(stmt, ast.Expr)
                         and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str))
            if docstring or (isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"):
                offset = self._line_after(stmt)
            else:
                break
        return offset

    def _line_after(self, stmt: ast.stmt) -> int:
        if stmt.end_lineno < len(self.src.line_starts):
            return self.src.line_starts[stmt.end_lineno]
        return len(self.src.text)

    def _insert(self, pending: Dict[str, List[Tuple[ImportNeed, List[Finding]]]], top_level: List[ast.stmt],
                first_use: int) -> None:
        """After the last top-level import that comes before ``first_use`` (in a notebook: in
        the cell that needs the names, or the nearest cell before it that imports), else at the
        top."""
        top = self._top()
        offset = next((end for end in (self._line_after(stmt) for stmt in reversed(top_level))
                       if top <= end <= first_use), top)
        newline = self.src.newline
        lines = []
        serves: List[Finding] = []
        for module in sorted(pending):
            names = [n.name if n.asname is None else f"{n.name} as {n.asname}" for n, _ in pending[module]]
            lines.append(_from_import(module, names, "", newline))
            serves += [f for _, s in pending[module] for f in s]
        block = "".join(line + newline for line in lines)
        if offset == len(self.src.text) and self.src.text and not self.src.text.endswith(("\n", "\r")):
            block = newline + block
        self.edits.append(Edit(offset, offset, block, tuple(dict.fromkeys(serves)), IMPORT))


_HEADER_COMMENT = re.compile(r"#!|#.*coding[:=]")


def _alias_text(alias: ast.alias) -> str:
    return alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"


def _from_import(module: str, names: Iterable[str], indent: str, newline: str) -> str:
    names = list(dict.fromkeys(names))
    line = f"from {module} import {', '.join(names)}"
    if len(indent) + len(line) <= LINE_LIMIT:
        return line
    inner = "".join(f"{indent}    {name},{newline}" for name in names)
    return f"from {module} import ({newline}{inner}{indent})"


def plan_imports(ctx: FixContext, site_edits: Sequence[Edit]) -> List[Edit]:
    return _ImportPlanner(ctx, site_edits).plan()
