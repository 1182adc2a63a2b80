"""The migrated programs run: every legacy program in examples/ (and tests/fix_programs/) is
copied, fixed with `qiskit-migrate fix`, and executed in a subprocess against the installed
qiskit, qiskit-ibm-runtime and qiskit-aer.

IBM Quantum itself is replaced by the suite's stand-in ``QiskitRuntimeService``
(``tests/standins/today.py``, the one ``test_differential.py`` uses too) whose lookups return a
seeded ``AerSimulator``: the program then runs in local testing mode, exactly as its Sampler
code would on hardware, and prints counts.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

for module in ("qiskit", "qiskit_ibm_runtime", "qiskit_aer"):
    pytest.importorskip(module, reason=f"{module} is needed to run migrated programs")

from flake8_qiskit_migrate.cli import collect, main  # noqa: E402
from flake8_qiskit_migrate.report.reports import Selection  # noqa: E402
from flake8_qiskit_migrate.detect.checker import Options  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PROGRAMS = sorted((REPO / "examples").glob("*.py")) + sorted((REPO / "tests" / "fix_programs").glob("*.py"))
#: What a fixed program may still report. QM008 (a retired simulator name) has no fix by
#: design; other codes only where the program documents why its fix is refused.
ALWAYS_UNFIXABLE = {"QM008"}
DOCUMENTED_LEFT = {
    # backend.run(..., dynamic=True): no Sampler equivalent, left for a person (see its docstring)
    "provider_dynamic_circuit.py": {"QM002"},
}
#: What a program prints when it ran its circuits: counts, probabilities keyed by bitstring or
#: integer outcome (the V1 Sampler's quasi-distributions, migrated), or an expectation value.
MEASURED = re.compile(r"\{'[01]+': \d+|\{'[01]+': 0?\.\d+|\{\d+: 0?\.\d+|<[IXYZ]+>( - <[IXYZ]+>)? = -?\d+\.\d+")

STAND_IN_RUNNER = '''\
"""Run programs with QiskitRuntimeService replaced by a local stand-in; write outcomes as JSON.

One process runs them all (importing qiskit-ibm-runtime costs seconds); each program gets
fresh globals, its own captured stdout and its own record of warnings.
"""
import contextlib
import io
import json
import runpy
import sys
import traceback
import warnings

# the one stand-in service of the suite (tests/standins/today.py), with the parts of Qiskit < 1.0
# that are no IBM API (the reference V1 primitives, Aer from qiskit): as in test_differential.py
sys.path.insert(0, sys.argv.pop(1))
from standins import today

today.install()
results_path, programs = sys.argv[1], sys.argv[2:]
outcomes = {}
for program in programs:
    stdout = io.StringIO()
    error = None
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(stdout):
        warnings.simplefilter("always")
        sys.argv = [program]
        try:
            runpy.run_path(program, run_name="__main__")
        except SystemExit as exc:
            if exc.code not in (None, 0):
                error = f"SystemExit({exc.code!r})"
        except BaseException:
            error = traceback.format_exc()
    outcomes[program] = {
        "stdout": stdout.getvalue(),
        "error": error,
        "deprecations": [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)],
    }
with open(results_path, "w") as handle:
    json.dump(outcomes, handle)
'''


def test_there_are_programs_to_run():
    assert len(PROGRAMS) >= 3


@pytest.fixture(scope="module")
def fixed_dir(tmp_path_factory) -> Path:
    """Every legacy program, copied and fixed with `qiskit-migrate fix`."""
    directory = tmp_path_factory.mktemp("migrated")
    for legacy in PROGRAMS:
        shutil.copyfile(legacy, directory / legacy.name)
    # unsafe fixes too: the V1 Sampler's migration, for one, is unsafe (its quasi-probabilities
    # were mitigated); they must run all the same
    main(["fix", "--unsafe-fixes", *(str(directory / p.name) for p in PROGRAMS)])
    return directory


@pytest.fixture(scope="module")
def run_outcomes(fixed_dir, tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("runner")
    runner = work / "run_with_stand_in_service.py"
    runner.write_text(STAND_IN_RUNNER)
    results = work / "outcomes.json"
    programs = [str(fixed_dir / p.name) for p in PROGRAMS]
    completed = subprocess.run([sys.executable, str(runner), str(REPO / "tests"), str(results), *programs],
                               capture_output=True, text=True, timeout=600, cwd=str(work))
    assert completed.returncode == 0, completed.stderr[-3000:]
    return {Path(k).name: v for k, v in json.loads(results.read_text()).items()}


@pytest.mark.parametrize("legacy", PROGRAMS, ids=[f"{p.parent.name}/{p.name}" for p in PROGRAMS])
def test_fixed_program_reports_only_documented_leftovers(legacy, fixed_dir):
    reports, errors = collect([str(fixed_dir / legacy.name)], Options(), Selection())
    assert errors == []
    left = {r.finding.code for r in reports}
    allowed = ALWAYS_UNFIXABLE | DOCUMENTED_LEFT.get(legacy.name, set())
    assert left <= allowed, [f"{r.location}: {r.finding.message}" for r in reports]


@pytest.mark.parametrize("legacy", PROGRAMS, ids=[f"{p.parent.name}/{p.name}" for p in PROGRAMS])
def test_fixed_program_runs_and_prints_what_it_measured(legacy, fixed_dir, run_outcomes):
    if legacy.name in DOCUMENTED_LEFT:
        pytest.skip(f"the fix leaves {sorted(DOCUMENTED_LEFT[legacy.name])}, which fails on today's runtime, as documented")
    outcome = run_outcomes[legacy.name]
    assert outcome["error"] is None, outcome["error"]
    assert MEASURED.search(outcome["stdout"]), outcome["stdout"]
    fixed = (fixed_dir / legacy.name).read_text()
    if "executor_sampler" in fixed and "SamplerV2" not in fixed:
        # the fix's Sampler is the forward-compatible one: it warns of no deprecation
        assert not [m for m in outcome["deprecations"] if "SamplerV2" in m]
