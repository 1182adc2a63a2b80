"""Jupyter notebooks: check and fix the code cells of an ``.ipynb`` as one module.

A notebook runs its code cells in one namespace (imports in cell 1, uses in cell 5), so
the code cells are joined into one module, separated by a boundary comment, and checked
or fixed together. Findings are mapped back to ``cell_N`` (1-based over *code* cells, the
numbering nbqa prints, so both tools point at the same place) and the cell's own line.

IPython syntax that is not Python (``%pip install``, ``!ls``, ``x = !ls``, ``%%bash``
cells, ``obj?`` help) is masked with a ``pass`` placeholder line before the code is
parsed, and put back verbatim after fixing: the line count of every cell is kept, so
line numbers stay right, and a magic is never rewritten.
"""

from __future__ import annotations

import ast
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from .findings import Finding

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    from .detect.checker import Options
    from .report.reports import Report, Selection

#: Joins code cells in the combined module. Unusual enough never to occur in real code.
BOUNDARY = "# qiskit-migrate:cell-boundary:5f1c"
#: Stands in for one line of IPython syntax; ``{n}`` finds the original line again.
PLACEHOLDER = "pass  # qiskit-migrate:masked-ipython:{n}"
_PLACEHOLDER_RE = re.compile(r"^[ \t]*pass  # qiskit-migrate:masked-ipython:(\d+)$")

#: Cell magics whose body is Python that runs in the notebook's namespace: only their
#: ``%%`` line is masked. Any other cell magic (``%%bash``, ``%%html``, ``%%writefile``)
#: makes the whole cell non-Python.
PYTHON_BODY_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})

_LINE_MAGIC_RE = re.compile(
    r"""^[ \t]*(
        [%!?]                                   # %magic, !shell, ?help
      | [\w.\[\]()*, \t]+=[ \t]*[%!]            # x = !ls, out = %time f()
      | [\w.]+(\(\))?\?{1,2}[ \t]*$             # obj?  obj.method??
    )""",
    re.VERBOSE,
)
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")


def cell_label(number: int) -> str:
    """``cell_3``: the third code cell, as nbqa names it."""
    return f"cell_{number}"


def _split_keepends(text: str) -> list[str]:
    """Split on the newlines Python's tokenizer knows (not form feeds, unlike str.splitlines)."""
    lines, start = [], 0
    for match in _NEWLINE_RE.finditer(text):
        lines.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def _line_body(line: str) -> str:
    return line.rstrip("\r\n")


@dataclass
class MaskedCell:
    """One code cell's source with its IPython lines replaced by placeholders."""

    number: int  # 1-based among code cells
    original: str
    masked: str
    #: placeholder number -> the original line (without its line ending)
    masked_lines: dict[int, str] = field(default_factory=dict)


#: Jupyter runs ``await`` at the top level of a cell, so notebooks are parsed allowing it.
TOP_LEVEL_AWAIT = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def parse_cells(text: str) -> ast.Module:
    # dont_inherit: this module's own ``from __future__`` imports must not leak into the parse.
    return compile(text, "<notebook>", "exec", flags=ast.PyCF_ONLY_AST | TOP_LEVEL_AWAIT, dont_inherit=True)


def _parses(source: str) -> bool:
    try:
        parse_cells(source)
    except (SyntaxError, ValueError):
        return False
    return True


def _indent(body: str) -> str:
    return body[: len(body) - len(body.lstrip(" \t"))]


def _lines_to_mask(lines: Sequence[str]) -> dict[int, str]:
    """Index of each IPython-only line -> the indentation its placeholder gets.

    A placeholder keeps its magic's indentation, so a magic inside a block stays inside
    it; continuation lines follow their magic; a cell's first line and a wholly
    non-Python cell (``%%bash``) sit at module level.
    """
    first = lines[0].lstrip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split(maxsplit=1)[0] if first[2:].strip() else ""
        return {0: ""} if magic in PYTHON_BODY_CELL_MAGICS else {index: "" for index in range(len(lines))}
    masked: dict[int, str] = {}
    continued, indent = False, ""
    for index, line in enumerate(lines):
        body = _line_body(line)
        if not continued and not _LINE_MAGIC_RE.match(body):
            continue
        if not continued:
            indent = _indent(body) if index else ""
        masked[index] = indent
        continued = body.endswith("\\")  # the magic goes on on the next line
    return masked


