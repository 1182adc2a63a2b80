"""The eval files, checked by the real flake8 exactly as a user runs it.

Each file under ``tests/eval_files`` marks every line that must be reported with a trailing
``# expect: QM00N [QM00N ...]`` comment; every other line must stay silent, and a file
without any such comment must produce nothing at all. flake8 runs once over the whole
directory (not once per file) to keep the suite fast.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from flake8_qiskit_migrate.catalog import RULES

EVAL_DIR = Path(__file__).resolve().parent / "eval_files"
EVAL_FILES = sorted(EVAL_DIR.glob("*.py"))
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>QM\d{3}(?:[\s,]+QM\d{3})*)")
#: A first line ``# eval: python>=3.10`` marks a file that uses newer syntax.
REQUIRES_PYTHON = re.compile(r"#\s*eval:\s*python>=(?P<major>\d+)\.(?P<minor>\d+)")
ALL_CODES = {code for code in RULES if code != "QM000"}


def required_python(path: Path) -> tuple[int, int]:
    first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
    match = REQUIRES_PYTHON.match(first_line)
    return (int(match["major"]), int(match["minor"])) if match else (3, 9)


def runs_here(path: Path) -> bool:
    return sys.version_info[:2] >= required_python(path)


def expectations(path: Path) -> list[tuple[int, str]]:
    """Sorted (line, code) pairs that the ``# expect:`` comments of a file ask for."""
    expected = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            expected.extend((number, code) for code in re.findall(r"QM\d{3}", match.group("codes")))
    return sorted(expected)


@pytest.fixture(scope="session")
def eval_dir_reports(run_flake8):
    """(line, code) lists per eval file name, from one flake8 run over the directory."""
    reports = run_flake8(["--select", "QM", EVAL_DIR])
    by_file: dict[str, list[tuple[int, str]]] = {path.name: [] for path in EVAL_FILES}
    for report in reports:
        by_file[Path(report.path).name].append((report.line, report.code))
    return by_file


def test_plugin_is_registered_with_flake8(run_flake8, tmp_path):
    # Without this the silent-file cases below would pass vacuously.
    probe = tmp_path / "probe.py"
    probe.write_text("from qiskit import IBMQ\n")
    assert [(r.line, r.code) for r in run_flake8(["--select", "QM", probe])] == [(1, "QM001")]


@pytest.mark.parametrize("path", EVAL_FILES, ids=[path.name for path in EVAL_FILES])
def test_eval_file_reports_exactly_its_expectations(path, eval_dir_reports):
    if not runs_here(path):
        pytest.skip(f"needs Python {required_python(path)}")
    found = sorted(eval_dir_reports[path.name])
    duplicates = [item for item, count in Counter(found).items() if count > 1]
    assert not duplicates, f"more than one finding per (line, code): {duplicates}"
    expected = expectations(path)
    missing = sorted(set(expected) - set(found))
    unexpected = sorted(set(found) - set(expected))
    assert (missing, unexpected) == ([], []), f"missing={missing} unexpected={unexpected}"


def test_eval_files_parse_and_cover_every_code():
    covered = set()
    for path in EVAL_FILES:
        if runs_here(path):
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        covered.update(code for _, code in expectations(path))
    assert covered == ALL_CODES
    assert any(not expectations(path) for path in EVAL_FILES), "no silent files"


def test_spec_example_reports_exactly_the_spec_codes(eval_dir_reports):
    assert sorted(eval_dir_reports["spec_example.py"]) == [
        (5, "QM001"),
        (6, "QM005"),
        (7, "QM005"),
        (7, "QM008"),
        (8, "QM002"),
        (9, "QM003"),
        (11, "QM004"),
        (12, "QM006"),
        (13, "QM007"),
    ]


def test_second_spec_example_reports_exactly_the_spec_codes(eval_dir_reports):
    """SPEC.md's second example block (the star import, flow, V1 surface), unchanged but for
    its comments spelled `# expect:`."""
    assert sorted(eval_dir_reports["spec_example_star_import.py"]) == [
        (1, "QM001"),
        (5, "QM005"),
        (6, "QM005"),
        (7, "QM005"),
        (8, "QM010"),
        (9, "QM002"),
        (14, "QM004"),
        (14, "QM006"),
        (15, "QM006"),
        (16, "QM009"),
    ]


