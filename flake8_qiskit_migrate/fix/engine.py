"""``qiskit-migrate fix``: rewrite the sites the checker flags, completely.

A fix plan is made per file from the checker's findings (WHERE) and the rewrites of the
bundled ast-grep rules or, for what one-node rules cannot express, this package's own
planners (HOW): imports, job results, session blocks. Every edit names the findings it
serves. Plans are applied in passes until nothing fixable is left (a fix can make another
site fixable, e.g. a provider that became a service), then the checker runs once more and
whatever remains is reported like ``check`` does.
"""

from __future__ import annotations

import ast
import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ..detect.checker import DEFAULT_OPTIONS, Options, check_source, parse_module
from ..findings import Finding
from .astgrep import RuleRewrite, rule_rewrites
from .calls import fix_backend_session, fix_channel, fix_provider_api, fix_runtime_call, session_variable
from .context import RUNTIME, FixContext, NotFixable
from .imports import plan_imports
from .primitives import fix_backend_name, plan_v1_primitives
from .results import fix_backend_run
from .source import SITE, Edit, OverlappingEdits, Source, apply_edits, overlaps
from ..detect.noqa import drop_suppressed

MAX_PASSES = 5
#: Codes whose site fix is one node an ast-grep rule can rewrite (the rules decide how).
RULE_CODES = ("QM003", "QM004", "QM005", "QM006", "QM007")
#: The IBMQ account flow spans statements (enable_account's token goes into the service that
#: replaces get_provider), which one-node rules cannot see: the Python planner decides it.
_PYTHON_ONLY_RULES = ("QM005-ibmq",)
#: Names a rule's replacement may introduce, and where they are imported from.
_RULE_NAMES = {"Batch": RUNTIME, "Session": RUNTIME, "QiskitRuntimeService": RUNTIME}


#: Why a finding of this code is typically left (shown after the message of what remains).
REFUSED = {
    "QM000": "the checker failed on this file",
    "QM001": "a name with no runtime equivalent is still used by code the fix left",
    "QM002": "its job or result is used in a way the fix cannot follow",
    "QM003": "no runtime session object is in view to use instead",
    "QM004": "a Batch cannot resume a session id (Session.from_id)",
    "QM005": "no runtime equivalent for this call or its arguments",
    "QM006": "no backend object can be built here (one service in view is needed)",
    "QM007": "the string could not be rewritten safely",
    "QM008": "never fixed: choose local testing mode (FakeManilaV2(), AerSimulator()) yourself",
}


class FixError(Exception):
    """A fix plan that would not parse or whose edits collide: a bug; the file is left untouched."""


@dataclass
class FixPlan:
    findings: List[Finding]
    edits: List[Edit]
    fixed: List[Finding] = field(default_factory=list)
    #: why a finding was not fixed, when a planner said so
    refused: Dict[Finding, str] = field(default_factory=dict)

    def reason(self, finding: Finding) -> str:
        return self.refused.get(finding) or REFUSED.get(finding.code, "")


@dataclass
class FixOutcome:
    text: str
    remaining: List[Finding]
    plans: List[FixPlan]
    #: remaining finding -> why it was not fixed
    reasons: Dict[Finding, str] = field(default_factory=dict)

    def explained(self) -> List[Finding]:
        """The remaining findings with the reason they were left appended to the message."""
        return [f._replace(message=f"{f.message} [not fixed: {self.reasons[f]}]") if self.reasons.get(f) else f
                for f in self.remaining]

    @property
    def fixed_count(self) -> int:
        return sum(len(plan.fixed) for plan in self.plans)


def selected_findings(text: str, options: Options, selection, tree: Optional[ast.Module] = None) -> List[Finding]:
    findings = check_source(text, options, tree=tree)
    return [f for f in drop_suppressed(findings, text) if f.code in selection]


def _ignores(selection, code: str) -> bool:
    ignore = getattr(selection, "ignore", ())
    return bool(ignore) and code.startswith(tuple(ignore))


