"""The source being fixed, and the edits a fix plan is made of.

Every edit names the findings it serves and its role, so a test can prove that a fix
touches only the lines of its findings plus the dependent edits it declares (its import
block, the result access of a migrated job, a statement it made redundant).
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from ..detect.checker import parse_module
from ..detect.lines import LINE_BREAK
from ..detect.model import CHILD_FIELDS, child_fields
from ..findings import Finding


#: Edit roles. ``site``: the flagged node itself; the others are dependent edits.
SITE, IMPORT, RESULT_ACCESS, DEPENDENT = "site", "import", "result-access", "dependent"


@dataclass(frozen=True)
class Edit:
    start: int  # character offsets into the text, end exclusive
    end: int
    text: str
    serves: Tuple[Finding, ...]
    role: str = SITE
    #: Empty for a safe edit (same behaviour). Otherwise the edit is unsafe (SPEC.md "Fixes: safe
    #: and unsafe"): it runs but may differ, and this says what the user should review. Applied
    #: only with ``--unsafe-fixes``; a finding is fixed unsafely when any edit serving it is.
    unsafe: str = ""


class OverlappingEdits(ValueError):
    pass


class UnsafePosition(ValueError):
    """The node's position cannot be trusted for an edit; the fix is not offered."""


class Source:
    """Text, tree and the position arithmetic between them (columns in the AST are UTF-8 bytes)."""

    def __init__(self, text: str, tree: Optional[ast.Module] = None) -> None:
        self.text = text
        self.tree = tree if tree is not None else parse_module(text)
        self.line_starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
        first_break = LINE_BREAK.search(text)
        self.newline = first_break.group() if first_break else "\n"
        # ASCII text (most files): a UTF-8 byte column is the character column
        self._ascii = text.isascii()
        #: The lines ``nodes_at`` will be asked about (the findings'), None: any line. Only
        #: nodes starting there are indexed by position: a position index of every node is a
        #: dict as large as the tree, and costs more per node the larger the file.
        self._site_lines: Optional[frozenset] = None

    #: What the walk below sets: made on first use, so a text only checked and located in
    #: (the fixed text, when nothing is left to fix) is never walked.
    _INDEX = frozenset({"parents", "all_nodes", "_starting", "_by_type"})

    def __getattr__(self, name: str):
        if name not in Source._INDEX:
            raise AttributeError(name)
        # One walk indexes the tree for every question a fix asks (parents, nodes by start
        # position, nodes by type): asking per finding must not walk the tree again, or fix
        # is quadratic.
        self.parents: Dict[ast.AST, ast.AST] = {}
        self._starting: Dict[Tuple[int, int], List[ast.AST]] = {}
        #: node type -> the indexes in ``all_nodes`` of the nodes of exactly that type
        self._by_type: Dict[type, List[int]] = {}
        #: every node in pre-order (no operator or context leaves): iterate this instead of
        #: walking the tree again
        self.all_nodes: List[ast.AST] = _walk_with_parents(self.tree, self.parents, self._by_type, self._starting,
                                                           self._site_lines)
        return getattr(self, name)

    def expect_sites(self, lines: Iterable[int]) -> None:
        """Say which lines ``nodes_at`` will be asked about, before the tree is indexed."""
        if "_starting" not in self.__dict__:
            self._site_lines = frozenset(lines)

    def release(self) -> None:
        """Let go of the index and the model of names (breaking the model's cycles): the source
        only answers position questions afterwards."""
        model = self.__dict__.pop("_model_of_names", None)
        if model is not None:
            model.release()
        for name in Source._INDEX | {"_by_kind"}:
            self.__dict__.pop(name, None)

    # --- positions ------------------------------------------------------------------------

    def line_text(self, lineno: int) -> str:
        start = self.line_starts[lineno - 1]
        end = self.line_starts[lineno] if lineno < len(self.line_starts) else len(self.text)
        return LINE_BREAK.sub("", self.text[start:end])

    def offset(self, lineno: int, col_bytes: int) -> int:
        start = self.line_starts[lineno - 1]
        if self._ascii:
            end = self.line_starts[lineno] if lineno < len(self.line_starts) else len(self.text)
            if end > start and self.text[end - 1] == "\n":
                end -= 1
            if end > start and self.text[end - 1] == "\r":
                end -= 1
            return start + max(0, min(col_bytes, end - start))
        line = self.line_text(lineno)
        return start + len(line.encode("utf-8")[:col_bytes].decode("utf-8", "ignore"))

    def span(self, node: ast.AST) -> Tuple[int, int]:
        return (self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset))

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        low, high = 0, len(self.line_starts) - 1
        while low < high:
            mid = (low + high + 1) // 2
            if self.line_starts[mid] <= offset:
                low = mid
            else:
                high = mid - 1
        return low + 1

    def position(self, offset: int) -> Tuple[int, int]:
        """(1-based line, 0-based column in UTF-8 bytes) of a character offset: a finding's."""
        line = self.line_of(offset)
        prefix = self.text[self.line_starts[line - 1]:offset]
        return line, len(prefix.encode("utf-8"))

    def indentation(self, lineno: int) -> str:
        line = self.line_text(lineno)
        return line[: len(line) - len(line.lstrip())]

    # --- navigation -----------------------------------------------------------------------

    def nodes_at(self, line: int, col: int) -> List[ast.AST]:
        """Nodes starting exactly at a finding's position, outermost first."""
        starting = self._starting
        if self._site_lines is not None and line not in self._site_lines:
            # a line nobody announced: index every node's position after all (once)
            self._site_lines = None
            starting.clear()
            for node in self.all_nodes:
                lineno = getattr(node, "lineno", None)
                if lineno is not None:
                    starting.setdefault((lineno, node.col_offset), []).append(node)
        return list(starting.get((line, col), ()))

    def nodes(self, kind: type) -> List[ast.AST]:
        """Every node of a kind (``ast.Call``), in pre-order; computed once per kind."""
        cache = self.__dict__.setdefault("_by_kind", {})
        if kind not in cache:
            cache[kind] = self.nodes_of(kind)
        return cache[kind]

    def nodes_of(self, *kinds: type) -> List[ast.AST]:
        """Every node that is an instance of one of ``kinds``, in pre-order: the walk's
        per-type index merged, rather than an ``isinstance`` test of every node per question."""
        import heapq

        lists = [indexes for kind_of_node, indexes in self._by_type.items() if issubclass(kind_of_node, kinds)]
        if not lists:
            return []
        order = lists[0] if len(lists) == 1 else heapq.merge(*lists)
        return [self.all_nodes[i] for i in order]

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        while node in self.parents:
            node = self.parents[node]
            yield node

    def enclosing_statement(self, node: ast.AST) -> ast.stmt:
        current = node
        while not isinstance(current, ast.stmt):
            current = self.parents[current]
        return current

    def enclosing_scope(self, node: ast.AST) -> ast.AST:
        """The function, lambda, class or module whose local names ``node`` sees."""
        for parent in self.ancestors(node):
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Module)):
                return parent
        return self.tree

    def statement_list(self, stmt: ast.stmt) -> Optional[List[ast.stmt]]:
        """The body list (body, orelse, finalbody, handler body) that holds ``stmt``."""
        parent = self.parents.get(stmt)
        for field in ("body", "orelse", "finalbody"):
            body = getattr(parent, field, None)
            if isinstance(body, list) and any(s is stmt for s in body):
                return body
        return None

    def comment_offsets(self) -> List[int]:
        if not hasattr(self, "_comments"):
            offsets = []
            try:
                for token in tokenize.generate_tokens(io.StringIO(self.text).readline):
                    if token.type == tokenize.COMMENT:  # token columns count characters
                        offsets.append(self.line_starts[token.start[0] - 1] + token.start[1])
            except (tokenize.TokenError, SyntaxError):
                pass
            self._comments = offsets
        return self._comments

    def hides_comment(self, edit: "Edit") -> bool:
        """Would the edit silently drop a comment inside the text it replaces?"""
        if "#" not in self.text[edit.start + 1:edit.end]:
            return False  # a comment there starts with "#" there: no need to tokenize the file
        import bisect

        offsets = self.__dict__.get("_sorted_comments")
        if offsets is None:
            offsets = self._sorted_comments = sorted(self.comment_offsets())
        index = bisect.bisect_right(offsets, edit.start)
        return index < len(offsets) and offsets[index] < edit.end

    # --- edits ----------------------------------------------------------------------------

    def replace(self, node: ast.AST, text: str, serves: Sequence[Finding], role: str = SITE) -> Edit:
        if sys.version_info < (3, 12) and any(isinstance(a, ast.JoinedStr) for a in self.ancestors(node)):
            # before 3.12 the positions of nodes inside f-strings are not always right: trust one
            # whose text parses back to the same node; the new text may not hold quotes or
            # backslashes there (not allowed inside an f-string's braces before 3.12)
            if not self._position_holds(node) or any(c in text for c in "'\"\\"):
                raise UnsafePosition("a node inside an f-string")
            if text.startswith("{"):
                text = f" {text}"  # `{{` would be an escaped brace
        start, end = self.span(node)
        return Edit(start, end, text, tuple(serves), role)

    def _position_holds(self, node: ast.AST) -> bool:
        try:
            parsed = ast.parse(f"({self.segment(node)})", mode="eval").body
        except SyntaxError:
            return False
        return ast.dump(parsed) == ast.dump(node)

    def remove_statement(self, stmt: ast.stmt, serves: Sequence[Finding], role: str = DEPENDENT) -> Edit:
        """Delete a statement's lines, or write ``pass`` where the block would become empty
        or where the statement shares its line with other code."""
        start, end = self.span(stmt)
        first_line = self.line_text(stmt.lineno)
        last_line = self.line_text(stmt.end_lineno)
        before = first_line[: len(first_line.encode("utf-8")[: stmt.col_offset].decode("utf-8", "ignore"))]
        after = last_line[len(last_line.encode("utf-8")[: stmt.end_col_offset].decode("utf-8", "ignore")):]
        body = self.statement_list(stmt)
        alone = not before.strip() and (not after.strip() or after.strip().startswith("#"))
        if body is not None and len(body) > 1 and not alone:
            # `a; b` on one line: take the statement and one separator with it
            following = re.match(r"\s*;[ \t]*", after)
            if following:
                return Edit(start, end + following.end(), "", tuple(serves), role)
            preceding = re.search(r";\s*$", before)
            if preceding:
                return Edit(start - (len(before) - preceding.start()), end, "", tuple(serves), role)
        if alone and body is not None and len(body) > 1:
            line_start = self.line_starts[stmt.lineno - 1]
            line_end = (self.line_starts[stmt.end_lineno] if stmt.end_lineno < len(self.line_starts)
                        else len(self.text))
            return Edit(line_start, line_end, "", tuple(serves), role)
        return Edit(start, end, "pass", tuple(serves), role)


