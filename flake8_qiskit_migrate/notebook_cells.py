"""The cell layer of notebooks: ``.ipynb`` JSON -> one Python module -> cells again.

No nbformat, so a plain install checks and fixes notebooks, and a notebook costs about what
the same code costs as a ``.py`` file: one decode of only the fields the tool reads (msgspec
skips the outputs; ``json`` reads what it does not accept, and says why a file is no
notebook), one join, one parse. This module sits below the checker and the fixer (it imports neither);
``notebooks.py`` puts them together for the front-ends.

A notebook runs its code cells in one namespace (imports in cell 1, uses in cell 5), so
the code cells are joined into one module, separated by a boundary comment. Positions
are mapped back to ``cell_N`` (1-based over *code* cells, the numbering nbqa prints, so
both tools point at the same place) and the cell's own line.

IPython syntax that is not Python (``%pip install``, ``!ls``, ``x = !ls``, ``%%bash``
cells, ``obj?`` help) is masked with a ``pass`` placeholder line, and put back verbatim
after fixing: the line count of every cell is kept, so line numbers stay right, and a
magic is never rewritten. The code of a line magic that runs Python (``%time job =
backend.run(qc)``) stays in the module without its ``%time`` prefix, which is put back
after fixing, and the body of a Python cell magic (``%%time``, ``%%capture``) is code.
A cell that does not parse (an exercise left as ``qc = # your code``) is masked whole and
reported once; the other cells are still checked and fixed.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple, Union

#: Joins code cells in the combined module. Unusual enough never to occur in real code.
BOUNDARY = "# qiskit-migrate:cell-boundary:5f1c"
#: Stands in for one line of IPython syntax; ``{n}`` finds the original line again.
PLACEHOLDER = "pass  # qiskit-migrate:masked-ipython:{n}"
_PLACEHOLDER_RE = re.compile(r"^[ \t]*pass  # qiskit-migrate:masked-ipython:(\d+)$")
#: Ends the code of a line magic (``%time <code>``); ``{n}`` finds its prefix again.
MAGIC_CODE_MARK = "  # qiskit-migrate:magic-code:{n}"
_MAGIC_CODE_RE = re.compile(r"  # qiskit-migrate:magic-code:(\d+)$")

#: Cell magics whose body is Python that runs in the notebook's namespace: only their
#: ``%%`` line is masked. Any other cell magic (``%%bash``, ``%%html``, ``%%writefile``)
#: makes the whole cell non-Python.
PYTHON_BODY_CELL_MAGICS = frozenset({
    "time", "timeit", "capture", "prun", "debug", "memit", "qiskit_job_status", "qiskit_progress_bar",
})
#: Line magics followed by a Python statement (after their options), e.g. ``%time x = f()``.
_CODE_LINE_MAGIC_RE = re.compile(
    r"""^%(?:
        time[ \t]+
      | (?:timeit|memit)[ \t]+(?:-(?:[nrp][ \t]*\d+(?:\.\d+)?|[tcqov])[ \t]+)*
      | prun[ \t]+(?:-(?:[lsTD][ \t]*\S+|[rq])[ \t]+)*
    )(?=\S)""",
    re.VERBOSE,
)
#: ``job = %time backend.run(qc)``: ``%time`` gives the statement's value, so this is the
#: assignment ``job = backend.run(qc)`` (``%timeit -o`` would give its timings instead).
_ASSIGNED_TIME_MAGIC_RE = re.compile(r"^(?P<target>[\w.\[\]()*, \t]+?=[ \t]*)(?P<magic>%time[ \t]+)(?=\S)")

#: Matched from a line's start (no ``^``: ``_may_hold_ipython`` matches from inside a cell).
_LINE_MAGIC_RE = re.compile(
    r"""[ \t]*(
        [%!?]                                   # %magic, !shell, ?help
      | [\w.\[\]()*, \t]+=[ \t]*[%!]            # x = !ls, out = %time f()
      | [\w.]+(\(\))?\?{1,2}[ \t]*$             # obj?  obj.method??
    )""",
    re.VERBOSE,
)
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
#: Characters without which no line of a cell can be IPython syntax.
_IPYTHON_CHAR_RE = re.compile(r"[%!?]")
_LEADING_PERCENT_RE = re.compile(r"\s*%")

#: Kernel languages that are Python (``language_info.name`` / ``kernelspec.language``).
PYTHON_LANGUAGES = frozenset({"python", "python2", "python3", "ipython", "ipython2", "ipython3", "pyodide"})


class NotebookError(ValueError):
    """The file is not a notebook this tool can read; the message says why, in one line."""


def _a(value: object) -> str:
    """``a list``, ``an int``: the JSON type of ``value`` as Python names it."""
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def cell_label(number: int) -> str:
    """``cell_3``: the third code cell, as nbqa names it."""
    return f"cell_{number}"


def _split_keepends(text: str) -> List[str]:
    """Split on the newlines Python's tokenizer knows (not form feeds, unlike str.splitlines)."""
    lines, start = [], 0
    for match in _NEWLINE_RE.finditer(text):
        lines.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def _line_count(text: str) -> int:
    """``len(_split_keepends(text))`` for a text that ends with a newline, without splitting."""
    count = text.count("\n")
    if "\r" in text:
        count += text.count("\r") - text.count("\r\n")
    return count