def mask_cell(number: int, source: str, counter: list[int]) -> MaskedCell:
    """Mask the IPython-only lines of one cell; Python that parses is left alone."""
    cell = MaskedCell(number, source, source)
    if _parses(source):  # the common case, and it keeps '%' lines inside strings intact
        return cell
    lines = _split_keepends(source)
    to_mask = _lines_to_mask(lines)
    out = []
    for index, line in enumerate(lines):
        if index not in to_mask:
            out.append(line)
            continue
        counter[0] += 1
        body = _line_body(line)
        cell.masked_lines[counter[0]] = body
        out.append(to_mask[index] + PLACEHOLDER.format(n=counter[0]) + line[len(body):])
    cell.masked = "".join(out)
    return cell


@dataclass
class CellMap:
    """Where each code cell lies in a combined module."""

    first_lines: list[int]  # 1-based line where each cell starts
    line_counts: list[int]

    @classmethod
    def of(cls, text: str) -> "CellMap":
        """The map of any combined text, e.g. one the fixer changed: cells end at boundaries."""
        first_lines, line_counts = [1], [0]
        for number, line in enumerate(_split_keepends(text), 1):
            if line.startswith(BOUNDARY):
                first_lines.append(number + 1)
                line_counts.append(0)
            else:
                line_counts[-1] += 1
        return cls(first_lines, line_counts)

    def locate(self, line: int) -> tuple[int, int] | None:
        """(cell number, 1-based line in that cell) for a module line; None on a boundary."""
        for index, (start, count) in enumerate(zip(self.first_lines, self.line_counts)):
            if start <= line < start + count:
                return index + 1, line - start + 1
        return None


@dataclass
class CombinedModule:
    """All code cells as one module, and where each cell starts in it."""

    text: str
    cells: list[MaskedCell]
    map: CellMap


def combine(sources: Sequence[str]) -> CombinedModule:
    """Join code cell sources (already in code-cell order) into one module."""
    if any(BOUNDARY in source for source in sources):
        raise ValueError("a code cell contains the qiskit-migrate cell boundary marker")
    counter = [0]
    cells = [mask_cell(number, source, counter) for number, source in enumerate(sources, 1)]
    parts, first_lines, line_counts, line = [], [], [], 1
    for index, cell in enumerate(cells):
        if index:
            parts.append(f"{BOUNDARY} {cell.number}\n")
            line += 1
        text = cell.masked if cell.masked.endswith(("\n", "\r")) else cell.masked + "\n"
        count = len(_split_keepends(text))
        parts.append(text)
        first_lines.append(line)
        line_counts.append(count)
        line += count
    return CombinedModule("".join(parts), cells, CellMap(first_lines, line_counts))


def split_combined(module: CombinedModule, fixed_text: str) -> list[str]:
    """Cut a fixed combined module back into cell sources, restoring masked lines.

    Raises ValueError when the fix lost a boundary or a masked line: the notebook
    is then left as it was rather than risk moving code between cells.
    """
    chunks: list[list[str]] = [[]]
    for line in _split_keepends(fixed_text):
        if line.startswith(BOUNDARY):
            chunks.append([])
        else:
            chunks[-1].append(line)
    if len(chunks) != len(module.cells):
        raise ValueError("the fix changed the notebook's cell boundaries")
    sources = []
    for cell, lines in zip(module.cells, chunks):
        restored, seen = [], set()
        for line in lines:
            body = _line_body(line)
            match = _PLACEHOLDER_RE.match(body)
            if match and int(match.group(1)) in cell.masked_lines:
                number = int(match.group(1))
                seen.add(number)
                restored.append(cell.masked_lines[number] + line[len(body):])
            else:
                restored.append(line)
        if seen != set(cell.masked_lines):
            raise ValueError(f"the fix dropped IPython syntax in {cell_label(cell.number)}")
        text = "".join(restored)
        if not cell.original.endswith(("\n", "\r")) and text.endswith("\n"):
            text = text[:-1]  # the joining newline ``combine`` added
        sources.append(text)
    return sources


# --- reading notebooks -------------------------------------------------------------------


def _nbformat():
    try:
        import nbformat
    except ImportError as exc:  # pragma: no cover - nbformat is a dependency
        raise ValueError("checking notebooks needs nbformat: pip install nbformat") from exc
    return nbformat


def parse_notebook(text: str, *, as_version):
    """nbformat's reading, quietly: an unparsable notebook raises ValueError (E902).

    nbformat warns about, and fills in, cell ids that a 4.5+ notebook lacks; that is
    noise for a linter, and the fix path takes the invented ids out again.
    """
    nbformat = _nbformat()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return nbformat.reads(text, as_version=as_version)
    except Exception as exc:  # nbformat raises several types for broken notebooks
        raise ValueError(f"not a readable notebook: {exc}") from exc


