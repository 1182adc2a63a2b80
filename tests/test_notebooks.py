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


@pytest.mark.parametrize("source, may_hold", [
    ('print("%d" % 3)\nif a != b:\n    d = {"a=%s": 1}\n', False),  # '%' and '!' that are Python
    ("x = 1\n  %time f()\n", True),
    ("x = 1\nfiles = !ls\n", True),
    ("x = 1\nresult = %time f()", True),
    ("x = 1\nservice.backend?\n", True),
    ("\n%%bash\nls\n", True),
    ("x = f(y)?\n", False),  # not IPython's help syntax: Python's own syntax error
])
def test_the_quick_look_for_ipython_lines_finds_every_line_the_masking_would_mask(source, may_hold):
    from flake8_qiskit_migrate.notebook_cells import _lines_to_mask, _may_hold_ipython, _split_keepends

    assert _may_hold_ipython(source) is may_hold
    assert bool(_lines_to_mask(_split_keepends(source))) is may_hold


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


# --- plain JSON notebooks, cell by cell (no nbformat in the tool's path) --------------------------

LEGACY_RUN = "job = backend.run(qc)"


def plain_notebook(cells: list, *, metadata: dict | None = None, indent=1, ensure_ascii=False,
                   newline: str = "\n", one_string: bool = False) -> str:
    """A notebook's JSON text as Jupyter writes it, without nbformat: ``cells`` are code cell
    sources, or ``("md", text)`` for markdown."""
    def source(text: str):
        return text if one_string else text.splitlines(keepends=True)

    data = {
        "cells": [
            {"cell_type": "markdown", "id": f"m{index}", "metadata": {}, "source": source(cell[1])}
            if isinstance(cell, tuple) else
            {"cell_type": "code", "execution_count": None, "id": f"c{index}", "metadata": {}, "outputs": [],
             "source": source(cell)}
            for index, cell in enumerate(cells)
        ],
        "metadata": metadata if metadata is not None else {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11.7"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(data, indent=indent, ensure_ascii=ensure_ascii) + "\n"
    return text.replace("\n", newline)


def write_plain(path: Path, cells: list, **kwargs) -> Path:
    path.write_bytes(plain_notebook(cells, **kwargs).encode("utf-8"))
    return path


PROVIDER_CELLS = [
    "from qiskit_ibm_provider import IBMProvider",
    "provider = IBMProvider()\nbackend = provider.get_backend('ibm_kyiv')",
]


def codes_by_cell(path: Path) -> list[tuple[str, int, int, str]]:
    from flake8_qiskit_migrate.notebooks import check_notebook_file

    return [(r.cell, r.finding.line, r.finding.col + 1, r.finding.code)
            for r in check_notebook_file(path, Options(), Selection()).reports]


def test_an_exercise_cell_that_does_not_parse_is_one_e999_and_the_other_cells_are_still_checked(tmp_path):
    nb = write_plain(tmp_path / "nb.ipynb", [*PROVIDER_CELLS, "qc = # your code here", LEGACY_RUN])
    result = cli("check", "nb.ipynb", cwd=tmp_path)
    assert result.returncode == 2
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("nb.ipynb:cell_3:1:") and "E999 SyntaxError" in errors[0]
    # the finding after the broken cell is found, located in its own cell
    assert "nb.ipynb:cell_4:1:7: QM002" in result.stdout
    assert ("cell_4", 1, 7, "QM002") in codes_by_cell(nb)


def test_fixing_a_notebook_with_a_broken_cell_fixes_the_others_and_leaves_that_cell_as_it_was(tmp_path):
    from flake8_qiskit_migrate.notebooks import fix_notebook_file

    broken = "qc = # your code here\n"
    nb = write_plain(tmp_path / "nb.ipynb", [
        "from qiskit_ibm_runtime import QiskitRuntimeService",
        broken,
        'service = QiskitRuntimeService(channel="ibm_quantum")'])
    reports, errors, diff = fix_notebook_file(nb, Options(), Selection())
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    assert "".join(cells[1]["source"]) == broken
    assert "".join(cells[2]["source"]) == 'service = QiskitRuntimeService(channel="ibm_quantum_platform")'
    assert len(errors) == 1 and errors[0].startswith(f"{nb}:cell_2:1:") and "cell left untouched" in errors[0]


def test_a_notebook_that_never_mentions_ibm_quantum_is_not_parsed_by_check_or_fix(tmp_path):
    # Syntax errors of code that cannot hold a finding are flake8's business, as for .py files.
    write_plain(tmp_path / "nb.ipynb", ["import numpy as np", "qc = # your code here"])
    for command in ("check", "fix"):
        result = cli(command, "nb.ipynb", cwd=tmp_path)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), command


def test_code_in_a_line_magic_is_checked_at_its_column_in_the_cell(tmp_path):
    magics = ["%time job = backend.run(qc)", "%timeit -n 1 -r 1 backend.run(qc)", "%time x = 1 +"]
    nb = write_plain(tmp_path / "nb.ipynb", [*PROVIDER_CELLS, *magics])
    assert codes_by_cell(nb) == [
        ("cell_1", 1, 1, "QM001"), ("cell_2", 1, 12, "QM005"), ("cell_2", 2, 11, "QM005"),
        ("cell_3", 1, 13, "QM002"),  # the column of `backend` in `%time job = backend.run(qc)`
        ("cell_4", 1, 19, "QM002"),
    ]  # `%time x = 1 +` is not Python: masked, no E999


def test_an_assignment_from_time_is_the_assignment_of_its_statement(tmp_path):
    # `job = %time backend.run(qc)` binds the statement's value (`%timeit -o` would bind timings)
    cells = [*PROVIDER_CELLS, "job = %time backend.run(qc)", "t = %timeit -o backend.run(qc)"]
    nb = write_plain(tmp_path / "nb.ipynb", cells)
    assert [item for item in codes_by_cell(nb) if item[0] in ("cell_3", "cell_4")] == [("cell_3", 1, 13, "QM002")]


@pytest.mark.parametrize("line", [
    '%time service = QiskitRuntimeService(channel="ibm_quantum")',
    'service = %time QiskitRuntimeService(channel="ibm_quantum")',
    '    %time service = QiskitRuntimeService(channel="ibm_quantum")',
])
def test_a_line_magic_keeps_its_prefix_when_its_code_is_fixed(tmp_path, line):
    body = f"if True:\n{line}" if line.startswith(" ") else line
    nb = write_plain(tmp_path / "nb.ipynb", ["from qiskit_ibm_runtime import QiskitRuntimeService", body])
    assert [code for cell, _, col, code in codes_by_cell(nb)] == ["QM007"]
    [(cell, row, col, _)] = codes_by_cell(nb)
    assert body.splitlines()[row - 1][col - 1:].startswith('channel="ibm_quantum"')  # the column in the cell
    from flake8_qiskit_migrate.notebooks import fix_notebook_file

    fix_notebook_file(nb, Options(), Selection())
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    assert "".join(cells[1]["source"]) == body.replace('"ibm_quantum"', '"ibm_quantum_platform"')


@pytest.mark.parametrize("magic", ["%%time", "%%capture output", "%%qiskit_job_status", "%%timeit -n 1"])
def test_the_body_of_a_python_cell_magic_is_checked(tmp_path, magic):
    nb = write_plain(tmp_path / "nb.ipynb", [*PROVIDER_CELLS, f"{magic}\n{LEGACY_RUN}"])
    assert ("cell_3", 2, 7, "QM002") in codes_by_cell(nb)


def test_the_body_of_a_cell_magic_that_is_not_python_is_not_checked(tmp_path):
    nb = write_plain(tmp_path / "nb.ipynb", [*PROVIDER_CELLS, f"%%bash\n{LEGACY_RUN}"])
    assert [code for cell, _, _, code in codes_by_cell(nb) if cell == "cell_3"] == []


@pytest.mark.parametrize("metadata", [
    {"kernelspec": {"display_name": "R", "language": "R", "name": "ir"},
     "language_info": {"name": "R", "version": "4.3.1"}},
    {"kernelspec": {"display_name": "Julia 1.9", "language": "julia", "name": "julia-1.9"}},
])
def test_a_notebook_whose_kernel_is_not_python_is_skipped_silently(tmp_path, metadata):
    # Text that would be a finding (and a syntax error) in Python.
    write_plain(tmp_path / "nb.ipynb", [*PROVIDER_CELLS, "x <- backend.run(qc)"], metadata=metadata)
    for command in ("check", "fix"):
        result = cli(command, "nb.ipynb", cwd=tmp_path)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), command