def _line_body(line: str) -> str:
    return line.rstrip("\r\n")


# --- reading the JSON ----------------------------------------------------------------------


@dataclass
class CodeCell:
    number: int  # 1-based among code cells
    source: str
    #: ``source`` stored as one string rather than a list of lines
    as_string: bool = False


@dataclass
class Notebook:
    """What the tool needs of a notebook: its code cells and its kernel's language."""

    text: str
    cells: List[CodeCell]
    #: ``language_info.name`` or ``kernelspec.language``, lower case; None when not stated
    language: Optional[str]
    nbformat: int
    #: the file starts with a UTF-8 byte order mark (kept when the file is written)
    bom: bool = False

    @property
    def is_python(self) -> bool:
        return self.language is None or self.language in PYTHON_LANGUAGES

    @property
    def sources(self) -> List[str]:
        return [cell.source for cell in self.cells]


def _kernel_language(metadata: object) -> Optional[str]:
    if not isinstance(metadata, dict):
        return None
    for key, field_name in (("language_info", "name"), ("kernelspec", "language")):
        entry = metadata.get(key)
        if isinstance(entry, dict) and isinstance(entry.get(field_name), str) and entry[field_name].strip():
            return entry[field_name].strip().lower()
    return None


def _cell_dicts(data: dict) -> Tuple[list, str]:
    """The cells (nbformat 4, or the worksheets of nbformat 3) and the key of their code."""
    if "cells" not in data and isinstance(data.get("worksheets"), list):  # nbformat 3
        cells = []
        for index, sheet in enumerate(data["worksheets"]):
            if not isinstance(sheet, dict) or not isinstance(sheet.get("cells"), list):
                raise NotebookError(f"not a notebook: worksheets[{index}] has no list of cells")
            cells.extend(sheet["cells"])
        return cells, "input"
    cells = data.get("cells")
    if not isinstance(cells, list):
        what = "missing" if cells is None else f"{_a(cells)}, not a list"
        raise NotebookError(f"not a notebook: 'cells' is {what}")
    return cells, "source"


try:  # reads only what the tool needs (sources, cell types, kernel language) without building the outputs
    import msgspec
except ImportError:  # pragma: no cover - a dependency; without it every notebook takes the json path
    msgspec = None

if msgspec is not None:
    class _Kernel(msgspec.Struct):
        name: Optional[str] = None
        language: Optional[str] = None

    class _Metadata(msgspec.Struct):
        language_info: Optional[_Kernel] = None
        kernelspec: Optional[_Kernel] = None

    class _Cell(msgspec.Struct):
        cell_type: Optional[str] = None
        source: Union[str, List[str]] = ""

    class _Notebook(msgspec.Struct):
        cells: Optional[List[_Cell]] = None
        metadata: Optional[_Metadata] = None
        nbformat: Optional[int] = None

    _FAST_DECODER = msgspec.json.Decoder(_Notebook)


