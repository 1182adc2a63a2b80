"""``qiskit-migrate server``: the language server, driven over real stdio JSON-RPC.

Each test starts the server as a subprocess and speaks LSP to it with Content-Length
framing, as an editor does. Every read is bounded by a timeout, so a server that hangs
fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable, List, Optional

import pytest

pytest.importorskip("pygls", reason="the language server needs the [server] extra")

from flake8_qiskit_migrate.detect.checker import check_source  # noqa: E402
from flake8_qiskit_migrate.fix.engine import fix_text  # noqa: E402
from flake8_qiskit_migrate.notebooks import fix_cells  # noqa: E402
from flake8_qiskit_migrate.server import apply_line_edits, client_column, line_edits  # noqa: E402

TIMEOUT = 60  # seconds for any one message; generous for a loaded CI machine

LEGACY = (
    "from qiskit_ibm_provider import IBMProvider\n"
    "provider = IBMProvider()\n"
    'backend = provider.get_backend("ibm_kyiv")\n'
    'label = "𝛙é"; job = backend.run(qc)\n'  # an astral character: UTF-16 columns differ from bytes
    "print(job.result().get_counts())\n"
    'service_channel = "ibm_quantum"  # noqa: QM007\n'
)


class LspClient:
    """A minimal LSP client over a subprocess's stdin/stdout."""

    def __init__(self, command: List[str], cwd: Optional[Path] = None) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, cwd=cwd)
        self.messages: "queue.Queue[Optional[dict]]" = queue.Queue()
        self.notifications: List[dict] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        try:
            while True:
                length = None
                while True:
                    line = stream.readline()
                    if not line:
                        self.messages.put(None)  # the server closed its output
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.lower() == "content-length":
                        length = int(value.strip())
                self.messages.put(json.loads(stream.read(length).decode("utf-8")))
        except Exception:  # noqa: BLE001 - surfaced as a closed stream
            self.messages.put(None)

    def send(self, payload: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **payload}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def _next(self) -> dict:
        try:
            message = self.messages.get(timeout=TIMEOUT)
        except queue.Empty:
            raise AssertionError(f"no message from the server within {TIMEOUT} s") from None
        if message is None:
            stderr = self.process.stderr.read().decode("utf-8", "replace") if self.process.poll() is not None else ""
            raise AssertionError(f"the server closed its output; stderr:\n{stderr}")
        return message

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        while True:
            message = self._next()
            if message.get("id") == ident and "method" not in message:
                assert "error" not in message, message["error"]
                return message.get("result")
            self._keep(message)

    def _keep(self, message: dict) -> None:
        if "method" in message and "id" in message:  # a request from the server (e.g. registration)
            self.send({"id": message["id"], "result": None})
        else:
            self.notifications.append(message)

    def wait_for(self, predicate: Callable[[dict], bool]) -> dict:
        """The first notification (kept or new) that satisfies ``predicate``; it is consumed."""
        while True:
            for index, message in enumerate(self.notifications):
                if predicate(message):
                    return self.notifications.pop(index)
            self._keep(self._next())

    def diagnostics(self, uri: str) -> List[dict]:
        message = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                and m["params"]["uri"] == uri)
        return message["params"]["diagnostics"]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=TIMEOUT)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()


