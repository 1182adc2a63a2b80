"""``qiskit-migrate fix`` under file faults: nothing a user has is ever lost.

Each test sets up one fault a real tree meets (an edit saved while fix runs, a read-only
file, a file owned by someone else, hard links, a symlink out of the tree, a killed run, a
full disk, a file that cannot be fixed) and checks the file and the exit code afterwards.
Exit codes: 0 clean, 1 findings remain, 2 a file could not be fixed (one line on stderr).
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ANOTHER_USER_REASON, another_user_can_run_the_package

from flake8_qiskit_migrate.fix import engine, writing
from flake8_qiskit_migrate.fix.engine import fix_text

LEGACY = ("from qiskit_ibm_runtime import QiskitRuntimeService\n"
          "service = QiskitRuntimeService(channel='ibm_quantum')\n")
FIXED = fix_text(LEGACY).text
AS_ROOT = os.geteuid() == 0
#: ``qiskit-migrate fix PATH...`` in a process of its own (for faults that need one)
FIXER = [sys.executable, "-c",
         "import signal, sys\n"
         "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full disk fails writes with EFBIG\n"
         "from flake8_qiskit_migrate.fix import engine\n"
         "sys.exit(engine.run_fix(sys.argv[1:], engine.DEFAULT_OPTIONS, engine.ALL_CODES, diff_only=False))"]


def fix(*args) -> int:
    """``qiskit-migrate fix [--diff] [--force] PATH...`` in process."""
    flags = {a for a in args if a in ("--diff", "--force")}
    paths = [str(a) for a in args if a not in flags]
    return engine.run_fix(paths, engine.DEFAULT_OPTIONS, engine.ALL_CODES, diff_only="--diff" in flags,
                          force="--force" in flags)


def test_the_command_line_takes_force(tmp_path):
    path = tmp_path / "legacy.py"
    path.write_text(LEGACY)
    path.chmod(0o444)
    command = [sys.executable, "-m", "flake8_qiskit_migrate.cli", "fix", str(path)]
    assert subprocess.run(command, capture_output=True).returncode == 2
    assert path.read_text() == LEGACY
    assert subprocess.run(command + ["--force"], capture_output=True).returncode == 0
    assert path.read_text() == FIXED


def test_the_legacy_text_is_fixable_and_fixes_clean():
    assert FIXED != LEGACY and "ibm_quantum_platform" in FIXED
    assert fix_text(FIXED).remaining == []


# --- an edit saved while fix runs ----------------------------------------------------------


def test_a_file_edited_between_read_and_write_is_not_overwritten(tmp_path, monkeypatch, capsys):
    path = tmp_path / "legacy.py"
    path.write_text(LEGACY)
    users_edit = LEGACY + "print('saved by the user while fix ran')\n"
    real_fix_text = engine.fix_text

    def fix_while_the_user_saves(text, *args, **kwargs):
        outcome = real_fix_text(text, *args, **kwargs)
        path.write_text(users_edit)  # the editor saves after fix read the file
        return outcome

    monkeypatch.setattr(engine, "fix_text", fix_while_the_user_saves)
    assert fix(path) == 2
    assert path.read_text() == users_edit
    err = capsys.readouterr().err
    assert f"{path}: the file changed while it was being fixed" in err and "not fixed" in err


def test_a_file_deleted_while_fix_runs_is_not_written_again(tmp_path, monkeypatch, capsys):
    path = tmp_path / "legacy.py"
    path.write_text(LEGACY)
    real_fix_text = engine.fix_text

    def fix_while_the_user_deletes(text, *args, **kwargs):
        outcome = real_fix_text(text, *args, **kwargs)
        path.unlink()
        return outcome

    monkeypatch.setattr(engine, "fix_text", fix_while_the_user_deletes)
    assert fix(path) == 2
    assert not path.exists() and list(tmp_path.iterdir()) == []
    assert "not fixed" in capsys.readouterr().err


def test_write_fixed_compares_with_what_was_read(tmp_path):
    path = tmp_path / "a.py"
    path.write_bytes(b"new content on disk\n")
    with pytest.raises(writing.NotWritten):
        writing.write_fixed(path, b"fixed\n", original=b"what fix read\n")
    assert path.read_bytes() == b"new content on disk\n"
    writing.write_fixed(path, b"fixed\n", original=b"new content on disk\n")
    assert path.read_bytes() == b"fixed\n"


# --- read-only files, owner, group and mode ---------------------------------------------------


@pytest.fixture
def world_tmp():
    """A directory another user can reach (pytest's tmp_path is private to root)."""
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="qm-faults-"))
    work.chmod(0o755)
    yield work
    shutil.rmtree(work)