def read_notebook(path: Path, *, as_version=4):
    text = Path(path).read_text(encoding="utf-8")
    return parse_notebook(text, as_version=as_version), text


def code_cells(nb) -> list:
    return [cell for cell in nb.cells if cell.get("cell_type") == "code"]


class NotebookSyntaxError(SyntaxError):
    """A SyntaxError located in a notebook cell (``cell`` is e.g. ``cell_2``)."""

    cell: str


def _cell_syntax_error(cells: CellMap, exc: SyntaxError) -> SyntaxError:
    where = cells.locate(exc.lineno or 1)
    if where is None:
        return exc
    number, line = where
    error = NotebookSyntaxError(exc.msg, (exc.filename, line, exc.offset, exc.text))
    error.cell = cell_label(number)
    return error


def cell_reports(path: Path, cells: CellMap, findings: Sequence[Finding]) -> list["Report"]:
    """Reports located in cells, for findings on a combined module."""
    from .report.reports import Report

    reports = []
    for finding in findings:
        where = cells.locate(finding.line)
        if where is None:
            continue
        number, line = where
        end = cells.locate(finding.end_line)
        if end is not None and end[0] == number:
            end_line, end_col = end[1], finding.end_col
        else:  # a node spanning cells cannot happen in valid code; keep the range in the cell
            end_line, end_col = line, finding.col
        located = finding._replace(line=line, end_line=end_line, end_col=end_col)
        reports.append(Report(str(path), located, cell=cell_label(number)))
    return reports


def check_notebook(path: Path, options: "Options", selection: "Selection") -> list["Report"]:
    """Findings for a notebook's code cells, located as ``path:cell_N:line:col``."""
    from .detect.checker import check_source
    from .detect.noqa import drop_suppressed

    nb, _ = read_notebook(path)
    module = combine([cell.source for cell in code_cells(nb)])
    try:
        findings = check_source(module.text, options, tree=parse_cells(module.text))
    except SyntaxError as exc:
        raise _cell_syntax_error(module.map, exc) from None
    kept = [f for f in drop_suppressed(findings, module.text) if f.code in selection]
    return cell_reports(path, module.map, kept)


# --- fixing notebooks --------------------------------------------------------------------


@dataclass
class NotebookFix:
    """What fixing one notebook changed: the JSON before and after, and each changed cell."""

    path: Path
    old_text: str
    new_text: str
    #: (``cell_N``, source before, source after) for each changed code cell
    cells: list[tuple[str, str, str]]


def fix_notebook_text(text: str, fix_source: Callable[[str], str]) -> tuple[str, list[tuple[str, str, str]]]:
    """Apply ``fix_source`` (Python text -> fixed text) to a notebook's code cells.

    Only code cell sources change: markdown, outputs, metadata, cell ids and the
    nbformat version are kept. Returns the new JSON text and the changed cells.
    """
    nbformat = _nbformat()
    nb = parse_notebook(text, as_version=nbformat.NO_CONVERT)
    if nb.get("nbformat", 0) != 4:
        raise ValueError("only nbformat 4 notebooks are fixed; convert with `jupyter nbconvert --to notebook`")
    for cell, stored in zip(nb.cells, json.loads(text).get("cells", [])):
        if "id" not in stored:
            cell.pop("id", None)  # keep the notebook as it was: no invented cell ids
    cells = code_cells(nb)
    module = combine([cell.source for cell in cells])
    try:
        fixed = fix_source(module.text)
    except SyntaxError as exc:
        raise _cell_syntax_error(module.map, exc) from None
    if fixed == module.text:
        return text, []
    changed = []
    for cell, masked, new_source in zip(cells, module.cells, split_combined(module, fixed)):
        if new_source != cell.source:
            changed.append((cell_label(masked.number), cell.source, new_source))
            cell.source = new_source
    if not changed:
        return text, []
    # nbformat's v4 writer (Jupyter's own layout); it was validated when read.
    new_text = nbformat.v4.writes(nb)
    if text.endswith("\n") and not new_text.endswith("\n"):
        new_text += "\n"  # nbformat.write adds it for files, writes() does not
    return new_text, changed


def fix_notebook(path: Path, fix_source: Callable[[str], str], *, write: bool = True) -> NotebookFix | None:
    """Fix one notebook file in place (atomically); None when nothing changed."""
    path = Path(path)
    old_text = path.read_text(encoding="utf-8")
    new_text, cells = fix_notebook_text(old_text, fix_source)
    if not cells:
        return None
    if write:
        write_atomic(path, new_text)
    return NotebookFix(path, old_text, new_text, cells)