def start(command: List[str], tmp_path: Path, options: Optional[dict] = None) -> "tuple[LspClient, dict]":
    client = LspClient(command, cwd=tmp_path)
    result = client.request("initialize", {
        "processId": None,
        "rootUri": tmp_path.as_uri(),
        "capabilities": {"textDocument": {"codeAction": {"codeActionLiteralSupport": {
            "codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}}}},
            "notebookDocument": {"synchronization": {}}},
        "initializationOptions": options or {},
    })
    client.notify("initialized", {})
    return client, result


SERVER = [sys.executable, "-m", "flake8_qiskit_migrate.server"]


@pytest.fixture
def server(tmp_path):
    client, capabilities = start(SERVER, tmp_path)
    yield client, capabilities
    client.close()


def lsp_offset(text: str, position: dict) -> int:
    """The string index of an LSP position (UTF-16 columns, the default encoding)."""
    lines = text.splitlines(keepends=True) or [""]
    if position["line"] >= len(lines):
        return len(text)
    line = lines[position["line"]]
    units, index = 0, 0
    while index < len(line) and units < position["character"]:
        units += 2 if ord(line[index]) > 0xFFFF else 1
        index += 1
    return sum(len(before) for before in lines[: position["line"]]) + index


def apply_text_edits(text: str, edits: List[dict]) -> str:
    """What an editor does with a WorkspaceEdit's TextEdits for one document."""
    spans = sorted(((lsp_offset(text, e["range"]["start"]), lsp_offset(text, e["range"]["end"]), e["newText"])
                    for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def expected_diagnostics(text: str) -> List[tuple]:
    """What `check` finds, as (code, start line, start UTF-16 column, end line, end column)."""
    from flake8_qiskit_migrate.detect.noqa import drop_suppressed

    lines = text.splitlines()
    return sorted((f.code, f.line - 1, client_column(lines[f.line - 1], f.col), f.end_line - 1,
                   client_column(lines[f.end_line - 1], f.end_col))
                  for f in drop_suppressed(check_source(text), text))


def as_tuples(diagnostics: List[dict]) -> List[tuple]:
    return sorted((d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                   d["range"]["end"]["line"], d["range"]["end"]["character"]) for d in diagnostics)


# --- .py documents -------------------------------------------------------------------------------


def test_diagnostics_on_open_are_the_checkers_findings_with_utf16_ranges(server, tmp_path):
    client, capabilities = server
    assert capabilities["capabilities"]["codeActionProvider"]
    uri = (tmp_path / "legacy.py").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                            "text": LEGACY}})
    diagnostics = client.diagnostics(uri)
    assert as_tuples(diagnostics) == expected_diagnostics(LEGACY)
    codes = sorted(d["code"] for d in diagnostics)
    assert codes == ["QM001", "QM002", "QM005", "QM005"]  # QM007 is silenced by its noqa
    run = next(d for d in diagnostics if d["code"] == "QM002")
    # `backend` after `label = "𝛙é"; job = `: 𝛙 is two UTF-16 units, é one, so 21 units in
    assert run["range"]["start"] == {"line": 3, "character": 21}
    assert run["source"] == "qiskit-migrate" and run["severity"] == 1
    assert run["message"].startswith("backend.run(qc)") and not run["message"].startswith("QM002")
    assert run["codeDescription"]["href"].endswith("/docs/rules/QM002.md")


def test_the_fix_all_code_action_gives_the_text_fix_gives(server, tmp_path):
    client, _ = server
    uri = (tmp_path / "legacy.py").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                            "text": LEGACY}})
    diagnostics = client.diagnostics(uri)
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 10}},
        "context": {"diagnostics": diagnostics},
    })
    titles = [action["title"] for action in actions]
    assert "Fix all QM findings (qiskit-migrate)" in titles
    fix_all = next(a for a in actions
                   if a["title"] == "Fix all QM findings (qiskit-migrate)" and a["kind"] == "quickfix")
    assert {d["code"] for d in fix_all["diagnostics"]} == {"QM001", "QM002", "QM005"}
    edited = apply_text_edits(LEGACY, fix_all["edit"]["changes"][uri])
    expected = fix_text(LEGACY).text
    assert expected != LEGACY and edited == expected
    # per-code actions exist for codes whose own fix differs from the whole fix
    assert all(title.startswith(("Fix all QM findings", "Fix QM0")) for title in titles)

    # The editor applies the edit: the server sees the change and reports what check reports now.
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": edited}]})
    assert as_tuples(client.diagnostics(uri)) == expected_diagnostics(edited)


def test_source_fix_all_is_offered_when_the_client_asks_only_for_it(server, tmp_path):
    client, _ = server
    uri = (tmp_path / "legacy.py").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                            "text": LEGACY}})
    client.diagnostics(uri)
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]},
    })
    assert [(a["kind"], a["title"]) for a in actions] == [
        ("source.fixAll.qiskit-migrate", "Fix all QM findings (qiskit-migrate)")]
    assert apply_text_edits(LEGACY, actions[0]["edit"]["changes"][uri]) == fix_text(LEGACY).text


SESSION = (
    "from qiskit_ibm_runtime import QiskitRuntimeService, Session, SamplerV2 as Sampler\n"
    "service = QiskitRuntimeService()\n"
    'backend = service.backend("ibm_kyiv")\n'
    "with Session(backend=backend) as session:\n"
    "    job = Sampler(mode=session).run([qc])\n"
)


