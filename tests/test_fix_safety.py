"""Properties every fix must have, on every legacy file we have: the examples, the fix
programs and the checker's own evaluation files (which are full of tricky sites).

- the fixed file parses;
- fixing it again changes nothing;
- nothing fixable is left (what remains is what the fixer refuses, by design);
- the only lines that change are the findings' own lines plus the dependent edits each
  fix declares (its imports, the result access of the job it migrated);
- files are replaced atomically, keeping mode, encoding and newline style.
"""

from __future__ import annotations

import ast
import difflib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flake8_qiskit_migrate.fix import atomic_write, writing
from flake8_qiskit_migrate.fix import engine as fixer
from flake8_qiskit_migrate.fix.source import SITE, Source, apply_edits
from flake8_qiskit_migrate.fix.engine import fix_text, plan_fixes

REPO = Path(__file__).resolve().parent.parent
CORPUS = sorted(
    list((REPO / "examples").glob("*.py"))
    + list((REPO / "tests" / "fix_programs").glob("*.py"))
    + list((REPO / "tests" / "eval_files").glob("*.py"))
)
IDS = [f"{p.parent.name}/{p.name}" for p in CORPUS]


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


@pytest.fixture(scope="module")
def outcomes():
    cache = {}

    def get(path: Path):
        if path not in cache:
            text = path.read_text(encoding="utf-8")
            cache[path] = (text, fix_text(text) if _parses(text) else None)
        return cache[path]

    return get


def test_the_corpus_is_not_empty():
    assert len(CORPUS) >= 10


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_fixed_file_parses_and_a_second_fix_changes_nothing(path, outcomes):
    original, outcome = outcomes(path)
    if outcome is None:
        pytest.skip("the legacy file itself does not parse")
    assert _parses(outcome.text)
    again = fix_text(outcome.text)
    assert again.text == outcome.text
    assert again.fixed_count == 0


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_nothing_fixable_remains_after_fixing(path, outcomes):
    original, outcome = outcomes(path)
    if outcome is None:
        pytest.skip("the legacy file itself does not parse")
    plan = plan_fixes(outcome.text)
    assert plan.edits == [], f"left fixable: {plan.fixed}"
    # and every remaining finding is one the checker reports on the fixed text, or one of the
    # original's that no fix served (SPEC: judged on the original; the checker may have lost it)
    assert {f.code for f in outcome.remaining} <= {f.code for f in plan.findings} | {
        f.code for f in outcome.originals if f not in outcome.kinds}


