"""``qiskit-migrate check --format text|json|sarif|github``: what machines read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import nbformat
import pytest

from flake8_qiskit_migrate import __version__
from flake8_qiskit_migrate.catalog import RULES
from flake8_qiskit_migrate.report.reports import Report
from flake8_qiskit_migrate.findings import Finding
from flake8_qiskit_migrate.detect.checker import check_source
from flake8_qiskit_migrate.report.formats import PROBLEM_RULES, escape_data, escape_property, render

DATA = Path(__file__).parent / "data"
LEGACY = (
    "from qiskit_ibm_runtime import QiskitRuntimeService\n"
    "service = QiskitRuntimeService(channel=\"ibm_quantum\")\n"
    "backend = service.backend('ibm_kyiv')\n"
    "job = backend.run(qc)\n"
)
#: the checker's message for each code found in LEGACY (the message is about the site)
MESSAGE = {finding.code: finding.message for finding in check_source(LEGACY)}


def check(fmt: str, *paths: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "check", "--format", fmt, *paths],
                          capture_output=True, text=True, cwd=cwd, check=False)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A checkout with a legacy module in a package and a legacy notebook."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "legacy.py").write_text(LEGACY, encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Demo"),
                nbformat.v4.new_code_cell("\n".join(LEGACY.splitlines()[:3])),
                nbformat.v4.new_code_cell("%time x = 1\n" + LEGACY.splitlines()[3])]
    nbformat.write(nb, str(tmp_path / "demo.ipynb"))
    return tmp_path


# --- SARIF -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    # The OASIS SARIF 2.1.0 schema (errata 01); see tests/data/README.md for where it came from.
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def test_sarif_output_is_valid_sarif_2_1_0(project, sarif_validator):
    result = check("sarif", ".", cwd=project)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator.iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0" and len(log["runs"][0]["results"]) == 4


def test_a_clean_run_still_writes_a_sarif_log_to_upload(tmp_path, sarif_validator):
    (tmp_path / "clean.py").write_text("x = 1\n", encoding="utf-8")
    result = check("sarif", "clean.py", cwd=tmp_path)
    assert result.returncode == 0
    log = json.loads(result.stdout)
    sarif_validator.validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_a_file_that_could_not_be_checked_is_a_tool_notification_in_sarif(project, sarif_validator):
    (project / "broken.py").write_text("import qiskit_ibm_runtime\ndef f(:\n", encoding="utf-8")
    result = check("sarif", ".", cwd=project)
    assert result.returncode == 2
    log = json.loads(result.stdout)
    sarif_validator.validate(log)
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert "broken.py:2:" in notification["message"]["text"] and "E999" in notification["message"]["text"]
    # the other files' findings are all there, and the file that could not be checked is a result too
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results].count("E999") == 1 and len(results) == 5
    [problem] = [r for r in results if r["ruleId"] == "E999"]
    assert problem["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.py"
    assert problem["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_sarif_describes_every_rule_from_the_catalog(project):
    driver = json.loads(check("sarif", ".", cwd=project).stdout)["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("flake8-qiskit-migrate", __version__)
    assert driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == list(RULES) + list(PROBLEM_RULES)
    for described in driver["rules"][:len(RULES)]:
        rule = RULES[described["id"]]
        assert described["helpUri"] == rule.docs_url
        assert described["shortDescription"]["text"] == rule.message
        assert described["fullDescription"]["text"] == rule.what_it_does
        assert described["help"]["markdown"].startswith(f"# {rule.code}")


def test_sarif_results_point_at_rules_and_relative_file_regions(project):
    run = json.loads(check("sarif", ".", cwd=project).stdout)["runs"][0]
    python = [r for r in run["results"]
              if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pkg/legacy.py"]
    assert [r["ruleId"] for r in python] == ["QM007", "QM002"]
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == "error"
    run_call = python[1]
    assert run_call["message"]["text"] == MESSAGE["QM002"]
    assert run_call["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4, "startColumn": 7, "endLine": 4, "endColumn": 22}


def test_sarif_notebook_results_point_into_the_stored_ipynb_and_name_the_cell(project):
    run = json.loads(check("sarif", "demo.ipynb", cwd=project).stdout)["runs"][0]
    [result] = [r for r in run["results"] if r["ruleId"] == "QM002"]
    location = result["locations"][0]
    assert location["logicalLocations"] == [{"name": "cell_2", "kind": "module"}]
    assert result["properties"] == {"cell": "cell_2", "cellLine": 2, "cellColumn": 7}
    assert result["message"]["text"] == "cell_2:2:7: " + MESSAGE["QM002"]
    region = location["physicalLocation"]["region"]
    stored = (project / "demo.ipynb").read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert stored[region["startColumn"] - 1:region["endColumn"] - 1] == "backend.run(qc)"


# --- GitHub workflow commands --------------------------------------------------------------


def test_github_format_prints_one_annotation_per_finding(project):
    result = check("github", "pkg", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[1] == (
        "::error file=pkg/legacy.py,line=4,col=7,endLine=4,endColumn=22,title=QM002::"
        + escape_data(MESSAGE["QM002"])
    )


def test_github_annotations_for_notebooks_land_on_the_stored_line(project):
    line = check("github", "demo.ipynb", cwd=project).stdout.splitlines()[-1]
    properties = dict(item.split("=", 1) for item in line.split("::")[1].split(" ", 1)[1].split(","))
    stored = (project / "demo.ipynb").read_text(encoding="utf-8").splitlines()[int(properties["line"]) - 1]
    assert stored[int(properties["col"]) - 1:].startswith("backend.run(qc)")
    assert line.endswith("::cell_2:2:7: " + escape_data(MESSAGE["QM002"]))


def test_github_escaping_follows_the_workflow_command_rules():
    assert escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert escape_property("C:\\a,b%\n") == "C%3A\\a%2Cb%25%0A"
    report = Report("dir,with:odd%chars/x.py", Finding(1, 0, "QM007", "QM007 a: b, c\n%", 1, 5))
    assert render("github", [report]) == (
        "::error file=dir%2Cwith%3Aodd%25chars/x.py,line=1,col=1,endLine=1,endColumn=6,title=QM007"
        "::QM007 a: b, c%0A%25\n"
    )


def test_a_plan_dependent_code_is_a_warning_not_an_error():
    report = Report("x.py", Finding(2, 4, "QM004", RULES["QM004"].message, 2, 20))
    assert render("github", [report]).startswith("::warning file=x.py,line=2,col=5,")


# --- text and json -------------------------------------------------------------------------


def test_text_format_is_flake8s_default_format(project):
    result = check("text", "pkg/legacy.py", cwd=project)
    assert result.stdout.splitlines() == [
        f"pkg/legacy.py:2:32: {MESSAGE['QM007']}",
        f"pkg/legacy.py:4:7: {MESSAGE['QM002']}",
    ]


def test_json_format_on_a_directory_lists_every_finding_with_1_based_columns(project):
    result = check("json", ".", cwd=project)
    assert result.returncode == 1
    rows = json.loads(result.stdout)
    assert {(Path(r["path"]).name, r["cell"], r["line"], r["column"], r["code"]) for r in rows} == {
        ("demo.ipynb", "cell_1", 2, 32, "QM007"),
        ("demo.ipynb", "cell_2", 2, 7, "QM002"),
        ("legacy.py", None, 2, 32, "QM007"),
        ("legacy.py", None, 4, 7, "QM002"),
    }
    assert all(row["message"] == MESSAGE[row["code"]] for row in rows)


# --- columns -------------------------------------------------------------------------------

WIDE = 'from qiskit_ibm_runtime import QiskitRuntimeService\nx = ("é", QiskitRuntimeService(channel="ibm_quantum"))\n'


def test_machine_formats_count_columns_in_characters_where_text_keeps_flake8s_bytes(tmp_path):
    (tmp_path / "wide.py").write_text(WIDE, encoding="utf-8")
    assert check("text", "wide.py", cwd=tmp_path).stdout.startswith("wide.py:2:33: QM007")  # as flake8 prints
    region = json.loads(check("sarif", "wide.py", cwd=tmp_path).stdout)["runs"][0]["results"][0][
        "locations"][0]["physicalLocation"]["region"]
    assert WIDE.splitlines()[1][region["startColumn"] - 1:region["endColumn"] - 1] == 'channel="ibm_quantum"'
    assert ",col=32,endLine=2,endColumn=53," in check("github", "wide.py", cwd=tmp_path).stdout


# A page break (form feed) ends a line for str.splitlines, not for Python: the columns of a
# wide line below it must still be counted on that line.
PAGED = 'from qiskit_ibm_runtime import QiskitRuntimeService\n# part two\x0c\n' + WIDE.split("\n", 1)[1]


def test_columns_are_counted_on_the_line_python_numbers_after_a_form_feed(tmp_path):
    (tmp_path / "paged.py").write_text(PAGED, encoding="utf-8")
    region = json.loads(check("sarif", "paged.py", cwd=tmp_path).stdout)["runs"][0]["results"][0][
        "locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 3
    assert PAGED.split("\n")[2][region["startColumn"] - 1:region["endColumn"] - 1] == 'channel="ibm_quantum"'


def test_notebook_columns_in_characters_too(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(WIDE)]
    nbformat.write(nb, str(tmp_path / "wide.ipynb"))
    run = json.loads(check("sarif", "wide.ipynb", cwd=tmp_path).stdout)["runs"][0]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    stored = (tmp_path / "wide.ipynb").read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert stored[region["startColumn"] - 1:region["endColumn"] - 1] == 'channel=\\"ibm_quantum\\"'


def test_a_file_outside_the_current_directory_gets_an_absolute_uri(tmp_path):
    (tmp_path / "wide.py").write_text(WIDE, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = json.loads(check("sarif", str(tmp_path / "wide.py"), cwd=elsewhere).stdout)["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": (tmp_path / "wide.py").as_uri()}
