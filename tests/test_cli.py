"""``qiskit-migrate`` as a CI job and a person at a terminal see it: exit codes, one-line
errors, the summary, --statistics, --exit-zero, --output-file, colour, stdin and --jobs.

0: clean. 1: findings. 2: usage error or unreadable input, with a one-line reason on stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_qiskit_migrate import __version__, cli
from flake8_qiskit_migrate.catalog import RULES

ROOT = Path(__file__).resolve().parent.parent
LEGACY = (
    "from qiskit_ibm_runtime import QiskitRuntimeService\n"
    "service = QiskitRuntimeService()\n"
    "backend = service.backend('ibm_kyiv')\n"
    "job = backend.run(qc)\n"
)
CLEAN = "from qiskit_aer import AerSimulator\nAerSimulator().run(qc)\n"


def run(*args: str, cwd: Path, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed command line, the way CI calls it (no configuration file is in tmp_path)."""
    return subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", *args],
                          capture_output=True, text=True, cwd=cwd, check=False, input=stdin,
                          env={**os.environ, **(env or {})})


def codes_at(stdout: str) -> list[tuple[str, int, int, str]]:
    """(path, line, column, code) of each text-format line: messages are the catalog's business."""
    rows = []
    for line in stdout.splitlines():
        where, message = line.split(": ", 1)
        path, row, col = where.rsplit(":", 2)
        rows.append((path, int(row), int(col), message.split()[0]))
    return rows


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
    assert codes_at(result.stdout) == [("legacy.py", 4, 7, "QM002")]
    assert result.stderr == ""  # no summary when stderr is not a terminal (CI logs, pre-commit)


def test_no_path_checks_the_current_directory(files):
    result = run("check", cwd=files)
    assert result.returncode == 1
    assert codes_at(result.stdout) == [(str(Path(".", "legacy.py")), 4, 7, "QM002")]


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
    assert codes_at(result.stdout) == [("legacy.py", 4, 7, "QM002")]  # the rest is still checked


def test_a_syntax_error_exits_2_while_other_files_are_still_reported(files):
    (files / "broken.py").write_text("from qiskit_ibm_provider import IBMProvider\ndef f(:\n    pass\n",
                                     encoding="utf-8")
    result = run("check", ".", cwd=files)
    assert result.returncode == 2
    assert codes_at(result.stdout) == [(str(Path(".", "legacy.py")), 4, 7, "QM002")]
    [error] = result.stderr.splitlines()
    assert error.startswith(f"{Path('.', 'broken.py')}:2:") and "E999 SyntaxError" in error


def test_a_file_that_never_mentions_ibm_quantum_is_not_parsed(files):
    """Its syntax errors are flake8's and ruff's business: it cannot hold a finding."""
    (files / "broken.py").write_text("def f(:\n    pass\n", encoding="utf-8")
    result = run("check", "broken.py", "legacy.py", cwd=files)
    assert (result.returncode, result.stderr) == (1, "")


def test_an_undecodable_file_exits_2_with_its_reason(files):
    (files / "latin.py").write_bytes(b"# -*- coding: utf-8 -*-\nname = '\xe9'\n")
    result = run("check", "latin.py", cwd=files)
    assert result.returncode == 2
    [error] = result.stderr.splitlines()
    assert error.startswith("latin.py: E902")


def test_select_and_ignore_work_by_prefix(files):
    assert run("check", "--select", "QM001", "legacy.py", cwd=files).returncode == 0
    assert run("check", "--ignore", "QM002", "legacy.py", cwd=files).returncode == 0
    assert run("check", "--extend-ignore", "QM002", "legacy.py", cwd=files).returncode == 0
    assert run("check", "--select", "QM00", "legacy.py", cwd=files).returncode == 1


def test_the_more_specific_of_select_and_ignore_wins_as_in_flake8(files):
    assert run("check", "--select", "QM002", "--ignore", "QM0", "legacy.py", cwd=files).returncode == 1
    assert run("check", "--select", "QM0", "--ignore", "QM002", "legacy.py", cwd=files).returncode == 0


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select", "--extend-ignore"])
def test_a_code_that_names_no_rule_is_a_usage_error(files, option):
    result = run("check", option, "QM9", "legacy.py", cwd=files)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"qiskit-migrate: {option}: unknown code(s): QM9 (codes are QM000-QM010)\n"