def plan_fixes(text: str, options: Options = DEFAULT_OPTIONS, selection=None, *,
               use_rules: bool = True) -> FixPlan:
    """The edits that fix what can be fixed in ``text`` now (one pass)."""
    selection = selection if selection is not None else ALL_CODES
    source = Source(text)
    findings = selected_findings(text, options, selection, tree=source.tree)
    if any(f.code == "QM000" for f in findings):
        return FixPlan(findings, [])
    ctx = FixContext(source, frozenset(f.code for f in findings), use_session=_ignores(selection, "QM004"),
                     findings=tuple(findings))
    rewrites = rule_rewrites(text) if use_rules and any(f.code in RULE_CODES for f in findings) else []
    planner = _SitePlanner(ctx, rewrites)
    planner.run()
    edits = planner.edits + plan_imports(ctx, planner.edits)
    return FixPlan(findings, edits, planner.fixed, planner.refused)


class _AllCodes:
    """The selection that contains every code (the default of the Python API)."""

    ignore = ()

    def __contains__(self, code: str) -> bool:
        return True


ALL_CODES = _AllCodes()


class _SitePlanner:
    """Chooses one fix per finding (or none), never two overlapping edits."""

    def __init__(self, ctx: FixContext, rewrites: Sequence[RuleRewrite]) -> None:
        self.ctx, self.rewrites = ctx, list(rewrites)
        self.edits: List[Edit] = []
        self.fixed: List[Finding] = []
        self.refused: Dict[Finding, str] = {}

    def run(self) -> None:
        by_code: Dict[str, List[Finding]] = {}
        for finding in self.ctx.findings:
            by_code.setdefault(finding.code, []).append(finding)
        # QM003 first: a backend.run inside `with backend.open_session()` runs in its batch.
        for finding in by_code.get("QM003", []):
            self._try([finding], lambda: self._with_rules([finding], fix_backend_session(self.ctx, finding),
                                                          same_extent=True))
        for finding in by_code.get("QM002", []):
            self._try([finding], lambda: fix_backend_run(
                self.ctx, finding, lambda node, backend: session_variable(self.ctx, node, backend)))
        # QM009: a V1 run call with the result reads it migrates; Options with its field assignments
        for group, make in plan_v1_primitives(self.ctx, by_code.get("QM009", [])):
            self._try(group, make)
        for finding in by_code.get("QM010", []):
            self._try([finding], lambda: fix_backend_name(self.ctx, finding))
        runtime_calls: Dict[Tuple[int, int], List[Finding]] = {}
        for finding in by_code.get("QM004", []) + by_code.get("QM006", []):
            runtime_calls.setdefault((finding.line, finding.col), []).append(finding)
        for group in runtime_calls.values():
            self._try(group, lambda: self._with_rules(group, fix_runtime_call(self.ctx, group)))
            session_only = [f for f in group if f.code == "QM004"]
            if len(group) > 1 and session_only and session_only[0] not in self.fixed:
                # the arguments cannot be fixed (QM006 stays), but Session -> Batch still can
                self._try(session_only,
                          lambda: self._with_rules(session_only, fix_runtime_call(self.ctx, session_only)))
        for finding in by_code.get("QM005", []):
            self._try([finding], lambda: self._with_rules([finding], fix_provider_api(self.ctx, finding)))
        for finding in by_code.get("QM007", []):
            self._try([finding], lambda: self._with_rules([finding], fix_channel(self.ctx, finding)))

    def _try(self, findings: List[Finding], make: Callable[[], Optional[List[Edit]]]) -> None:
        reason = None
        try:
            edits = make()
        except NotFixable as exc:
            edits, reason = None, str(exc)
        except Exception:  # noqa: BLE001 - a planner bug must cost one fix, not the file
            edits = None
        if edits and any(edit.text and self.ctx.source.hides_comment(edit) for edit in edits):
            edits, reason = None, "a comment inside the code would be lost; edit it by hand"
        if not edits or any(overlaps(edit, self.edits) for edit in edits) or _self_overlapping(edits):
            self.ctx.rollback()
            for finding in findings:
                self.refused[finding] = reason or REFUSED.get(finding.code, "")
            return
        for finding in findings:
            self.ctx.commit(finding)
        self.edits.extend(edits)
        self.fixed.extend(findings)

    def _with_rules(self, findings: List[Finding], python_edits: Optional[List[Edit]], *,
                    same_extent: bool = False) -> Optional[List[Edit]]:
        """Prefer the rules' rewrites of the site when the site is fixable at all (the Python
        planner agrees) and the rules cover each finding's code there. ``same_extent``: a rule
        may only replace exactly what the planner replaces (QM003: the planner may also add
        ``as batch``, which later fixes in the block rely on)."""
        if not python_edits:
            return None
        if same_extent and self.ctx.use_session:
            return python_edits  # the rules always write Batch; a paid plan asked for Session
        if any(edit.text in ("", "pass") for edit in python_edits):
            return python_edits  # a statement made redundant: the rules rewrite calls, not statements
        low = min(e.start for e in python_edits)
        high = max(e.end for e in python_edits)
        site_edits: List[Edit] = []
        for finding in findings:
            mine = [r for r in self.rewrites
                    if r.rule_id.startswith(finding.code) and not r.rule_id.startswith(_PYTHON_ONLY_RULES)
                    and low <= r.start and r.end <= high
                    and (not same_extent or any((e.start, e.end) == (r.start, r.end) for e in python_edits))]
            if not mine:
                return python_edits
            for rewrite in mine:
                site_edits.append(Edit(rewrite.start, rewrite.end, rewrite.replacement, tuple(findings), SITE))
        site_edits = list(dict.fromkeys(site_edits))
        if _self_overlapping(site_edits) or not self._names_available(site_edits):
            return python_edits
        # the planner's edits the rules do not cover (e.g. the `as batch` it adds) stay
        extra = [e for e in python_edits if not any(e.start < r.end and r.start < e.end or
                                                    (r.start <= e.start < r.end) for r in site_edits)]
        return site_edits + extra

    def _names_available(self, edits: Sequence[Edit]) -> bool:
        """Register the imports a rule's replacement needs; False if a name is taken."""
        for edit in edits:
            before = self.ctx.source.text[edit.start:edit.end]
            for name, module in _RULE_NAMES.items():
                pattern = rf"\b{name}\b"
                if re.search(pattern, edit.text) and not re.search(pattern, before):
                    if self.ctx.need(module, name) != name:
                        return False
        return True