def _walk_with_parents(tree: ast.AST, parents: Dict[ast.AST, ast.AST], by_type: Dict[type, List[int]],
                       starting: Dict[Tuple[int, int], List[ast.AST]],
                       site_lines: Optional[frozenset] = None) -> List[ast.AST]:
    """Every node in pre-order (but the operator and context leaves, which the parser shares
    among all nodes: they have no parent or position of their own, are a third of a tree's
    nodes, and no fix asks about them), recording each child's parent, each node's index under
    its type and the nodes starting at each position of ``site_lines`` (None: every line): one
    pass over the fields, as the model of names walks them (``detect.model.child_fields``).
    Pre-order, not ``ast.walk``'s breadth-first order, which sweeps the whole tree's memory
    once per level: the parser allocates a statement's nodes together, so going depth first
    reads them together (100,000 lines: 0.62 s instead of 1.10 s)."""
    AST = ast.AST
    nodes: List[ast.AST] = []
    stack: List[ast.AST] = [tree]
    pop, extend = stack.pop, stack.extend
    fields_of = CHILD_FIELDS
    every_line = site_lines is None
    while stack:
        node = pop()
        kind = type(node)
        bucket = by_type.get(kind)
        if bucket is None:
            bucket = by_type[kind] = []
        bucket.append(len(nodes))
        nodes.append(node)
        lineno = getattr(node, "lineno", None)
        if lineno is not None and (every_line or lineno in site_lines):
            starting.setdefault((lineno, node.col_offset), []).append(node)
        fields = fields_of.get(kind)
        if fields is None:
            fields = child_fields(kind)
        children: List[ast.AST] = []
        for name in fields:
            value = getattr(node, name, None)
            if isinstance(value, AST):
                parents[value] = node
                children.append(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, AST):
                        parents[item] = node
                        children.append(item)
        if children:
            children.reverse()  # popped in field order
            extend(children)
    return nodes


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (identical duplicates are applied once)."""
    ordered = _merge_deletions(sorted(set(edits), key=lambda e: (e.start, e.end)))
    pieces: List[str] = []
    position = 0
    for edit in ordered:
        if edit.start < position:
            raise OverlappingEdits(f"edits overlap at offset {edit.start}")
        pieces.append(text[position:edit.start])
        pieces.append(edit.text)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def _merge_deletions(ordered: List[Edit]) -> List[Edit]:
    """Two deletions that overlap (``a; b`` losing both statements) delete their union."""
    merged: List[Edit] = []
    for edit in ordered:
        last = merged[-1] if merged else None
        if last is not None and not last.text and not edit.text and edit.start < last.end:
            merged[-1] = Edit(last.start, max(last.end, edit.end), "", last.serves + edit.serves, last.role)
        else:
            merged.append(edit)
    return merged


class OffsetMap:
    """Where a character offset of the text before some edits is in the text after them: a
    finding of the original is followed this way through each pass. An offset inside a
    replaced span moves to the start (``start``) or the end (``end``) of its replacement."""

    def __init__(self, edits: Iterable[Edit]) -> None:
        self._edits = _merge_deletions(sorted(set(edits), key=lambda e: (e.start, e.end)))
        self._starts = [e.start for e in self._edits]
        self._shift = []  # the total length change of the edits up to and including each one
        total = 0
        for edit in self._edits:
            total += len(edit.text) - (edit.end - edit.start)
            self._shift.append(total)

    def _map(self, offset: int, at_end: bool) -> int:
        import bisect

        index = bisect.bisect_right(self._starts, offset) - 1  # the last edit starting at or before
        while index >= 0:
            edit = self._edits[index]
            before = self._shift[index - 1] if index else 0
            if edit.start < offset < edit.end or (edit.start == offset < edit.end):
                return edit.start + before + (len(edit.text) if at_end and offset > edit.start else 0)
            if edit.end <= offset:
                return offset + self._shift[index]
            index -= 1
        return offset

    def start(self, offset: int) -> int:
        return self._map(offset, at_end=False)

    def end(self, offset: int) -> int:
        return self._map(offset, at_end=True)


class EditSet:
    """Edits that do not overlap, with an overlap test by bisection (a fix plan asks it once
    per finding: scanning every edit each time would make fix quadratic)."""

    def __init__(self) -> None:
        self.edits: List[Edit] = []
        self._starts: List[int] = []

    def add(self, edit: Edit) -> None:
        import bisect

        index = bisect.bisect_right(self._starts, edit.start)
        self._starts.insert(index, edit.start)
        self.edits.insert(index, edit)

    def overlaps(self, edit: Edit) -> bool:
        import bisect

        index = bisect.bisect_left(self._starts, edit.start)
        # an edit starting before this one overlaps only if it reaches into it; edits before
        # that one end before it starts (zero-width insertions aside, which are checked too)
        back = index - 1
        while back >= 0:
            other = self.edits[back]
            if overlaps(edit, [other]):
                return True
            if other.start < other.end and other.end <= edit.start:
                break
            back -= 1
        forward = index
        while forward < len(self.edits) and self.edits[forward].start <= edit.end:
            if overlaps(edit, [self.edits[forward]]):
                return True
            forward += 1
        return False

    def covering(self, start: int, end: int) -> Optional[Edit]:
        """The edit that replaces all of ``[start, end)``, if one does."""
        import bisect

        index = bisect.bisect_right(self._starts, start) - 1
        while index >= 0:
            other = self.edits[index]
            if other.start <= start and end <= other.end and other.start < other.end:
                return other
            if other.start < other.end:
                return None
            index -= 1
        return None


def overlaps(edit: Edit, others: Iterable[Edit]) -> bool:
    return any(edit.start < other.end and other.start < edit.end
               or (edit.start == edit.end == other.start == other.end) for other in others)