def test_a_selection_that_leaves_no_code_is_a_usage_error(files):
    result = run("check", "--select", "QM002", "--extend-ignore", "QM002", "legacy.py", cwd=files)
    assert result.returncode == 2
    assert [line for line in result.stderr.splitlines()] == [
        "qiskit-migrate: the selection (select QM002, ignore QM002) selects no code"]


def test_noqa_comments_are_honoured(files):
    (files / "legacy.py").write_text(LEGACY.replace("run(qc)", "run(qc)  # noqa: QM002"), encoding="utf-8")
    assert run("check", "legacy.py", cwd=files).returncode == 0


def test_explaining_an_unknown_code_exits_2_with_one_line(files):
    result = run("explain", "QM999", cwd=files)
    assert (result.returncode, result.stdout) == (2, "")
    [error] = result.stderr.splitlines()
    assert "QM999" in error and "QM002" in error


@pytest.mark.parametrize("argv", [["check", "--format", "xml", "x.py"], ["frobnicate"], [], ["check", "--jobs", "0"]])
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


# --- each file once -----------------------------------------------------------------------


def test_a_file_given_twice_or_reached_twice_is_checked_once(files):
    result = run("check", "legacy.py", "legacy.py", "./legacy.py", ".", cwd=files)
    assert codes_at(result.stdout) == [("legacy.py", 4, 7, "QM002")]


# --- summary, statistics, exit-zero, output file, quiet, colour ---------------------------


def test_the_summary_line_counts_findings_and_files(files):
    (files / "more.py").write_text(LEGACY + "job2 = backend.run(qc)\n", encoding="utf-8")
    result = run("check", "--summary", ".", cwd=files)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("Found 3 findings in 2 files")
    assert len(result.stdout.splitlines()) == 3  # stdout keeps flake8's format only


def test_the_summary_counts_files_that_could_not_be_checked(files):
    (files / "broken.py").write_text("import qiskit_ibm_runtime\ndef f(:\n", encoding="utf-8")
    result = run("check", "--summary", ".", cwd=files)
    assert result.stderr.splitlines()[-1].startswith("Found 1 finding in 1 file")
    assert result.stderr.splitlines()[-1].endswith("; 1 file could not be checked.")


def test_quiet_drops_the_summary(files):
    result = run("check", "--summary", "--quiet", ".", cwd=files)
    assert (result.returncode, result.stderr) == (1, "")


def test_the_summary_line_shape():
    from flake8_qiskit_migrate.cli import FileResult, summary_line

    results = [FileResult([object()] * 20, [], 15, 3), FileResult([object()] * 6, [], 4, 1), FileResult([], [])]
    assert summary_line(results, unsafe_fixes=False) == "Found 26 findings in 2 files; 19 fixable, 4 more with --unsafe-fixes."
    assert summary_line(results, unsafe_fixes=True) == "Found 26 findings in 2 files; 23 fixable."
    assert summary_line([FileResult([object()], [])], False) == "Found 1 finding in 1 file."


def test_statistics_count_each_code_after_the_findings(files):
    (files / "more.py").write_text(LEGACY + "job2 = backend.run(qc)\n", encoding="utf-8")
    result = run("check", "--statistics", "--select", "QM002", ".", cwd=files)
    assert result.stdout.splitlines()[-1] == f"3     {RULES['QM002'].message}"


def test_statistics_in_a_machine_format_go_to_stderr_so_stdout_stays_parsable(files):
    result = run("check", "--statistics", "--format", "json", ".", cwd=files)
    assert len(json.loads(result.stdout)) == 1
    assert result.stderr.startswith("1     QM002 ")


def test_exit_zero_reports_but_does_not_fail(files):
    result = run("check", "--exit-zero", ".", cwd=files)
    assert result.returncode == 0 and "QM002" in result.stdout


def test_exit_zero_keeps_usage_errors(files):
    assert run("check", "--exit-zero", "--select", "QM9", ".", cwd=files).returncode == 2