def test_spec_example_columns_point_at_the_reported_node(run_flake8):
    """SPEC: the call expression, the ``channel=`` keyword, the string literal, the import."""
    path = EVAL_DIR / "spec_example.py"
    lines = path.read_text(encoding="utf-8").splitlines()
    node_starts = {
        (5, "QM001"): "from qiskit_ibm_provider",
        (6, "QM005"): "IBMProvider()",
        (7, "QM005"): "provider.get_backend",
        (7, "QM008"): '"ibmq_qasm_simulator"',
        (8, "QM002"): "backend.run",
        (9, "QM003"): "backend.open_session",
        (11, "QM004"): "Session(",
        (12, "QM006"): "Sampler(",
        (13, "QM007"): "channel=",
    }
    # flake8 prints 1-based columns.
    expected = {key: lines[key[0] - 1].index(text) + 1 for key, text in node_starts.items()}
    found = {(r.line, r.code): r.col for r in run_flake8(["--select", "QM", path])}
    assert found == expected


SESSION_PROGRAM = textwrap.dedent(
    """\
    from qiskit_ibm_runtime import QiskitRuntimeService, SamplerV2 as Sampler, Session

    backend = QiskitRuntimeService().backend("ibm_kyiv")
    with Session(backend=backend) as session:
        sampler = Sampler(session=session)
    """
)


def test_extend_ignore_turns_off_the_open_plan_session_code(run_flake8, tmp_path):
    program = tmp_path / "paid_plan.py"
    program.write_text(SESSION_PROGRAM)
    by_default = {(r.line, r.code) for r in run_flake8([program]) if r.code.startswith("QM")}
    assert by_default == {(4, "QM004"), (5, "QM006")}
    ignored = {(r.line, r.code) for r in run_flake8(["--extend-ignore", "QM004", program]) if r.code.startswith("QM")}
    assert ignored == {(5, "QM006")}


PROVIDER_ERA_HELPER = textwrap.dedent(
    """\
    from qiskit_ibm_provider import IBMProvider


    def submit(my_machine, lab_rig, circuit):
        my_machine.run(circuit)
        lab_rig.run(circuit)
    """
)


@pytest.mark.parametrize("config_name", ["setup.cfg", "tox.ini", ".flake8"])
def test_backend_names_option_is_read_from_a_config_file(run_flake8, tmp_path, config_name):
    (tmp_path / "helpers.py").write_text(PROVIDER_ERA_HELPER)
    unconfigured = run_flake8(["--select", "QM", "helpers.py"], cwd=tmp_path, isolated=False)
    assert [(r.line, r.code) for r in unconfigured] == [(1, "QM001")]

    (tmp_path / config_name).write_text("[flake8]\nqiskit-backend-names = my_machine\n")
    configured = run_flake8(["--select", "QM", "helpers.py"], cwd=tmp_path, isolated=False)
    assert [(r.line, r.code) for r in configured] == [(1, "QM001"), (5, "QM002")]


def test_backend_names_option_on_the_command_line_takes_a_comma_separated_list(run_flake8, tmp_path):
    helpers = tmp_path / "helpers.py"
    helpers.write_text(PROVIDER_ERA_HELPER)
    reports = run_flake8(["--select", "QM", "--qiskit-backend-names", "my_machine,lab_rig", helpers])
    assert [(r.line, r.code) for r in reports] == [(1, "QM001"), (5, "QM002"), (6, "QM002")]


def test_backend_names_option_does_not_enable_the_heuristic_in_runtime_only_modules(run_flake8, tmp_path):
    module = tmp_path / "modern.py"
    module.write_text("from qiskit_ibm_runtime import SamplerV2\n\ndef f(my_machine, c):\n    my_machine.run(c)\n")
    assert run_flake8(["--select", "QM", "--qiskit-backend-names", "my_machine", module]) == []


def test_examples_report_every_code_and_the_modern_example_nothing(run_flake8, repo_root):
    examples = repo_root / "examples"
    reports = run_flake8(["--select", "QM,E9,F", examples])
    # The examples are user-facing programs: pyflakes-clean, so every report is ours.
    assert [r for r in reports if not r.code.startswith("QM")] == []
    # runtime_v1_sampler_options.py brings the V1 primitives (QM009) and backend.name() (QM010)
    assert {r.code for r in reports} >= ALL_CODES
    flagged_files = {Path(r.path).name for r in reports}
    legacy = {path.name for path in examples.glob("*.py") if not path.name.startswith("modern_")}
    assert flagged_files == legacy
    assert any(path.name.startswith("modern_") for path in examples.glob("*.py"))


