"""``qiskit-migrate server``: a language server (LSP over stdio, on pygls).

Diagnostics come from the real checker (``detect.checker.check_source``, ``# noqa`` and
the selection applied, as ``check`` does) when a document is opened, changed or saved;
code actions come from the real fixer (``fix.engine.fix_text``), as the minimal text edits
that turn the document into what ``qiskit-migrate fix`` would write:

- "Fix all QM findings (qiskit-migrate)" (``quickfix`` and ``source.fixAll.qiskit-migrate``),
- "Fix QM00N findings" for each code among the diagnostics the client asks about,
- "... (unsafe)" variants when the fixer offers unsafe fixes beyond the safe ones.

Python files (``textDocument/*``) and LSP 3.17 notebooks (``notebookDocument/*``: the code
cells of a notebook are one module, in order, as in ``check``; diagnostics and edits are
per cell) are supported. Each document gets the project's configuration, found from its
folder as the CLI finds it (``[tool.qiskit-migrate]`` in ``pyproject.toml``, else ``[flake8]``
in ``setup.cfg`` / ``tox.ini`` / ``.flake8``), with the client's settings on top
(``initializationOptions`` or the ``qiskit-migrate`` section of
``workspace/didChangeConfiguration``): ``select`` (replaces), ``ignore`` (adds),
``qiskitBackendNames``.

pygls is imported only when the server starts: ``pip install 'flake8-qiskit-migrate[server]'``.
"""

from __future__ import annotations

import argparse
from collections import OrderedDict
import difflib
import inspect
import re
import sys
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import __version__
from .detect.checker import Options, check_source, might_have_findings
from .detect.lines import physical_lines
from .detect.noqa import drop_suppressed
from .findings import Finding
from .report.reports import Selection

NAME = "qiskit-migrate"
DOCS_URL = "https://github.com/flake8-qiskit-migrate/flake8-qiskit-migrate/blob/main/docs/rules/{code}.md"
FIX_ALL_KIND = "source.fixAll.qiskit-migrate"
FIX_ALL_TITLE = "Fix all QM findings (qiskit-migrate)"
#: Codes that depend on the user's situation (a paid plan may run sessions): warnings.
WARNING_CODES = frozenset({"QM000", "QM004"})
#: Language ids of the documents and notebook cells the server checks (jupyterlab-lsp: ipython).
PYTHON_IDS = (None, "", "python", "ipython")
_CODE_PREFIX = re.compile(r"^(?:QM\d{3}|E\d{3}) ")


# --- settings ----------------------------------------------------------------------------------


@dataclass
class Settings:
    """The client's settings (``initializationOptions``): they win over the project's
    configuration, as the command line does for the CLI."""

    select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    backend_names: Tuple[str, ...] = ()

    @classmethod
    def from_client(cls, value: Any) -> "Settings":
        """From ``initializationOptions`` / configuration (a dict; anything else: defaults)."""
        if not isinstance(value, dict):
            return cls()
        value = value.get(NAME, value) if isinstance(value.get(NAME), dict) else value

        def codes(*keys: str) -> Tuple[str, ...]:
            found: List[str] = []
            for key in keys:
                entry = value.get(key) or ()
                found.extend(entry.replace(",", " ").split() if isinstance(entry, str) else
                             [str(item) for item in entry if isinstance(item, str)])
            return tuple(found)

        return cls(codes("select", "extendSelect", "extend-select"),
                   codes("ignore", "extendIgnore", "extend-ignore"),
                   codes("qiskitBackendNames", "qiskit-backend-names"))

    def overrides(self) -> Dict[str, Any]:
        given = {"select": self.select, "extend-ignore": self.ignore, "qiskit-backend-names": self.backend_names}
        return {key: list(value) for key, value in given.items() if value}

    def for_path(self, path: Optional[str]) -> "DocumentSettings":
        """What applies to the file at ``path``: the project's configuration (``[tool.qiskit-migrate]``
        or ``[flake8]``, found from the file's folder as the CLI finds it) with these on top."""
        from .config import ConfigError, resolve

        for isolated in (False, True):  # a broken project configuration: the client's alone
            try:
                resolved = resolve([path] if path else [], self.overrides(), isolated=isolated or not path)
            except ConfigError:
                continue
            return DocumentSettings(resolved.options, resolved.selection_for(path) if path else resolved.selection,
                                    resolved.target_runtime)
        return DocumentSettings(Options(backend_names=frozenset(self.backend_names)),
                                Selection(self.select, self.ignore))

    @property
    def selection(self) -> Selection:
        return self.for_path(None).selection

    @property
    def options(self) -> Options:
        return self.for_path(None).options