def test_output_file_takes_the_findings(files):
    result = run("check", "--output-file", "report.txt", "--format", "json", ".", cwd=files)
    assert (result.returncode, result.stdout) == (1, "")
    [row] = json.loads((files / "report.txt").read_text(encoding="utf-8"))
    assert row["code"] == "QM002"


def test_colour_is_forced_or_refused_and_no_color_wins(files):
    coloured = run("check", "--color", "always", "legacy.py", cwd=files)
    assert "\x1b[31mQM002\x1b[0m" in coloured.stdout
    assert "\x1b[" not in run("check", "--color", "always", "--no-color", "legacy.py", cwd=files).stdout
    assert "\x1b[" not in run("check", "legacy.py", cwd=files, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" in run("check", "legacy.py", cwd=files, env={"FORCE_COLOR": "1"}).stdout


def test_input_problems_are_rows_and_annotations_in_the_machine_formats(files):
    (files / "broken.py").write_text("import qiskit_ibm_runtime\ndef f(:\n", encoding="utf-8")
    rows = json.loads(run("check", "--format", "json", "broken.py", cwd=files).stdout)
    assert [(r["path"], r["line"], r["code"]) for r in rows] == [("broken.py", 2, "E999")]
    github = sorted(run("check", "--format", "github", "broken.py", "missing.py", cwd=files).stdout.splitlines())
    assert github[0].startswith("::error file=broken.py,line=2,col=") and "title=E999::E999 SyntaxError" in github[0]
    assert github[1] == "::error file=missing.py,line=1,col=1,title=E902::E902 no such file or directory"


# --- standard input ------------------------------------------------------------------------


def test_check_reads_standard_input_under_the_stdin_filename(files):
    result = run("check", "-", "--stdin-filename", "pkg/legacy.py", cwd=files, stdin=LEGACY)
    assert result.returncode == 1
    assert codes_at(result.stdout) == [("pkg/legacy.py", 4, 7, "QM002")]


def test_per_file_ignores_apply_to_the_stdin_filename(files):
    result = run("check", "-", "--stdin-filename", "tests/test_x.py", "--per-file-ignores", "tests/*.py:QM002",
                 cwd=files, stdin=LEGACY)
    assert (result.returncode, result.stdout) == (0, "")


def test_fix_from_standard_input_prints_the_fixed_text(files):
    fixable = "from qiskit_ibm_runtime import QiskitRuntimeService\nservice = QiskitRuntimeService(channel='ibm_quantum')\n"
    result = run("fix", "-", "--stdin-filename", "legacy.py", cwd=files, stdin=fixable)
    assert result.returncode == 0, result.stderr
    assert result.stdout == fixable.replace("'ibm_quantum'", "'ibm_quantum_platform'")


def test_fix_from_standard_input_gives_broken_text_back_unchanged(files):
    broken = "from qiskit import IBMQ\ndef (:\n"
    result = run("fix", "-", cwd=files, stdin=broken)
    assert (result.returncode, result.stdout) == (2, broken)
    assert "E999" in result.stderr and "not fixed" in result.stderr


SESSION = ("from qiskit_ibm_runtime import QiskitRuntimeService, Session\n"
           "service = QiskitRuntimeService(channel='ibm_quantum')\n"
           "backend = service.get_backend('ibm_kyiv')\n"
           "with Session(backend=backend) as session:\n"
           "    pass\n")


def test_fix_from_standard_input_leaves_unsafe_fixes_out_and_says_how_to_get_them(files):
    result = run("fix", "-", "--stdin-filename", "legacy.py", cwd=files, stdin=SESSION)
    assert result.returncode == 1
    assert "with Session(backend=backend) as session:" in result.stdout
    assert "service.backend('ibm_kyiv')" in result.stdout  # the safe fixes are made
    assert "legacy.py:4:6: QM004 " in result.stderr and "unsafe fix is available with --unsafe-fixes" in result.stderr


@pytest.mark.parametrize("how", [["--unsafe-fixes"], []])
def test_fix_from_standard_input_applies_unsafe_fixes_from_the_option_or_the_configuration(files, how):
    if not how:
        (files / "pyproject.toml").write_text("[tool.qiskit-migrate]\nunsafe-fixes = true\n", encoding="utf-8")
    result = run("fix", "-", "--stdin-filename", "legacy.py", *how, cwd=files, stdin=SESSION)
    assert result.returncode == 0, result.stderr
    assert "with Batch(backend=backend) as session:" in result.stdout
    assert "legacy.py:4:6: QM004 " in result.stderr and "[fixed unsafely, review: Batch instead of Session" in result.stderr


LEGACY_RUN = (ROOT / "tests" / "data" / "runtime_backend_run.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("target, sampler_import", [
    ([], "from qiskit_ibm_runtime.executor_sampler import Sampler\n"),
    (["--target-runtime", "0.40"], "from qiskit_ibm_runtime import QiskitRuntimeService, SamplerV2 as Sampler\n"),
])
def test_fix_from_standard_input_honours_the_target_runtime(files, target, sampler_import):
    result = run("fix", "-", "--stdin-filename", "run.py", *target, cwd=files, stdin=LEGACY_RUN)
    assert result.returncode == 0, result.stderr
    assert sampler_import in result.stdout
    # the same text as `fix` writes into a file
    (files / "run.py").write_text(LEGACY_RUN, encoding="utf-8")
    assert run("fix", "run.py", *target, cwd=files).returncode == 0
    assert (files / "run.py").read_text(encoding="utf-8") == result.stdout