def _self_overlapping(edits: Sequence[Edit]) -> bool:
    ordered = sorted(set(edits), key=lambda e: (e.start, e.end))
    return any(a.end > b.start or (a.start == a.end == b.start == b.end)
               for a, b in zip(ordered, ordered[1:]))


def fix_text(text: str, options: Options = DEFAULT_OPTIONS, selection=None, *, use_rules: bool = True) -> FixOutcome:
    """Fix ``text`` in passes until nothing more can be fixed; raises SyntaxError for input
    that does not parse and FixError if a fix would produce code that does not parse."""
    selection = selection if selection is not None else ALL_CODES
    plans: List[FixPlan] = []
    current = text
    last: Optional[FixPlan] = None
    for _ in range(MAX_PASSES):
        plan = last = plan_fixes(current, options, selection, use_rules=use_rules)
        if not plan.edits:
            break
        try:
            new_text = apply_edits(current, plan.edits)
            parse_module(new_text)
        except OverlappingEdits as exc:
            raise FixError(f"the fix plan has overlapping edits ({exc})") from exc
        except SyntaxError as exc:
            if use_rules:  # a rule's rewrite may be at fault: try the package's own
                return fix_text(text, options, selection, use_rules=False)
            raise FixError(f"the fix would not parse ({exc.msg}, line {exc.lineno})") from exc
        if new_text == current:
            break
        plans.append(plan)
        current = new_text
        last = None
    if last is None:  # the loop ended on a pass that changed the text
        last = plan_fixes(current, options, selection, use_rules=use_rules)
    return FixOutcome(current, last.findings, plans, {f: last.reason(f) for f in last.findings})


# --- the command -------------------------------------------------------------------------------


def unified_diff(path: str, old: str, new: str) -> str:
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    # Plain paths (apply with `patch -p0`): an a/ b/ prefix would mangle absolute paths.
    lines = difflib.unified_diff(old_lines, new_lines, fromfile=path, tofile=path)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)


