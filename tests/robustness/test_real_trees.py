"""The checker on large real trees it was not written for: no exception, no QM000.

Each file gets a provider-era import appended (``import qiskit_ibm_provider``), so the whole
machinery runs on it (model of names, provenance, the provider-era name heuristic) instead of
the cheap "no 'ibm' here" exit; the QM001 on that last line proves the checker really ran.
CI checks an evenly spread sample of each tree; QM_ROBUSTNESS_FULL=1 checks every file.
"""

from __future__ import annotations

import ast
import sysconfig
import warnings
from pathlib import Path
from typing import List, NamedTuple

import pytest

from flake8_qiskit_migrate.detect.checker import check_tree
from flake8_qiskit_migrate.sources import UnreadableSource, read_source

from robustness_support import bounded, spread_sample

PROVIDER_IMPORT = "import qiskit_ibm_provider\n"


class Tally(NamedTuple):
    checked: int
    unparsable: int
    undecodable: int
    failures: List[str]

    def summary(self, name: str) -> str:
        return (f"{name}: {self.checked} files checked, {self.unparsable} unparsable and "
                f"{self.undecodable} undecodable skipped, {len(self.failures)} failures")


def python_files(root: Path, *, exclude: tuple = ()) -> List[Path]:
    return sorted(p for p in root.rglob("*.py") if not any(part in exclude for part in p.parts))


def check_every_file(paths: List[Path]) -> Tally:
    checked = unparsable = undecodable = 0
    failures: List[str] = []
    for path in paths:
        try:
            text, _ = read_source(path)
        except (UnreadableSource, OSError):
            undecodable += 1
            continue
        if not text.endswith("\n"):
            text += "\n"
        text += PROVIDER_IMPORT
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escapes in old code: not our concern
                tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            unparsable += 1  # Python 2 sources, deliberately broken test data
            continue
        last_line = text.count("\n")
        try:
            findings = check_tree(tree, text)
        except Exception as exc:  # the contract: check_tree never raises
            failures.append(f"{path}: raised {type(exc).__name__}: {exc}")
            continue
        checked += 1
        codes = {f.code for f in findings}
        if "QM000" in codes:
            failures.append(f"{path}: {next(f.message for f in findings if f.code == 'QM000')}")
        elif not any(f.code == "QM001" and f.line == last_line for f in findings):
            failures.append(f"{path}: the appended provider import was not reported; did the checker run?")
    return Tally(checked, unparsable, undecodable, failures)


def _report(name: str, tally: Tally) -> None:
    print("\n" + tally.summary(name))  # visible with `pytest -s`
    assert tally.checked > 0, tally.summary(name)
    assert not tally.failures, tally.summary(name) + "\n" + "\n".join(tally.failures[:20])


def test_the_standard_library():
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = python_files(stdlib, exclude=("site-packages", "dist-packages"))
    _report("standard library", check_every_file(spread_sample(files, bounded(len(files), 250))))


def test_the_test_environments_site_packages():
    purelib = Path(sysconfig.get_paths()["purelib"])
    files = python_files(purelib)
    if not files:
        pytest.skip(f"no installed packages under {purelib}")
    # Qiskit and qiskit-ibm-runtime are installed for the tests: real, modern IBM code.
    ibm_files = [p for p in files if "qiskit_ibm_runtime" in p.parts]
    sample = spread_sample(files, bounded(len(files), 250)) + spread_sample(ibm_files, bounded(len(ibm_files), 60))
    _report("site-packages", check_every_file(sorted(set(sample))))