def test_fix_from_standard_input_of_a_notebook_honours_unsafe_fixes_and_names_the_cell(files):
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "source": SESSION.splitlines(True),
                           "outputs": [], "execution_count": None}],
                "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    result = run("fix", "-", "--stdin-filename", "nb.ipynb", "--unsafe-fixes", cwd=files,
                 stdin=json.dumps(notebook, indent=1))
    assert result.returncode == 0, result.stderr
    fixed = json.loads(result.stdout)
    assert "with Batch(backend=backend) as session:\n" in fixed["cells"][0]["source"]
    assert "nb.ipynb:cell_1:4:6: QM004 " in result.stderr and "fixed unsafely" in result.stderr


def test_fix_from_standard_input_gives_an_excluded_file_back_with_force_exclude(files):
    result = run("fix", "-", "--stdin-filename", "build/legacy.py", "--force-exclude", cwd=files, stdin=SESSION)
    assert (result.returncode, result.stdout, result.stderr) == (0, SESSION, "")


def test_fix_from_standard_input_keeps_the_encoding_it_declares(files):
    latin = SESSION.replace("    pass\n", "    pass  # café\n").encode("latin-1")
    latin = b"# -*- coding: latin-1 -*-\n" + latin
    done = subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "fix", "-", "--stdin-filename", "x.py"],
                          input=latin, capture_output=True, cwd=files, check=False)
    assert done.stdout.endswith("    pass  # café\n".encode("latin-1"))
    assert b"'ibm_quantum_platform'" in done.stdout


def test_a_notebook_on_standard_input(files):
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "source": LEGACY.splitlines(True),
                           "outputs": [], "execution_count": None}],
                "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    result = run("check", "-", "--stdin-filename", "nb.ipynb", cwd=files, stdin=json.dumps(notebook))
    assert codes_at(result.stdout) == [("nb.ipynb:cell_1", 4, 7, "QM002")]


# --- parallel runs -------------------------------------------------------------------------


@pytest.mark.parametrize("tree", ["examples", "tests/eval_files"])
def test_jobs_2_gives_the_same_bytes_as_jobs_1(tree):
    one = run("check", "--isolated", "--jobs", "1", "--format", "json", tree, cwd=ROOT)
    two = run("check", "--isolated", "--jobs", "2", "--format", "json", tree, cwd=ROOT)
    assert one.returncode in (1, 2) and len(json.loads(one.stdout)) > 20
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)


def test_fix_diff_with_jobs_2_gives_the_same_bytes_as_jobs_1():
    one = run("fix", "--isolated", "--diff", "--jobs", "1", "examples", cwd=ROOT)
    two = run("fix", "--isolated", "--diff", "--jobs", "2", "examples", cwd=ROOT)
    assert one.stdout.count("\n+++ ") >= 3
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)