def test_a_read_only_file_is_not_written_without_force(tmp_path, capsys):
    path = tmp_path / "legacy.py"
    path.write_text(LEGACY)
    path.chmod(0o444)
    assert fix(path) == 2
    assert path.read_text() == LEGACY
    assert "read-only (use --force" in capsys.readouterr().err
    assert fix("--force", path) == 0
    assert path.read_text() == FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_diff_on_a_read_only_file_needs_no_force(tmp_path, capsys):
    path = tmp_path / "legacy.py"
    path.write_text(LEGACY)
    path.chmod(0o444)
    assert fix("--diff", path) == 0
    assert "+service = QiskitRuntimeService(channel='ibm_quantum_platform')" in capsys.readouterr().out


@pytest.mark.skipif(not AS_ROOT, reason="chown to another user needs root")
def test_owner_group_and_mode_are_kept_when_root_fixes_a_users_file(tmp_path):
    path = tmp_path / "legacy.py"
    path.write_text(LEGACY)
    os.chown(path, 1234, 5678)
    path.chmod(0o640)
    assert fix(path) == 0
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o640)
    assert path.read_text() == FIXED


@pytest.mark.skipif(not another_user_can_run_the_package(), reason=ANOTHER_USER_REASON)
def test_another_user_fixing_a_group_writable_file_keeps_its_owner(world_tmp):
    """A user (uid 1234, in the file's group) fixes a file owned by uid 4321: a replaced
    file would belong to 1234, so the new content is written in place instead."""
    work = world_tmp / "shared"
    work.mkdir()
    work.chmod(0o777)
    path = work / "legacy.py"
    path.write_text(LEGACY)
    os.chown(path, 4321, 777)
    path.chmod(0o664)
    completed = subprocess.run(
        ["setpriv", "--reuid=1234", "--regid=777", "--clear-groups", *FIXER, str(path)],
        capture_output=True, text=True, cwd="/", env={**os.environ, "HOME": "/tmp"})
    assert completed.returncode == 0, completed.stderr
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 777, 0o664)
    assert path.read_text() == FIXED
    assert sorted(p.name for p in work.iterdir()) == ["legacy.py"]


@pytest.mark.skipif(not another_user_can_run_the_package(), reason=ANOTHER_USER_REASON)
def test_another_user_without_write_permission_gets_exit_2_and_the_file_is_kept(world_tmp):
    path = world_tmp / "legacy.py"
    path.write_text(LEGACY)
    path.chmod(0o644)
    completed = subprocess.run(
        ["setpriv", "--reuid=1234", "--regid=1234", "--clear-groups", *FIXER, str(path)],
        capture_output=True, text=True, cwd="/", env={**os.environ, "HOME": "/tmp"})
    assert completed.returncode == 2, completed.stderr
    assert "no permission to write" in completed.stderr and "not fixed" in completed.stderr
    assert path.read_text() == LEGACY


# --- links ---------------------------------------------------------------------------------


def test_hard_links_stay_linked(tmp_path):
    path = tmp_path / "legacy.py"
    path.write_text(LEGACY)
    other = tmp_path / "elsewhere.txt"
    os.link(path, other)
    inode = path.stat().st_ino
    assert fix(path) == 0
    assert path.stat().st_ino == inode and path.stat().st_nlink == 2
    assert other.read_text() == FIXED


def test_a_symlink_out_of_the_tree_is_not_followed(tmp_path, capsys):
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    target = outside / "shared.py"
    target.write_text(LEGACY)
    (tree / "link.py").symlink_to(target)
    (tree / "own.py").write_text(LEGACY)
    assert fix(tree) == 2
    assert target.read_text() == LEGACY
    assert (tree / "own.py").read_text() == FIXED
    err = capsys.readouterr().err
    assert f"{tree / 'link.py'}: a symlink to a file outside {tree}, not followed" in err


def test_a_symlink_named_on_the_command_line_is_followed_and_stays_a_link(tmp_path):
    target = tmp_path / "outside.py"
    target.write_text(LEGACY)
    link = tmp_path / "tree.py"
    link.symlink_to(target)
    assert fix(link) == 0
    assert link.is_symlink() and target.read_text() == FIXED


def test_a_symlink_inside_the_tree_is_fixed_once_through_its_target(tmp_path):
    (tmp_path / "real.py").write_text(LEGACY)
    (tmp_path / "alias.py").symlink_to(tmp_path / "real.py")
    assert fix(tmp_path) == 0
    assert (tmp_path / "alias.py").is_symlink() and (tmp_path / "real.py").read_text() == FIXED


# --- temporary files -----------------------------------------------------------------------


def test_temporary_files_are_named_so_they_are_recognised(tmp_path):
    name = writing.temp_name(tmp_path / "legacy.py").name
    assert name.startswith(".legacy.py.qiskit-migrate-") and name.endswith(".tmp")


