"""A plain ``pip install .`` into a fresh virtual environment does everything: check and fix of
``.py`` files and notebooks, with the same output as the development environment (no extra,
no optional executable decides what ``fix`` writes).

It needs PyPI (or the pip cache) and takes about half a minute: it runs in CI like any test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LEGACY = (
    "from qiskit_ibm_runtime import QiskitRuntimeService, Session\n"
    "service = QiskitRuntimeService(channel=\"ibm_quantum\")\n"
    "backend = service.backend(\"ibm_kyiv\")\n"
    "with Session(backend=backend) as session:\n"
    "    pass\n"
)
NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Legacy\n"]},
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
         "source": LEGACY.splitlines(True)},
    ],
    "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def bin_dir(environment: Path) -> Path:
    return environment / ("Scripts" if os.name == "nt" else "bin")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    environment = tmp_path_factory.mktemp("fresh") / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(environment)
    python = bin_dir(environment) / "python"
    # the checkout as a user has it, without extras (pip's cache keeps a re-run quick)
    completed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
        capture_output=True, text=True, timeout=900, check=False)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return environment


def run(environment: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = str(bin_dir(environment)) + os.pathsep + env.get("PATH", "")
    return subprocess.run([str(bin_dir(environment) / "qiskit-migrate"), *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300, check=False)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "legacy.py").write_text(LEGACY, encoding="utf-8")
    (tmp_path / "legacy.ipynb").write_text(json.dumps(NOTEBOOK, indent=1) + "\n", encoding="utf-8")
    return tmp_path


def test_the_fresh_environment_has_no_optional_extras(fresh):
    listed = subprocess.run([str(bin_dir(fresh) / "python"), "-m", "pip", "list", "--format=json"],
                            capture_output=True, text=True, check=True).stdout
    names = {package["name"].lower() for package in json.loads(listed)}
    assert "flake8-qiskit-migrate" in names
    assert not names & {"nbformat", "ast-grep-cli", "qiskit", "qiskit-ibm-runtime"}


@pytest.mark.parametrize("name", ["legacy.py", "legacy.ipynb"])
def test_check_works_after_a_plain_install(fresh, project, name):
    result = run(fresh, "check", name, cwd=project)
    assert result.returncode == 1, result.stderr
    codes = {line.split(": ", 1)[1].split()[0] for line in result.stdout.splitlines()}
    assert codes == {"QM004", "QM007"}, result.stdout


@pytest.mark.parametrize("name", ["legacy.py", "legacy.ipynb"])
def test_fix_after_a_plain_install_writes_what_the_development_environment_writes(fresh, project, tmp_path_factory,
                                                                                    name):
    reference = tmp_path_factory.mktemp("reference")
    shutil.copy(project / name, reference / name)
    expected = subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "fix", "--isolated", name],
                              cwd=reference, capture_output=True, text=True, check=False)
    result = run(fresh, "fix", "--isolated", name, cwd=project)
    assert (result.returncode, result.stdout) == (expected.returncode, expected.stdout), result.stderr
    fixed = (project / name).read_text(encoding="utf-8")
    assert fixed == (reference / name).read_text(encoding="utf-8")
    assert "ibm_quantum_platform" in fixed
