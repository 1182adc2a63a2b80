"""Shared fixtures: where the repository is, and flake8 run the way a user runs it."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, List, NamedTuple, Optional, Sequence

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


class Flake8Report(NamedTuple):
    """One line of flake8 output in the ``path:row:col:code`` format used by ``run_flake8``."""

    path: str
    line: int
    col: int
    code: str


FLAKE8_FORMAT = "%(path)s:%(row)d:%(col)d:%(code)s"


def parse_flake8_output(stdout: str) -> List[Flake8Report]:
    reports = []
    for raw in stdout.splitlines():
        # Split from the right: a Windows path may itself contain a colon.
        path, line, col, code = raw.rsplit(":", 3)
        reports.append(Flake8Report(path, int(line), int(col), code))
    return reports


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def run_flake8() -> Callable[..., List[Flake8Report]]:
    """Run the real flake8 in a subprocess and return its reports.

    ``isolated=True`` ignores every config file, so a developer's own ``[flake8]`` section
    cannot change what the tests see; pass ``isolated=False`` to test config files.
    """

    def run(args: Sequence[str], *, cwd: Optional[Path] = None, isolated: bool = True) -> List[Flake8Report]:
        command = [sys.executable, "-m", "flake8", f"--format={FLAKE8_FORMAT}"]
        if isolated:
            command.append("--isolated")
        completed = subprocess.run(
            [*command, *map(str, args)], cwd=cwd, capture_output=True, text=True, check=False
        )
        # flake8 exits 1 when it reports something; anything else is a crash.
        assert completed.returncode in (0, 1), completed.stderr
        return parse_flake8_output(completed.stdout)

    return run


@functools.lru_cache(maxsize=None)
def another_user_can_run_the_package() -> bool:
    """Whether tests may run the package as another user: root, setpriv, and an interpreter and
    install that other users can read (a virtual environment inside a private temporary folder
    is not)."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("setpriv")):
        return False
    probe = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
         "import flake8_qiskit_migrate.cli"],
        capture_output=True, cwd="/", check=False)
    return probe.returncode == 0


ANOTHER_USER_REASON = "needs root, setpriv and an install other users can read"