def test_a_temporary_file_left_by_a_killed_run_is_removed_by_the_next_run(tmp_path):
    path = tmp_path / "legacy.py"
    path.write_text(LEGACY)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".legacy.py.qiskit-migrate-{dead.pid}-0123abcd.tmp"
    stale.write_text("half of a fix")
    live = tmp_path / f".legacy.py.qiskit-migrate-{os.getpid()}-0123abcd.tmp"
    live.write_text("a concurrent fixer's file")
    someone_elses = tmp_path / ".legacy.py.swp"
    someone_elses.write_text("an editor's file")
    assert fix(path) == 0
    assert not stale.exists()
    assert live.exists() and someone_elses.exists()


def test_sigkill_in_the_middle_of_writing_leaves_the_old_file_and_the_next_run_cleans_up(tmp_path):
    """Kill a fixer while it writes its temporary file (its write is made slow), then run
    again: the file was never half written, and the temporary file is gone afterwards."""
    path = tmp_path / "legacy.py"
    path.write_text(LEGACY)
    slow = tmp_path / "slow_fixer.py"
    slow.write_text(
        "import os, sys, time\n"
        "real_fsync = os.fsync\n"
        "def slow_fsync(fd):\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        "os.fsync = slow_fsync\n"
        "from flake8_qiskit_migrate.fix import engine\n"
        "sys.exit(engine.run_fix(sys.argv[1:], engine.DEFAULT_OPTIONS, engine.ALL_CODES, diff_only=False))\n")
    process = subprocess.Popen([sys.executable, str(slow), str(path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "writing\n"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    temporaries = [p for p in tmp_path.iterdir() if p.name.startswith(".legacy.py.qiskit-migrate-")]
    assert len(temporaries) == 1
    assert path.read_text() == LEGACY
    assert fix(path) == 0
    assert path.read_text() == FIXED
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".legacy.py.qiskit-migrate-")]


# --- a full disk ---------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs prlimit")
def test_a_full_disk_leaves_the_file_whole(tmp_path):
    """``prlimit --fsize`` makes any write beyond N bytes fail (EFBIG), as a full disk does:
    the new text, longer than the limit, cannot be written; the old file is kept whole."""
    path = tmp_path / "legacy.py"
    legacy = LEGACY + "".join(f"# line {i}\n" for i in range(50))
    path.write_text(legacy)
    limit = len(legacy.encode()) + 2  # the fix adds 9 bytes ("_platform")
    completed = subprocess.run(
        ["prlimit", f"--fsize={limit}", *FIXER, str(path)], capture_output=True, text=True)
    assert completed.returncode == 2, completed.stderr
    assert "not fixed" in completed.stderr
    assert path.read_text() == legacy
    assert [p.name for p in tmp_path.iterdir()] == ["legacy.py"]


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs prlimit")
def test_a_full_disk_leaves_a_hard_linked_file_whole(tmp_path):
    """In-place writes reserve the space first: a full disk fails before a byte changes."""
    path = tmp_path / "legacy.py"
    legacy = LEGACY + "".join(f"# line {i}\n" for i in range(50))
    path.write_text(legacy)
    os.link(path, tmp_path / "link.py")
    limit = len(legacy.encode()) + 2
    completed = subprocess.run(
        ["prlimit", f"--fsize={limit}", *FIXER, str(path)], capture_output=True, text=True)
    assert completed.returncode == 2, completed.stderr
    assert path.read_text() == legacy


# --- one file never stops the run ------------------------------------------------------------


def test_a_bug_while_fixing_one_file_leaves_it_untouched_and_the_run_goes_on(tmp_path, monkeypatch, capsys):
    broken, fine = tmp_path / "a_broken.py", tmp_path / "b_fine.py"
    broken.write_text(LEGACY + "# trigger\n")
    fine.write_text(LEGACY)
    real_fix_text = engine.fix_text

    def buggy(text, *args, **kwargs):
        if "# trigger" in text:
            raise AttributeError("'list' object has no attribute 'get'")
        return real_fix_text(text, *args, **kwargs)

    monkeypatch.setattr(engine, "fix_text", buggy)
    assert fix(tmp_path) == 2
    assert broken.read_text() == LEGACY + "# trigger\n"
    assert fine.read_text() == FIXED
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"{broken}: QM000 AttributeError: 'list' object has no attribute 'get' "
                   "(not fixed; file left untouched; please report it)"]


def test_an_expression_of_3000_terms_is_reported_and_the_run_goes_on(tmp_path, capsys):
    """CPython's compiler cannot handle it either (RecursionError / MemoryError): E999, exit 2."""
    huge = tmp_path / "a_huge.py"
    huge.write_text(LEGACY + "x = " + " + ".join(["(1"] * 3000) + ")" * 3000 + "\n")
    fine = tmp_path / "b_fine.py"
    fine.write_text(LEGACY)
    assert fix(tmp_path) == 2
    assert fine.read_text() == FIXED
    assert huge.read_text().startswith(LEGACY)
    err = capsys.readouterr().err
    assert f"{huge}" in err and "not fixed" in err and "Traceback" not in err