def _load_fast(data: Union[str, bytes]) -> Optional[Tuple[List[CodeCell], Optional[str], int]]:
    """(code cells, kernel language, nbformat) of an nbformat 4 notebook whose every field the
    tool reads has the expected type, decoded without the outputs; None for anything else,
    which ``load_notebook``'s json path then reads (and explains, when it is no notebook).
    Both paths give the same result for the notebooks this one accepts."""
    if msgspec is None:
        return None
    try:
        notebook = _FAST_DECODER.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    if notebook.cells is None:
        return None  # nbformat 3 (worksheets), or no notebook
    code: List[CodeCell] = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            source = cell.source
            code.append(CodeCell(len(code) + 1, source, as_string=True) if isinstance(source, str)
                        else CodeCell(len(code) + 1, "".join(source)))
    language = None
    metadata = notebook.metadata
    if metadata is not None:
        for entry in (metadata.language_info and metadata.language_info.name,
                      metadata.kernelspec and metadata.kernelspec.language):
            if entry and entry.strip():
                language = entry.strip().lower()
                break
    return code, language, notebook.nbformat if notebook.nbformat is not None else 4


def load_notebook(text: str, data: Optional[bytes] = None) -> Notebook:
    """Read a notebook's JSON text (``data``: the same as the file's bytes, which decode
    faster); raises NotebookError (one clear line) for anything else."""
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
        data = data[3:] if data is not None and data.startswith(b"\xef\xbb\xbf") else None
    fast = _load_fast(data if data is not None else text)
    if fast is not None:
        return Notebook(text, fast[0], fast[1], fast[2], bom)
    return _load_json(text, bom)


