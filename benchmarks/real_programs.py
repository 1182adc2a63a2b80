"""Real legacy Qiskit programs from public repositories: check, fix, run, and score the checker.

    python benchmarks/real_programs.py [--mirrors DIR] [--only SUBSTRING] [--no-run] [--json OUT]

The programs are listed, pinned by commit, in ``benchmarks/real_programs.json``; nothing of
them is committed. They are read from bare git mirrors (``DIR/<owner>+<name>/repo``, as the
project's ``fetch`` tool leaves them; ``$QM_MIRRORS``, default ``/work/.mirror``) into
``~/.cache/flake8-qiskit-migrate/real`` (``$QM_CORPUS_CACHE/real``). For each program:

1. ``qiskit-migrate check --format json`` on the original: findings per code, scored against
   the hand labels of ``benchmarks/real_labels.json`` (precision and recall per code);
2. ``qiskit-migrate fix --unsafe-fixes`` on a copy, then ``check`` of the fixed copy. A finding
   is fixed when its code has fewer findings after the fix; fixable findings are all but QM008
   (a retired simulator name is never rewritten, by design) and QM000;
3. the ORIGINAL runs against the legacy stand-in (``tests/standins``: IBMQ, the provider, runtime
   0.2x, one seeded simulator): a program whose original runs there can run offline; the FIXED
   copy then runs against today's qiskit-ibm-runtime with a stand-in ``QiskitRuntimeService``
   (local testing mode on the same simulator). Each run is a subprocess with a timeout.

Printed: fix rate and run rate per era, every failed run with its error line, every finding
left by the fix with its reason, and precision / recall per code with each false alarm and miss.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MANIFEST = HERE / "real_programs.json"
LABELS = HERE / "real_labels.json"
RUNNER = REPO / "tests" / "standins" / "runner.py"
CLI = [sys.executable, "-m", "flake8_qiskit_migrate.cli"]
NEVER_FIXED = {"QM008", "QM000"}
REMAINING = re.compile(r"^(?P<where>\S+?):(?:(?P<cell>cell_\d+):)?(?P<line>\d+):\d+: (?P<code>QM\d{3}) "
                       r"(?P<message>.*?)(?: \[not fixed: (?P<reason>.*)\])?$")


def cache_root() -> Path:
    base = os.environ.get("QM_CORPUS_CACHE")
    return (Path(base) if base else Path.home() / ".cache" / "flake8-qiskit-migrate") / "real"


def mirror_dir(mirrors: Path, repo: str) -> Path | None:
    owner, name = repo.split("/")
    for candidate in (mirrors / f"{owner}+{name}" / "repo", mirrors / f"{owner}+{name}",
                      mirrors / owner / f"{name}.git"):
        if candidate.is_dir():
            return candidate
    return None


def program_id(entry: dict) -> str:
    return f"{entry['repo']}:{entry['path']}"


def slug(entry: dict) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{entry['repo']}__{entry['path']}")


@dataclass
class Outcome:
    id: str
    era: str
    kind: str
    findings: list = field(default_factory=list)  # [cell, line, code] of the original
    after: list = field(default_factory=list)  # codes found in the fixed copy
    left: list = field(default_factory=list)  # what `fix` says it left, with its reason
    legacy_error: str | None = None
    fixed_error: str | None = None
    ran_legacy: bool | None = None
    ran_fixed: bool | None = None
    note: str = ""

    @property
    def fixable(self) -> int:
        return sum(1 for _, _, code in self.findings if code not in NEVER_FIXED)

    @property
    def fixed(self) -> int:
        before = Counter(code for _, _, code in self.findings if code not in NEVER_FIXED)
        after = Counter(code for code in self.after if code not in NEVER_FIXED)
        return sum(max(0, n - after[code]) for code, n in before.items())


def materialise(entry: dict, mirrors: Path, root: Path) -> tuple[Path, Path] | str:
    git_dir = mirror_dir(mirrors, entry["repo"])
    if git_dir is None:
        return f"no mirror of {entry['repo']} under {mirrors}"
    shown = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"{entry['commit']}:{entry['path']}"],
                           capture_output=True)
    if shown.returncode != 0:
        return shown.stderr.decode(errors="replace").strip()
    name = Path(entry["path"]).name
    base = root / slug(entry)
    paths = []
    for part in ("original", "fixed"):
        target = base / part / name
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in target.parent.iterdir():
            stale.unlink()
        target.write_bytes(shown.stdout)
        paths.append(target)
    return paths[0], paths[1]


def findings_of(path: Path) -> list[list]:
    done = subprocess.run([*CLI, "check", "--format", "json", "--exit-zero", "--no-summary", str(path)],
                          capture_output=True, text=True, cwd=path.parent)
    try:
        rows = json.loads(done.stdout or "[]")
    except json.JSONDecodeError:
        raise RuntimeError(f"check {path}: {done.stderr.strip() or done.stdout[:200]}")
    return [[row.get("cell") or "", row["line"], row["code"]] for row in rows if row["code"].startswith("QM")]


def cli_applies_unsafe_fixes() -> bool:
    """Whether ``qiskit-migrate fix --unsafe-fixes`` hands the flag to the fixer (it is wired
    in stages); if not, ``--fix-one`` calls the fixer with ``unsafe_fixes=True`` itself."""
    import inspect

    from flake8_qiskit_migrate.fix import engine

    return "unsafe_fixes" in inspect.signature(engine.run_fix).parameters


def fix_one(path: Path) -> int:
    """Fix one file in place with safe and unsafe fixes through the fixer's own API; print what
    remains the way ``fix`` does (notebooks: located in the cells' module)."""
    from flake8_qiskit_migrate.fix.engine import fix_text

    text = path.read_text(encoding="utf-8")
    outcomes = []

    def fix_source(source: str) -> str:
        outcomes.append(fix_text(source, unsafe_fixes=True))
        return outcomes[-1].text

    if path.suffix == ".ipynb":
        from flake8_qiskit_migrate.notebooks import fix_notebook_text

        new_text = fix_notebook_text(text, fix_source).new_text
    else:
        new_text = fix_source(text)
    if new_text != text:
        path.write_text(new_text, encoding="utf-8")
    for outcome in outcomes:
        for finding in outcome.explained():
            print(f"{path.name}:{finding.line}:{finding.col + 1}: {finding.message}")
    return 1 if any(o.remaining for o in outcomes) else 0


def fix(path: Path) -> list[dict]:
    command = ([*CLI, "fix", "--unsafe-fixes"] if cli_applies_unsafe_fixes()
               else [sys.executable, str(Path(__file__).resolve()), "--fix-one"])
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, cwd=path.parent)
    left = []
    for line in done.stdout.splitlines():
        match = REMAINING.match(line.strip())
        if match:
            left.append({"cell": match["cell"] or "", "line": int(match["line"]), "code": match["code"],
                         "message": match["message"], "reason": match["reason"] or "(no reason given)"})
    if done.returncode not in (0, 1):
        left.append({"cell": "", "line": 0, "code": "fix", "message": "",
                     "reason": f"fix exited {done.returncode}: {(done.stderr.strip().splitlines() or [''])[-1][:300]}"})
    return left


