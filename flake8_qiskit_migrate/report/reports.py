"""A finding with where it is, selection by code, and the exit code a CI expects."""

from __future__ import annotations

import sys
from typing import Sequence

from ..findings import Finding

#: 0 clean, 1 findings, 2 usage error or unreadable input.
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Selection:
    """``--select`` / ``--ignore`` by code prefix, like flake8."""

    def __init__(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> None:
        self.select = tuple(c.strip().upper() for c in select if c.strip()) or ("QM",)
        self.ignore = tuple(c.strip().upper() for c in ignore if c.strip())

    def __contains__(self, code: str) -> bool:
        return code.startswith(self.select) and not (self.ignore and code.startswith(self.ignore))


class Report:
    """One finding with where it is: a file, and for notebooks a cell."""

    __slots__ = ("path", "finding", "cell")

    def __init__(self, path: str, finding: Finding, cell: str | None = None) -> None:
        self.path, self.finding, self.cell = path, finding, cell

    @property
    def location(self) -> str:
        where = f"{self.path}:{self.cell}" if self.cell else self.path
        return f"{where}:{self.finding.line}:{self.finding.col + 1}"


def emit(output: str, reports: Sequence[Report], errors: Sequence[str]) -> int:
    """Print rendered findings and error lines; the exit code a CI expects."""
    if output:
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if reports else EXIT_CLEAN