def _load_json(text: str, bom: bool = False) -> Notebook:
    """``load_notebook`` with the standard library only: any JSON, and why it is no notebook."""
    try:
        data = json.loads(text)
    except ValueError as exc:  # JSONDecodeError, or a number too large to convert
        raise NotebookError(f"not a notebook: invalid JSON ({exc})") from None
    except RecursionError:
        raise NotebookError("not a notebook: the JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise NotebookError(f"not a notebook: the JSON is {_a(data)}, not an object")
    cells, key = _cell_dicts(data)
    code: List[CodeCell] = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            raise NotebookError(f"not a notebook: cells[{index}] is {_a(cell)}, not an object")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get(key, "")
        if isinstance(source, str):
            code.append(CodeCell(len(code) + 1, source, as_string=True))
        elif isinstance(source, list) and all(isinstance(line, str) for line in source):
            code.append(CodeCell(len(code) + 1, "".join(source)))
        else:
            raise NotebookError(f"not a notebook: the {key} of cells[{index}] is not text")
    version = data.get("nbformat")
    return Notebook(text, code, _kernel_language(data.get("metadata")),
                    version if isinstance(version, int) else 4 if key == "source" else 3, bom)


# --- masking IPython syntax ------------------------------------------------------------------


@dataclass
class MaskedCell:
    """One code cell's source with its IPython lines replaced by placeholders."""

    number: int  # 1-based among code cells
    original: str
    masked: str
    #: placeholder number -> the original line (without its line ending)
    masked_lines: Dict[int, str] = field(default_factory=dict)
    #: mark number -> the line magic prefix (``%time ``) taken off the code it runs
    magic_prefixes: Dict[int, str] = field(default_factory=dict)
    #: mark number -> what stands before that prefix (``job = `` in ``job = %time f()``)
    magic_targets: Dict[int, str] = field(default_factory=dict)
    #: the cell does not parse: every line is masked and this is why
    error: Optional[SyntaxError] = None


#: Jupyter runs ``await`` at the top level of a cell, so notebooks are parsed allowing it.
TOP_LEVEL_AWAIT = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def parse_cells(text: str) -> ast.Module:
    # dont_inherit: this module's own ``from __future__`` imports must not leak into the parse.
    return compile(text, "<notebook>", "exec", flags=ast.PyCF_ONLY_AST | TOP_LEVEL_AWAIT, dont_inherit=True)


def _syntax_error(source: str) -> Optional[SyntaxError]:
    try:
        parse_cells(source)
    except SyntaxError as exc:
        return exc
    except (ValueError, RecursionError, MemoryError) as exc:  # NUL bytes, absurd nesting
        return SyntaxError(f"{type(exc).__name__}: {exc}", ("<notebook>", 1, 1, ""))
    return None


def _indent(body: str) -> str:
    return body[: len(body) - len(body.lstrip(" \t"))]


def _lines_to_mask(lines: Sequence[str]) -> Dict[int, str]:
    """Index of each IPython-only line -> the indentation its placeholder gets.

    A placeholder keeps its magic's indentation, so a magic inside a block stays inside
    it; continuation lines follow their magic; a cell's first line and a wholly
    non-Python cell (``%%bash``) sit at module level.
    """
    first = lines[0].lstrip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split(maxsplit=1)[0] if first[2:].strip() else ""
        return {0: ""} if magic in PYTHON_BODY_CELL_MAGICS else {index: "" for index in range(len(lines))}
    masked: Dict[int, str] = {}
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


def _may_hold_ipython(source: str) -> bool:
    """Whether ``_lines_to_mask`` could find a line to mask, looking only at the lines that
    hold a ``%``, ``!`` or ``?`` (a regular expression run over every line of a large cell
    costs more than checking, parsing and fixing it)."""
    if "\r" in source or _LEADING_PERCENT_RE.match(source):
        return True  # lone carriage returns split lines too; a cell magic: the careful path
    checked_line = -1
    for match in _IPYTHON_CHAR_RE.finditer(source):
        line_start = source.rfind("\n", 0, match.start()) + 1
        if line_start == checked_line:
            continue
        checked_line = line_start
        line_end = source.find("\n", match.start())
        if _LINE_MAGIC_RE.match(source, line_start, len(source) if line_end < 0 else line_end):
            return True
    return False


def mask_cell(number: int, source: str, counter: List[int]) -> MaskedCell:
    """Mask the IPython-only lines of one cell; Python that parses is left alone."""
    cell = MaskedCell(number, source, source)
    if not _may_hold_ipython(source):
        return cell  # the common case: no line can be IPython syntax, nothing to parse
    lines = _split_keepends(source)
    to_mask = _lines_to_mask(lines)
    if not to_mask or _syntax_error(source) is None:
        return cell  # parsing Python keeps '%' lines inside strings intact
    out = []
    for index, line in enumerate(lines):
        if index not in to_mask:
            out.append(line)
            continue
        counter[0] += 1
        body = _line_body(line)
        ending = line[len(body):]
        stripped = body.lstrip(" \t")
        code = _magic_code(stripped) if not body.endswith("\\") and to_mask[index] == _indent(body) else None
        if code is not None:
            # `%time job = backend.run(qc)`: the statement is code, checked and fixed like any
            target, prefix, statement = code
            cell.magic_prefixes[counter[0]] = prefix
            if target:
                cell.magic_targets[counter[0]] = target
            out.append(_indent(body) + statement + MAGIC_CODE_MARK.format(n=counter[0]) + ending)
            continue
        cell.masked_lines[counter[0]] = body
        out.append(to_mask[index] + PLACEHOLDER.format(n=counter[0]) + ending)
    cell.masked = "".join(out)
    return cell


def _magic_code(line: str) -> Optional[Tuple[str, str, str]]:
    """(target, magic prefix, the Python statement) of a line magic that runs code, else None."""
    code = _CODE_LINE_MAGIC_RE.match(line)
    if code is not None:
        target, prefix, statement = "", code.group(0), line[code.end():]
    else:
        assigned = _ASSIGNED_TIME_MAGIC_RE.match(line)
        if assigned is None:
            return None
        target, prefix = assigned.group("target"), assigned.group("magic")
        statement = target + line[assigned.end():]
    return (target, prefix, statement) if _syntax_error(statement) is None else None


def _mask_whole(cell: MaskedCell, error: SyntaxError, counter: List[int]) -> None:
    """Leave a cell that does not parse out of the module: every line a placeholder."""
    out = []
    cell.masked_lines, cell.magic_prefixes, cell.magic_targets, cell.error = {}, {}, {}, error
    for line in _split_keepends(cell.original):
        counter[0] += 1
        body = _line_body(line)
        cell.masked_lines[counter[0]] = body
        out.append(PLACEHOLDER.format(n=counter[0]) + line[len(body):])
    cell.masked = "".join(out)


# --- the combined module -----------------------------------------------------------------------


@dataclass
class CellMap:
    """Where each code cell lies in a combined module."""

    first_lines: List[int]  # 1-based line where each cell starts
    line_counts: List[int]
    #: module line -> (from which byte column, how many bytes to add): where a line magic
    #: prefix was taken off the line
    shifts: Dict[int, Tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, prefixes: Optional[Dict[int, Tuple[str, str]]] = None) -> "CellMap":
        """The map of any combined text, e.g. one the fixer changed: cells end at boundaries.
        ``prefixes`` (mark number -> (target, line magic prefix)) finds the lines that lost one."""
        first_lines, line_counts, shifts = [1], [0], {}
        for number, line in enumerate(_split_keepends(text), 1):
            if line.startswith(BOUNDARY):
                first_lines.append(number + 1)
                line_counts.append(0)
                continue
            line_counts[-1] += 1
            if prefixes:
                mark = _MAGIC_CODE_RE.search(_line_body(line))
                if mark and int(mark.group(1)) in prefixes:
                    target, prefix = prefixes[int(mark.group(1))]
                    shifts[number] = _shift(line, target, prefix)
        return cls(first_lines, line_counts, shifts)

    def locate(self, line: int) -> Optional[Tuple[int, int]]:
        """(cell number, 1-based line in that cell) for a module line; None on a boundary."""
        for index, (start, count) in enumerate(zip(self.first_lines, self.line_counts)):
            if start <= line < start + count:
                return index + 1, line - start + 1
        return None


def _shift(line: str, target: str, prefix: str) -> Tuple[int, int]:
    return len((_indent(line) + target).encode("utf-8")), len(prefix.encode("utf-8"))


@dataclass
class CombinedModule:
    """All code cells as one module, and where each cell starts in it."""

    text: str
    cells: List[MaskedCell]
    map: CellMap
    #: the module's tree, when ``combine`` was asked to parse it
    tree: Optional[ast.Module] = None

    @property
    def prefixes(self) -> Dict[int, Tuple[str, str]]:
        """Mark number -> (target, line magic prefix), for ``CellMap.of``."""
        return {n: (cell.magic_targets.get(n, ""), prefix)
                for cell in self.cells for n, prefix in cell.magic_prefixes.items()}

    @property
    def broken(self) -> List[MaskedCell]:
        """The cells left out because they do not parse."""
        return [cell for cell in self.cells if cell.error is not None]


def _join(cells: Sequence[MaskedCell]) -> Tuple[str, CellMap]:
    parts, first_lines, line_counts, shifts, line = [], [], [], {}, 1
    for index, cell in enumerate(cells):
        if index:
            parts.append(f"{BOUNDARY} {cell.number}\n")
            line += 1
        text = cell.masked if cell.masked.endswith(("\n", "\r")) else cell.masked + "\n"
        count = _line_count(text)
        if cell.magic_prefixes:
            for offset, masked_line in enumerate(_split_keepends(text)):
                mark = _MAGIC_CODE_RE.search(_line_body(masked_line))
                if mark and int(mark.group(1)) in cell.magic_prefixes:
                    number = int(mark.group(1))
                    shifts[line + offset] = _shift(masked_line, cell.magic_targets.get(number, ""),
                                                   cell.magic_prefixes[number])
        parts.append(text)
        first_lines.append(line)
        line_counts.append(count)
        line += count
    return "".join(parts), CellMap(first_lines, line_counts, shifts)


def combine(sources: Sequence[str], *, parse: bool = False) -> CombinedModule:
    """Join code cell sources (already in code-cell order) into one module.

    With ``parse``, the module is parsed too, and a cell that does not parse is masked
    whole (``CombinedModule.broken``) so that the others can still be checked and fixed.
    """
    if any(BOUNDARY in source for source in sources):
        raise NotebookError("a code cell contains the qiskit-migrate cell boundary marker")
    counter = [0]
    cells = [mask_cell(number, source, counter) for number, source in enumerate(sources, 1)]
    text, cell_map = _join(cells)
    if not parse:
        return CombinedModule(text, cells, cell_map)
    try:
        return CombinedModule(text, cells, cell_map, parse_cells(text))
    except SyntaxError:
        pass
    # Rare: leave out the cells that do not parse on their own. Cells that each parse also
    # parse joined (each ends at a statement boundary, the boundary is a comment line).
    for cell in cells:
        error = _syntax_error(cell.masked)
        if error is not None:
            _mask_whole(cell, error, counter)
    text, cell_map = _join(cells)
    return CombinedModule(text, cells, cell_map, parse_cells(text))


def split_combined(module: CombinedModule, fixed_text: str) -> List[str]:
    """Cut a fixed combined module back into cell sources, restoring masked lines.

    Raises NotebookError when the fix lost a boundary or a masked line: the notebook
    is then left as it was rather than risk moving code between cells.
    """
    chunks: List[List[str]] = [[]]
    for line in _split_keepends(fixed_text):
        if line.startswith(BOUNDARY):
            chunks.append([])
        else:
            chunks[-1].append(line)
    if len(chunks) != len(module.cells):
        raise NotebookError("the fix changed the notebook's cell boundaries (notebook left untouched)")
    sources = []
    for cell, lines in zip(module.cells, chunks):
        if cell.error is not None:
            sources.append(cell.original)  # a cell left out is given back as it was
            continue
        restored, seen, marks = [], set(), set()
        for line in lines:
            body = _line_body(line)
            ending = line[len(body):]
            match = _PLACEHOLDER_RE.match(body)
            if match and int(match.group(1)) in cell.masked_lines:
                seen.add(int(match.group(1)))
                restored.append(cell.masked_lines[int(match.group(1))] + ending)
                continue
            mark = _MAGIC_CODE_RE.search(body)
            if mark and int(mark.group(1)) in cell.magic_prefixes:
                number = int(mark.group(1))
                code = body[:mark.start()]
                indent, target = _indent(code), cell.magic_targets.get(number, "")
                if not code[len(indent):].startswith(target):
                    continue  # the fix rewrote what `%time` assigns to: not restorable, refused below
                marks.add(number)
                statement = code[len(indent) + len(target):]
                restored.append(indent + target + cell.magic_prefixes[number] + statement + ending)
                continue
            restored.append(line)
        if seen != set(cell.masked_lines) or marks != set(cell.magic_prefixes):
            raise NotebookError(f"the fix dropped IPython syntax in {cell_label(cell.number)} "
                                "(notebook left untouched)")
        text = "".join(restored)
        if not cell.original.endswith(("\n", "\r")) and text.endswith("\n"):
            text = text[:-1]  # the joining newline ``combine`` added
        sources.append(text)
    return sources


def cell_position(cell_map: CellMap, line: int, col: int) -> Optional[Tuple[int, int, int]]:
    """(cell number, line in the cell, column in the cell) of a module position."""
    where = cell_map.locate(line)
    if where is None:
        return None
    threshold, shift = cell_map.shifts.get(line, (0, 0))
    return where[0], where[1], col + shift if col >= threshold else col


# --- the JSON text: where each source is, and editing it in place ------------------------------

_WHITESPACE_RE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _ws(text: str, index: int) -> int:
    return _WHITESPACE_RE.match(text, index).end()


def _value_end(text: str, index: int) -> int:
    return _DECODER.raw_decode(text, index)[1]


def _object_members(text: str, index: int) -> Dict[str, int]:
    """Key -> offset of its value, for the JSON object starting at ``index``."""
    members: Dict[str, int] = {}
    index = _ws(text, index + 1)
    while text[index] != "}":
        key, index = json.decoder.scanstring(text, index + 1)
        index = _ws(text, _ws(text, index) + 1)  # past ':'
        members[key] = index
        index = _ws(text, _value_end(text, index))
        if text[index] == ",":
            index = _ws(text, index + 1)
    return members


def _array_items(text: str, index: int) -> List[int]:
    """Offsets of the items of the JSON array starting at ``index``."""
    items: List[int] = []
    index = _ws(text, index + 1)
    while text[index] != "]":
        items.append(index)
        index = _ws(text, _value_end(text, index))
        if text[index] == ",":
            index = _ws(text, index + 1)
    return items


def source_values(text: str) -> Dict[int, int]:
    """Code cell number -> offset of its ``source`` value in the JSON text (nbformat 4)."""
    offsets: Dict[int, int] = {}
    cells = _object_members(text, _ws(text, 0)).get("cells")
    if cells is None:
        return offsets
    number = 0
    for cell in _array_items(text, cells):
        members = _object_members(text, cell)
        if "cell_type" not in members or _DECODER.raw_decode(text, members["cell_type"])[0] != "code":
            continue
        number += 1
        if "source" in members:
            offsets[number] = members["source"]
    return offsets


@lru_cache(maxsize=8)  # machine formats ask once per finding, about the same file
def source_string_offsets(text: str) -> Dict[int, List[int]]:
    """Code cell number -> offsets of the JSON strings holding its source (nbformat 4)."""
    return {number: _array_items(text, offset) if text[offset] == "[" else [offset]
            for number, offset in source_values(text).items()}


def _raw_length(text: str, start: int, chars: int) -> int:
    """How many characters of JSON string text (from ``start``) encode ``chars`` characters."""
    index = start
    for _ in range(chars):
        if text[index] == '"':
            break
        index += 6 if text.startswith("\\u", index) else 2 if text[index] == "\\" else 1
    return index - start


def _char_offset(line: str, byte_col: int) -> int:
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))