def test_syntax_error_is_flake8s_e999_and_never_a_qm_finding(run_flake8, tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("from qiskit import IBMQ\nbackend.run(circuit\n")
    codes = [r.code for r in run_flake8(["--select", "QM,E999", broken])]
    assert codes == ["E999"]


def test_internal_error_is_one_qm000_and_other_files_are_still_checked(tmp_path, monkeypatch):
    """In-process, so the checker can be made to fail on one file only."""
    from flake8.main import cli

    from flake8_qiskit_migrate.detect import model

    real_build = model.ModelBuilder.build

    def build_or_explode(self, tree, *args, **kwargs):
        if ast.get_docstring(tree) == "EXPLODE":
            raise RuntimeError("simulated checker bug")
        return real_build(self, tree, *args, **kwargs)

    monkeypatch.setattr(model.ModelBuilder, "build", build_or_explode)
    exploding = tmp_path / "exploding.py"
    exploding.write_text('"""EXPLODE"""\nfrom qiskit import IBMQ\n\n\nIBMQ.load_account()\n')
    healthy = tmp_path / "healthy.py"
    healthy.write_text("from qiskit import IBMQ\nIBMQ.load_account()\n")
    output = tmp_path / "report.txt"

    cli.main(
        [
            "--isolated",
            "--jobs=1",
            "--select=QM",
            "--format=%(path)s:%(row)d:%(code)s",
            f"--output-file={output}",
            str(exploding),
            str(healthy),
        ]
    )

    lines = sorted(output.read_text().splitlines())
    assert lines == sorted(
        [f"{exploding}:1:QM000", f"{healthy}:1:QM001", f"{healthy}:2:QM005"]
    )


# --- the same expectations through `qiskit-migrate check`, as .py and as notebooks --------------


def as_notebook(text: str) -> tuple[dict, list[int]]:
    """The module as a notebook, one cell per block of top-level statements that a blank line
    starts, and the first line of each cell in the module (so cell lines map back)."""
    lines = text.splitlines(keepends=True)
    starts = [1]
    for statement in ast.parse(text).body[1:]:
        first = min([statement.lineno] + [d.lineno for d in getattr(statement, "decorator_list", [])])
        if first - 2 >= 0 and not lines[first - 2].strip() and first > starts[-1]:
            starts.append(first)
    bounds = starts + [len(lines) + 1]
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": lines[begin - 1:end - 1]} for begin, end in zip(bounds, bounds[1:])]
    notebook = {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}
    return notebook, starts


@pytest.fixture(scope="session")
def check_reports(tmp_path_factory):
    """(line, code) lists per eval file, from one `qiskit-migrate check --format json` run over
    every eval file twice: as it is, and as a notebook (lines mapped back to the module)."""
    import json
    import subprocess

    directory = tmp_path_factory.mktemp("eval-check")
    starts: dict[str, list[int]] = {}
    for path in EVAL_FILES:
        if not runs_here(path):
            continue
        text = path.read_text(encoding="utf-8")
        (directory / path.name).write_text(text, encoding="utf-8")
        notebook, starts[path.stem] = as_notebook(text)
        (directory / f"{path.stem}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "check", "--format", "json", "."],
                               cwd=directory, capture_output=True, text=True, check=False)
    assert completed.returncode in (0, 1), completed.stderr
    by_file: dict[str, list[tuple[int, str]]] = {}
    for row in json.loads(completed.stdout):
        name = Path(row["path"]).name
        line = row["line"]
        if name.endswith(".ipynb"):
            line += starts[name[: -len(".ipynb")]][int(row["cell"].rpartition("_")[2]) - 1] - 1
        by_file.setdefault(name, []).append((line, row["code"]))
    return by_file


@pytest.mark.parametrize("suffix", [".py", ".ipynb"])
@pytest.mark.parametrize("path", EVAL_FILES, ids=[path.name for path in EVAL_FILES])
def test_qiskit_migrate_check_reports_exactly_the_expectations(path, suffix, check_reports):
    if not runs_here(path):
        pytest.skip(f"needs Python {required_python(path)}")
    found = sorted(check_reports.get(path.stem + suffix, []))
    assert found == expectations(path)
