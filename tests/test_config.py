"""One configuration for ``check``, ``fix`` and flake8, with the same meaning in all three.

Each source (``[tool.qiskit-migrate]`` in pyproject.toml, ``[flake8]`` in setup.cfg, tox.ini or
.flake8) is tried with each front-end on the same project: a provider-era module whose
``machine.run(...)`` is only a backend through ``qiskit-backend-names``, and a runtime
``Session`` that a paid plan keeps (``extend-ignore = QM004``).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flake8_qiskit_migrate.config import DEFAULT_EXCLUDE, ConfigError, Settings, find_config, resolve

PROJECT_CODE = textwrap.dedent("""\
    from qiskit_ibm_provider import IBMProvider
    from qiskit_ibm_runtime import QiskitRuntimeService, Session


    def submit(machine, circuit):
        return machine.run(circuit)


    service = QiskitRuntimeService()
    backend = service.backend("ibm_kyiv")
    with Session(backend=backend) as session:
        pass
""")
# what each front-end must report with the configuration below: QM001 (the import), QM002
# (machine.run, a backend by name only through the option); QM004 (Session) is ignored
EXPECTED = {("legacy.py", 1, "QM001"), ("legacy.py", 6, "QM002")}
WITHOUT_CONFIG = {("legacy.py", 1, "QM001"), ("legacy.py", 11, "QM004")}

TOML = textwrap.dedent("""\
    [tool.qiskit-migrate]
    extend-ignore = ["QM004"]
    qiskit-backend-names = ["machine"]
""")
INI = textwrap.dedent("""\
    [flake8]
    max-line-length = 100
    extend-ignore = E501,QM004
    qiskit-backend-names = machine
