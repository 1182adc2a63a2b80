"""Linting and fixing read code; they never import or execute it, and never touch the network.

Every file of the linted project writes a marker file when imported or run. flake8, the
``qiskit-migrate check`` and ``fix`` commands run over it in subprocesses whose Python has a
``sitecustomize`` that logs and refuses every socket connection or name lookup; the same
guard is installed in this process for the in-process APIs. Afterwards there is no marker
and no connection attempt.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

from flake8_qiskit_migrate import cli
from flake8_qiskit_migrate.detect.checker import check_source
from flake8_qiskit_migrate.fix.engine import fix_text

NETWORK_GUARD = '''
import socket

_LOG = {log!r}


def _refuse(*args, **kwargs):
    with open(_LOG, "a") as log:
        log.write(repr(args[:2]) + "\\n")
    raise OSError("network access is not allowed while linting")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
'''

# What a legacy script looks like, plus a side effect on import that we must never see.
MODULE = '''import pathlib
pathlib.Path({marker!r}).write_text("executed")

from qiskit_ibm_provider import IBMProvider

provider = IBMProvider()
backend = provider.get_backend("ibm_kyiv")
job = backend.run(circuit, shots=100)
counts = job.result().get_counts()
'''


@pytest.fixture
def project(tmp_path: Path):
    markers = tmp_path / "markers"
    markers.mkdir()
    root = tmp_path / "project"
    (root / "pkg").mkdir(parents=True)
    files = {
        root / "script.py": markers / "script",
        root / "setup.py": markers / "setup",  # some tools run setup.py to learn about a project
        root / "conftest.py": markers / "conftest",
        root / "pkg" / "__init__.py": markers / "package",
        root / "pkg" / "__main__.py": markers / "main",
    }
    for path, marker in files.items():
        path.write_text(MODULE.format(marker=str(marker)), encoding="utf-8")
    return root, markers


@pytest.fixture
def guarded_env(tmp_path: Path):
    """Environment for subprocesses whose every socket connection is logged and refused."""
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    log = tmp_path / "network-attempts.log"
    (guard_dir / "sitecustomize.py").write_text(NETWORK_GUARD.format(log=str(log)), encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(guard_dir), *filter(None, [env.get("PYTHONPATH")])])
    return env, log


def run(command: List[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, capture_output=True, text=True)


def test_the_network_guard_itself_catches_a_connection(guarded_env):
    env, log = guarded_env
    probe = run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"], env)
    assert probe.returncode != 0 and "not allowed" in probe.stderr
    assert log.read_text().strip(), "the guard did not record the attempt; the tests below would prove nothing"


def test_flake8_and_the_cli_never_import_run_or_connect(project, guarded_env):
    root, markers = project
    env, log = guarded_env
    script = root / "script.py"
    before = script.read_text(encoding="utf-8")

    lint = run([sys.executable, "-m", "flake8", "--isolated", "--select=QM", str(root)], env)
    assert "QM002" in lint.stdout, lint.stdout + lint.stderr
    check = run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "check", str(root)], env)
    assert "QM002" in check.stdout, check.stdout + check.stderr
    diff = run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "fix", "--diff", str(root)], env)
    assert "Sampler" in diff.stdout, diff.stdout + diff.stderr
    fix = run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "fix", str(root)], env)
    assert script.read_text(encoding="utf-8") != before, fix.stdout + fix.stderr  # it really was processed

    assert sorted(p.name for p in markers.iterdir()) == []
    assert not log.exists() or log.read_text() == ""


def test_the_in_process_apis_never_connect(project, monkeypatch):
    root, markers = project
    attempts: list = []

    def refuse(*args, **kwargs):
        attempts.append(args[:2])
        raise OSError("network access is not allowed while linting")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    text = (root / "script.py").read_text(encoding="utf-8")
    assert {f.code for f in check_source(text)} >= {"QM001", "QM002", "QM005"}
    assert fix_text(text).text != text
    assert cli.main(["check", str(root)]) == 1
    assert cli.main(["fix", str(root)]) in (0, 1)

    assert attempts == []
    assert sorted(p.name for p in markers.iterdir()) == []
