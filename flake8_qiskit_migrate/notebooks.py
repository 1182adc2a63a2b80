"""Jupyter notebooks for the front-ends: check and fix the code cells of an ``.ipynb``.

The cell layer (``notebook_cells``: JSON, masking, one module, positions) sits below the
checker and the fixer; this module puts them together, so nothing below it imports it:
the CLI and the language server call

- ``check_notebook_file(path, options, selection)`` -> ``NotebookResult`` (reports located
  as ``path:cell_N:line:col``, and one E999 line per cell that does not parse), and
- ``fix_notebook_file(path, options, selection, diff_only)`` -> ``NotebookResult`` (what
  remains, per-cell diffs, E999 lines of the cells left untouched).

A notebook whose kernel is not Python is skipped (an empty result). A file that is not a
readable notebook raises ``NotebookError`` (a ValueError, one line: the front-ends print
it as E902). Notebooks are read and written as plain JSON: only the changed ``source``
values differ in a fixed file.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, NamedTuple, Optional, Sequence, Tuple

from .detect.checker import DEFAULT_OPTIONS, Options, check_source, might_have_findings
from .detect.noqa import drop_suppressed
from .findings import Finding
from .notebook_cells import (  # noqa: F401 - the cell layer's API, re-exported for callers
    BOUNDARY,
    PLACEHOLDER,
    PYTHON_BODY_CELL_MAGICS,
    CellMap,
    CombinedModule,
    MaskedCell,
    Notebook,
    NotebookError,
    cell_label,
    cell_position,
    combine,
    json_position,
    load_notebook,
    mask_cell,
    parse_cells,
    replace_sources,
    source_string_offsets,
    split_combined,
)
from .report.reports import Report


class NotebookResult(NamedTuple):
    """What checking or fixing one notebook gives a front-end."""

    reports: List[Report]
    #: one line per cell that does not parse: ``path:cell_N:line:col: E999 SyntaxError: ...``
    errors: List[str]
    #: ``fix --diff``: a unified diff per changed cell (``path:cell_N``)
    diff: str = ""


class CellFinding(NamedTuple):
    """A finding located in a code cell (``finding`` holds the cell's line and column)."""

    cell: int
    finding: Finding


def read_notebook_file(path: Path) -> Notebook:
    """A notebook file as stored (bytes decoded as UTF-8, line endings kept)."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"not a notebook: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    return load_notebook(text, data)


def syntax_error_line(path: str, cell: MaskedCell, suffix: str = "") -> str:
    """The E999 line of a cell left out because it does not parse."""
    error = cell.error
    return (f"{path}:{cell_label(cell.number)}:{error.lineno or 1}:{error.offset or 1}: "
            f"E999 SyntaxError: {error.msg}{suffix}")


def locate(module_map: CellMap, findings: Sequence[Finding]) -> List[CellFinding]:
    """Findings on a combined module, located in their cells."""
    located = []
    for finding in findings:
        start = cell_position(module_map, finding.line, finding.col)
        if start is None:
            continue
        number, line, col = start
        end = cell_position(module_map, finding.end_line, finding.end_col)
        if end is not None and end[0] == number:
            end_line, end_col = end[1], end[2]
        else:  # a node spanning cells cannot happen in valid code; keep the range in the cell
            end_line, end_col = line, col
        located.append(CellFinding(number, finding._replace(line=line, col=col, end_line=end_line, end_col=end_col)))
    return located


def check_cells(sources: Sequence[str], options: Options = DEFAULT_OPTIONS,
                selection=None) -> Tuple[List[CellFinding], List[MaskedCell]]:
    """Findings for code cell sources run in order as one module, and the cells left out
    because they do not parse. Used by ``check`` and the language server alike."""
    if not might_have_findings("".join(sources)):
        # No IBM name anywhere: nothing to find, so nothing to parse (as for a .py file).
        return [], []
    module = combine(sources, parse=True)
    findings = check_source(module.text, options, tree=module.tree)
    if not findings:
        return [], module.broken  # nothing for the `# noqa` filter to scan
    kept = [f for f in drop_suppressed(findings, module.text) if selection is None or f.code in selection]
    return locate(module.map, kept), module.broken


def check_notebook_file(path: Path, options: Options, selection) -> NotebookResult:
    """``qiskit-migrate check`` for one notebook."""
    notebook = read_notebook_file(path)
    if not notebook.is_python:
        return NotebookResult([], [])  # an R or Julia notebook is not ours to check
    located, broken = check_cells(notebook.sources, options, selection)
    reports = [Report(str(path), item.finding, cell=cell_label(item.cell)) for item in located]
    return NotebookResult(reports, [syntax_error_line(str(path), cell) for cell in broken])


def check_notebook(path: Path, options: Options, selection) -> List[Report]:
    """The findings of ``check_notebook_file`` (without the E999 lines of broken cells)."""
    return check_notebook_file(path, options, selection).reports


# --- fixing notebooks --------------------------------------------------------------------


@dataclass
class CellsFix:
    """Fixing code cells as one module: the new sources and what the fixer saw."""

    sources: List[str]
    module: CombinedModule
    fixed_text: str
    #: (``cell_N``, source before, source after) for each changed code cell
    changed: List[Tuple[str, str, str]] = field(default_factory=list)


def fix_cells(sources: Sequence[str], fix_source: Callable[[str], str]) -> CellsFix:
    """Apply ``fix_source`` (Python text -> fixed text) to code cells run as one module.
    Cells that do not parse are left out of the module and come back as they were."""
    module = combine(sources, parse=True)
    fixed = fix_source(module.text)
    if fixed == module.text:
        return CellsFix(list(sources), module, fixed)
    new_sources = split_combined(module, fixed)
    changed = [(cell_label(number), old, new)
               for number, (old, new) in enumerate(zip(sources, new_sources), 1) if old != new]
    return CellsFix(new_sources, module, fixed, changed)


@dataclass
class NotebookFix:
    """What fixing one notebook changed: the JSON before and after, and each changed cell."""

    path: Optional[Path]
    old_text: str
    new_text: str
    #: (``cell_N``, source before, source after) for each changed code cell
    cells: List[Tuple[str, str, str]]
    #: the fixer's view of the cells (None for a notebook that was not fixed: not Python)
    fix: Optional[CellsFix] = None


def fix_notebook_text(text: str, fix_source: Optional[Callable[[str], str]],
                      cells_fixer: Optional[Callable[[Sequence[str]], CellsFix]] = None) -> NotebookFix:
    """Fix a notebook's JSON text: only the changed code cells' ``source`` values differ
    in the new text (key order, indentation, line endings, one-string sources are kept).
    ``cells_fixer`` (sources -> CellsFix), when given, fixes the cells instead of
    ``fix_cells(sources, fix_source)``."""
    notebook = load_notebook(text)
    if not notebook.is_python or not notebook.cells:
        return NotebookFix(None, text, text, [])
    result = cells_fixer(notebook.sources) if cells_fixer is not None else fix_cells(notebook.sources, fix_source)
    if not result.changed:
        return NotebookFix(None, text, text, [], result)
    if notebook.nbformat != 4:
        raise NotebookError(f"nbformat {notebook.nbformat} notebooks are checked but not fixed; "
                            "convert with `jupyter nbconvert --to notebook` (notebook left untouched)")
    by_number = {int(label.rsplit("_", 1)[1]): new for label, _, new in result.changed}
    new_text = replace_sources(notebook.text, by_number)
    if notebook.bom:
        new_text = "\ufeff" + new_text
    return NotebookFix(None, text, new_text, result.changed, result)


def fix_notebook(path: Path, fix_source: Callable[[str], str], *, write: bool = True) -> Optional[NotebookFix]:
    """Fix one notebook file in place (atomically); None when nothing changed."""
    path = Path(path)
    old_text = _read_text(path)
    outcome = fix_notebook_text(old_text, fix_source)
    if not outcome.cells:
        return None
    if write:
        write_atomic(path, outcome.new_text)
    outcome.path = path
    return outcome


def _read_text(path: Path) -> str:
    try:
        return Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"not a notebook: not UTF-8 ({exc.reason} at byte {exc.start})") from None


class FixedNotebook(NamedTuple):
    """What fixing a notebook's JSON text gives a front-end."""

    new_text: str
    #: (``cell_N``, source before, source after) for each changed code cell
    cells: List[Tuple[str, str, str]]
    #: what remains (located in cells), and the E999 line of each cell left untouched
    result: NotebookResult
    #: ``--unsafe-fixes``: ``label:cell_N:line:col: QM00N message [fixed unsafely, review: ...]``
    reviews: List[str] = []


#: The magics ``import qiskit.tools.jupyter`` registered (Qiskit < 1.0; gone with the module).
DASHBOARD_MAGIC_RE = re.compile(
    r"[ \t]*%%?(qiskit_version_table|qiskit_copyright|qiskit_job_watcher|qiskit_disable_job_watcher"
    r"|qiskit_backend_overview|qiskit_job_status|qiskit_progress_bar)\b")
#: Appended to a dashboard import's line to keep the fixer off it (its fix is unsafe then).
_KEEP_MARK = "  # noqa: QM001 qiskit-migrate:keep-dashboards"
_DASHBOARD_MODULES = ("qiskit.tools.jupyter", "qiskit.wrapper.jupyter")


def dashboard_magics(module: CombinedModule) -> List[str]:
    """The dashboard magic lines of a combined module's cells, as written (masked lines only:
    a ``%qiskit_version_table`` inside a string is not a magic)."""
    return [line for cell in module.cells for line in cell.masked_lines.values() if DASHBOARD_MAGIC_RE.match(line)]


def _names_dashboards(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.startswith(_DASHBOARD_MODULES) for alias in node.names)
    if isinstance(node, ast.ImportFrom) and node.module:
        modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        return any(name.startswith(_DASHBOARD_MODULES) for name in modules)
    return False


def dashboard_imports(module: CombinedModule, findings: Sequence[Finding]) -> List[Finding]:
    """The QM001 findings of ``findings`` that are imports of ``qiskit.tools.jupyter``."""
    lines = {node.lineno for node in ast.walk(module.tree) if _names_dashboards(node)} if module.tree else set()
    return [f for f in findings if f.code == "QM001" and f.line in lines]


def _comment_out(source: str, magics: Sequence[str]) -> str:
    out = []
    for line in re.split(r"(?<=\n)", source):
        body = line.rstrip("\r\n")
        if body in magics:
            magic = body.lstrip(" \t")
            indent = body[: len(body) - len(magic)]
            line = f"{indent}# {magic}  # qiskit.tools.jupyter was removed with Qiskit 1.0" + line[len(body):]
        out.append(line)
    return "".join(out)


def _keep_lines(sources: Sequence[str], module: CombinedModule, findings: Sequence[Finding]) -> Optional[List[str]]:
    """The sources with ``_KEEP_MARK`` on the line of each finding; None if a line cannot take it."""
    marked = [list(re.split(r"(?<=\n)", source)) for source in sources]
    for finding in findings:
        where = module.map.locate(finding.line)
        if where is None:
            return None
        lines = marked[where[0] - 1]
        line = lines[where[1] - 1]
        body = line.rstrip("\r\n")
        if "\r" in body or body.rstrip().endswith("\\"):
            return None  # a continued line cannot end in a comment
        code = body.split("#", 1)[0].rstrip()  # import lines hold no strings
        lines[where[1] - 1] = code + _KEEP_MARK + body[len(code):] + line[len(body):]
    return ["".join(lines) for lines in marked]


_DASHBOARD_NOTE = ("the notebook's {magics} magic{s} (registered by qiskit.tools.jupyter) {are} commented out: the "
                   "version table and job or backend widgets have no counterpart (qiskit.__version__, "
                   "job.status() and service.backends() show the same)")


class CellsOutcome(NamedTuple):
    """``fix_cells_with_magics``: the cells fixed, the fixer's outcome on them (None when the
    fixer did not run or failed), and the dashboard imports the magics decided."""

    cells: CellsFix
    outcome: Optional[object]  # fix.engine.FixOutcome
    #: dashboard imports kept for their magics (unsafe fixes off), with the fix on offer
    kept: List[CellFinding]
    #: dashboard imports fixed with their magics commented out (unsafe fixes on), what to review
    reviewed: List[CellFinding]


def fix_cells_with_magics(sources: Sequence[str], fix_outcome: Callable[[str], Optional[object]],
                          unsafe_fixes: bool) -> CellsOutcome:
    """``fix_cells`` with ``fix_outcome`` (Python text -> ``FixOutcome``, None: not fixed),
    where the dashboard magics (``%qiskit_version_table``, ``%qiskit_job_watcher``, ...) go
    with the QM001 finding of the ``qiskit.tools.jupyter`` import that registered them:
    fixing that import comments them out, which is an unsafe fix (a display is removed).
    Without unsafe fixes the import is kept, as the magics need it. Used by ``fix`` and the
    language server alike."""
    from .fix.engine import _UNSAFE_OFFERED

    outcomes: List[object] = []

    def fix_source(source: str) -> str:
        outcome = fix_outcome(source)
        if outcome is None:
            return source
        outcomes.append(outcome)
        return outcome.text

    result = fix_cells(sources, fix_source)
    magics = dashboard_magics(result.module)
    if not magics or not outcomes:
        return CellsOutcome(result, outcomes[-1] if outcomes else None, [], [])
    outcome = outcomes[-1]
    fixed_imports = [f for f in dashboard_imports(result.module, outcome.originals) if f in outcome.kinds]
    if not fixed_imports:
        return CellsOutcome(result, outcome, [], [])  # the import stays (something reads it): so do its magics
    names = sorted({"%" + DASHBOARD_MAGIC_RE.match(m).group(1) for m in magics})
    note = _DASHBOARD_NOTE.format(magics=", ".join(names), s="s" if len(names) > 1 else "",
                                  are="are" if len(names) > 1 else "is")
    located = locate(result.module.map, fixed_imports)
    kept: List[CellFinding] = []
    reviewed: List[CellFinding] = []
    if unsafe_fixes:
        new_sources = [_comment_out(source, magics) for source in result.sources]
        reviewed = [item._replace(finding=item.finding._replace(
            message=f"{item.finding.message} [fixed unsafely, review: {note}]")) for item in located]
    else:
        marked = _keep_lines(sources, result.module, fixed_imports)
        if marked is None:
            raise NotebookError("a qiskit.tools.jupyter import its magics need is on a continued line "
                                "(notebook left untouched)")
        offered = _UNSAFE_OFFERED.format(note=note)
        kept = [item._replace(finding=item.finding._replace(message=f"{item.finding.message} [not fixed: {offered}]"))
                for item in located]
        outcomes.clear()
        result = fix_cells(marked, fix_source)
        new_sources = [source.replace(_KEEP_MARK, "") for source in result.sources]
        outcome = outcomes[-1] if outcomes else None
    changed = [(cell_label(number), old, new)
               for number, (old, new) in enumerate(zip(sources, new_sources), 1) if old != new]
    return CellsOutcome(CellsFix(new_sources, result.module, result.fixed_text, changed), outcome, kept, reviewed)


def _line(label: str, item: CellFinding) -> str:
    return f"{label}:{cell_label(item.cell)}:{item.finding.line}:{item.finding.col + 1}: {item.finding.message}"


def fix_notebook_source(text: str, label: str, options: Options, selection, *, unsafe_fixes: Optional[bool] = None,
                        target_runtime: Optional[str] = None) -> FixedNotebook:
    """Fix a notebook's JSON text (read from ``label``, a path or ``--stdin-filename``), for
    ``fix`` on files and on standard input alike (the dashboard magics as
    ``fix_cells_with_magics`` says). ``unsafe_fixes`` / ``target_runtime`` default to the
    current ``run_fix``'s. Raises NotebookError for a file that is not a notebook this tool
    can fix."""
    from .fix.engine import RUN_SETTINGS, fix_text

    if unsafe_fixes is None:
        unsafe_fixes = RUN_SETTINGS.get()[0]
    runs: List[CellsOutcome] = []

    def cells_fixer(sources: Sequence[str]) -> CellsFix:
        runs.append(fix_cells_with_magics(sources, lambda source: fix_text(
            source, options, selection, unsafe_fixes=unsafe_fixes, target_runtime=target_runtime), unsafe_fixes))
        return runs[-1].cells

    notebook = load_notebook(text)
    if not notebook.is_python or not might_have_findings("".join(notebook.sources)):
        return FixedNotebook(text, [], NotebookResult([], []))  # nothing to fix, and no parse: as `check` does
    notebook_fix = fix_notebook_text(text, None, cells_fixer)
    if notebook_fix.fix is None or not runs or runs[-1].outcome is None:
        return FixedNotebook(text, [], NotebookResult([], []))
    run = runs[-1]
    module, outcome = notebook_fix.fix.module, run.outcome
    remaining = locate(CellMap.of(outcome.text, module.prefixes), outcome.explained())
    remaining = sorted(remaining + run.kept, key=lambda item: (item.cell, item.finding.line, item.finding.col))
    reports = [Report(label, item.finding, cell=cell_label(item.cell)) for item in remaining]
    errors = [syntax_error_line(label, cell, " (cell left untouched)") for cell in module.broken]
    # at their place in the original
    reviews = [_line(label, item) for item in locate(module.map, outcome.reviews()) + run.reviewed]
    return FixedNotebook(notebook_fix.new_text, notebook_fix.cells, NotebookResult(reports, errors), reviews)


def fix_notebook_file(path: Path, options: Options, selection, diff_only: bool = False) -> NotebookResult:
    """``qiskit-migrate fix`` for one notebook, shaped like ``fix.engine.fix_file``.

    Returns the reports of what remains (located in cells), with ``diff_only`` a unified
    diff per changed cell (``nb.ipynb:cell_3``) instead of writing the file, and the E999
    line of each cell that does not parse (left as it was; the others are fixed). With
    ``--unsafe-fixes``, what each unsafe fix asks to review goes to stderr, as for ``.py``.
    """
    import sys

    from .fix.engine import unified_diff

    path = Path(path)
    fixed = fix_notebook_source(_read_text(path), str(path), options, selection)
    if fixed.cells and not diff_only:
        write_atomic(path, fixed.new_text)
    for review in fixed.reviews:
        print(review, file=sys.stderr)
    if diff_only:
        diff = "".join(unified_diff(f"{path}:{label}", before, after) for label, before, after in fixed.cells)
        return fixed.result._replace(diff=diff)
    return fixed.result


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` so a reader (or a crash) sees the whole old or the whole new notebook."""
    from .fix.atomic_write import write_atomically

    write_atomically(Path(path), text.encode("utf-8"))