@pytest.mark.parametrize("content, reason", [
    ('{"cells": [', "invalid JSON"),
    ("[1, 2]", "the JSON is a list, not an object"),
    ('{"metadata": {}}', "'cells' is missing"),
    ('{"cells": {"a": 1}}', "'cells' is a dict, not a list"),
    ('{"cells": [[]]}', "cells[0] is a list, not an object"),
    ('{"cells": [1]}', "cells[0] is an int, not an object"),
    ('{"cells": [{"cell_type": "code", "source": 7}]}', "the source of cells[0] is not text"),
    ('{"cells": [{"cell_type": "code", "source": ["x = 1\\n", null]}]}', "the source of cells[0] is not text"),
])
def test_a_broken_notebook_gets_one_clear_e902_line_from_check_and_fix(tmp_path, content, reason):
    path = tmp_path / "broken.ipynb"
    path.write_text(content, encoding="utf-8")
    for command in ("check", "fix"):
        result = cli(command, "broken.ipynb", cwd=tmp_path)
        assert result.returncode == 2, command
        assert result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith("broken.ipynb: E902 ") and reason in line, line
    assert path.read_text(encoding="utf-8") == content


def test_a_notebook_that_is_not_utf8_is_an_e902_line(tmp_path):
    path = tmp_path / "latin1.ipynb"
    path.write_bytes(plain_notebook(["# caf\xe9"]).encode("latin-1"))
    result = cli("check", "latin1.ipynb", cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "E902" in line and "not UTF-8" in line


def _fix_with_the_real_fixer(path: Path):
    from flake8_qiskit_migrate.notebooks import fix_notebook_file

    return fix_notebook_file(path, Options(), Selection())


QM007_CELLS = [
    ("md", "# Démo: connect — ✓"),
    "from qiskit_ibm_runtime import QiskitRuntimeService\nimport numpy as np",
    'service = QiskitRuntimeService(channel="ibm_quantum")\nprint("service ✓")\n',
    "x = np.arange(3)",
]


@pytest.mark.parametrize("layout", [
    {"indent": 1}, {"indent": 2, "ensure_ascii": True}, {"indent": 4}, {"indent": "\t"},
])
def test_fixing_one_cell_changes_only_that_cells_lines_in_the_file(tmp_path, layout):
    import difflib

    path = write_plain(tmp_path / "nb.ipynb", QM007_CELLS, **layout)
    before = path.read_text(encoding="utf-8")
    _fix_with_the_real_fixer(path)
    after = path.read_text(encoding="utf-8")
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    # the one changed line of cell 2's source, spelled as the file spells strings
    old_line = json.dumps('service = QiskitRuntimeService(channel="ibm_quantum")\n',
                          ensure_ascii=layout.get("ensure_ascii", False))
    assert [line.strip().rstrip(",") for line in removed] == [old_line]
    assert [line.strip().rstrip(",") for line in added] == [old_line.replace("ibm_quantum", "ibm_quantum_platform")]
    # and the rest is the same JSON, key order included
    expected = json.loads(before)
    expected["cells"][2]["source"][0] = expected["cells"][2]["source"][0].replace("ibm_quantum", "ibm_quantum_platform")
    assert json.loads(after) == expected
    assert list(json.loads(after)) == list(expected)


def test_a_crlf_notebook_stays_crlf_when_fixed(tmp_path):
    path = write_plain(tmp_path / "nb.ipynb", QM007_CELLS, newline="\r\n")
    _fix_with_the_real_fixer(path)
    data = path.read_bytes()
    assert b'\\"ibm_quantum_platform\\"' in data
    assert data.count(b"\n") == data.count(b"\r\n") > 10


def test_a_source_stored_as_one_string_stays_one_string(tmp_path):
    path = write_plain(tmp_path / "nb.ipynb", QM007_CELLS, one_string=True)
    _fix_with_the_real_fixer(path)
    source = json.loads(path.read_text(encoding="utf-8"))["cells"][2]["source"]
    assert source == 'service = QiskitRuntimeService(channel="ibm_quantum_platform")\nprint("service ✓")\n'


def test_cell_sources_with_crlf_lines_keep_them(tmp_path):
    cells = ["from qiskit_ibm_runtime import QiskitRuntimeService\r\n",
             'service = QiskitRuntimeService(channel="ibm_quantum")\r\nprint(1)\r\n']
    path = write_plain(tmp_path / "nb.ipynb", cells)
    _fix_with_the_real_fixer(path)
    source = json.loads(path.read_text(encoding="utf-8"))["cells"][1]["source"]
    assert source == ['service = QiskitRuntimeService(channel="ibm_quantum_platform")\r\n', "print(1)\r\n"]


def test_an_empty_code_cell_and_markdown_are_kept_byte_for_byte(tmp_path):
    path = write_plain(tmp_path / "nb.ipynb", ["", *QM007_CELLS, ""])
    before = path.read_text(encoding="utf-8")
    _fix_with_the_real_fixer(path)
    after = path.read_text(encoding="utf-8")
    assert after.replace("ibm_quantum_platform", "ibm_quantum") == before


def test_a_2000_cell_notebook_is_checked_and_fixed(tmp_path):
    cells = ["from qiskit_ibm_runtime import QiskitRuntimeService"]
    for index in range(1, 2000):
        cells.append(f'service_{index} = QiskitRuntimeService(channel="ibm_quantum")' if index % 20 == 0 else
                     f"%time x_{index} = {index} * 2\nprint(x_{index})")
    path = write_plain(tmp_path / "big.ipynb", cells)
    assert codes_by_cell(path) == [(f"cell_{index + 1}", 1, 33 + len(str(index)), "QM007")
                                   for index in range(20, 2000, 20)]
    reports, errors, _ = _fix_with_the_real_fixer(path)
    assert (reports, errors) == ([], [])
    sources = ["".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]
    assert sum('"ibm_quantum_platform"' in source for source in sources) == 99
    assert sources[1:20] == [f"%time x_{index} = {index} * 2\nprint(x_{index})" for index in range(1, 20)]
    assert codes_by_cell(path) == []


def test_check_and_fix_read_notebooks_without_nbformat(tmp_path):
    path = write_plain(tmp_path / "nb.ipynb", QM007_CELLS)
    script = (
        "import sys; sys.modules['nbformat'] = None  # importing it now raises ImportError\n"
        "from flake8_qiskit_migrate.cli import main\n"
        "first = main(['check', sys.argv[1]]); second = main(['fix', sys.argv[1]])\n"
        "assert 'nbformat' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
        "print('exit codes', first, second)\n")
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "QM007" in result.stdout and result.stdout.strip().endswith("exit codes 1 0")
    assert "ibm_quantum_platform" in path.read_text(encoding="utf-8")


def test_the_notebook_layer_imports_neither_the_checker_nor_the_fixer():
    import ast as ast_module

    import flake8_qiskit_migrate.notebook_cells as cells
    import flake8_qiskit_migrate.fix.engine as engine

    def imported(module) -> set[str]:
        tree = ast_module.parse(Path(module.__file__).read_text(encoding="utf-8"))
        return {node.module or "" for node in ast_module.walk(tree) if isinstance(node, ast_module.ImportFrom)}

    assert not {name for name in imported(cells) if name.startswith(("detect", "fix", "report", "."))}
    assert not {name for name in imported(engine) if "notebooks" in name}


# --- whatever the JSON holds: a result or one NotebookError, never an internal error --------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from flake8_qiskit_migrate.notebooks import NotebookError, check_cells, fix_notebook_text, load_notebook  # noqa: E402

SNIPPETS = ["from qiskit_ibm_runtime import QiskitRuntimeService\n",
            'service = QiskitRuntimeService(channel="ibm_quantum")\n', "%time x = 1\n", "!ls\n",
            "qc = # your code\n", "x = 'é'\r\n", "%%bash\necho hi\n", "if True:\n", "    pass\n", ""]
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5))
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=6)
source = st.one_of(st.lists(st.sampled_from(SNIPPETS), max_size=4), st.sampled_from(SNIPPETS).map(str), json_value)
cell = st.one_of(
    st.fixed_dictionaries({"cell_type": st.sampled_from(["code", "markdown", "raw"]), "source": source},
                          optional={"metadata": json_value, "outputs": json_value, "id": st.text(max_size=3)}),
    json_value)