""")
SOURCES = {
    "pyproject.toml": TOML,
    "setup.cfg": INI,
    "tox.ini": INI,
    ".flake8": INI,
}


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", *args],
                          capture_output=True, text=True, cwd=cwd, check=False)


def reported(stdout: str) -> set:
    found = set()
    for line in stdout.splitlines():
        where, message = line.split(": ", 1)
        path, row, _ = where.rsplit(":", 2)
        found.add((Path(path).name, int(row), message.split()[0]))
    return found


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "legacy.py").write_text(PROJECT_CODE, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", list(SOURCES))
def test_check_honours_each_configuration_source(project, name):
    (project / name).write_text(SOURCES[name], encoding="utf-8")
    result = cli("check", "src", cwd=project)
    assert reported(result.stdout) == EXPECTED, result.stderr


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_configuration_is_found_from_the_paths_not_only_the_current_directory(project, name, tmp_path_factory):
    (project / name).write_text(SOURCES[name], encoding="utf-8")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    result = cli("check", str(project / "src" / "legacy.py"), cwd=elsewhere)
    assert reported(result.stdout) == EXPECTED, result.stderr


@pytest.mark.parametrize("name", [n for n in SOURCES if n != "pyproject.toml"])
def test_flake8_gives_the_same_findings_from_its_own_sections(project, name, run_flake8):
    (project / name).write_text(SOURCES[name], encoding="utf-8")
    reports = run_flake8(["--select", "QM", "src"], cwd=project, isolated=False)
    assert {(Path(r.path).name, r.line, r.code) for r in reports} == EXPECTED


@pytest.mark.parametrize("name", list(SOURCES))
def test_fix_honours_each_configuration_source(project, name):
    (project / name).write_text(SOURCES[name], encoding="utf-8")
    result = cli("fix", "--diff", "src", cwd=project)
    assert "Session(backend=backend)" in (project / "src" / "legacy.py").read_text(encoding="utf-8")
    assert "Batch" not in result.stdout  # a paid plan's Session stays a Session
    assert "QM004" not in result.stdout
    assert "QM002" in result.stdout  # machine.run is a backend.run the fix reports (or fixes)


def test_isolated_reads_no_configuration(project):
    (project / "pyproject.toml").write_text(TOML, encoding="utf-8")
    assert reported(cli("check", "--isolated", "src", cwd=project).stdout) == WITHOUT_CONFIG


def test_the_command_line_wins_over_the_file(project):
    (project / "pyproject.toml").write_text(TOML, encoding="utf-8")
    # --select replaces the file's select; the file's extend-ignore still applies (as in ruff)
    result = cli("check", "--select", "QM004", "src", cwd=project)
    assert result.returncode == 2 and "selects no code" in result.stderr
    assert reported(cli("check", "--select", "QM002", "src", cwd=project).stdout) == {("legacy.py", 6, "QM002")}
    result = cli("check", "--qiskit-backend-names", "device", "src", cwd=project)
    assert reported(result.stdout) == {("legacy.py", 1, "QM001")}  # machine is no longer a backend name
    result = cli("check", "--ignore", "QM001", "--extend-ignore", "QM002", "src", cwd=project)
    assert (result.returncode, result.stdout) == (0, "")


def test_explicit_config_file(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("conf") / "qm.toml"
    other.write_text(TOML, encoding="utf-8")
    assert reported(cli("check", "--config", str(other), "src", cwd=project).stdout) == EXPECTED


def test_the_nearest_configuration_wins_and_pyproject_needs_our_table(project):
    (project / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n", encoding="utf-8")
    (project / "setup.cfg").write_text(INI, encoding="utf-8")
    assert find_config(project / "src") == project / "setup.cfg"
    (project / "src" / ".flake8").write_text("[flake8]\nselect = QM001\n", encoding="utf-8")
    assert find_config(project / "src") == project / "src" / ".flake8"


@pytest.mark.parametrize("body, message", [
    ('[tool.qiskit-migrate]\nselec = ["QM002"]\n', "unknown key(s) in [tool.qiskit-migrate]: selec"),
    ('[tool.qiskit-migrate]\nextend-ignore = ["QM9"]\n', "extend-ignore: unknown code(s): QM9"),
    ('[tool.qiskit-migrate]\nignore = ["E501"]\n', "ignore: unknown code(s): E501"),
    ('[tool.qiskit-migrate]\nunsafe-fixes = "yes"\n', "unsafe-fixes must be true or false"),
    ('[tool.qiskit-migrate]\ntarget-runtime = "new"\n', "'new' is not a version such as 0.40"),
    ('[tool.qiskit-migrate]\nper-file-ignores = {"tests/*" = ["QM44"]}\n', "unknown code(s): QM44"),
])
def test_unknown_keys_and_codes_are_one_line_errors(project, body, message):
    (project / "pyproject.toml").write_text(body, encoding="utf-8")
    result = cli("check", "src", cwd=project)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("qiskit-migrate: ") and message in line


def test_a_flake8_section_keeps_other_tools_codes_and_keys_to_flake8(project):
    (project / "tox.ini").write_text("[flake8]\nselect = E,F,W\nignore = E203\nmax-complexity = 10\n"
                                     "extend-ignore = QM9\n", encoding="utf-8")
    result = cli("check", "src", cwd=project)
    assert result.returncode == 2 and "QM9" in result.stderr  # a QM typo is still ours to refuse
    (project / "tox.ini").write_text("[flake8]\nselect = E,F,W\nignore = E203\nmax-complexity = 10\n",
                                     encoding="utf-8")
    assert reported(cli("check", "src", cwd=project).stdout) == WITHOUT_CONFIG  # QM stays on


def test_per_file_ignores_from_each_syntax(project):
    (project / "pyproject.toml").write_text('[tool.qiskit-migrate]\nper-file-ignores = {"src/*.py" = ["QM001"]}\n',
                                            encoding="utf-8")
    assert reported(cli("check", "src", cwd=project).stdout) == {("legacy.py", 11, "QM004")}
    (project / "pyproject.toml").unlink()
    (project / "setup.cfg").write_text("[flake8]\nper-file-ignores =\n    src/*.py: QM001,E501\n", encoding="utf-8")
    assert reported(cli("check", "src", cwd=project).stdout) == {("legacy.py", 11, "QM004")}


def test_excludes_from_the_configuration(project):
    (project / "pyproject.toml").write_text('[tool.qiskit-migrate]\nextend-exclude = ["src"]\n', encoding="utf-8")
    assert cli("check", ".", cwd=project).stdout == ""
    assert reported(cli("check", "src/legacy.py", cwd=project).stdout) == WITHOUT_CONFIG  # named: checked
    assert cli("check", "--force-exclude", "src/legacy.py", cwd=project).stdout == ""


def test_resolve_gives_one_settings_object_for_every_front_end(project):
    (project / "pyproject.toml").write_text(TOML + 'target-runtime = "0.40"\nunsafe-fixes = true\n', encoding="utf-8")
    settings = resolve([str(project / "src")])
    assert settings.source == project / "pyproject.toml" and settings.root == project
    assert settings.options.backend_names == frozenset({"machine"})
    assert (settings.target_runtime, settings.unsafe_fixes) == ("0.40", True)
    assert "QM004" not in settings.selection and "QM002" in settings.selection
    assert settings.exclude == DEFAULT_EXCLUDE
    assert resolve([str(project / "src")], {"unsafe-fixes": False}).unsafe_fixes is False


def test_per_file_ignores_match_names_and_paths_relative_to_the_root(tmp_path):
    settings = Settings(per_file_ignores=(("tests/*.py", ("QM004",)), ("conftest.py", ("QM002",))), root=tmp_path)
    assert "QM004" not in settings.selection_for(tmp_path / "tests" / "test_a.py")
    assert "QM004" in settings.selection_for(tmp_path / "src" / "tests.py")
    assert "QM002" not in settings.selection_for(tmp_path / "deep" / "down" / "conftest.py")


def test_a_missing_explicit_config_is_an_error(project):
    with pytest.raises(ConfigError, match="no such file"):
        resolve(["src"], config=str(project / "nope.toml"))