def _changed_original_lines(old: str, new: str) -> set:
    """1-based original line numbers that a diff replaces or deletes."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    changed = set()
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            changed.update(range(i1 + 1, i2 + 1))
    return changed


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_each_pass_touches_only_flagged_lines_and_declared_dependent_edits(path, outcomes):
    original, outcome = outcomes(path)
    if outcome is None:
        pytest.skip("the legacy file itself does not parse")
    text = original
    for plan in outcome.plans:
        source = Source(text)
        allowed = set()
        for edit in plan.edits:
            assert edit.serves, f"an edit serves no finding: {edit}"
            assert set(edit.serves) <= set(plan.findings)
            first, last = source.line_of(edit.start), source.line_of(max(edit.start, edit.end - 1))
            if edit.role == SITE:
                # a site edit starts on the line of a finding it serves
                assert any(f.line <= first <= max(f.end_line, f.line) for f in edit.serves), edit
            allowed.update(range(first, last + 1))
        new_text = apply_edits(text, plan.edits)
        assert _changed_original_lines(text, new_text) <= allowed
        for tag_line in _inserted_lines(text, new_text):
            assert tag_line.lstrip().startswith(("from ", "import ", ")", "    ")), tag_line
        text = new_text
    assert text == outcome.text


def test_the_source_index_lists_nodes_in_source_order_and_finds_any_position_asked_for():
    # A fix announces its findings' lines, and only nodes starting there are indexed by position
    # (an index of every node costs more per node the larger the file); a line nobody announced
    # is still answered.
    text = "x = 1\nbackend.run(qc, shots=10)\nprint(job.result())\n"
    announced, unannounced = Source(text), Source(text)
    announced.expect_sites([2])
    for source in (announced, unannounced):
        assert [type(n).__name__ for n in source.nodes_at(2, 0)] == ["Expr", "Call", "Attribute", "Name"]
        assert [type(n).__name__ for n in source.nodes_at(3, 6)] == ["Call", "Attribute", "Name"]
        assert source.nodes_at(2, 1) == []
        # pre-order: a statement's nodes come together, in the order they are written
        assert [n.id for n in source.nodes_of(ast.Name)] == ["x", "backend", "qc", "print", "job"]
        call = source.nodes_at(2, 0)[1]
        assert source.parents[call].__class__ is ast.Expr and source.enclosing_statement(call.args[0]) is source.tree.body[1]


def _inserted_lines(old: str, new: str) -> list:
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    new_lines = new.splitlines()
    return [line for tag, _, _, j1, j2 in matcher.get_opcodes() if tag == "insert" for line in new_lines[j1:j2]]


def test_fixing_preserves_crlf_newlines_and_a_latin1_coding_cookie(tmp_path):
    legacy = ("# -*- coding: latin-1 -*-\r\n"
              "# Grüße\r\n"
              "from qiskit_ibm_runtime import QiskitRuntimeService\r\n"
              "if True:\r\n"
              "    service = QiskitRuntimeService(channel='ibm_quantum')\r\n")
    path = tmp_path / "legacy.py"
    path.write_bytes(legacy.encode("latin-1"))
    path.chmod(0o640)
    assert fixer.run_fix([str(path)], fixer.DEFAULT_OPTIONS, fixer.ALL_CODES, diff_only=False) == 0
    data = path.read_bytes()
    assert data.decode("latin-1").count("\r\n") == 5 and b"\n" not in data.replace(b"\r\n", b"")
    assert "Grüße".encode("latin-1") in data
    assert b"    service = QiskitRuntimeService(channel='ibm_quantum_platform')\r\n" in data
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_utf8_bom_is_kept(tmp_path):
    path = tmp_path / "bom.py"
    path.write_bytes(b"\xef\xbb\xbffrom qiskit_ibm_runtime import QiskitRuntimeService\n"
                     b"QiskitRuntimeService(channel='ibm_quantum')\n")
    fixer.run_fix([str(path)], fixer.DEFAULT_OPTIONS, fixer.ALL_CODES, diff_only=False)
    assert path.read_bytes().startswith(b"\xef\xbb\xbffrom qiskit_ibm_runtime")
    assert b"ibm_quantum_platform" in path.read_bytes()


def test_a_file_naming_no_ibm_package_is_left_unparsed_as_check_leaves_it(tmp_path, capsys):
    """As ``check``: such a file cannot hold a finding, so its syntax errors are flake8's
    business; a legacy file that does not parse is still reported (exit 2)."""
    plain = tmp_path / "plain.py"
    plain.write_text("def (:\n")
    assert fixer.run_fix([str(plain)], fixer.DEFAULT_OPTIONS, fixer.ALL_CODES, diff_only=False) == 0
    assert capsys.readouterr().err == ""
    legacy = tmp_path / "legacy.py"
    legacy.write_text("from qiskit import IBMQ\ndef (:\n")
    assert fixer.run_fix([str(legacy)], fixer.DEFAULT_OPTIONS, fixer.ALL_CODES, diff_only=False) == 2
    assert "E999" in capsys.readouterr().err
    assert plain.read_text() == "def (:\n" and legacy.read_text() == "from qiskit import IBMQ\ndef (:\n"


def test_the_diff_counts_lines_as_patch_does_and_applies(tmp_path, capsys):
    """A form feed (a page break), "\\x1c" or "\\u2028" is inside its line, not a line break: a
    diff split there would name lines the file does not have."""
    legacy = ("from qiskit_ibm_runtime import QiskitRuntimeService\n"
              "\x0c\n"
              "# page two\x0cstill page two\n"
              "NOTE = 'a\x1cb\u2028c'\n"
              "service = QiskitRuntimeService(channel='ibm_quantum')  # \x0c\n")
    path = tmp_path / "legacy.py"
    path.write_text(legacy, encoding="utf-8", newline="")
    assert fixer.run_fix([str(path)], fixer.DEFAULT_OPTIONS, fixer.ALL_CODES, diff_only=True) == 0
    diff = capsys.readouterr().out
    old_lines = legacy.split("\n")
    body = diff.split("\n")[2:-1]  # after the ---/+++ header
    assert [line for line in body if line.startswith("-")] == [
        "-service = QiskitRuntimeService(channel='ibm_quantum')  # \x0c"]
    assert [line for line in body if line.startswith("+")] == [
        "+service = QiskitRuntimeService(channel='ibm_quantum_platform')  # \x0c"]
    # every context line is a whole line of the file, and the hunk counts them so
    context = [line[1:] for line in body if line.startswith(" ")]
    assert context and all(line in old_lines for line in context)
    assert body[0] == "@@ -2,4 +2,4 @@"  # lines 2-4 of context, then line 5, as patch counts
    assert path.read_text(encoding="utf-8") == legacy  # --diff writes nothing
    if shutil.which("patch"):
        subprocess.run(["patch", "-s", "-p0", str(path)], input=diff.encode("utf-8"), check=True)
        assert path.read_text(encoding="utf-8") == fix_text(legacy).text


LEGACY = ("from qiskit_ibm_runtime import QiskitRuntimeService, Session\n"
          "service = QiskitRuntimeService(channel='ibm_quantum')\n"
          "with Session(backend=backend) as session:\n"
          "    pass\n")


def test_a_failed_replace_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "legacy.py"
    path.write_text(LEGACY)

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(writing.os, "replace", broken_replace)
    assert fixer.run_fix([str(path)], fixer.DEFAULT_OPTIONS, fixer.ALL_CODES, diff_only=False) == 2
    assert path.read_text() == LEGACY
    assert [p.name for p in tmp_path.iterdir()] == ["legacy.py"]


def test_an_interruption_between_files_leaves_each_file_entirely_old_or_new(tmp_path, monkeypatch):
    paths = [tmp_path / f"legacy_{i}.py" for i in range(5)]
    for path in paths:
        path.write_text(LEGACY)
    expected_new = fix_text(LEGACY).text
    real_write = atomic_write.write_atomically
    calls = []

    def write_then_interrupt(path, data, **guards):
        if len(calls) == 2:
            raise KeyboardInterrupt
        calls.append(path)
        real_write(path, data, **guards)

    monkeypatch.setattr(atomic_write, "write_atomically", write_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        fixer.run_fix([str(tmp_path)], fixer.DEFAULT_OPTIONS, fixer.ALL_CODES, diff_only=False)
    contents = [p.read_text() for p in paths]
    assert contents.count(expected_new) == 2
    assert contents.count(LEGACY) == 3


#: Process states of one that has exited (a zombie not yet reaped, or dead).
_GONE = ("Z", "X")


def _state_and_parent(stat_file: Path):
    """(state, parent pid) from a Linux ``/proc/<pid>/stat``; None once the process is gone."""
    try:
        fields = stat_file.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def _alive(pid: int) -> bool:
    found = _state_and_parent(Path(f"/proc/{pid}/stat"))
    return found is not None and found[0] not in _GONE


def _live_children(pid: int) -> list:
    """The processes whose parent is ``pid`` and that have not exited."""
    children = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        found = _state_and_parent(stat_file)
        if found is not None and found[1] == pid and found[0] not in _GONE:
            children.append(int(stat_file.parent.name))
    return children


def test_sigkill_during_a_run_leaves_every_file_entirely_old_or_new_and_no_worker_behind(tmp_path):
    """A real process killed at an arbitrary moment: no file is ever half written, and its
    worker processes do not wait on the pool's queue forever (they were left sleeping, one
    pair per killed run, until the machine restarted)."""
    work = tmp_path / "files"
    work.mkdir()
    legacy = (REPO / "tests" / "fix_programs" / "provider_counts_by_circuit.py").read_text()
    expected_new = fix_text(legacy).text
    assert expected_new != legacy
    paths = [work / f"program_{i:03}.py" for i in range(40)]
    for path in paths:
        path.write_text(legacy)
    process = subprocess.Popen([sys.executable, "-m", "flake8_qiskit_migrate.cli", "fix", "--jobs", "2", str(work)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=str(tmp_path))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and all(p.read_text() == legacy for p in paths):
        time.sleep(0.005)
    workers = _live_children(process.pid) if Path("/proc/self/stat").exists() else []
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    contents = [p.read_text() for p in paths]
    assert all(c in (legacy, expected_new) for c in contents)
    assert contents.count(expected_new) >= 1
    if Path("/proc/self/stat").exists():
        assert workers, "the run had no worker processes to leave behind"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.1)
        assert not [pid for pid in workers if _alive(pid)]
        # what the workers had not written yet is either untouched or fully fixed
        assert all(p.read_text() in (legacy, expected_new) for p in paths)


PROGRAMS = [p for p in CORPUS if p.parent.name in ("examples", "fix_programs")]
SELECTIONS = [((), ("QM004",)), (("QM002",), ()), (("QM001", "QM005"), ()), ((), ("QM001",))]


@pytest.mark.parametrize("select, ignore", SELECTIONS, ids=[f"select={s}-ignore={i}" for s, i in SELECTIONS])
@pytest.mark.parametrize("path", PROGRAMS, ids=[p.name for p in PROGRAMS])
def test_with_any_selection_a_fix_only_touches_selected_codes_and_is_stable(path, select, ignore):
    from flake8_qiskit_migrate.report.reports import Selection

    selection = Selection(select, ignore)
    original = path.read_text(encoding="utf-8")
    outcome = fix_text(original, selection=selection)
    assert _parses(outcome.text)
    assert fix_text(outcome.text, selection=selection).text == outcome.text
    for plan in outcome.plans:
        assert all(f.code in selection for edit in plan.edits for f in edit.serves)
    assert all(f.code in selection for f in outcome.remaining)


def test_a_symlinked_file_is_fixed_through_the_link(tmp_path):
    target = tmp_path / "real.py"
    target.write_text(LEGACY)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    atomic_write.write_atomically(link, b"new\n")
    assert link.is_symlink()
    assert target.read_text() == "new\n"


# --- line endings as Python counts them ------------------------------------------------------

EIGHT_FINDINGS = """\
from qiskit_ibm_provider import IBMProvider
from qiskit_ibm_runtime import QiskitRuntimeService, Session, SamplerV2 as Sampler
provider = IBMProvider()
backend = provider.get_backend("ibm_kyiv")
job = backend.run(qc)
with backend.open_session() as session:
    pass
