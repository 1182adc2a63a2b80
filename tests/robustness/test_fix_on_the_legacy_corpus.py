"""``qiskit-migrate fix`` on real legacy code: the pinned PyPI releases of benchmarks/corpus.py.

On copies of the files (the cache is never modified):
- every fixed file still parses;
- a second ``fix`` changes nothing;
- each pass changes only lines the checker flagged, plus the dependent edits the fix declares
  (imports it adds, the result access of a job it migrated).

The corpus is downloaded by ``python benchmarks/corpus.py`` (or by this test under
QM_ROBUSTNESS_FULL=1, which also fixes every file with findings). Without it the test is
skipped: tests do not reach the network on their own. With a corpus but without the env var,
an evenly spread sample of the files most likely to hold findings is fixed.
"""

from __future__ import annotations

import ast
import difflib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pytest

from flake8_qiskit_migrate.fix.source import SITE, Source, apply_edits
from flake8_qiskit_migrate.fix.engine import fix_text
from flake8_qiskit_migrate.sources import UnreadableSource, read_source

from robustness_support import FULL, bounded, load_benchmark_corpus, spread_sample

# Cheap text test for a file worth fixing; the checker decides what is really flagged.
LEGACY_HINTS = ("qiskit_ibm_provider", "IBMQ", "providers.ibmq", "qiskit_ibm_runtime", "ibm_quantum")


def legacy_corpus() -> Tuple[Path, List[Path]]:
    """The directory of extracted releases and its .py files (skips the test if absent)."""
    corpus = load_benchmark_corpus()
    if FULL:
        corpus.ensure_corpus(log=lambda message: None)
    files = corpus.legacy_files()
    if not files:
        pytest.skip(f"no legacy corpus in {corpus.cache_root()}: run `python benchmarks/corpus.py` "
                    "or QM_ROBUSTNESS_FULL=1 to download it")
    return corpus.cache_root() / "src", files


def parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def changed_lines(old: str, new: str) -> Set[int]:
    """1-based lines of ``old`` that ``new`` replaces or deletes."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    changed: Set[int] = set()
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            changed.update(range(i1 + 1, i2 + 1))
    return changed


def run_fix(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "fix", *args],
                          capture_output=True, text=True)


def test_fixing_real_legacy_releases_is_safe(tmp_path):
    root, files = legacy_corpus()
    candidates = []
    for path in files:
        try:
            text, _ = read_source(path)
        except UnreadableSource:
            continue
        if any(hint in text for hint in LEGACY_HINTS) and parses(text):
            candidates.append((path, text))
    chosen = spread_sample(candidates, bounded(len(candidates), 60))

    originals: Dict[Path, str] = {}
    for path, text in chosen:
        copy = tmp_path / path.relative_to(root)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
        originals[copy] = text

    first = run_fix(str(tmp_path))
    assert first.returncode in (0, 1), first.stderr[-3000:]
    assert "QM000" not in first.stdout + first.stderr, first.stderr[-3000:]

    problems: List[str] = []
    fixed = 0
    for copy, original in originals.items():
        new, _ = read_source(copy)
        if new == original:
            continue
        fixed += 1
        if not parses(new):
            problems.append(f"{copy}: does not parse after the fix")
            continue
        # Replay the fix pass by pass: each pass may change only its findings' lines and the
        # lines of the dependent edits it declares.
        outcome = fix_text(original)
        if outcome.text != new:
            problems.append(f"{copy}: the command wrote something other than fix_text")
        text = original
        for plan in outcome.plans:
            source = Source(text)
            allowed: Set[int] = set()
            for finding in plan.findings:
                allowed.update(range(finding.line, max(finding.end_line, finding.line) + 1))
            for edit in plan.edits:
                if edit.role != SITE:
                    first_line = source.line_of(edit.start)
                    allowed.update(range(first_line, source.line_of(max(edit.start, edit.end - 1)) + 1))
            after = apply_edits(text, plan.edits)
            stray = changed_lines(text, after) - allowed
            if stray:
                problems.append(f"{copy}: a pass changed unflagged lines {sorted(stray)[:10]}")
            text = after

    second = run_fix("--diff", str(tmp_path))
    assert "\n@@ " not in "\n" + second.stdout, "a second fix still changes:\n" + second.stdout[:3000]
    print(f"\nfixed {fixed} of {len(originals)} sampled legacy files ({len(candidates)} candidates)")
    assert fixed > 0, "nothing was fixed: the sample holds no fixable code?"
    assert not problems, "\n".join(problems[:30])
