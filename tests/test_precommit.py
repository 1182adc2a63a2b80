"""The pre-commit hooks, run the way a user's pre-commit runs them.

``pre-commit try-repo`` clones the hook repository at a commit, builds the hook's own
virtualenv (``pip install .``, which reaches PyPI for the dependencies) and runs it on a
scratch repository. try-repo only sees committed and *tracked* changes, so the hook
repository here is a throwaway commit of the current working tree, not the checkout itself.
One try-repo run exercises both hooks (one environment build, about a minute).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 600  # seconds; building the hook environment dominates
LEGACY = (
    "from qiskit_ibm_runtime import QiskitRuntimeService\n"
    "service = QiskitRuntimeService(channel=\"ibm_quantum\")\n"
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, check=True,
                          capture_output=True, text=True).stdout


def snapshot_of_working_tree(destination: Path) -> Path:
    """A one-commit repository holding the project's files as they are now (untracked included)."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git("init", "-q", cwd=destination)
    git("add", "-A", cwd=destination)
    git("commit", "-q", "-m", "snapshot", cwd=destination)
    return destination


@pytest.fixture(scope="module")
def try_repo_run(tmp_path_factory):
    """Run every hook of the manifest once on a repository holding a legacy module and notebook."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    hooks_repo = snapshot_of_working_tree(tmp_path_factory.mktemp("hooks-repo"))
    user_repo = tmp_path_factory.mktemp("user-repo")
    git("init", "-q", cwd=user_repo)
    (user_repo / "legacy.py").write_text(LEGACY, encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Demo"), nbformat.v4.new_code_cell("%pip list\n" + LEGACY)]
    nbformat.write(notebook, str(user_repo / "legacy.ipynb"))
    git("add", "legacy.py", "legacy.ipynb", cwd=user_repo)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_COLOR": "never", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks_repo), "--all-files", "--verbose"],
        cwd=user_repo, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )
    return result, user_repo


def hook_section(output: str, hook_id: str) -> str:
    """The lines pre-commit printed for one hook (from its status line to the next)."""
    lines = output.splitlines()
    starts = [i - 1 for i, line in enumerate(lines) if f"- hook id: {hook_id}" in line]
    assert starts, f"pre-commit did not run {hook_id}:\n{output}"
    start = starts[0]
    following = [i for i in range(start + 2, len(lines)) if "- hook id:" in lines[i]]
    end = following[0] - 1 if following else len(lines)  # the next hook's status line
    return "\n".join(lines[start:end])


def test_the_check_hook_fails_on_legacy_code_and_shows_the_finding(try_repo_run):
    result, _ = try_repo_run
    section = hook_section(result.stdout, "qiskit-migrate-check")
    assert "Failed" in section, result.stdout + result.stderr
    assert "- exit code: 1" in section
    assert "legacy.py:2:32: QM007" in section
    assert "legacy.ipynb:cell_1:3:32: QM007" in section  # notebooks go through the hook too


def test_the_fix_hook_rewrites_the_file_and_fails_so_the_change_is_reviewed(try_repo_run):
    result, user_repo = try_repo_run
    section = hook_section(result.stdout, "qiskit-migrate-fix")
    assert "files were modified by this hook" in section, result.stdout + result.stderr
    assert result.returncode == 1
    assert 'channel="ibm_quantum_platform"' in (user_repo / "legacy.py").read_text(encoding="utf-8")