def test_an_unsafe_fix_is_a_separate_action_labelled_unsafe(server, tmp_path):
    client, _ = server
    uri = (tmp_path / "session.py").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                            "text": SESSION}})
    diagnostics = client.diagnostics(uri)
    assert [d["code"] for d in diagnostics] == ["QM004"]
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": diagnostics[0]["range"], "context": {"diagnostics": diagnostics}})
    # Session -> Batch changes what a paid plan runs: never offered as the safe fix
    assert [a["title"] for a in actions] == ["Fix all QM findings, unsafe fixes included (unsafe)"]
    edited = apply_text_edits(SESSION, actions[0]["edit"]["changes"][uri])
    assert edited == fix_text(SESSION, unsafe_fixes=True).text != SESSION
    assert "with Batch(backend=backend) as session:" in edited


def test_incremental_changes_and_save_update_the_diagnostics(server, tmp_path):
    client, _ = server
    uri = (tmp_path / "clean.py").as_uri()
    text = "from qiskit_ibm_runtime import QiskitRuntimeService\n"
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                            "text": text}})
    assert client.diagnostics(uri) == []
    typed = 'service = QiskitRuntimeService(channel="ibm_quantum")\n'
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": typed}]})
    assert [(d["code"], d["range"]["start"]) for d in client.diagnostics(uri)] == [
        ("QM007", {"line": 1, "character": 31})]
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert [d["code"] for d in client.diagnostics(uri)] == ["QM007"]
    # half-typed code that does not parse: one E999, not a crash
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
        {"text": text + "service = QiskitRuntimeService(\n"}]})
    assert [d["code"] for d in client.diagnostics(uri)] == ["E999"]


def test_requests_about_a_document_that_was_never_opened_are_answered_quietly(server, tmp_path):
    client, _ = server
    uri = (tmp_path / "never_opened.py").as_uri()
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": []}}) == []
    # and the server still works
    opened = (tmp_path / "legacy.py").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": opened, "languageId": "python", "version": 1,
                                                            "text": LEGACY}})
    assert client.diagnostics(opened)


def test_settings_from_initialization_options_select_and_ignore(tmp_path):
    client, _ = start(SERVER, tmp_path, {"ignore": ["QM005"], "qiskitBackendNames": ["qpu_handle"]})
    try:
        uri = (tmp_path / "legacy.py").as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                                "text": LEGACY}})
        assert sorted(d["code"] for d in client.diagnostics(uri)) == ["QM001", "QM002"]
    finally:
        client.close()


def test_the_projects_configuration_applies_with_the_clients_settings_on_top(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.qiskit-migrate]\nextend-ignore = ["QM005"]\n', encoding="utf-8")
    client, _ = start(SERVER, tmp_path, {"ignore": ["QM001"]})
    try:
        inside, outside = (project / "legacy.py").as_uri(), (tmp_path / "legacy.py").as_uri()
        for uri in (inside, outside):
            client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                                    "text": LEGACY}})
        assert sorted(d["code"] for d in client.diagnostics(inside)) == ["QM002"]  # QM005 by the project
        assert sorted(d["code"] for d in client.diagnostics(outside)) == ["QM002", "QM005", "QM005"]
    finally:
        client.close()


# --- notebooks (LSP 3.17 notebookDocument sync) ------------------------------------------------------

CELLS = [
    "from qiskit_ibm_runtime import QiskitRuntimeService",
    "qc = # your code here",  # an exercise cell: one E999 there, the rest still checked
    'service = QiskitRuntimeService(channel="ibm_quantum")\nbackend = service.backend("ibm_kyiv")',
]


def open_notebook(client: LspClient, tmp_path: Path) -> tuple:
    notebook = (tmp_path / "nb.ipynb").as_uri()
    cell_uris = [f"vscode-notebook-cell:{tmp_path / 'nb.ipynb'}#cell{index}" for index in range(len(CELLS) + 1)]
    client.notify("notebookDocument/didOpen", {
        "notebookDocument": {"uri": notebook, "notebookType": "jupyter-notebook", "version": 1,
                             "cells": [{"kind": 2, "document": uri} for uri in cell_uris[:2]]
                             + [{"kind": 1, "document": cell_uris[3]}]  # a markdown cell
                             + [{"kind": 2, "document": cell_uris[2]}]},
        "cellTextDocuments": [
            {"uri": cell_uris[0], "languageId": "python", "version": 1, "text": CELLS[0]},
            {"uri": cell_uris[1], "languageId": "python", "version": 1, "text": CELLS[1]},
            {"uri": cell_uris[3], "languageId": "markdown", "version": 1, "text": "backend.run(qc) in prose"},
            {"uri": cell_uris[2], "languageId": "python", "version": 1, "text": CELLS[2]},
        ],
    })
    return notebook, cell_uris