@dataclass
class DocumentSettings:
    """The checker's and the fixer's settings for one document."""

    options: Options
    selection: Selection
    target_runtime: Optional[str] = None

    def fix_arguments(self, fix_text) -> Dict[str, Any]:
        if self.target_runtime and _accepts(fix_text, "target_runtime"):
            return {"target_runtime": self.target_runtime}
        return {}


def path_of(uri: str) -> Optional[str]:
    """The file system path of a ``file:`` URI (None for unsaved buffers and other schemes)."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if parsed.netloc:  # file://server/share/...
        path = f"//{parsed.netloc}{path}"
    if sys.platform == "win32" and re.match(r"^/[A-Za-z]:", path):
        path = path[1:]
    return path


# --- positions -----------------------------------------------------------------------------------


def split_lines(text: str) -> List[str]:
    """The document's lines as LSP counts them (``\\n``, ``\\r\\n`` and ``\\r`` end a line)."""
    return physical_lines(text)


def client_column(line: str, byte_col: int, encoding: str = "utf-16") -> int:
    """A finding's column (UTF-8 bytes) in the client's position encoding."""
    chars = line.encode("utf-8")[:max(byte_col, 0)].decode("utf-8", "ignore")
    if encoding == "utf-8":
        return len(chars.encode("utf-8"))
    if encoding == "utf-32":
        return len(chars)
    return len(chars.encode("utf-16-le")) // 2


