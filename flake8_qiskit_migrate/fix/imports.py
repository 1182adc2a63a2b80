"""The import block a fix plan needs: add the names the fixes introduced, drop the names
whose every use the fixes removed, move deprecated names that have a runtime equivalent.

Imports are planned on the original text, from the site edits already chosen: a use of
a name counts as gone when an edit replaces the text around it with text that does not
mention the name.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..findings import Finding
from .context import FixContext, ImportNeed
from .source import DEPENDENT, IMPORT, Edit, UnsafePosition
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

    # --- which uses survive the site edits ----------------------------------------------------

    def _covering(self, node: ast.AST) -> List[Edit]:
        start, end = self.src.span(node)
        return [e for e in self.site_edits if e.start <= start and end <= e.end]

    def survivors(self, local: str) -> Tuple[List[ast.Name], List[Finding], bool]:
        """(uses left untouched, findings whose edits removed uses, whether an edit's new text
        still mentions the name)."""
        word = re.compile(rf"\b{re.escape(local)}\b")
        remaining, consumers = [], []
        for use in self.ctx.uses.get(local, []):
            covering = self._covering(use)
            if not covering:
                remaining.append(use)
                continue
            consumers.extend(f for e in covering for f in e.serves)
        mentioned = any(word.search(e.text) for e in self.site_edits)
        return remaining, consumers, mentioned

    def _renames(self, uses: List[ast.Name], old: str, new: str, flagged: Finding) -> Optional[List[Edit]]:
        if old == new:
            return []
        try:
            return [self.src.replace(use, new, [flagged], DEPENDENT) for use in uses]
        except UnsafePosition:
            return None

    def _need_equivalent(self, stmt: ast.ImportFrom, equivalent: Tuple[str, str]) -> Optional[str]:
        """The local name for a moved import. A module-level import joins the import block; one
        inside a function or an ``if TYPE_CHECKING:`` block is replaced where it is."""
        if stmt in self.src.tree.body:
            return self.ctx.need(*equivalent)
        module, name = equivalent
        if name in self.ctx.other_bindings or self.ctx.imported.get(name, {f"{module}.{name}"}) != {f"{module}.{name}"}:
            return None
        self.in_place.setdefault(stmt, []).append((module, name))
        return name

    def _called(self, use: ast.Name) -> bool:
        parent = self.src.parents.get(use)
        if isinstance(parent, ast.Attribute):
            use, parent = parent, self.src.parents.get(parent)
        return isinstance(parent, ast.Call) and parent.func is use

    # --- the plan -------------------------------------------------------------------------

    def plan(self) -> List[Edit]:
        rewritten: Dict[ast.stmt, Tuple[List[str], List[Finding]]] = {}
        for stmt in ast.walk(self.src.tree):
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
        for alias, bound in zip(stmt.names, imported_names(stmt) if stmt.names[0].name != "*" else []):
            text = alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"
            remaining, consumers, mentioned = self.survivors(bound.local)
            used_before = bool(self.ctx.uses.get(bound.local))
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
                if equivalent is not None and not mentioned and not any(map(self._called, remaining)):
                    renames = self._renames(remaining, bound.local, equivalent[1], flagged)
                    new_local = self._need_equivalent(stmt, equivalent) if renames is not None else None
                    if new_local == equivalent[1]:
                        self.ctx.commit(flagged)
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

    def _plain_import(self, stmt: ast.Import) -> Optional[Tuple[List[str], List[Finding]]]:
        flagged = self.qm001.get(stmt.lineno)
        if flagged is None:
            return None
        kept, changed = [], False
        for alias, bound in zip(stmt.names, imported_names(stmt)):
            text = alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"
            # `import a.b` binds `a`, which other imports may bind too: only drop unambiguous ones.
            droppable = bound.deprecated and (alias.asname or "." not in alias.name)
            remaining, _, mentioned = self.survivors(bound.local)
            if droppable and not remaining and not mentioned:
                changed = True
            else:
                kept.append(text)
        return (kept, [flagged]) if changed else None

    # --- writing the statements -------------------------------------------------------------

    def _needs_by_module(self) -> Dict[str, List[Tuple[ImportNeed, List[Finding]]]]:
        grouped: Dict[str, List[Tuple[ImportNeed, List[Finding]]]] = {}
        for need, serves in self.ctx.needs.items():
            grouped.setdefault(need.module, []).append((need, serves))
        return grouped

    def _place(self, rewritten: Dict[ast.stmt, Tuple[List[str], List[Finding]]]) -> None:
        top_level = [s for s in self.src.tree.body if isinstance(s, (ast.Import, ast.ImportFrom))]
        pending = self._needs_by_module()
        # 1. merge into an existing top-level `from M import ...` (never a star import),
        #    preferably one this plan rewrites anyway
        for stmt in sorted(top_level, key=lambda s: (s not in rewritten, s.lineno)):
            if not isinstance(stmt, ast.ImportFrom) or stmt.level or stmt.names[0].name == "*":
                continue
            additions = pending.pop(stmt.module, None)
            if not additions:
                continue
            if self._has_comment(stmt):
                pending[stmt.module] = additions
                continue
            kept, serves = rewritten.get(stmt, ([_alias_text(a) for a in stmt.names], []))
            new_names = [n.name if n.asname is None else f"{n.name} as {n.asname}" for n, _ in additions]
            rewritten[stmt] = (kept + [n for n in new_names if n not in kept],
                               serves + [f for _, s in additions for f in s])
        # 2. a deprecated import that disappears makes room for a new one, in place
        for stmt, (kept, serves) in sorted(rewritten.items(), key=lambda item: item[0].lineno):
            if kept:
                continue
            if stmt in top_level and pending:
                module = sorted(pending)[0]
                additions = pending.pop(module)
                names = [n.name if n.asname is None else f"{n.name} as {n.asname}" for n, _ in additions]
                rewritten[stmt] = ([f"\0{module}"] + names, serves + [f for _, s in additions for f in s])
        for stmt, (kept, serves) in rewritten.items():
            self._rewrite(stmt, kept, serves)
        # 3. the rest after the last top-level import
        if pending:
            self._insert(pending, top_level)

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
            return  # rewriting would lose the comment; the names stay (harmless if unused)
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

    def _insert(self, pending: Dict[str, List[Tuple[ImportNeed, List[Finding]]]], top_level: List[ast.stmt]) -> None:
        body = self.src.tree.body
        anchor: Optional[ast.stmt] = top_level[-1] if top_level else None
        if anchor is None and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            anchor = body[0]  # after the module docstring
        newline = self.src.newline
        lines = []
        serves: List[Finding] = []
        for module in sorted(pending):
            names = [n.name if n.asname is None else f"{n.name} as {n.asname}" for n, _ in pending[module]]
            lines.append(_from_import(module, names, "", newline))
            serves += [f for _, s in pending[module] for f in s]
        block = "".join(line + newline for line in lines)
        if anchor is None:
            offset = self._after_header_comments()
        elif anchor.end_lineno < len(self.src.line_starts):
            offset = self.src.line_starts[anchor.end_lineno]
        else:
            offset = len(self.src.text)
            if not self.src.text.endswith(("\n", "\r")):
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
