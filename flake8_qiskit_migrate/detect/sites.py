"""The text of a reported site, as written, for the messages about it (SPEC "Messages").

Only findings are rendered, so the cost is per finding: the source is split into lines once,
on the first finding, and never for a module without one.
"""

from __future__ import annotations

import ast
import re
from typing import List, Optional

from .lines import physical_lines

#: Longest site text a message quotes; longer ones are shortened with `...`.
SITE_LIMIT = 60
ARGUMENT_LIMIT = 30
_SPACE = re.compile(r"\s*\n\s*")
_TRAILING_COMMA = re.compile(r",?\s*([)\]}])")


class SourceText:
    """Segments of one module's source by node position (``ast.unparse`` without the text)."""

    def __init__(self, text: Optional[str]) -> None:
        self.text = text
        self._lines: Optional[List[str]] = None

    def segment(self, node: ast.AST) -> str:
        text = self._segment(node)
        if text is None:
            try:
                text = ast.unparse(node)
            except Exception:  # noqa: BLE001 - a message must never fail the check
                text = "..."
        if "\n" not in text:
            return text
        text = "\n".join(_without_comment(line) for line in text.split("\n"))
        # A site spread over lines is quoted on one, without the layout's trailing comma.
        return _TRAILING_COMMA.sub(r"\1", _SPACE.sub(" ", text)).replace("( ", "(").replace("[ ", "[")

    def _segment(self, node: ast.AST) -> Optional[str]:
        if self.text is None or getattr(node, "end_lineno", None) is None:
            return None
        if self._lines is None:
            self._lines = physical_lines(self.text, keepends=True)
        lines = self._lines
        start, end = node.lineno - 1, node.end_lineno - 1  # type: ignore[attr-defined]
        if end >= len(lines):
            return None
        first, last = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
        # Offsets are UTF-8 byte offsets (the same as str offsets on an ASCII line).
        if start == end:
            line = lines[start]
            return line[first:last] if line.isascii() else line.encode()[first:last].decode(errors="replace")
        parts = [lines[start].encode()[first:].decode(errors="replace")]
        parts.extend(lines[start + 1:end])
        parts.append(lines[end].encode()[:last].decode(errors="replace"))
        return "".join(parts)

    def short(self, node: ast.AST, limit: int = SITE_LIMIT) -> str:
        """The node as written, a call shortened argument by argument to about ``limit``."""
        text = self.segment(node)
        if len(text) <= limit:
            return text
        if isinstance(node, ast.Call):
            return self.call(node, limit)
        return shorten(text, limit)

    def call(self, call: ast.Call, limit: int = SITE_LIMIT) -> str:
        head = shorten(self.segment(call.func), limit // 2)
        parts = [self.short(a, ARGUMENT_LIMIT) for a in call.args]
        parts += [self.short(k, ARGUMENT_LIMIT) if k.arg is None else f"{k.arg}={self.short(k.value, ARGUMENT_LIMIT)}"
                  for k in call.keywords]
        shown: List[str] = []
        length = len(head) + 2
        for index, part in enumerate(parts):
            if length + len(part) > limit and shown:
                shown.append("...")
                break
            shown.append(part)
            length += len(part) + 2
        return f"{head}({', '.join(shown)})"

    def arguments(self, call: ast.Call, skip: int = 0, drop: frozenset = frozenset()) -> str:
        """The call's arguments as written, from positional ``skip`` on, without keywords in ``drop``."""
        parts = [self.short(a, ARGUMENT_LIMIT) for a in call.args[skip:]]
        parts += [f"{k.arg}={self.short(k.value, ARGUMENT_LIMIT)}" if k.arg is not None else self.short(k, ARGUMENT_LIMIT)
                  for k in call.keywords if k.arg not in drop]
        return ", ".join(parts)


def _without_comment(line: str) -> str:
    """The line without a trailing comment (a `#` outside quotes, as far as quotes are balanced)."""
    index = line.find("#")
    while index >= 0:
        before = line[:index]
        if before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
            return before.rstrip()
        index = line.find("#", index + 1)
    return line


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 3, 1)].rstrip() + "..."