def test_parallel_map_keeps_the_order_of_its_input():
    from flake8_qiskit_migrate.parallel import parallel_map

    items = list(range(100))
    seen = []
    assert parallel_map(abs, [-i for i in items], 2, seen.append) == items
    assert seen == [i + 1 for i in items]


def test_the_summary_counts_fixable_findings_as_the_fixer_classifies_them(tmp_path):
    from flake8_qiskit_migrate.detect.checker import Options
    from flake8_qiskit_migrate.fix.engine import classify
    from flake8_qiskit_migrate.report.reports import Selection

    text = LEGACY.replace("QiskitRuntimeService()", "QiskitRuntimeService(channel='ibm_quantum')")
    text += "with Session(backend=backend) as session:\n    pass\n"
    text = text.replace("import QiskitRuntimeService", "import QiskitRuntimeService, Session")
    (tmp_path / "legacy.py").write_text(text, encoding="utf-8")
    kinds = list(classify(text, Options(), Selection()).values())
    safe, unsafe = kinds.count("safe"), kinds.count("unsafe")
    assert safe + unsafe > 0
    expected = f"Found {len(kinds)} findings in 1 file; {safe} fixable"
    expected += f", {unsafe} more with --unsafe-fixes." if unsafe else "."
    assert run("check", "--summary", "legacy.py", cwd=tmp_path).stderr.splitlines() == [expected]
    everything = f"Found {len(kinds)} findings in 1 file; {safe + unsafe} fixable."
    assert run("check", "--summary", "--unsafe-fixes", "legacy.py", cwd=tmp_path).stderr.splitlines() == [everything]


def test_an_unsupported_target_runtime_is_a_usage_error(files):
    result = run("check", "--target-runtime", "0.3", "legacy.py", cwd=files)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("qiskit-migrate: ") and "0.3" in result.stderr


def test_the_progress_line_shows_on_a_long_run_and_is_cleared(monkeypatch):
    import io

    from flake8_qiskit_migrate.cli import Progress

    stream = io.StringIO()
    progress = Progress(10, stream, enabled=True)
    monkeypatch.setattr(Progress, "DELAY", 0.0)
    monkeypatch.setattr(Progress, "INTERVAL", 0.0)
    progress(3)
    progress.clear()
    assert stream.getvalue() == "\rchecked 3/10 files\r\x1b[K"
    quiet = io.StringIO()
    Progress(10, quiet, enabled=False)(3)
    assert quiet.getvalue() == ""


def test_a_file_without_findings_is_not_scanned_for_noqa_comments(files, monkeypatch):
    from flake8_qiskit_migrate.config import Settings

    scanned = []
    real = cli.drop_suppressed
    monkeypatch.setattr(cli, "drop_suppressed", lambda findings, text: scanned.append(text) or real(findings, text))
    clean_ibm = files / "runtime_ok.py"
    clean_ibm.write_text("from qiskit_ibm_runtime import SamplerV2\nSamplerV2(mode=b).run([qc])\n", encoding="utf-8")
    assert cli.check_one(clean_ibm, Settings()).reports == []
    assert scanned == []
    assert len(cli.check_one(files / "legacy.py", Settings()).reports) == 1 and len(scanned) == 1


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_cr_only_and_crlf_files_give_the_findings_of_the_lf_file(files, newline, run_flake8):
    source = (ROOT / "examples" / "provider_bell_least_busy.py").read_text(encoding="utf-8")
    (files / "lf.py").write_text(source, encoding="utf-8", newline="\n")
    (files / "other.py").write_bytes(source.replace("\n", newline).encode("utf-8"))
    lf = [(line, col, code) for _, line, col, code in codes_at(run("check", "--isolated", "lf.py", cwd=files).stdout)]
    other = [(line, col, code)
             for _, line, col, code in codes_at(run("check", "--isolated", "other.py", cwd=files).stdout)]
    assert len(lf) >= 4 and other == lf
    assert [(r.line, r.col, r.code) for r in run_flake8(["--select", "QM", "other.py"], cwd=files)] == lf