def json_position(text: str, cell: int, line: int, col: int) -> Optional[Tuple[int, int]]:
    """1-based (line, column) in the notebook file of a code cell's ``line`` (1-based) and
    ``col`` (0-based UTF-8 byte offset, as in findings)."""
    try:
        strings = source_string_offsets(text).get(cell)
    except (ValueError, IndexError, TypeError):  # not valid JSON after all
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


def _uses_ascii_escapes(text: str) -> bool:
    """Whether the file was written with ``ensure_ascii`` (non-ASCII text as ``\\uXXXX``)."""
    if not text.isascii():
        return False
    return re.search(r"\\u(?:00[89a-fA-F][0-9a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{3})",
                     text) is not None


def _newline(text: str) -> str:
    index = text.find("\n")
    return "\r\n" if index > 0 and text[index - 1] == "\r" else "\n"


def _indent_unit(text: str) -> str:
    """The indentation one nesting level adds (nbformat writes one space)."""
    match = re.search(r"\{[ \t]*\r?\n([ \t]+)\"", text)
    return match.group(1) if match else " "


def _encode_source(text: str, offset: int, new_source: str, as_ascii: bool) -> Tuple[int, str]:
    """(end of the old value, the new value's JSON text) for one cell's ``source``, laid out
    as the old one was: a string stays a string, a list keeps its line breaks and indentation,
    and lines that did not change keep their exact JSON spelling."""
    end = _value_end(text, offset)
    if text[offset] == '"':
        return end, json.dumps(new_source, ensure_ascii=as_ascii)
    items = _array_items(text, offset)
    spelled = {}
    for item in items:
        spelled.setdefault(_DECODER.raw_decode(text, item)[0], text[item:_value_end(text, item)])
    lines = new_source.splitlines(keepends=True)  # nbformat's own split of a source into lines
    encoded = [spelled.get(line) or json.dumps(line, ensure_ascii=as_ascii) for line in lines]
    if not encoded:
        return end, "[]"
    if items:
        opening = text[offset + 1:items[0]]
        closing = text[_value_end(text, items[-1]):end - 1]
        separator = text[_value_end(text, items[0]):items[1]] if len(items) > 1 else "," + opening
    else:  # an empty cell that gains lines: indent like the key's line, one level deeper
        line_start = text.rfind("\n", 0, offset) + 1
        key_indent = _indent(text[line_start:offset])
        newline = _newline(text)
        opening = newline + key_indent + _indent_unit(text)
        closing = newline + key_indent
        separator = "," + opening
    return end, "[" + opening + separator.join(encoded) + closing + "]"


def replace_sources(text: str, new_sources: Dict[int, str]) -> str:
    """The notebook's JSON text with the ``source`` of some code cells (number -> new source)
    replaced; every other byte of the file is kept (key order, indentation, line endings)."""
    offsets = source_values(text)
    missing = sorted(set(new_sources) - set(offsets))
    if missing:
        raise NotebookError(f"{cell_label(missing[0])} has no source to rewrite")
    as_ascii = _uses_ascii_escapes(text)
    parts, position = [], 0
    for number in sorted(new_sources, key=offsets.__getitem__):
        start = offsets[number]
        end, value = _encode_source(text, start, new_sources[number], as_ascii)
        parts.append(text[position:start])
        parts.append(value)
        position = end
    parts.append(text[position:])
    return "".join(parts)
