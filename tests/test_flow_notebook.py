"""Notebook cells run in order, as one module: the binding that reaches a call is the last
one before it in cell order (SPEC.md rule 1 and "Notebooks"), checked through `qiskit-migrate check`."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flake8_qiskit_migrate import cli

CONNECT = (
    "from qiskit import IBMQ, Aer, QuantumCircuit, execute\n"
    "qc = QuantumCircuit(1)\n"
    "qc.measure_all()\n"
    "provider = IBMQ.load_account()\n"
    "backend = provider.get_backend('ibmq_lima')\n"
)
SIMULATOR = "backend = Aer.get_backend('qasm_simulator')\n"
RUN = "counts = execute(qc, backend).result().get_counts()\n"
FINDING = re.compile(r":(cell_\d+):(\d+):\d+: (QM\d{3})\b")


def write_notebook(path: Path, cells: list[str]) -> Path:
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}
                  for source in cells],
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def findings(path: Path, capsys) -> list[tuple[str, int, str]]:
    status = cli.main(["check", str(path)])
    output = capsys.readouterr().out
    found = [(cell, int(line), code) for cell, line, code in FINDING.findall(output)]
    assert status == (1 if found else 0), output
    return found


def test_a_simulator_bound_in_an_earlier_cell_reaches_the_execute_call(tmp_path, capsys):
    notebook = write_notebook(tmp_path / "rebound.ipynb", [CONNECT, SIMULATOR, RUN])
    # The provider-era import and account calls are still reported; execute(...) is not.
    assert findings(notebook, capsys) == [("cell_1", 1, "QM001"), ("cell_1", 4, "QM005"), ("cell_1", 5, "QM005")]


def test_an_ibm_backend_bound_after_the_simulator_reaches_the_call(tmp_path, capsys):
    notebook = write_notebook(tmp_path / "reverse.ipynb", [SIMULATOR, CONNECT, RUN])
    assert ("cell_3", 1, "QM002") in findings(notebook, capsys)


def test_a_cell_between_that_rebinds_only_in_a_branch_does_not_clear_the_ibm_backend(tmp_path, capsys):
    branch = "if use_simulator:\n    " + SIMULATOR
    notebook = write_notebook(tmp_path / "branch.ipynb", [CONNECT, branch, RUN])
    assert ("cell_3", 1, "QM002") in findings(notebook, capsys)
