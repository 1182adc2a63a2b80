"""Differential proof that a migration keeps what the program computes.

For every legacy program of the project (``examples/`` and ``tests/fix_programs/``):

- the ORIGINAL runs against a stand-in of the retired provider stack (``tests/standins/legacy.py``:
  ``IBMQ``, ``qiskit_ibm_provider``, ``execute``, runtime 0.2x ``backend.run`` and V1 primitives),
  whose every device is one ``AerSimulator`` seeded with ``standins.SEED`` and keeps the legacy
  ``backend.run`` default of 4000 shots;
- the copy fixed with safe and unsafe fixes (``fix.engine.fix_text(..., unsafe_fixes=True)``,
  what ``qiskit-migrate fix --unsafe-fixes`` applies) runs against today's
  qiskit-ibm-runtime, whose ``QiskitRuntimeService`` is replaced by a stand-in answering with an
  ``AerSimulator`` seeded the same way (local testing mode; ``run()`` from user code fails as on
  runtime >= 0.35).

Each run is its own subprocess with a timeout. The runner records every counts dict the program
obtained (legacy ``Result.get_counts``, V2 ``BitArray.get_counts``), in order. The two runs must
give the same number of counts, and each pair must agree:

- the same number of shots (a migration keeps the legacy default where it is known);
- the same outcomes, counting those seen in at least 2% of the shots of either run (rarer ones
  may show up in one run only by chance);
- total variation distance at most ``0.1 * max(1, sqrt(1000 / shots))``: 0.1 with 1000 shots or
  more. With the same seed and the same circuits the counts are usually identical; the
  tolerance covers a transpiler that lays the circuit out differently, or a fake device's
  unseeded noise.

A program that obtains no counts (an Estimator program) is compared on the numbers with a
decimal point that it prints, in order, each within 0.1 (the legacy stand-in's V1 Estimator
is exact; the migrated one samples).

A program whose fix leaves findings other than QM008 (a retired simulator name, never rewritten)
cannot run migrated; ``test_migrated_examples_run.py`` asserts that each of those is documented,
and it is skipped here with what the fix left.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

for module in ("qiskit", "qiskit_ibm_runtime", "qiskit_aer"):
    pytest.importorskip(module, reason=f"{module} is needed to run legacy and migrated programs")

from flake8_qiskit_migrate.fix.engine import fix_text  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
RUNNER = REPO / "tests" / "standins" / "runner.py"
PROGRAMS = sorted((REPO / "examples").glob("*.py")) + sorted((REPO / "tests" / "fix_programs").glob("*.py"))
TIMEOUT = 300
MIN_SHARE = 0.02
VALUE_TOLERANCE = 0.1
NUMBER = re.compile(r"-?\d+\.\d+(?:[eE][-+]?\d+)?")


#: Differences found by this test and reported to the fixer's owners; strict, so each entry must
#: go when the fix is corrected.
KNOWN_DIFFERENCES: dict = {
    # (none: the fix now writes backend.run()'s legacy default of 4000 shots)
}


def _run(mode: str, program: Path) -> dict:
    out = program.with_suffix(f".{mode}.json")
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "ignore"}
    try:
        done = subprocess.run([sys.executable, str(RUNNER), "--mode", mode, str(out), str(program)],
                              capture_output=True, text=True, timeout=TIMEOUT, cwd=program.parent, env=env,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {TIMEOUT} s", "counts": []}
    if done.returncode != 0 or not out.exists():
        return {"error": done.stderr[-3000:] or f"runner exited {done.returncode}", "counts": []}
    return json.loads(out.read_text())


def _fix(program: Path) -> list[str]:
    """Fix in place with safe and unsafe fixes; what the fix left, other than QM008."""
    outcome = fix_text(program.read_text(encoding="utf-8"), unsafe_fixes=True)
    program.write_text(outcome.text, encoding="utf-8")
    return [f"{f.line}: {f.message} [not fixed: {outcome.reasons.get(f, '?')}]"
            for f in outcome.remaining if f.code != "QM008"]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, dict]:
    """Per program: the legacy run, the fixed run and what the fix left (two programs at a time)."""
    work = tmp_path_factory.mktemp("differential")

    def measure(legacy: Path) -> tuple[str, dict]:
        original = work / "original" / legacy.name
        fixed = work / "fixed" / legacy.name
        for target in (original, fixed):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(legacy, target)
        left = _fix(fixed)
        return legacy.name, {"legacy": _run("legacy", original),
                             "fixed": None if left else _run("today", fixed), "left": left}

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(measure, PROGRAMS))


def tolerance(shots: int) -> float:
    return 0.1 * max(1.0, math.sqrt(1000 / max(shots, 1)))


def disagreement(legacy: dict[str, int], fixed: dict[str, int]) -> str | None:
    """Why two counts dicts of one measurement disagree, or None."""
    shots, fixed_shots = sum(legacy.values()), sum(fixed.values())
    if shots != fixed_shots:
        return f"{shots} shots legacy, {fixed_shots} migrated"
    frequent = {k for counts in (legacy, fixed) for k, n in counts.items() if n >= MIN_SHARE * shots}
    if frequent - set(legacy) or frequent - set(fixed):
        return f"outcomes differ: legacy {sorted(legacy)}, migrated {sorted(fixed)}"
    distance = sum(abs(legacy.get(k, 0) - fixed.get(k, 0)) for k in set(legacy) | set(fixed)) / (2 * shots)
    if distance > tolerance(shots):
        return f"total variation distance {distance:.3f} > {tolerance(shots):.3f}"
    return None


def printed_numbers(stdout: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(stdout)]


# --------------------------------------------------------------------------- the comparison itself


def test_disagreement_accepts_equal_and_close_counts():
    assert disagreement({"00": 500, "11": 500}, {"11": 500, "00": 500}) is None
    assert disagreement({"00": 520, "11": 480}, {"00": 490, "11": 510}) is None  # TVD 0.03
    assert disagreement({"00": 990, "11": 1000, "01": 10}, {"00": 1000, "11": 1000}) is None  # rare outcome


def test_disagreement_rejects_other_shots_outcomes_or_distributions():
    assert "shots" in disagreement({"1": 4000}, {"1": 4096})
    assert "outcomes" in disagreement({"00": 500, "11": 500}, {"00": 500, "10": 500})
    assert "variation" in disagreement({"00": 900, "11": 100}, {"00": 500, "11": 500})


def test_printed_numbers_are_the_decimal_values_in_order():
    assert printed_numbers("<ZZ> = 1.000\njob 42, energy -0.25 and 1e-3\n") == [1.0, -0.25]


def test_there_are_programs_to_compare():
    assert len(PROGRAMS) >= 5


@pytest.mark.parametrize("legacy", [
    pytest.param(p, id=f"{p.parent.name}/{p.name}",
                 marks=[pytest.mark.xfail(reason=KNOWN_DIFFERENCES[p.name], strict=True)]
                 if p.name in KNOWN_DIFFERENCES else [])
    for p in PROGRAMS])
def test_migrated_program_counts_agree_with_legacy(legacy, outcomes):
    outcome = outcomes[legacy.name]
    legacy_error = outcome["legacy"]["error"]
    assert legacy_error is None, f"the ORIGINAL failed on the legacy stand-in:\n{legacy_error}"
    if outcome["left"]:
        pytest.skip("the fix left findings, so the migrated program cannot run: " + "; ".join(outcome["left"]))
    fixed = outcome["fixed"]
    assert fixed["error"] is None, f"the MIGRATED program failed:\n{fixed['error']}"
    before, after = outcome["legacy"]["counts"], fixed["counts"]
    if not before and not after:
        legacy_values, fixed_values = printed_numbers(outcome["legacy"]["stdout"]), printed_numbers(fixed["stdout"])
        assert legacy_values, "the legacy program obtained no counts and printed no values: nothing to compare"
        assert len(fixed_values) == len(legacy_values), (legacy_values, fixed_values)
        assert all(abs(a - b) <= VALUE_TOLERANCE for a, b in zip(legacy_values, fixed_values)), \
            (legacy_values, fixed_values)
        return
    assert len(after) == len(before), f"legacy obtained {len(before)} counts, migrated {len(after)}"
    problems = [f"counts #{i}: {why}" for i, (b, a) in enumerate(zip(before, after)) if (why := disagreement(b, a))]
    assert not problems, problems
