"""A finding with where it is, selection by code, and the exit code a CI expects."""

from __future__ import annotations

import re
import sys
from typing import Iterable, NamedTuple, Optional, Sequence

from ..findings import Finding

#: 0 clean, 1 findings, 2 usage error or unreadable input.
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _longest(code: str, prefixes: Sequence[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=0)


class Selection:
    """``select`` / ``ignore`` by code prefix, decided as flake8 decides: a code is reported when
    a ``select`` entry matches it and no ``ignore`` entry matches it as specifically (the
    longest matching prefix wins, a tie goes to ``ignore``). No ``select``: every QM code."""

    def __init__(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> None:
        self.select = tuple(c.strip().upper() for c in select if c.strip()) or ("QM",)
        self.ignore = tuple(c.strip().upper() for c in ignore if c.strip())

    def __contains__(self, code: str) -> bool:
        chosen = _longest(code, self.select)
        return chosen > 0 and chosen > _longest(code, self.ignore)

    def ignoring(self, codes: Iterable[str]) -> "Selection":
        """This selection with more codes ignored (per-file ignores)."""
        extra = tuple(codes)
        return Selection(self.select, self.ignore + extra) if extra else self

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Selection) and (self.select, self.ignore) == (other.select, other.ignore)

    def __hash__(self) -> int:
        return hash((self.select, self.ignore))

    def __repr__(self) -> str:
        return f"Selection(select={self.select!r}, ignore={self.ignore!r})"


class Report:
    """One finding with where it is: a file, and for notebooks a cell."""

    __slots__ = ("path", "finding", "cell")

    def __init__(self, path: str, finding: Finding, cell: str | None = None) -> None:
        self.path, self.finding, self.cell = path, finding, cell

    @property
    def location(self) -> str:
        where = f"{self.path}:{self.cell}" if self.cell else self.path
        return f"{where}:{self.finding.line}:{self.finding.col + 1}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Report) and (self.path, self.finding, self.cell) == (other.path, other.finding, other.cell)

    def __reduce__(self):  # picklable for --jobs (slots and no __dict__)
        return Report, (self.path, self.finding, self.cell)


class InputProblem(NamedTuple):
    """An input that could not be checked (E902: unreadable, E999: does not parse), as the one
    line every front-end prints: ``path[:cell_N][:line:col]: E999 message``."""

    path: str
    code: str
    message: str
    line: Optional[int] = None
    col: Optional[int] = None  # 1-based
    cell: Optional[str] = None


_PROBLEM_LINE = re.compile(
    r"^(?P<path>.*?)(?::(?P<cell>cell_\d+))?(?::(?P<line>\d+):(?P<col>\d+))?: (?P<code>E\d{3}|QM\d{3}) (?P<message>.*)$")


def problem_line(path: str, code: str, message: str, line: Optional[int] = None, col: Optional[int] = None,
                 cell: Optional[str] = None) -> str:
    where = f"{path}:{cell}" if cell else path
    if line is not None:
        where += f":{line}:{col or 1}"
    return f"{where}: {code} {message}"


def parse_problem(error: str) -> InputProblem:
    """The fields of an error line (``problem_line``'s shape); anything else is an E902 of no file."""
    match = _PROBLEM_LINE.match(error)
    if match is None:
        return InputProblem("", "E902", error)
    line = match.group("line")
    return InputProblem(match.group("path"), match.group("code"), match.group("message"),
                        int(line) if line else None, int(match.group("col")) if line else None, match.group("cell"))


def emit(output: str, reports: Sequence[Report], errors: Sequence[str]) -> int:
    """Print rendered findings and error lines; the exit code a CI expects."""
    if output:
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
    for error in errors:
        print(error, file=sys.stderr)
    return exit_code(reports, errors)


def exit_code(reports: Sequence[Report], errors: Sequence[str], *, exit_zero: bool = False) -> int:
    if exit_zero:
        return EXIT_CLEAN
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if reports else EXIT_CLEAN