def units(text: str, encoding: str) -> int:
    """The length of ``text`` in the client's code units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Problem:
    """One diagnostic, independent of pygls: 0-based lines, client-unit columns."""

    line: int
    col: int
    end_line: int
    end_col: int
    code: str
    message: str

    @property
    def severity(self) -> str:
        return "warning" if self.code in WARNING_CODES else "error"


def problem_of(finding: Finding, lines: Sequence[str], encoding: str) -> Problem:
    def column(line: int, col: int) -> int:
        return client_column(lines[line - 1], col, encoding) if 1 <= line <= len(lines) else 0

    message = _CODE_PREFIX.sub("", finding.message)
    return Problem(finding.line - 1, column(finding.line, finding.col), finding.end_line - 1,
                   column(finding.end_line, finding.end_col), finding.code, message)


# --- the checker and the fixer, for one document -----------------------------------------------


def python_problems(text: str, settings: "Settings | DocumentSettings", encoding: str = "utf-16") -> List[Problem]:
    """What ``qiskit-migrate check`` reports for this text (a syntax error: one E999)."""
    if not might_have_findings(text):
        return []
    lines = split_lines(text)
    try:
        findings = check_source(text, settings.options)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        line = getattr(exc, "lineno", None) or 1
        offset = max((getattr(exc, "offset", None) or 1) - 1, 0)
        line = min(max(line, 1), len(lines))
        col = min(offset, units(lines[line - 1], encoding))
        message = getattr(exc, "msg", None) or str(exc)
        return [Problem(line - 1, col, line - 1, col, "E999", f"{type(exc).__name__}: {message}")]
    selection = settings.selection
    kept = [f for f in drop_suppressed(findings, text) if f.code in selection]
    return [problem_of(f, lines, encoding) for f in kept]


def _accepts(function, name: str) -> bool:
    try:
        return name in inspect.signature(function).parameters
    except (TypeError, ValueError):  # pragma: no cover
        return False


def fixed_text(text: str, settings: "Settings | DocumentSettings", codes: Optional[Sequence[str]] = None, *,
               unsafe: bool = False) -> str:
    """What ``qiskit-migrate fix`` makes of ``text`` (only ``codes``, when given)."""
    outcome = fixed_outcome(text, settings, codes, unsafe=unsafe)
    return text if outcome is None else outcome.text


def fixed_outcome(text: str, settings: "Settings | DocumentSettings", codes: Optional[Sequence[str]] = None, *,
                  unsafe: bool = False):
    """The fixer's ``FixOutcome`` for ``text`` (only ``codes``, when given); None when it
    cannot fix it (a syntax error, a fixer without unsafe fixes asked for them)."""
    from .fix.engine import fix_text

    if isinstance(settings, Settings):
        settings = settings.for_path(None)
    selection = settings.selection if codes is None else Selection(codes, settings.selection.ignore)
    kwargs = {"unsafe_fixes": unsafe} if _accepts(fix_text, "unsafe_fixes") else {}
    kwargs.update(settings.fix_arguments(fix_text))
    if unsafe and "unsafe_fixes" not in kwargs:
        return None  # a fixer without unsafe fixes offers nothing more
    # Editors ask for code actions at every cursor move: the same text is fixed once.
    key = (text, settings.options, selection.select, selection.ignore, tuple(sorted(kwargs.items())))
    if key in _FIXED:
        _FIXED.move_to_end(key)
        return _FIXED[key]
    try:
        fixed = fix_text(text, settings.options, selection, **kwargs)
    except Exception:  # noqa: BLE001 - no action rather than a crashed server (syntax errors too)
        fixed = None
    _FIXED[key] = fixed
    while len(_FIXED) > 64:
        _FIXED.popitem(last=False)
    return fixed


#: (text, options, select, ignore, fixer arguments) -> FixOutcome (None: not fixed), most recently used last
_FIXED: "OrderedDict[tuple, object]" = OrderedDict()


def _keepends(text: str) -> List[str]:
    """Lines with their endings, split where LSP splits (not on form feeds, as str.splitlines does)."""
    return physical_lines(text, keepends=True)


@dataclass
class LineEdit:
    """Replace lines ``[start, end)`` of a document (0-based, whole lines) by ``text``."""

    start: int
    end: int
    text: str


def line_edits(old: str, new: str) -> List[LineEdit]:
    """The smallest whole-line edits that turn ``old`` into ``new``."""
    old_lines, new_lines = _keepends(old), _keepends(new)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    return [LineEdit(i1, i2, "".join(new_lines[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def apply_line_edits(old: str, edits: Sequence[LineEdit]) -> str:
    """``old`` with ``edits`` applied (what a client does with the code action's edits)."""
    lines = _keepends(old)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        lines[edit.start:edit.end] = [edit.text]
    return "".join(lines)


# --- notebooks ---------------------------------------------------------------------------------


def notebook_problems(cells: Sequence[Tuple[str, str]], settings: "Settings | DocumentSettings",
                      encoding: str = "utf-16") -> Dict[str, List[Problem]]:
    """Per cell uri, what ``check`` reports for the cells run as one module (every cell
    gets a list, empty ones too, so the client clears what was fixed)."""
    from .notebook_cells import NotebookError
    from .notebooks import check_cells

    result: Dict[str, List[Problem]] = {uri: [] for uri, _ in cells}
    try:
        located, broken = check_cells([text for _, text in cells], settings.options, settings.selection)
    except NotebookError:
        return result
    for item in located:
        uri, text = cells[item.cell - 1]
        result[uri].append(problem_of(item.finding, split_lines(text), encoding))
    for cell in broken:
        uri, text = cells[cell.number - 1]
        lines = split_lines(text)
        line = min(max(cell.error.lineno or 1, 1), len(lines))
        col = min(max((cell.error.offset or 1) - 1, 0), units(lines[line - 1], encoding))
        result[uri].append(Problem(line - 1, col, line - 1, col, "E999", f"SyntaxError: {cell.error.msg}"))
    return result


def notebook_fixed(cells: Sequence[Tuple[str, str]], settings: "Settings | DocumentSettings",
                   codes: Optional[Sequence[str]] = None, *, unsafe: bool = False) -> Dict[str, str]:
    """Per cell uri, the new text of each cell the fix changes."""
    from .notebook_cells import NotebookError
    from .notebooks import fix_cells_with_magics

    try:
        # the dashboard magics of qiskit.tools.jupyter go with their import's fix, as in `fix`
        result = fix_cells_with_magics([text for _, text in cells],
                                       lambda text: fixed_outcome(text, settings, codes, unsafe=unsafe), unsafe).cells
    except NotebookError:
        return {}
    return {uri: new for (uri, old), new in zip(cells, result.sources) if new != old}


# --- the pygls server ----------------------------------------------------------------------------


def build_server():
    """The pygls server with its handlers (pygls is imported here, not at module import)."""
    try:
        from lsprotocol import types
        from pygls.lsp.server import LanguageServer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise SystemExit("qiskit-migrate server needs pygls: pip install 'flake8-qiskit-migrate[server]'") from exc

    notebook_sync = types.NotebookDocumentSyncOptions(
        notebook_selector=[types.NotebookDocumentFilterWithCells(
            cells=[types.NotebookCellLanguage(language="python")], notebook="*")],
        save=True,
    )
    server = LanguageServer(NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                            notebook_document_sync=notebook_sync)
    state = {"settings": Settings()}

    def encoding() -> str:
        kind = server.workspace.position_encoding
        return str(getattr(kind, "value", kind) or "utf-16")

    def to_range(problem: Problem):
        return types.Range(types.Position(problem.line, problem.col), types.Position(problem.end_line, problem.end_col))

    def to_diagnostic(problem: Problem):
        severity = types.DiagnosticSeverity.Warning if problem.severity == "warning" else types.DiagnosticSeverity.Error
        description = (types.CodeDescription(href=DOCS_URL.format(code=problem.code))
                       if problem.code.startswith("QM") else None)
        return types.Diagnostic(range=to_range(problem), message=problem.message, severity=severity,
                                code=problem.code, code_description=description, source=NAME)

    def publish(uri: str, problems: Sequence[Problem], version: Optional[int] = None) -> None:
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=[to_diagnostic(p) for p in problems], version=version))

    def notebook_of(cell_uri: str):
        return server.workspace.get_notebook_document(cell_uri=cell_uri)

    def code_cells(notebook) -> List[Tuple[str, str]]:
        cells = []
        for cell in notebook.cells:
            if cell.kind != types.NotebookCellKind.Code:
                continue
            document = server.workspace.get_text_document(cell.document)
            if document.language_id in PYTHON_IDS:
                cells.append((cell.document, document.source))
        return cells

    def settings_for(uri: str) -> DocumentSettings:
        return state["settings"].for_path(path_of(uri))

    def lint_notebook(notebook) -> None:
        settings = settings_for(notebook.uri)
        for uri, problems in notebook_problems(code_cells(notebook), settings, encoding()).items():
            publish(uri, problems)

    def lint(uri: str) -> None:
        notebook = notebook_of(uri)
        if notebook is not None:
            lint_notebook(notebook)
            return
        if uri not in server.workspace.text_documents:
            return  # not open (a save or change of a document the client never opened)
        document = server.workspace.get_text_document(uri)
        if document.language_id not in PYTHON_IDS and not uri.endswith((".py", ".pyi")):
            return
        publish(uri, python_problems(document.source, settings_for(uri), encoding()), document.version)

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        state["settings"] = Settings.from_client(params.initialization_options)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        if isinstance(params.settings, dict) and params.settings:
            state["settings"] = Settings.from_client(params.settings)
        for uri in list(server.workspace.text_documents):
            lint(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        if notebook_of(params.text_document.uri) is None:
            publish(params.text_document.uri, [])

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_did_open(params: types.DidOpenNotebookDocumentParams) -> None:
        lint_notebook(server.workspace.get_notebook_document(notebook_uri=params.notebook_document.uri))

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_did_change(params: types.DidChangeNotebookDocumentParams) -> None:
        notebook = server.workspace.get_notebook_document(notebook_uri=params.notebook_document.uri)
        if notebook is not None:
            lint_notebook(notebook)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_did_save(params: types.DidSaveNotebookDocumentParams) -> None:
        notebook = server.workspace.get_notebook_document(notebook_uri=params.notebook_document.uri)
        if notebook is not None:
            lint_notebook(notebook)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_did_close(params: types.DidCloseNotebookDocumentParams) -> None:
        for cell in params.cell_text_documents:
            publish(cell.uri, [])

    def text_edits(old: str, new: str) -> List[Any]:
        lines = split_lines(old)
        document_end = types.Position(len(lines) - 1, units(lines[-1], encoding()))
        count = len(_keepends(old))

        def position(line: int):
            return types.Position(line, 0) if line < count else document_end

        return [types.TextEdit(range=types.Range(position(edit.start), position(edit.end)), new_text=edit.text)
                for edit in line_edits(old, new)]

    def action(title: str, kind, changes: Dict[str, Tuple[str, str]], diagnostics) -> Any:
        edit = types.WorkspaceEdit(changes={uri: text_edits(old, new) for uri, (old, new) in changes.items()})
        return types.CodeAction(title=title, kind=kind, diagnostics=diagnostics or None, edit=edit,
                                is_preferred=kind == types.CodeActionKind.QuickFix or None)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]))
    def code_action(params: types.CodeActionParams) -> List[Any]:
        uri = params.text_document.uri
        notebook = notebook_of(uri)
        settings = settings_for(notebook.uri if notebook is not None else uri)
        ours = [d for d in params.context.diagnostics if d.source == NAME and str(d.code).startswith("QM")]
        wanted = params.context.only
        if notebook is not None:
            cells = code_cells(notebook)
            texts = dict(cells)

            def changes(codes=None, unsafe=False) -> Dict[str, Tuple[str, str]]:
                fixed = notebook_fixed(cells, settings, codes, unsafe=unsafe)
                return {cell: (texts[cell], new) for cell, new in fixed.items()}
        else:
            if uri not in server.workspace.text_documents:
                return []  # a document the client never opened: nothing to fix
            text = server.workspace.get_text_document(uri).source

            def changes(codes=None, unsafe=False) -> Dict[str, Tuple[str, str]]:
                new = fixed_text(text, settings, codes, unsafe=unsafe)
                return {uri: (text, new)} if new != text else {}

        actions = []
        fix_all = changes()
        if fix_all and (not wanted or any(k in (types.CodeActionKind.QuickFix, FIX_ALL_KIND, "source.fixAll", "source")
                                          for k in wanted)):
            if not wanted or types.CodeActionKind.QuickFix in wanted:
                actions.append(action(FIX_ALL_TITLE, types.CodeActionKind.QuickFix, fix_all, ours))
            if not wanted or any(k in (FIX_ALL_KIND, "source.fixAll", "source") for k in wanted):
                actions.append(action(FIX_ALL_TITLE, FIX_ALL_KIND, fix_all, ours))
        if not wanted or types.CodeActionKind.QuickFix in wanted:
            for code in sorted({str(d.code) for d in ours}):
                only_code = changes([code])
                if only_code and only_code != fix_all:
                    actions.append(action(f"Fix {code} findings (qiskit-migrate)", types.CodeActionKind.QuickFix,
                                          only_code, [d for d in ours if d.code == code]))
            unsafe_all = changes(unsafe=True)
            if unsafe_all and unsafe_all != fix_all:
                actions.append(action("Fix all QM findings, unsafe fixes included (unsafe)",
                                      types.CodeActionKind.QuickFix, unsafe_all, ours))
        return actions

    return server


def add_server_parser(sub) -> None:
    """Register ``qiskit-migrate server`` on the CLI's subparsers."""
    parser = sub.add_parser("server", help="run the language server (LSP over stdio) for editors")
    parser.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default and only mode)")
    parser.set_defaults(handler=cmd_server)


def cmd_server(args: argparse.Namespace) -> int:
    build_server().start_io()
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flake8_qiskit_migrate.server")
    parser.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default and only mode)")
    return cmd_server(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
