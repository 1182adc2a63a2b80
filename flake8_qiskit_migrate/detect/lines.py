"""Physical lines as Python numbers them: only ``\\r\\n``, ``\\r`` and ``\\n`` end a line.

``str.splitlines`` also ends a line at a form feed (``\\x0c``, a page break in older code), a
vertical tab, ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028`` and ``\\u2029``, so a line number taken
from the AST would point past such a character into the wrong line.
"""

from __future__ import annotations

import re
from typing import List

LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What str.splitlines breaks at and Python does not.
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def physical_lines(text: str, keepends: bool = False) -> List[str]:
    """The lines of ``text``, line ``n`` at index ``n - 1``; with ``keepends`` each keeps its
    line break (and ``"".join`` gives the text back)."""
    if not keepends:
        return LINE_BREAK.split(text)
    if _OTHER_BREAKS.search(text) is None:
        return text.splitlines(keepends=True)  # the same split, in C
    lines, start = [], 0
    for match in LINE_BREAK.finditer(text):
        lines.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines
