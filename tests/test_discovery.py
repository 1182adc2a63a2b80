"""Which files ``check`` and ``fix`` take from a folder: ruff's rules (README, "File discovery").

The documented result on one tree that has everything: a virtual environment not named
venv, a .gitignore'd folder, a site-packages folder, a symlink loop and a self-referencing
link. Only the project's own module is checked; both loops are reported as symbolic link
loops, one line each, and the run exits 2.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ANOTHER_USER_REASON, another_user_can_run_the_package

from flake8_qiskit_migrate.config import Settings
from flake8_qiskit_migrate.discovery import discover

LEGACY = "from qiskit_ibm_provider import IBMProvider\nprovider = IBMProvider()\n"


def write(path: Path, text: str = LEGACY) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", *args],
                          capture_output=True, text=True, cwd=cwd, check=False, **kwargs)


def names(found, root: Path) -> list:
    return [p.resolve().relative_to(root.resolve()).as_posix() if p.is_absolute() else p.as_posix()
            for p in found.files]


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("scratch/\n", encoding="utf-8")
    write(tmp_path / ".gitignore", "generated/\n*.out.py\n!keep.out.py\n")
    write(tmp_path / "src" / "app.py")
    write(tmp_path / "src" / "run.out.py")
    write(tmp_path / "src" / "keep.out.py")
    write(tmp_path / "generated" / "client.py")
    write(tmp_path / "scratch" / "try.py")
    write(tmp_path / "env311" / "pyvenv.cfg", "home = /usr/bin\n")
    write(tmp_path / "env311" / "lib" / "python3.11" / "site-packages" / "lib.py")
    write(tmp_path / "vendor" / "site-packages" / "pkg.py")
    write(tmp_path / "src" / "nested" / ".gitignore", "local_*.py\n")
    write(tmp_path / "src" / "nested" / "local_notes.py")
    write(tmp_path / "src" / "nested" / "mod.py")
    os.symlink("..", tmp_path / "src" / "up")  # a folder link back to an ancestor
    os.symlink("self.py", tmp_path / "src" / "self.py")  # a link to itself
    return tmp_path


def test_the_documented_result_on_a_tree_with_everything(tree):
    result = cli("check", ".", cwd=tree)
    checked = sorted({line.split(":")[0] for line in result.stdout.splitlines()})
    assert checked == ["src/app.py", "src/keep.out.py", "src/nested/mod.py"]
    assert sorted(result.stderr.splitlines()) == [
        "src/self.py: E902 symbolic link loop",
        f"src/up: E902 symbolic link loop (leads back to {tree.resolve()})",
    ]
    assert result.returncode == 2


def test_files_come_in_a_stable_order_folders_after_files(tree):
    found = discover([str(tree)], Settings(root=tree))
    assert names(found, tree) == ["src/app.py", "src/keep.out.py", "src/nested/mod.py"]


def test_gitignore_can_be_turned_off(tree):
    found = discover([str(tree)], Settings(root=tree, respect_gitignore=False))
    assert {"generated/client.py", "scratch/try.py", "src/run.out.py", "src/nested/local_notes.py"} <= set(
        names(found, tree))
    assert not any("site-packages" in name or name.startswith("env311") for name in names(found, tree))


def test_gitignore_rules_from_above_apply_when_a_subfolder_is_named(tree):
    found = discover([str(tree / "src")], Settings(root=tree))
    assert names(found, tree) == ["src/app.py", "src/keep.out.py", "src/nested/mod.py"]


def test_a_named_file_is_checked_even_when_excluded_unless_force_exclude(tree):
    ignored = str(tree / "generated" / "client.py")
    assert len(discover([ignored], Settings(root=tree)).files) == 1
    assert discover([ignored], Settings(root=tree, force_exclude=True)).files == []
    in_build = str(write(tree / "build" / "lib" / "x.py"))
    assert len(discover([in_build], Settings(root=tree)).files) == 1
    assert discover([in_build], Settings(root=tree, force_exclude=True)).files == []


def test_exclude_replaces_the_default_list_and_extend_exclude_adds(tree):
    write(tree / "dist" / "old.py")
    assert "dist/old.py" not in names(discover([str(tree)], Settings(root=tree)), tree)
    assert "dist/old.py" in names(discover([str(tree)], Settings(root=tree, exclude=("nothing",))), tree)
    extended = names(discover([str(tree)], Settings(root=tree, extend_exclude=("src/nested",))), tree)
    assert extended == ["src/app.py", "src/keep.out.py"]


def test_each_file_once_whatever_leads_to_it(tree):
    os.symlink("app.py", tree / "src" / "alias.py")
    found = discover([str(tree / "src" / "app.py"), str(tree / "src"), str(tree / "src" / "app.py")],
                     Settings(root=tree))
    assert [p.name for p in found.files] == ["app.py", "keep.out.py", "mod.py"]


def test_a_link_loop_named_on_the_command_line_is_reported_as_a_loop(tmp_path):
    os.symlink("b.py", tmp_path / "a.py")
    os.symlink("a.py", tmp_path / "b.py")
    os.symlink("gone.py", tmp_path / "dangling.py")
    result = cli("check", "a.py", "dangling.py", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["a.py: E902 symbolic link loop",
                                          "dangling.py: E902 broken symbolic link (to gone.py)"]


def test_an_unreadable_folder_is_an_error_not_silence(tmp_path, monkeypatch):
    write(tmp_path / "ok" / "a.py")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([str(tmp_path)], Settings(root=tmp_path))
    assert [p.name for p in found.files] == ["a.py"]
    assert found.errors == [f"{locked}: E902 permission denied (cannot list this folder)"]


@pytest.mark.skipif(not another_user_can_run_the_package(), reason=ANOTHER_USER_REASON)
def test_an_unreadable_folder_for_a_real_user_exits_2(tmp_path):
    top = Path(tempfile.mkdtemp(prefix="qm-discovery-", dir="/tmp"))
    try:
        top.chmod(0o755)
        write(top / "ok.py")
        secret = top / "secret"
        write(secret / "hidden.py")
        secret.chmod(0)
        for path in (top, top / "ok.py"):
            path.chmod(path.stat().st_mode | stat.S_IROTH | stat.S_IXOTH)
        result = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
             "-m", "flake8_qiskit_migrate.cli", "check", "--isolated", "."],
            capture_output=True, text=True, cwd=top, check=False, env={**os.environ, "HOME": str(top)})
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines() == ["secret: E902 permission denied (cannot list this folder)"]
        assert result.stdout.startswith("ok.py:1:1: QM001")
    finally:
        (top / "secret").chmod(0o755)
        shutil.rmtree(top)


def test_a_folder_named_inside_an_ignored_folder_is_walked(tree):
    """e.g. a Python installed by a pyenv checkout, whose .gitignore ignores `versions/`."""
    write(tree / "generated" / "sub" / "deep.py")
    found = discover([str(tree / "generated")], Settings(root=tree))
    assert names(found, tree) == ["generated/client.py", "generated/sub/deep.py"]