def test_exit_code_1_when_findings_remain_and_2_when_a_file_is_not_fixed(tmp_path):
    remains = tmp_path / "remains.py"
    remains.write_text("from qiskit_ibm_runtime import QiskitRuntimeService\n"
                       "service = QiskitRuntimeService()\n"
                       "backend = service.backend('ibmq_qasm_simulator')\n")  # QM008: never fixed
    assert fix(remains) == 1
    broken = tmp_path / "broken.py"
    broken.write_text("from qiskit import IBMQ\ndef (:\n")  # a legacy file that does not parse
    assert fix(remains, broken) == 2


def test_broken_notebooks_are_one_line_each_and_the_run_goes_on(tmp_path):
    """Whatever a notebook's JSON holds, fixing it never raises past the file."""
    (tmp_path / "a_invalid_json.ipynb").write_text("{not json")
    (tmp_path / "b_cells_not_objects.ipynb").write_text('{"cells": [1, 2], "nbformat": 4, "metadata": {}}')
    (tmp_path / "c_cells_not_a_list.ipynb").write_text('{"cells": {"a": 1}, "nbformat": 4, "metadata": {}}')
    (tmp_path / "d_source_not_text.ipynb").write_text(
        '{"cells": [{"cell_type": "code", "source": 7, "metadata": {}}], "nbformat": 4, "metadata": {}}')
    fine = tmp_path / "e_fine.py"
    fine.write_text(LEGACY)
    completed = subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "fix", str(tmp_path)],
                               capture_output=True, text=True)
    assert completed.returncode == 2, completed.stderr
    assert fine.read_text() == FIXED
    lines = completed.stderr.strip().splitlines()
    assert "Traceback" not in completed.stderr
    for name in ("a_invalid_json", "b_cells_not_objects", "c_cells_not_a_list", "d_source_not_text"):
        assert sum(name in line and "not fixed" in line for line in lines) == 1, completed.stderr
    assert (tmp_path / "a_invalid_json.ipynb").read_text() == "{not json"


@pytest.mark.skipif(not another_user_can_run_the_package(), reason=ANOTHER_USER_REASON)
def test_an_unreadable_folder_is_an_error_and_the_rest_is_still_fixed(world_tmp):
    locked = world_tmp / "locked"
    locked.mkdir()
    (locked / "hidden.py").write_text(LEGACY)
    fine = world_tmp / "fine.py"
    fine.write_text(LEGACY)
    fine.chmod(0o666)
    world_tmp.chmod(0o777)
    locked.chmod(0o000)
    try:
        completed = subprocess.run(
            ["setpriv", "--reuid=1234", "--regid=1234", "--clear-groups", *FIXER, str(world_tmp)],
            capture_output=True, text=True, cwd="/")
    finally:
        locked.chmod(0o755)
    assert completed.returncode == 2, completed.stderr
    assert f"{locked}: E902" in completed.stderr
    assert fine.read_text() == FIXED


def test_a_symlinked_folder_out_of_the_tree_is_not_followed(tmp_path, capsys):
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    (outside / "shared.py").write_text(LEGACY)
    (tree / "vendored").symlink_to(outside, target_is_directory=True)
    assert fix(tree) == 2
    assert (outside / "shared.py").read_text() == LEGACY
    assert "a symlink to a file outside" in capsys.readouterr().err


@pytest.mark.skipif(not another_user_can_run_the_package(), reason=ANOTHER_USER_REASON)
def test_the_owner_of_a_read_only_file_can_force_it(world_tmp):
    work = world_tmp / "own"
    work.mkdir()
    path = work / "legacy.py"
    path.write_text(LEGACY)
    os.chown(work, 1234, 1234)
    os.chown(path, 1234, 1234)
    path.chmod(0o444)
    as_owner = ["setpriv", "--reuid=1234", "--regid=1234", "--clear-groups"]
    refused = subprocess.run([*as_owner, *FIXER, str(path)], capture_output=True, text=True, cwd="/")
    assert refused.returncode == 2 and path.read_text() == LEGACY
    forced = subprocess.run([*as_owner, sys.executable, "-c",
                             "import sys\nfrom flake8_qiskit_migrate.fix import engine\n"
                             "sys.exit(engine.run_fix(sys.argv[1:], engine.DEFAULT_OPTIONS, engine.ALL_CODES,"
                             " diff_only=False, force=True))", str(path)], capture_output=True, text=True, cwd="/")
    assert forced.returncode == 0, forced.stderr
    assert path.read_text() == FIXED
    info = path.stat()
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (1234, 0o444)