def materialise_support(manifest: dict, mirrors: Path, root: Path) -> dict[str, list[str]]:
    """Helper packages a repository's programs import (the textbook's ``qiskit_textbook``), as
    directories for PYTHONPATH, by repository."""
    paths: dict[str, list[str]] = defaultdict(list)
    for item in manifest.get("support", []):
        git_dir = mirror_dir(mirrors, item["repo"])
        if git_dir is None:
            continue
        target = root / "_support" / slug(item)
        if not target.is_dir():
            target.mkdir(parents=True)
            archive = subprocess.run(["git", f"--git-dir={git_dir}", "archive", item["commit"], item["path"]],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        paths[item["repo"]].append(str(target / item["path"]))
    return paths


def run(mode: str, program: Path, timeout: float, python_path: list[str] = ()) -> str | None:
    """None when the program ran to its end; else its error line."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "ignore"}
    if python_path:
        env["PYTHONPATH"] = os.pathsep.join([*python_path, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    try:
        done = subprocess.run([sys.executable, str(RUNNER), "--mode", mode, str(out), str(program)],
                              capture_output=True, text=True, timeout=timeout, cwd=program.parent, env=env,
                              stdin=subprocess.DEVNULL)
        if done.returncode != 0 or not out.stat().st_size:
            return (done.stderr.strip().splitlines() or ["runner failed"])[-1]
        return json.loads(out.read_text())["error_line"]
    except subprocess.TimeoutExpired:
        return f"timeout after {timeout:.0f} s"
    finally:
        out.unlink(missing_ok=True)


def measure(entry: dict, mirrors: Path, root: Path, run_programs: bool, timeout: float,
            support: dict[str, list[str]]) -> Outcome:
    outcome = Outcome(program_id(entry), entry["era"], entry["kind"])
    paths = materialise(entry, mirrors, root)
    if isinstance(paths, str):
        outcome.note = paths
        return outcome
    original, fixed = paths
    outcome.findings = findings_of(original)
    outcome.left = fix(fixed)
    outcome.after = [code for _, _, code in findings_of(fixed)]
    if run_programs:
        python_path = support.get(entry["repo"], [])
        outcome.legacy_error = run("legacy", original, timeout, python_path)
        outcome.ran_legacy = outcome.legacy_error is None
        if outcome.ran_legacy:
            outcome.fixed_error = run("today", fixed, timeout, python_path)
            outcome.ran_fixed = outcome.fixed_error is None
    return outcome


# --------------------------------------------------------------------------- scoring


def load_labels() -> dict[str, dict]:
    if not LABELS.exists():
        return {}
    return {program["id"]: program for program in json.loads(LABELS.read_text())["programs"]}


def precision_recall(outcomes: list[Outcome], labels: dict[str, dict]):
    """Per code: true positives, false alarms and misses over the labelled programs."""
    scores: dict[str, dict[str, list]] = defaultdict(lambda: {"tp": [], "fp": [], "fn": []})
    for outcome in outcomes:
        label = labels.get(outcome.id)
        if label is None or outcome.note:
            continue
        expected = {(cell, line, code) for cell, line, code in label["expected"]}
        found = {tuple(f) for f in outcome.findings}
        for key in found & expected:
            scores[key[2]]["tp"].append((outcome.id, key))
        for key in found - expected:
            scores[key[2]]["fp"].append((outcome.id, key))
        for key in expected - found:
            scores[key[2]]["fn"].append((outcome.id, key))
    return dict(sorted(scores.items()))


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.0%}" if whole else "-"


def report(outcomes: list[Outcome], labels: dict[str, dict]) -> dict:
    eras = ("ibmq", "provider", "runtime", "control")
    print(f"{'era':<10}{'programs':>9}{'findings':>10}{'fixed / fixable':>22}{'ran legacy':>12}"
          f"{'fixed ran / runnable':>26}")
    totals = Counter()
    summary = {}
    for era in (*eras, "all"):
        group = [o for o in outcomes if (era == "all" or o.era == era) and not o.note]
        if not group:
            continue
        findings = sum(len(o.findings) for o in group)
        fixable = sum(o.fixable for o in group)
        fixed = sum(o.fixed for o in group)
        runnable = sum(1 for o in group if o.ran_legacy)
        ran = sum(1 for o in group if o.ran_fixed)
        summary[era] = {"programs": len(group), "findings": findings, "fixable": fixable, "fixed": fixed,
                        "runnable": runnable, "fixed_ran": ran}
        print(f"{era:<10}{len(group):>9}{findings:>10}{_ratio(fixed, fixable):>22}{runnable:>12}"
              f"{_ratio(ran, runnable):>26}")
        if era != "all":
            totals.update(summary[era])
    skipped = [o for o in outcomes if o.note]
    for o in skipped:
        print(f"  skipped {o.id}: {o.note}")

    print("\nFixed programs that did not run (the original ran against the legacy stand-in):")
    for o in outcomes:
        if o.ran_legacy and not o.ran_fixed:
            print(f"  {o.id} [{o.era}]\n      {o.fixed_error}")
    print("\nOriginals that cannot run offline (not counted in the run rate):")
    for o in outcomes:
        if o.ran_legacy is False:
            print(f"  {o.id}: {o.legacy_error}")
    print("\nFindings the fix left, with its reason:")
    for o in outcomes:
        for item in o.left:
            where = f"{item['cell']}:{item['line']}" if item["cell"] else str(item["line"])
            print(f"  {o.id}:{where} {item['code']} [{item['reason']}]")

    scores = precision_recall(outcomes, labels)
    labelled = sum(1 for o in outcomes if o.id in labels and not o.note)
    print(f"\nPrecision and recall per code on {labelled} hand-labelled programs:")
    print(f"{'code':<8}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>9}")
    pr = {}
    for code, s in scores.items():
        tp, fp, fn = len(s["tp"]), len(s["fp"]), len(s["fn"])
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / (tp + fn) if tp + fn else None
        pr[code] = {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall}
        print(f"{code:<8}{tp:>5}{fp:>5}{fn:>5}{precision if precision is None else f'{precision:.2f}':>11}"
              f"{recall if recall is None else f'{recall:.2f}':>9}")
    for kind, title in (("fp", "false alarms"), ("fn", "misses")):
        rows = [(pid, key) for s in scores.values() for pid, key in s[kind]]
        print(f"  {title}: {len(rows)}")
        for pid, (cell, line, code) in sorted(rows):
            print(f"    {code} {pid}:{cell + ':' if cell else ''}{line}")
    beyond = [(o.id, item) for o in outcomes for item in labels.get(o.id, {}).get("beyond_spec", [])]
    found = {(o.id, tuple(f)) for o in outcomes for f in o.findings}
    print(f"  sites a reader expects flagged that SPEC.md does not cover: {len(beyond)}")
    for pid, (cell, line, code, why) in beyond:
        state = "reported" if (pid, (cell, line, code)) in found else "not reported"
        print(f"    {code} {pid}:{cell + ':' if cell else ''}{line} ({state}): {why}")
    return {"eras": summary, "precision_recall": pr}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--mirrors", type=Path, default=Path(os.environ.get("QM_MIRRORS", "/work/.mirror")))
    parser.add_argument("--only", help="only programs whose repo:path contains this")
    parser.add_argument("--no-run", action="store_true", help="check and fix only")
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds per program run")
    parser.add_argument("--jobs", type=int, default=2, help="programs measured at once")
    parser.add_argument("--json", type=Path, help="also write every outcome to this file")
    parser.add_argument("--fix-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fix_one:
        return fix_one(args.fix_one)

    manifest = json.loads(MANIFEST.read_text())
    entries = manifest["programs"]
    if args.only:
        entries = [e for e in entries if args.only in program_id(e)]
    root = cache_root()
    print(f"{len(entries)} programs from {len({e['repo'] for e in entries})} repositories; "
          f"mirrors {args.mirrors}, work in {root}")
    how = ("`qiskit-migrate fix --unsafe-fixes`" if cli_applies_unsafe_fixes()
           else "fix_text(..., unsafe_fixes=True) (the CLI does not pass --unsafe-fixes on yet)")
    print(f"fixing with {how}\n")
    support = materialise_support(manifest, args.mirrors, root)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(lambda e: measure(e, args.mirrors, root, not args.no_run, args.timeout, support),
                                 entries))
    summary = report(outcomes, load_labels())
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "outcomes": [asdict(o) for o in outcomes]}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