good_cell = st.fixed_dictionaries({
    "cell_type": st.sampled_from(["code", "code", "markdown"]), "metadata": st.just({}),
    "source": st.one_of(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=4),
                        st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=4).map("".join))})
notebook = st.one_of(
    st.fixed_dictionaries({"cells": st.lists(good_cell, min_size=1, max_size=6), "metadata": st.just({}),
                           "nbformat": st.just(4), "nbformat_minor": st.just(5)}),
    st.fixed_dictionaries({"cells": st.one_of(st.lists(cell, max_size=5), json_value)},
                          optional={"metadata": st.one_of(json_value, st.just({"kernelspec": {"language": "R"}})),
                                    "nbformat": st.sampled_from([4, 3, "4"]), "nbformat_minor": st.integers(0, 5)}),
    json_value)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=notebook, indent=st.sampled_from([None, 1, 2, "\t"]), crlf=st.booleans())
def test_any_json_gives_a_result_or_one_notebook_error(data, indent, crlf):
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        nb = load_notebook(text)
    except NotebookError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("not a notebook")
        return
    if nb.is_python:
        check_cells(nb.sources)
    try:
        fixed = fix_notebook_text(text, lambda module: fix_text_for_test(module))
    except NotebookError as exc:
        assert "\n" not in str(exc)
        return
    if fixed.cells:  # only code cell sources changed, everything else is the same JSON
        before, after = json.loads(text), json.loads(fixed.new_text)
        for index, entry in enumerate(before["cells"]):
            if entry.get("cell_type") == "code":
                entry["source"] = after["cells"][index]["source"]
        assert before == after


