"""Before/after fix cases, one per idiom of real legacy code (in the style of bump-pydantic).

Each ``<case>.before.py`` starts with the command it is fixed with (``# qiskit-migrate fix
[--unsafe-fixes] [--target-runtime X]``); ``<case>.after.py`` is the exact result; the
findings the fix leaves are listed in the after file's last comment line (``# remaining:
QM001`` or ``# remaining: none``), so a case cannot pass by fixing less. A case fixed with
``--unsafe-fixes`` also shows what the safe fix alone leaves (``# safe fix leaves: ...``).

    FIX_CASES_WRITE=1 pytest tests/fix_cases   # rewrite the after files (then review the diff)
"""

from __future__ import annotations

import ast
import os
import shlex
from pathlib import Path

import pytest

from flake8_qiskit_migrate.fix.engine import fix_text

HERE = Path(__file__).resolve().parent
CASES = sorted(p.name[: -len(".before.py")] for p in HERE.glob("*.before.py"))


def _command(before: str) -> dict:
    first = before.splitlines()[0]
    assert first.startswith("# qiskit-migrate fix"), "a case starts with its command"
    words = shlex.split(first[1:])[2:]
    options = {"unsafe_fixes": "--unsafe-fixes" in words}
    if "--target-runtime" in words:
        options["target_runtime"] = words[words.index("--target-runtime") + 1]
    return options


def _codes(outcome) -> str:
    return " ".join(sorted({f.code for f in outcome.remaining})) or "none"


def _expected(before: str) -> str:
    options = _command(before)
    outcome = fix_text(before, **options)
    trailer = f"# remaining: {_codes(outcome)}\n"
    if options["unsafe_fixes"]:
        safe = fix_text(before, **{**options, "unsafe_fixes": False})
        trailer += f"# safe fix leaves: {_codes(safe)}\n"
    return outcome.text + trailer


@pytest.mark.parametrize("case", CASES)
def test_fix_case(case):
    before = (HERE / f"{case}.before.py").read_text(encoding="utf-8")
    after_path = HERE / f"{case}.after.py"
    expected = _expected(before)
    if os.environ.get("FIX_CASES_WRITE"):
        after_path.write_text(expected, encoding="utf-8")
    assert after_path.is_file(), f"write {after_path.name} (FIX_CASES_WRITE=1) and review it"
    assert expected == after_path.read_text(encoding="utf-8")
    fixed = fix_text(before, **_command(before)).text
    ast.parse(fixed)
    assert fix_text(fixed, **_command(before)).text == fixed, "a second fix changes nothing"


def test_there_are_cases():
    assert len(CASES) >= 10
