"""Notebooks: code cells are checked and fixed as one module, located as ``cell_N``."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from flake8_qiskit_migrate.detect.checker import Options
from flake8_qiskit_migrate.report.reports import Selection
from flake8_qiskit_migrate.notebooks import (
    CellMap,
    check_notebook,
    combine,
    fix_notebook,
    json_position,
    parse_cells,
    split_combined,
)

IMPORTS = "from qiskit_ibm_runtime import QiskitRuntimeService\nservice = QiskitRuntimeService()"
BACKEND = "backend = service.backend('ibm_kyiv')"
RUN = "job = backend.run(qc)"


def write_notebook(path: Path, cells: list, **kwargs) -> Path:
    """``cells``: strings are code cells, ``("md", text)`` markdown cells."""
    nb = nbformat.v4.new_notebook(**kwargs)
    for cell in cells:
        if isinstance(cell, tuple):
            nb.cells.append(nbformat.v4.new_markdown_cell(cell[1]))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(cell))
    nbformat.write(nb, str(path))
    return path


def locations(path: Path) -> list[tuple[str, int, int, str]]:
    return [(r.cell, r.finding.line, r.finding.col + 1, r.finding.code)
            for r in check_notebook(path, Options(), Selection())]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", *args],
                          capture_output=True, text=True, cwd=cwd, check=False)


# --- checking ----------------------------------------------------------------------------


def test_cells_are_one_module_so_an_import_in_cell_1_explains_a_run_in_cell_3(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", [IMPORTS, ("md", "Pick a device"), BACKEND, ("md", "Run"), RUN])
    # cell_3 is the third *code* cell (markdown cells are not counted, as in nbqa).
    assert locations(nb) == [("cell_3", 1, 7, "QM002")]


def test_nothing_is_reported_when_the_backend_comes_from_a_simulator_in_an_earlier_cell(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", ["from qiskit_aer import AerSimulator", "backend = AerSimulator()", RUN])
    assert locations(nb) == []


def test_ipython_magics_and_shell_escapes_do_not_hide_findings_or_move_lines(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", [
        "%pip install qiskit-ibm-runtime\n" + IMPORTS,
        "!ls -la\nfiles = !ls\n%time x = 1\nservice?\n" + BACKEND,
        "%%bash\necho backend.run(qc)\n  indented shell text",
        "%%timeit\n" + RUN,
        "if True:\n    %env QISKIT=1\n    " + RUN,
    ])
    assert locations(nb) == [("cell_4", 2, 7, "QM002"), ("cell_5", 3, 11, "QM002")]


def test_top_level_await_is_python_in_a_notebook(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", [IMPORTS, "result = await asyncio.sleep(0)\n" + BACKEND, RUN])
    assert locations(nb) == [("cell_3", 1, 7, "QM002")]


def test_python_that_parses_is_never_masked_even_with_percent_lines_in_strings(tmp_path):
    source = 'template = """\n%pip is not run here\n"""\n' + RUN
    module = combine([IMPORTS + "\n" + BACKEND, source])
    assert module.cells[1].masked == source


def test_noqa_in_a_cell_silences_that_line(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", [IMPORTS, BACKEND, RUN + "  # noqa: QM002"])
    assert locations(nb) == []


def test_a_syntax_error_names_the_cell_and_exits_2(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", [IMPORTS, "x = (1,\n"])
    result = cli("check", str(nb))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{nb}:cell_2:1:")
    assert "E999 SyntaxError" in result.stderr


def test_a_notebook_without_cell_ids_is_checked_without_warnings_on_stderr(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(IMPORTS + "\n" + BACKEND + "\n" + RUN)]
    del nb.cells[0]["id"]
    (tmp_path / "nb.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    result = cli("check", "nb.ipynb", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")


def test_a_file_that_is_not_a_notebook_is_an_error_not_silence(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    result = cli("check", str(broken))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "E902" in result.stderr


def test_the_cli_checks_notebooks_in_directories_but_not_checkpoints(tmp_path):
    write_notebook(tmp_path / "nb.ipynb", [IMPORTS, BACKEND, RUN])
    (tmp_path / ".ipynb_checkpoints").mkdir()
    write_notebook(tmp_path / ".ipynb_checkpoints" / "nb-checkpoint.ipynb", [IMPORTS, BACKEND, RUN])
    result = cli("check", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{Path('.', 'nb.ipynb')}:cell_3:1:7: QM002 " + result.stdout.split(" QM002 ", 1)[1].strip()
    ]


def test_nbqa_flake8_reports_the_same_cell_locations_as_the_cli(tmp_path):
    nbqa = shutil.which("nbqa", path=os.path.dirname(sys.executable)) or shutil.which("nbqa")
    if nbqa is None:
        pytest.skip("nbqa is not installed")
    write_notebook(tmp_path / "nb.ipynb", [
        "%pip install qiskit-ibm-provider\nfrom qiskit_ibm_provider import IBMProvider",
        ("md", "Connect"),
        "provider = IBMProvider()\nbackend = provider.get_backend('ibm_kyiv')",
        "!nvidia-smi\n" + RUN,
    ])
    ours = cli("check", "nb.ipynb", cwd=tmp_path)
    # nbqa takes the paths first and passes what follows to flake8.
    theirs = subprocess.run([nbqa, "flake8", "nb.ipynb", "--select", "QM", "--isolated"],
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert theirs.returncode == 1, theirs.stderr
    assert sorted(theirs.stdout.splitlines()) == sorted(ours.stdout.splitlines())
    assert "nb.ipynb:cell_2:1:12: QM005" in ours.stdout


# --- masking round trip ------------------------------------------------------------------


@pytest.mark.parametrize("sources", [
    ["import os", "x = 1\n", ""],
    ["%matplotlib inline\nimport numpy as np", "!pip install x \\\n  y\nz = 1", "np?"],
    ["%%bash\nls\n  cd /", "%%capture out\nprint(1)", "a = !ls\nb = %pwd"],
    ["for i in range(3):\n    !echo $i\n", "x = 1\r\ny = 2"],
    ["if True:\n    !pip install a \\\n        b\n    x = 1"],
])
def test_combining_then_splitting_gives_back_the_exact_sources(sources):
    module = combine(sources)
    parse_cells(module.text)  # the masked module is Python
    assert split_combined(module, module.text) == sources
    assert len(module.text.splitlines()) == sum(module.map.line_counts) + len(sources) - 1
    assert CellMap.of(module.text) == module.map


# --- fixing ------------------------------------------------------------------------------


def fake_fix(text: str) -> str:
    """Stands in for the real fixer: one rewrite and one added import at the top."""
    return "from qiskit_ibm_runtime import SamplerV2\n" + text.replace(
        "backend.run(qc)", "SamplerV2(mode=backend).run([qc])")


def test_fixing_rewrites_code_cells_only_and_keeps_everything_else_byte_for_byte(tmp_path):
    path = write_notebook(tmp_path / "nb.ipynb", [IMPORTS, ("md", "backend.run(qc) in prose"), BACKEND, RUN])
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", text="backend.run(qc)\n")]
    nb.cells[3].execution_count = 7
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    before = path.read_text(encoding="utf-8")

    result = fix_notebook(path, fake_fix)

    after = path.read_text(encoding="utf-8")
    assert [label for label, _, _ in result.cells] == ["cell_1", "cell_3"]
    old, new = json.loads(before), json.loads(after)
    assert "".join(new["cells"][0]["source"]).startswith("from qiskit_ibm_runtime import SamplerV2\n")
    assert "".join(new["cells"][3]["source"]) == "job = SamplerV2(mode=backend).run([qc])"
    # Outside the two changed sources the notebook is identical, ids and outputs included...
    for index in (0, 3):
        new["cells"][index]["source"] = old["cells"][index]["source"]
    assert new == old
    # ...and so is the text: every changed line is a line of cell source.
    changed = set(after.splitlines()) ^ set(before.splitlines())
    assert changed and all(line.lstrip().startswith('"') for line in changed)


def test_magics_come_back_exactly_after_a_fix(tmp_path):
    cells = ["%pip install qiskit-ibm-runtime\n" + IMPORTS + "\n" + BACKEND,
             "%%timeit -n 1\n" + RUN, "!echo done\n" + RUN + "\nresult?"]
    path = write_notebook(tmp_path / "nb.ipynb", cells)
    fix_notebook(path, fake_fix)
    sources = [cell.source for cell in nbformat.read(str(path), as_version=4).cells]
    assert sources == [
        "from qiskit_ibm_runtime import SamplerV2\n" + cells[0],
        "%%timeit -n 1\njob = SamplerV2(mode=backend).run([qc])",
        "!echo done\njob = SamplerV2(mode=backend).run([qc])\nresult?",
    ]


def test_a_fix_that_loses_a_magic_leaves_the_notebook_untouched(tmp_path):
    path = write_notebook(tmp_path / "nb.ipynb", ["!ls\n" + IMPORTS])
    before = path.read_bytes()
    with pytest.raises(ValueError, match="cell_1"):
        fix_notebook(path, lambda text: text.split("\n", 1)[1])
    assert path.read_bytes() == before


@pytest.mark.parametrize("minor", [4, 5])  # 4.4 has no cell ids; a 4.5 file may still lack them
def test_fixing_keeps_the_nbformat_version_and_a_missing_cell_id_missing(tmp_path, minor):
    path = tmp_path / "old.ipynb"
    nb = nbformat.v4.new_notebook(nbformat_minor=minor)
    nb.cells = [nbformat.v4.new_code_cell(IMPORTS + "\n" + BACKEND + "\n" + RUN)]
    del nb.cells[0]["id"]
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    os.chmod(path, 0o640)

    fix_notebook(path, fake_fix)

    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["nbformat"], data["nbformat_minor"]) == (4, minor)
    assert "id" not in data["cells"][0]
    assert "SamplerV2(mode=backend)" in "".join(data["cells"][0]["source"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.ipynb"]  # no temp file left


def test_nothing_is_written_when_the_fix_changes_nothing(tmp_path):
    path = write_notebook(tmp_path / "nb.ipynb", ["x = 1"])
    mtime = path.stat().st_mtime_ns
    assert fix_notebook(path, lambda text: text) is None
    assert path.stat().st_mtime_ns == mtime


# --- positions in the stored file ----------------------------------------------------------


def test_json_position_points_at_the_source_text_inside_the_ipynb(tmp_path):
    path = write_notebook(tmp_path / "nb.ipynb", [("md", "intro"), IMPORTS, 'print("é\\t")\n' + RUN])
    text = path.read_text(encoding="utf-8")
    line, column = json_position(text, 2, 2, 6)  # code cell 2, line 2, the "b" of backend
    assert text.splitlines()[line - 1][column - 1:].startswith("backend.run(qc)")


def test_json_position_handles_a_source_stored_as_one_string(tmp_path):
    path = tmp_path / "nb.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1\n" + RUN)]
    data = json.loads(nbformat.writes(nb))
    data["cells"][0]["source"] = "x = 1\n" + RUN
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    line, column = json_position(text, 1, 2, 6)
    assert text.splitlines()[line - 1][column - 1:].startswith("backend.run(qc)")


# --- fixing with the real fixer --------------------------------------------------------------

PROVIDER_ERA = [
    "%pip install qiskit-ibm-runtime\nfrom qiskit_ibm_runtime import QiskitRuntimeService",
    'service = QiskitRuntimeService(channel="ibm_quantum")\n!echo connected',
]


def test_fix_notebook_file_rewrites_cells_and_reports_what_remains_in_cells(tmp_path):
    from flake8_qiskit_migrate.notebooks import fix_notebook_file

    path = write_notebook(tmp_path / "nb.ipynb", [*PROVIDER_ERA, BACKEND + "\n" + RUN + "\nprint(job.job_id())"])
    reports, errors, diff = fix_notebook_file(path, Options(), Selection())
    sources = [cell.source for cell in nbformat.read(str(path), as_version=4).cells]
    assert sources[1] == 'service = QiskitRuntimeService(channel="ibm_quantum_platform")\n!echo connected'
    assert sources[0] == PROVIDER_ERA[0]
    assert diff == ""
    # Whatever the fixer leaves is located in its cell, exactly as `check` would report it.
    assert [(r.cell, r.finding.line, r.finding.code) for r in reports] == [
        (r.cell, r.finding.line, r.finding.code) for r in check_notebook(path, Options(), Selection())]


def test_fix_notebook_file_with_diff_only_prints_cell_diffs_and_writes_nothing(tmp_path):
    from flake8_qiskit_migrate.notebooks import fix_notebook_file

    path = write_notebook(tmp_path / "nb.ipynb", PROVIDER_ERA)
    before = path.read_bytes()
    reports, errors, diff = fix_notebook_file(path, Options(), Selection(), diff_only=True)
    assert path.read_bytes() == before
    headers = [line for line in diff.splitlines() if line.startswith(("--- ", "+++ "))]
    assert len(headers) == 2 and all(line.endswith(f"{path}:cell_2") for line in headers)
    assert '+service = QiskitRuntimeService(channel="ibm_quantum_platform")\n' in diff
    assert reports == []


def test_the_fix_command_rewrites_notebooks(tmp_path):
    path = write_notebook(tmp_path / "nb.ipynb", PROVIDER_ERA)
    result = cli("fix", "nb.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'channel="ibm_quantum_platform"' in nbformat.read(str(path), as_version=4).cells[1].source