def test_notebook_cells_are_one_module_with_diagnostics_per_cell(server, tmp_path):
    client, capabilities = server
    assert capabilities["capabilities"]["notebookDocumentSync"]["notebookSelector"]
    _, cells = open_notebook(client, tmp_path)
    by_cell = {uri: client.diagnostics(uri) for uri in cells[:3]}
    assert by_cell[cells[0]] == []
    assert [(d["code"], d["range"]["start"]["line"]) for d in by_cell[cells[1]]] == [("E999", 0)]
    # cell 3 uses the import of cell 1: its findings are there, on the cell's own lines
    assert [(d["code"], d["range"]["start"]) for d in by_cell[cells[2]]] == [
        ("QM007", {"line": 0, "character": 31})]


def test_notebook_code_action_edits_the_cells_as_fix_does(server, tmp_path):
    client, _ = server
    _, cells = open_notebook(client, tmp_path)
    diagnostics = client.diagnostics(cells[2])
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": cells[2]},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 5}},
        "context": {"diagnostics": diagnostics},
    })
    fix_all = next(a for a in actions if a["title"] == "Fix all QM findings (qiskit-migrate)")
    changes = fix_all["edit"]["changes"]
    texts = dict(zip(cells[:3], CELLS))
    edited = [apply_text_edits(texts[uri], changes.get(uri, [])) for uri in cells[:3]]
    assert edited == fix_cells(CELLS, lambda text: fix_text(text).text).sources
    assert edited[1] == CELLS[1]  # the broken cell is left as it was
    assert 'channel="ibm_quantum_platform"' in edited[2]

    # VS Code sends cell edits as notebookDocument/didChange: the cell is checked again, in its module
    notebook = (tmp_path / "nb.ipynb").as_uri()
    client.notify("notebookDocument/didChange", {
        "notebookDocument": {"uri": notebook, "version": 2},
        "change": {"cells": {"textContent": [{"document": {"uri": cells[2], "version": 2},
                                              "changes": [{"text": edited[2]}]}]}},
    })
    assert client.diagnostics(cells[2]) == []


# --- the protocol's end, and the CLI entry -------------------------------------------------------------


@pytest.mark.parametrize("unsafe", [False, True])
def test_notebook_actions_treat_the_dashboard_magics_as_fix_does(unsafe):
    """The safe action keeps `import qiskit.tools.jupyter` for its `%qiskit_version_table`;
    the unsafe one drops it and comments the magic out, as `fix --unsafe-fixes` does."""
    from flake8_qiskit_migrate.server import Settings, notebook_fixed

    cells = [("cell1", "import qiskit.tools.jupyter\n%qiskit_version_table"),
             ("cell2", "from qiskit_ibm_runtime import QiskitRuntimeService\n"
                       "service = QiskitRuntimeService(channel='ibm_quantum')")]
    edits = notebook_fixed(cells, Settings(), unsafe=unsafe)
    assert "ibm_quantum_platform" in edits["cell2"]
    if unsafe:
        assert edits["cell1"] == "# %qiskit_version_table  # qiskit.tools.jupyter was removed with Qiskit 1.0"
    else:
        assert "cell1" not in edits


def test_shutdown_and_exit_end_the_process_cleanly(tmp_path):
    client, _ = start(SERVER, tmp_path)
    try:
        assert client.request("shutdown", None) is None
        client.notify("exit", None)
        assert client.process.wait(timeout=TIMEOUT) == 0
    finally:
        client.close()


def test_the_cli_subcommand_starts_the_same_server(tmp_path):
    client, capabilities = start([sys.executable, "-m", "flake8_qiskit_migrate.cli", "server"], tmp_path)
    try:
        assert capabilities["serverInfo"]["name"] == "qiskit-migrate"
        uri = (tmp_path / "legacy.py").as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1,
                                                                "text": LEGACY}})
        assert as_tuples(client.diagnostics(uri)) == expected_diagnostics(LEGACY)
        assert client.request("shutdown", None) is None
        client.notify("exit", None)
        assert client.process.wait(timeout=TIMEOUT) == 0
    finally:
        client.close()


# --- the edit computation, without a server ------------------------------------------------------------


@pytest.mark.parametrize("old, new", [
    ("a\nb\nc\n", "a\nB\nc\n"),
    ("a\nb", "a\nb\nc"),
    ("x = 1\r\ny = 2\r\n", "import os\r\nx = 1\r\ny = 3\r\n"),
    ("one\n", ""),
    ("", "new\n"),
])
def test_line_edits_turn_the_old_text_into_the_new(old, new):
    assert apply_line_edits(old, line_edits(old, new)) == new