with Session(backend=backend) as session:
    sampler = Sampler(session=session)
service = QiskitRuntimeService(channel="ibm_quantum")
"""


@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["CR-only", "CRLF"])
def test_cr_only_and_crlf_files_have_the_same_findings_as_lf(newline):
    from flake8_qiskit_migrate.detect.checker import check_source

    lf = [(f.line, f.col, f.code) for f in check_source(EIGHT_FINDINGS)]
    assert len(lf) == 8
    assert [(f.line, f.col, f.code) for f in check_source(EIGHT_FINDINGS.replace("\n", newline))] == lf


def test_a_cr_only_file_is_fixed_and_keeps_its_line_endings(tmp_path):
    path = tmp_path / "classic_mac.py"
    path.write_bytes(LEGACY.replace("\n", "\r").encode())
    assert fixer.run_fix([str(path)], fixer.DEFAULT_OPTIONS, fixer.ALL_CODES, diff_only=False) in (0, 1)
    data = path.read_bytes()
    assert b"ibm_quantum_platform" in data
    assert b"\n" not in data and data.count(b"\r") == LEGACY.count("\n")


def test_a_form_feed_page_break_does_not_shift_noqa_comments():
    """str.splitlines() breaks at \\x0c too; Python does not: noqa must find its own line."""
    from flake8_qiskit_migrate.report.reports import Selection

    text = ("from qiskit_ibm_runtime import QiskitRuntimeService\n"
            "\x0c\n"
            "QiskitRuntimeService(channel='ibm_quantum')\n"
            "QiskitRuntimeService(channel='ibm_quantum')  # noqa: QM007\n")
    remaining = fixer.selected_findings(text, fixer.DEFAULT_OPTIONS, Selection())
    assert [(f.line, f.code) for f in remaining] == [(3, "QM007")]