def fix_text_for_test(module: str) -> str:
    from flake8_qiskit_migrate.fix.engine import fix_text

    return fix_text(module).text


def test_an_nbformat_3_notebook_is_checked_but_not_fixed(tmp_path):
    from flake8_qiskit_migrate.notebooks import fix_notebook_file

    data = {"metadata": {"name": ""}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [
        {"cell_type": "code", "input": ["from qiskit_ibm_runtime import QiskitRuntimeService\n"], "language": "python"},
        {"cell_type": "markdown", "source": ["text"]},
        {"cell_type": "code", "input": 'service = QiskitRuntimeService(channel="ibm_quantum")', "language": "python"},
    ]}]}
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    assert codes_by_cell(path) == [("cell_2", 1, 32, "QM007")]
    before = path.read_bytes()
    with pytest.raises(NotebookError, match="nbformat 3 notebooks are checked but not fixed"):
        fix_notebook_file(path, Options(), Selection())
    assert path.read_bytes() == before


LINES = ["x = 1", "  %time f()", "files = !ls", "a != b", "obj?", "obj.m??", "%%bash", "%%time",
         "print('%d' % 3)", "   % (a, b)", "y = %pwd", "\\", "", "d = {'a=%s': 1}", "f(x)?"]


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.sampled_from(LINES), max_size=6), ending=st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_cell_the_quick_look_passes_over_has_no_line_to_mask(lines, ending):
    from flake8_qiskit_migrate.notebook_cells import _lines_to_mask, _may_hold_ipython, _split_keepends

    source = ending.join(lines)
    if _lines_to_mask(_split_keepends(source)):
        assert _may_hold_ipython(source)


