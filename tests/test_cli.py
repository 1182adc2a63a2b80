"""``qiskit-migrate`` exit codes and messages, as a CI job sees them.

0: clean. 1: findings. 2: usage error or unreadable input, with a one-line reason on stderr.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_qiskit_migrate import __version__, cli
from flake8_qiskit_migrate.catalog import RULES

LEGACY = (
    "from qiskit_ibm_runtime import QiskitRuntimeService\n"
    "service = QiskitRuntimeService()\n"
    "backend = service.backend('ibm_kyiv')\n"
    "job = backend.run(qc)\n"
)
CLEAN = "from qiskit_aer import AerSimulator\nAerSimulator().run(qc)\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed command line, the way CI calls it."""
    return subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", *args],
                          capture_output=True, text=True, cwd=cwd, check=False)


@pytest.fixture()
def files(tmp_path: Path) -> Path:
    (tmp_path / "legacy.py").write_text(LEGACY, encoding="utf-8")
    (tmp_path / "clean.py").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_a_clean_file_exits_0_and_prints_nothing(files):
    result = run("check", "clean.py", cwd=files)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_findings_exit_1_with_one_line_each(files):
    result = run("check", "legacy.py", "clean.py", cwd=files)
    assert result.returncode == 1
    assert result.stdout == f"legacy.py:4:7: {RULES['QM002'].message}\n"
    assert result.stderr == ""


def test_json_on_a_directory_is_one_parsable_document(files):
    result = run("check", "--format", "json", ".", cwd=files)
    assert result.returncode == 1
    [row] = json.loads(result.stdout)
    assert (Path(row["path"]).name, row["line"], row["column"], row["code"]) == ("legacy.py", 4, 7, "QM002")


def test_json_with_no_findings_is_an_empty_list(files):
    result = run("check", "--format", "json", "clean.py", cwd=files)
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_a_path_that_does_not_exist_is_an_error_not_silence(files):
    result = run("check", "no/such/file.py", "legacy.py", cwd=files)
    assert result.returncode == 2
    assert result.stderr == "no/such/file.py: E902 no such file or directory\n"
    assert result.stdout == f"legacy.py:4:7: {RULES['QM002'].message}\n"  # the rest is still checked


def test_a_syntax_error_exits_2_while_other_files_are_still_reported(files):
    (files / "broken.py").write_text("def f(:\n    pass\n", encoding="utf-8")
    result = run("check", ".", cwd=files)
    assert result.returncode == 2
    assert result.stdout == f"{Path('.', 'legacy.py')}:4:7: {RULES['QM002'].message}\n"
    [error] = result.stderr.splitlines()
    assert error.startswith(f"{Path('.', 'broken.py')}:1:") and "E999 SyntaxError" in error


def test_an_undecodable_file_exits_2_with_its_reason(files):
    (files / "latin.py").write_bytes(b"# -*- coding: utf-8 -*-\nname = '\xe9'\n")
    result = run("check", "latin.py", cwd=files)
    assert result.returncode == 2
    [error] = result.stderr.splitlines()
    assert error.startswith("latin.py: E902")


def test_select_and_ignore_work_by_prefix(files):
    assert run("check", "--select", "QM001", "legacy.py", cwd=files).returncode == 0
    assert run("check", "--ignore", "QM002", "legacy.py", cwd=files).returncode == 0
    assert run("check", "--select", "QM00", "legacy.py", cwd=files).returncode == 1


def test_noqa_comments_are_honoured(files):
    (files / "legacy.py").write_text(LEGACY.replace("run(qc)", "run(qc)  # noqa: QM002"), encoding="utf-8")
    assert run("check", "legacy.py", cwd=files).returncode == 0


def test_explaining_an_unknown_code_exits_2_with_one_line(files):
    result = run("explain", "QM999", cwd=files)
    assert (result.returncode, result.stdout) == (2, "")
    [error] = result.stderr.splitlines()
    assert "QM999" in error and "QM002" in error


@pytest.mark.parametrize("argv", [["check"], ["check", "--format", "xml", "x.py"], ["frobnicate"], []])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert capsys.readouterr().err


def test_version_is_printed(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"qiskit-migrate {__version__}"