def fix_file(path: Path, options: Options, selection, diff_only: bool, *, original: Optional[bytes] = None,
             force: bool = False) -> Tuple[List, str]:
    """Fix one .py file; returns (reports of what remains, diff text). Raises for bad input,
    and NotWritten when the file changed since ``original`` was read or is read-only."""
    from .atomic_write import write_atomically
    from .imports import PACKAGE_INIT
    from ..report.reports import Report
    from ..sources import decode_source

    data = original if original is not None else path.read_bytes()
    text = decode_source(data)
    encoding = _encoding_of(data)
    # a package's __init__.py re-exports what it imports without using it: never dropped
    reexports = PACKAGE_INIT.set(path.name == "__init__.py")
    try:
        outcome = fix_text(text, options, selection)
    finally:
        PACKAGE_INIT.reset(reexports)
    diff = ""
    if outcome.text != text:
        if diff_only:
            diff = unified_diff(str(path), text, outcome.text)
        else:
            write_atomically(path, outcome.text.encode(encoding), original=data, force=force)
    return [Report(str(path), f) for f in outcome.explained()], diff


def _encoding_of(data: bytes) -> str:
    import io
    import tokenize

    return tokenize.detect_encoding(io.BytesIO(data).readline)[0]


def _outside(path: Path, root: Path) -> bool:
    """A file found under ``root`` that really lives outside it: the file, or a folder on the
    way to it, is a symlink out of the tree. ``root`` itself (a link named on the command
    line) is resolved first, so what the user named is followed."""
    import os

    target, top = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([target, top]) != top


def run_fix(paths: Sequence[str], options: Options, selection, diff_only: bool, *, force: bool = False,
            fix_notebook: Optional[Callable] = None) -> int:
    """Fix every file; one that cannot be fixed (whatever the reason, a bug included) is left
    as it was, gets one line on stderr, and the run goes on. Exit 2 if any file was not fixed,
    else 1 if findings remain, else 0."""
    from ..report.reports import emit
    from ..report.formats import render
    from ..sources import existing_source_files

    reports: List = []
    errors: List[str] = []
    for raw in paths:
        files, missing = existing_source_files([raw])
        errors.extend(missing)
        for path in files:
            if _outside(path, Path(raw)):
                errors.append(f"{path}: a symlink to a file outside {raw}, not followed "
                              "(not fixed; pass the link or its target to fix it)")
                continue
            error = _fix_one(path, options, selection, diff_only, force, reports, fix_notebook)
            if error:
                errors.extend(error.splitlines())  # a notebook: one line per cell left untouched
    return emit(render("text", reports), reports, errors)


def _fix_one(path: Path, options: Options, selection, diff_only: bool, force: bool, reports: List,
             fix_notebook: Optional[Callable] = None) -> Optional[str]:
    """Fix one file; returns the line that says why it was not fixed, if it was not."""
    from ..sources import UnreadableSource
    from .writing import NotWritten, guarded

    try:
        original = path.read_bytes()
        with guarded(path, original, force):
            cell_errors: List[str] = []
            if path.suffix == ".ipynb":
                if fix_notebook is None:
                    return f"{path}: E902 notebooks are fixed through notebooks.fix_notebook_file (not fixed)"
                # the front-end's notebook fixer (notebooks.py sits above fix/): the code cells are
                # fixed as one module and put back cell by cell; a cell that does not parse is an E999 line
                file_reports, cell_errors, diff = fix_notebook(path, options, selection, diff_only)
            else:
                file_reports, diff = fix_file(path, options, selection, diff_only, original=original, force=force)
    except SyntaxError as exc:
        cell = f":{exc.cell}" if getattr(exc, "cell", None) else ""  # notebooks name the cell
        where = f"{path}{cell}:{exc.lineno or 1}:{exc.offset or 1}"
        return f"{where}: E999 SyntaxError: {exc.msg} (not fixed; file left untouched)"
    except (RecursionError, MemoryError) as exc:
        # CPython's own compiler gives up on such files too (a 3,000-term expression)
        return f"{path}:1:1: E999 {type(exc).__name__}: too deeply nested to parse (not fixed; file left untouched)"
    except NotWritten as exc:
        return f"{path}: {exc} (not fixed; file left untouched)"
    except (UnreadableSource, OSError, ValueError) as exc:
        return f"{path}: E902 {type(exc).__name__}: {exc} (not fixed; file left untouched)"
    except FixError as exc:
        return f"{path}: QM000 {exc} (not fixed; file left untouched; please report it)"
    except Exception as exc:  # noqa: BLE001 - a bug in one file's fix must not stop the run
        return f"{path}: QM000 {type(exc).__name__}: {exc} (not fixed; file left untouched; please report it)"
    if diff:
        sys.stdout.write(diff)
    reports.extend(file_reports)
    return "\n".join(cell_errors) or None
