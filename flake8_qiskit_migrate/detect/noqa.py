"""``# noqa`` handling for the CLI, with flake8's own patterns so both agree."""

from __future__ import annotations

from typing import Iterable, Sequence

from flake8.defaults import NOQA_FILE, NOQA_INLINE_REGEXP

from ..findings import Finding
from .lines import physical_lines


def file_is_exempt(lines: Sequence[str]) -> bool:
    """``# flake8: noqa`` on its own line exempts the whole file, as in flake8."""
    return any(NOQA_FILE.match(line) for line in lines)


def is_suppressed(finding: Finding, lines: Sequence[str]) -> bool:
    if not 1 <= finding.line <= len(lines):
        return False
    match = NOQA_INLINE_REGEXP.search(lines[finding.line - 1])
    if match is None:
        return False
    codes = match.group("codes")
    if not codes:
        return True  # a bare ``# noqa`` silences every code on the line
    wanted = {code.strip().upper() for code in codes.replace(",", " ").split()}
    return any(finding.code.startswith(code) for code in wanted)


def drop_suppressed(findings: Iterable[Finding], text: str) -> list[Finding]:
    lines = physical_lines(text)
    if file_is_exempt(lines):
        return []
    return [f for f in findings if not is_suppressed(f, lines)]