def test_fix_with_unsafe_fixes_lists_what_to_review_in_a_notebook_as_in_a_py_file(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", [
        "from qiskit_ibm_runtime import QiskitRuntimeService, Session\n"
        "service = QiskitRuntimeService(channel='ibm_quantum')",
        "backend = service.get_backend('ibm_kyiv')\nwith Session(backend=backend) as session:\n    pass"])
    result = cli("fix", "--unsafe-fixes", "nb.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "with Batch(backend=backend) as session:" in "".join(json.loads(nb.read_text())["cells"][1]["source"])
    reviews = [line for line in result.stderr.splitlines() if "fixed unsafely" in line]
    assert len(reviews) == 1 and reviews[0].startswith("nb.ipynb:cell_2:2:6: QM004 ")


# --- the dashboard magics of qiskit.tools.jupyter ------------------------------------------------

DASHBOARD_CELLS = [
    "import qiskit.tools.jupyter\n%qiskit_version_table",
    "from qiskit_ibm_runtime import QiskitRuntimeService\nservice = QiskitRuntimeService(channel='ibm_quantum')",
    "%qiskit_job_watcher",
    "%%qiskit_job_status\nnote = '''\n%qiskit_backend_overview\n'''",
]


def test_without_unsafe_fixes_the_import_its_magics_need_stays_and_says_how_to_remove_both(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", DASHBOARD_CELLS)
    result = cli("fix", "nb.ipynb", cwd=tmp_path)
    sources = ["".join(cell["source"]) for cell in json.loads(nb.read_text())["cells"]]
    assert sources[0] == DASHBOARD_CELLS[0] and sources[2:] == DASHBOARD_CELLS[2:]
    assert "ibm_quantum_platform" in sources[1]  # the other fixes are made
    assert result.returncode == 1
    assert result.stdout.startswith("nb.ipynb:cell_1:1:1: QM001 import qiskit.tools.jupyter")
    assert ("an unsafe fix is available with --unsafe-fixes (the notebook's %qiskit_job_status, "
            "%qiskit_job_watcher, %qiskit_version_table magics") in result.stdout


def test_with_unsafe_fixes_the_magics_of_the_removed_import_are_commented_out_for_review(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", DASHBOARD_CELLS)
    result = cli("fix", "--unsafe-fixes", "nb.ipynb", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    sources = ["".join(cell["source"]) for cell in json.loads(nb.read_text())["cells"]]
    note = "  # qiskit.tools.jupyter was removed with Qiskit 1.0"
    assert sources[0] == "# %qiskit_version_table" + note  # the import is gone
    assert sources[2] == "# %qiskit_job_watcher" + note
    # the body of the cell magic runs as plain Python; the magic inside its string is text
    assert sources[3] == "# %%qiskit_job_status" + note + "\nnote = '''\n%qiskit_backend_overview\n'''"
    reviews = [line for line in result.stderr.splitlines() if "fixed unsafely" in line]
    assert len(reviews) == 1 and reviews[0].startswith("nb.ipynb:cell_1:1:1: QM001 ")
    assert "%qiskit_version_table magics (registered by qiskit.tools.jupyter) are commented out" in reviews[0]


def test_check_reports_the_magics_as_part_of_the_import_finding_as_flake8_sees_it(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", DASHBOARD_CELLS)
    assert [(cell, code) for cell, _, _, code in locations(nb)] == [("cell_1", "QM001"), ("cell_2", "QM007")]


def test_magics_without_the_dashboard_import_are_left_alone(tmp_path):
    cells = ["%qiskit_version_table", DASHBOARD_CELLS[1]]
    nb = write_notebook(tmp_path / "nb.ipynb", cells)
    assert cli("fix", "--unsafe-fixes", "nb.ipynb", cwd=tmp_path).returncode == 0
    assert "".join(json.loads(nb.read_text())["cells"][0]["source"]) == "%qiskit_version_table"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=notebook, indent=st.sampled_from([None, 1]), outputs=st.lists(json_value, max_size=3))
def test_the_quick_decoder_reads_every_notebook_as_the_json_path_does(data, indent, outputs):
    """The quick decoder skips outputs; what it returns is what plain json gives, and what it
    does not accept goes to the json path (which explains why a file is no notebook)."""
    from flake8_qiskit_migrate.notebook_cells import _load_fast, _load_json

    if isinstance(data, dict) and isinstance(data.get("cells"), list):
        for entry in data["cells"]:
            if isinstance(entry, dict):
                entry["outputs"] = outputs
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    fast = _load_fast(text.encode("utf-8"))
    if fast is None:
        return
    slow = _load_json(text)
    assert fast == (slow.cells, slow.language, slow.nbformat)


def test_a_notebook_the_quick_decoder_refuses_is_still_read_or_explained(tmp_path):
    from flake8_qiskit_migrate.notebook_cells import _load_fast

    odd = {"cells": [{"cell_type": "markdown", "source": 3}, {"cell_type": "code", "source": [IMPORTS]}],
           "metadata": {"language_info": []}, "nbformat": 4}
    text = json.dumps(odd)
    assert _load_fast(text.encode()) is None  # a markdown source that is not text, a list for language_info
    assert load_notebook(text).sources == [IMPORTS]  # the json path does not need them
    with pytest.raises(NotebookError, match="invalid JSON"):
        load_notebook('{"cells": [], "outputs": [1,,2]}')
