"""The contract between the checker and the ast-grep rules: the checker decides WHERE, the
rules decide HOW. A rule's rewrite is applied only inside a site the checker flagged with
the rule's code; elsewhere it is ignored, and without rules the fixer's own rewrite is used."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_qiskit_migrate.fix import engine as fixer
from flake8_qiskit_migrate.fix.astgrep import RuleRewrite, rule_rewrites
from flake8_qiskit_migrate.resources import bundled_config

LEGACY = ("from qiskit_ibm_runtime import SamplerV2\n"
          "a = SamplerV2(session=s)\n"
          "b = SamplerV2(session=s)  # noqa: QM006\n")


def _offset(text: str, line: int, needle: str) -> int:
    lines = text.splitlines(keepends=True)
    return sum(len(x) for x in lines[: line - 1]) + lines[line - 1].index(needle)


def test_a_rule_rewrite_is_used_on_a_flagged_site_and_ignored_elsewhere(monkeypatch):
    flagged, suppressed = _offset(LEGACY, 2, "session"), _offset(LEGACY, 3, "session")
    fake = [RuleRewrite("QM006-removed-primitive-arguments", flagged, flagged + 7, "mode"),
            RuleRewrite("QM006-removed-primitive-arguments", suppressed, suppressed + 7, "mode"),
            RuleRewrite("QM004-open-plan-session", flagged, flagged + 7, "WRONG_CODE")]
    monkeypatch.setattr(fixer, "rule_rewrites", lambda text, codes=None: fake if text == LEGACY else [])
    fixed = fixer.fix_text(LEGACY).text
    assert fixed.splitlines()[1] == "a = SamplerV2(mode=s)"
    assert fixed.splitlines()[2] == "b = SamplerV2(session=s)  # noqa: QM006"


def test_the_rules_decide_how_when_they_cover_the_site(monkeypatch):
    start = _offset(LEGACY, 2, "session")
    monkeypatch.setattr(fixer, "rule_rewrites",
                        lambda text, codes=None: [RuleRewrite("QM006-x", start, start + 7, "mode")]
                        if text == LEGACY else [])
    planned = fixer.plan_fixes(LEGACY)
    assert [(e.start, e.end, e.text) for e in planned.edits] == [(start, start + 7, "mode")]


def test_without_rules_the_fixer_rewrites_the_same_site_itself(monkeypatch):
    monkeypatch.setattr(fixer, "rule_rewrites", lambda text, codes=None: [])
    assert fixer.fix_text(LEGACY).text.splitlines()[1] == "a = SamplerV2(mode=s)"


def test_the_bundled_rules_offer_rewrites_with_character_offsets():
    text = "from qiskit_ibm_runtime import QiskitRuntimeService\n# é\nQiskitRuntimeService(channel='ibm_quantum')\n"
    rewrites = [r for r in rule_rewrites(text) if r.rule_id.startswith("QM007")]
    if not rewrites:
        pytest.skip("ast-grep or the bundled QM007 rule is not available")
    assert [text[r.start:r.end] for r in rewrites] == ["'ibm_quantum'"]
    assert rewrites[0].replacement == "'ibm_quantum_platform'"


CORPUS = sorted(Path(__file__).resolve().parent.parent.glob("examples/*.py")) + sorted(
    Path(__file__).resolve().parent.glob("fix_programs/*.py")) + sorted(Path(__file__).resolve().parent.glob(
        "eval_files/*.py"))


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_the_rules_and_the_fixers_own_rewrites_agree(path, unsafe):
    """Whether the rules load or not, a user gets the same fix."""
    text = path.read_text(encoding="utf-8")
    assert fixer.fix_text(text, unsafe_fixes=unsafe).text == \
        fixer.fix_text(text, use_rules=False, unsafe_fixes=unsafe).text


def _executable():
    candidate = Path(sys.executable).with_name("ast-grep")
    return str(candidate) if candidate.is_file() else shutil.which("ast-grep")


def _cli_rewrites(text: str, tmp_path: Path):
    """What ``ast-grep scan`` (the command line tool, the rules' reference) rewrites."""
    target = tmp_path / "scanned.py"
    target.write_bytes(text.encode("utf-8"))
    config = bundled_config()
    completed = subprocess.run([_executable(), "scan", "-c", str(config), "--json=compact", str(target)],
                               capture_output=True, cwd=str(config.parent), timeout=120)
    data = text.encode("utf-8")
    found = set()
    for match in json.loads(completed.stdout or b"[]"):
        offsets = match.get("replacementOffsets")
        if "replacement" in match and offsets and match["ruleId"].startswith(fixer.RULE_CODES):
            start = len(data[:offsets["start"]].decode("utf-8", "ignore"))
            end = len(data[:offsets["end"]].decode("utf-8", "ignore"))
            found.add((match["ruleId"], start, end, match["replacement"]))
    return found


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_the_in_process_scan_rewrites_what_the_ast_grep_command_rewrites(path, tmp_path):
    """The fixer runs the rules in process (ast-grep-py, no process per file); its matches and
    filled-in fix templates are the command line tool's, offset for offset."""
    if _executable() is None:
        pytest.skip("the ast-grep executable is not installed")
    text = path.read_text(encoding="utf-8")
    assert set(rule_rewrites(text, fixer.RULE_CODES)) == _cli_rewrites(text, tmp_path)