def fix_notebook_file(path: Path, options: "Options", selection: "Selection",
                      diff_only: bool = False) -> tuple[list["Report"], str]:
    """``qiskit-migrate fix`` for one notebook, shaped like ``fixer.fix_file``.

    Returns the reports of what remains (located in cells) and, with ``diff_only``, a
    unified diff per changed cell (``a/nb.ipynb:cell_3``) instead of writing the file.
    """
    from .fix.engine import fix_text, unified_diff

    outcomes = []

    def fix_source(text: str) -> str:
        outcomes.append(fix_text(text, options, selection))
        return outcomes[-1].text

    path = Path(path)
    old_text = path.read_text(encoding="utf-8")
    new_text, changed = fix_notebook_text(old_text, fix_source)
    if changed and not diff_only:
        write_atomic(path, new_text)
    diff = ""
    if diff_only:
        diff = "".join(unified_diff(f"{path}:{label}", before, after) for label, before, after in changed)
    outcome = outcomes[-1]
    return cell_reports(path, CellMap.of(outcome.text), outcome.explained()), diff


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` so a reader (or a crash) sees the whole old or the whole new notebook."""
    from .fix.atomic_write import write_atomically

    write_atomically(Path(path), text.encode("utf-8"))


# --- positions inside the .ipynb file -----------------------------------------------------
# Code scanning and PR annotations show the .ipynb as stored (JSON), so machine formats
# point at the JSON string that holds the flagged source line.

_WHITESPACE_RE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _ws(text: str, index: int) -> int:
    return _WHITESPACE_RE.match(text, index).end()


def _value_end(text: str, index: int) -> int:
    return _DECODER.raw_decode(text, index)[1]


def _object_members(text: str, index: int) -> dict[str, int]:
    """Key -> offset of its value, for the JSON object starting at ``index``."""
    members: dict[str, int] = {}
    index = _ws(text, index + 1)
    while text[index] != "}":
        key, index = json.decoder.scanstring(text, index + 1)
        index = _ws(text, _ws(text, index) + 1)  # past ':'
        members[key] = index
        index = _ws(text, _value_end(text, index))
        if text[index] == ",":
            index = _ws(text, index + 1)
    return members


def _array_items(text: str, index: int) -> list[int]:
    """Offsets of the items of the JSON array starting at ``index``."""
    items: list[int] = []
    index = _ws(text, index + 1)
    while text[index] != "]":
        items.append(index)
        index = _ws(text, _value_end(text, index))
        if text[index] == ",":
            index = _ws(text, index + 1)
    return items


def source_string_offsets(text: str) -> dict[int, list[int]]:
    """Code cell number -> offsets of the JSON strings holding its source (nbformat 4)."""
    offsets: dict[int, list[int]] = {}
    cells = _object_members(text, _ws(text, 0)).get("cells")
    if cells is None:
        return offsets
    number = 0
    for cell in _array_items(text, cells):
        members = _object_members(text, cell)
        if "cell_type" not in members or _DECODER.raw_decode(text, members["cell_type"])[0] != "code":
            continue
        number += 1
        source = members.get("source")
        if source is not None:
            offsets[number] = _array_items(text, source) if text[source] == "[" else [source]
    return offsets


def _raw_length(text: str, start: int, chars: int) -> int:
    """How many characters of JSON string text (from ``start``) encode ``chars`` characters."""
    index = start
    for _ in range(chars):
        if text[index] == '"':
            break
        index += 6 if text.startswith("\\u", index) else 2 if text[index] == "\\" else 1
    return index - start


def json_position(text: str, cell: int, line: int, col: int) -> tuple[int, int] | None:
    """1-based (line, column) in the notebook file of a code cell's ``line`` (1-based) and
    ``col`` (0-based UTF-8 byte offset, as in findings)."""
    try:
        strings = source_string_offsets(text).get(cell)
    except (ValueError, IndexError):  # not valid JSON after all
        return None
    if not strings:
        return None
    if len(strings) == 1 and line > 1:  # the source stored as one string: find the line in it
        lines = _split_keepends(_DECODER.raw_decode(text, strings[0])[0])
        if line > len(lines):
            return None
        chars = len("".join(lines[: line - 1])) + _char_offset(lines[line - 1], col)
        offset = strings[0]
    elif line <= len(strings):
        offset = strings[line - 1]
        chars = _char_offset(_DECODER.raw_decode(text, offset)[0], col)
    else:
        return None
    position = offset + 1 + _raw_length(text, offset + 1, chars)
    file_line = text.count("\n", 0, position) + 1
    return file_line, position - (text.rfind("\n", 0, position) + 1) + 1


def _char_offset(line: str, byte_col: int) -> int:
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))
