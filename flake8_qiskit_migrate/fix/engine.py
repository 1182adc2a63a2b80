"""``qiskit-migrate fix``: rewrite the sites the checker flags, completely.

A fix plan is made per file from the checker's findings (WHERE) and the rewrites of the
bundled ast-grep rules or, for what one-node rules cannot express, this package's own
planners (HOW): imports, job results, session blocks. Every edit names the findings it
serves, and says whether it is unsafe (it runs but may differ: applied only with
``unsafe_fixes``).

Judged on the original: the findings of the ORIGINAL text are tracked through every pass
(their offsets mapped across each pass's edits), so a fix that removes the evidence for
another finding (a provider import that was the only reason a ``backend.run`` was flagged)
never hides it. Plans are made in passes until nothing fixable is left (a fix can make
another site fixable, e.g. a provider that became a service); what remains is the original
findings no edit served plus whatever the checker finds in the new text.
"""

from __future__ import annotations

import ast
import contextvars
import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

from ..detect.checker import DEFAULT_OPTIONS, Options, check_source, might_have_findings, parse_module
from ..findings import Finding
from .astgrep import RuleRewrite, fixing_rule_ids, rule_rewrites
from .calls import (SERVICE, FixedByReceiver, fix_backend_session, fix_channel, fix_imported_uses, fix_provider_api, fix_runtime_call,
                    session_variable)
from .context import RUNTIME, FixContext, NotFixable, parse_target_runtime
from .imports import plan_imports
from .results import comments_kept, fix_backend_run
from .source import SITE, Edit, EditSet, OffsetMap, OverlappingEdits, Source, _merge_deletions, apply_edits
from ..detect.noqa import drop_suppressed

MAX_PASSES = 5
#: Codes whose site fix is one node an ast-grep rule can rewrite (the rules decide how).
RULE_CODES = ("QM003", "QM004", "QM005", "QM006", "QM007")
#: The rules' module-wide searches (``inside: module`` + ``has: ...`` per candidate node) cost
#: time quadratic in the file's size; on longer files the fixer writes its own rewrites of the
#: same sites (the contract tests prove the two identical), so fix stays linear.
RULES_MAX_LINES = 3000
#: Codes some fix may cover: a file whose selected findings have none of these is done
#: right after the check (QM000 is the checker's failure, QM008 is never rewritten).
FIXABLE_CODES = frozenset({"QM001", "QM002", "QM003", "QM004", "QM005", "QM006", "QM007", "QM009", "QM010"})
#: The IBMQ account flow spans statements (enable_account's token goes into the service that
#: replaces get_provider), which one-node rules cannot see: the Python planner decides it.
_PYTHON_ONLY_RULES = ("QM005-ibmq",)
#: Names a rule's replacement may introduce, and where they are imported from.
_RULE_NAMES = {"Batch": RUNTIME, "Session": RUNTIME, "QiskitRuntimeService": RUNTIME}
SAFE, UNSAFE = "safe", "unsafe"
#: (unsafe_fixes, target_runtime) of the current ``run_fix``: the defaults of ``fix_text``, so
#: every path from the command to the fixer (files, notebooks) gets them without new parameters.
RUN_SETTINGS: contextvars.ContextVar[Tuple[bool, Optional[str]]] = contextvars.ContextVar(
    "qiskit_migrate_fix_settings", default=(False, None))


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
    "QM009": "the V1 primitive call has a shape the fix cannot migrate",
    "QM010": "the V1 backend interface use has a shape the fix cannot migrate",
}
_UNSAFE_OFFERED = "an unsafe fix is available with --unsafe-fixes ({note})"


class FixError(Exception):
    """A fix plan that would not parse or whose edits collide: a bug; the file is left untouched."""


@dataclass
class FixPlan:
    findings: List[Finding]
    edits: List[Edit]
    fixed: List[Finding] = field(default_factory=list)
    #: why a finding was not fixed, when a planner said so
    refused: Dict[Finding, str] = field(default_factory=dict)
    #: fixed findings whose fix is unsafe -> what to review
    unsafe: Dict[Finding, str] = field(default_factory=dict)
    #: findings left because their only fix is unsafe (and unsafe fixes are off) -> its note
    offered_unsafe: Dict[Finding, str] = field(default_factory=dict)

    def reason(self, finding: Finding) -> str:
        return self.refused.get(finding) or REFUSED.get(finding.code, "")


@dataclass
class FixOutcome:
    text: str
    remaining: List[Finding]
    plans: List[FixPlan]
    #: remaining finding -> why it was not fixed
    reasons: Dict[Finding, str] = field(default_factory=dict)
    #: original finding -> "safe" / "unsafe" for each one a fix covered
    kinds: Dict[Finding, str] = field(default_factory=dict)
    #: original finding fixed unsafely -> what to review (shown after an --unsafe-fixes run)
    review: Dict[Finding, str] = field(default_factory=dict)
    #: the selected findings of the original text
    originals: List[Finding] = field(default_factory=list)

    def explained(self) -> List[Finding]:
        """The remaining findings with the reason they were left appended to the message."""
        return [f._replace(message=f"{f.message} [not fixed: {self.reasons[f]}]") if self.reasons.get(f) else f
                for f in self.remaining]

    def reviews(self) -> List[Finding]:
        """The findings fixed unsafely (at their place in the original), each message saying
        what to review."""
        return [f._replace(message=f"{f.message} [fixed unsafely, review: {note}]") for f, note in self.review.items()]

    @property
    def fixed_count(self) -> int:
        return len(self.kinds)


def selected_findings(text: str, options: Options, selection, tree: Optional[ast.Module] = None) -> List[Finding]:
    findings = check_source(text, options, tree=tree)
    return [f for f in drop_suppressed(findings, text) if f.code in selection]


def plan_fixes(text: str, options: Options = DEFAULT_OPTIONS, selection=None, *,
               use_rules: bool = True, unsafe_fixes: bool = False, target_runtime=None,
               findings: Optional[Sequence[Finding]] = None, source: Optional[Source] = None) -> FixPlan:
    """The edits that fix what can be fixed in ``text`` now (one pass). ``findings``: the ones
    to fix (default: what the checker finds in ``text``)."""
    selection = selection if selection is not None else ALL_CODES
    source = source or Source(text)
    if findings is None:
        findings = selected_findings(text, options, selection, tree=source.tree)
    findings = list(findings)
    if any(f.code == "QM000" for f in findings) or not any(f.code in FIXABLE_CODES for f in findings):
        return FixPlan(findings, [])
    use_session = "QM004" not in selection or not unsafe_fixes
    source.expect_sites(f.line for f in findings)  # the fixers look up nodes at findings only
    ctx = FixContext(source, frozenset(f.code for f in findings), use_session=use_session,
                     findings=tuple(findings), unsafe_fixes=unsafe_fixes,
                     target_runtime=parse_target_runtime(target_runtime))
    wanted = {f.code for f in findings} & set(RULE_CODES)
    use_rules = use_rules and source.line_of(len(text)) <= RULES_MAX_LINES

    def rewrites_of(code: str) -> List[RuleRewrite]:
        # Asked when a site of the code has a fix the rules may write: each rule costs about
        # 10 ms per file to compile, so the rules of a code no fix reaches are never run, nor
        # those whose rewrites the planner never takes (the IBMQ account flow).
        rules = fixing_rule_ids([code], skip=_PYTHON_ONLY_RULES) if use_rules and code in wanted else ()
        return rule_rewrites(text, rules) if rules else []

    planner = _SitePlanner(ctx, rewrites_of)
    planner.run()
    edits = planner.edits + plan_imports(ctx, planner.edits)
    return FixPlan(findings, edits, planner.fixed, planner.refused, planner.unsafe, planner.offered_unsafe)


class _AllCodes:
    """The selection that contains every code (the default of the Python API)."""

    ignore = ()

    def __contains__(self, code: str) -> bool:
        return True


ALL_CODES = _AllCodes()


class _SitePlanner:
    """Chooses one fix per finding (or none), never two overlapping edits."""

    def __init__(self, ctx: FixContext, rewrites_of: Callable[[str], List[RuleRewrite]]) -> None:
        self.ctx, self.rewrites_of = ctx, rewrites_of
        self._rewrites: Dict[str, List[RuleRewrite]] = {}  # code -> its rules' rewrites, once
        self.edits: List[Edit] = []
        self.taken = EditSet()  # the same edits, for the overlap test
        self.fixed: List[Finding] = []
        self._fixed_set: Set[Finding] = set()  # the same, for membership (a list scan is quadratic)
        self.refused: Dict[Finding, str] = {}
        self.unsafe: Dict[Finding, str] = {}
        self.offered_unsafe: Dict[Finding, str] = {}
        #: findings fixed exactly when the calls that made their receiver are (provider.backends())
        self.by_receiver: List[Tuple[List[Finding], Tuple[ast.Call, ...]]] = []

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
        runtime_calls: Dict[Tuple[int, int], List[Finding]] = {}
        for finding in by_code.get("QM004", []) + by_code.get("QM006", []):
            runtime_calls.setdefault((finding.line, finding.col), []).append(finding)
        for group in runtime_calls.values():
            self._try(group, lambda: self._with_rules(group, fix_runtime_call(self.ctx, group)))
            session_only = [f for f in group if f.code == "QM004"]
            if len(group) > 1 and session_only and session_only[0] not in self._fixed_set:
                # the arguments cannot be fixed (QM006 stays), but Session -> Batch still can
                self._try(session_only,
                          lambda: self._with_rules(session_only, fix_runtime_call(self.ctx, session_only)))
        for finding in by_code.get("QM005", []):
            self._try([finding], lambda: self._with_rules([finding], fix_provider_api(self.ctx, finding)))
        for finding in by_code.get("QM007", []):
            self._try([finding], lambda: self._with_rules([finding], fix_channel(self.ctx, finding)))
        for finding in by_code.get("QM001", []):
            # the uses of what the import brings, where they change too: monitors (dropped),
            # scheduling passes (renamed arguments); the import itself is plan_imports' job
            edits = self._attempt(lambda: fix_imported_uses(self.ctx, finding, self.edits))
            if edits:
                self._try([finding], lambda: edits)
        primitives = _primitives()
        if primitives is not None:  # FIXB's QM009 / QM010 planners (fix/primitives.py)
            plan_v1 = getattr(primitives, "plan_v1_primitives", None)
            if plan_v1 is not None and by_code.get("QM009"):
                for group, make in plan_v1(self.ctx, by_code["QM009"]):
                    self._try(list(group), make)
            fix_name = getattr(primitives, "fix_backend_name", None)
            for finding in by_code.get("QM010", []) if fix_name is not None else ():
                self._try([finding], lambda: fix_name(self.ctx, finding))
        self._settle_by_receiver()

    def _settle_by_receiver(self) -> None:
        """A call right as it is on what its receiver becomes is fixed when the receiver's
        fix is planned (no edit of its own: an identity edit would be planned again on the
        fixed text), or when the receiver already is what the fix makes."""
        fixed_at = {node for f in self.fixed for node in self.ctx.source.nodes_at(f.line, f.col)}
        found_at = {node for f in self.ctx.findings for node in self.ctx.source.nodes_at(f.line, f.col)}
        for findings, receivers in self.by_receiver:
            if all(call in fixed_at or (call not in found_at and (self.ctx.qualified_call_name(call.func) or "")
                                        .endswith("." + SERVICE)) for call in receivers):
                for finding in findings:
                    self.refused.pop(finding, None)
                self._mark_fixed(findings)

    def _attempt(self, make: Callable[[], Optional[List[Edit]]]) -> Optional[List[Edit]]:
        try:
            return make()
        except Exception:  # noqa: BLE001 - NotFixable or a planner bug: no edits
            return None

    def _try(self, findings: List[Finding], make: Callable[[], Optional[List[Edit]]]) -> None:
        reason = None
        try:
            edits = make()
        except FixedByReceiver as exc:
            self.by_receiver.append((findings, exc.receivers))
            edits, reason = None, str(exc)
        except NotFixable as exc:
            edits, reason = None, str(exc)
        except Exception:  # noqa: BLE001 - a planner bug must cost one fix, not the file
            edits = None
        if edits and any(edit.text and self.ctx.source.hides_comment(edit) for edit in edits) \
                and not comments_kept(self.ctx.source, edits):
            edits, reason = None, "a comment inside the code would be lost; edit it by hand"
        note = "; ".join(dict.fromkeys(part for e in edits or () if e.unsafe for part in e.unsafe.split("; ")))
        if edits and note and not self.ctx.unsafe_fixes:
            for finding in findings:
                self.offered_unsafe[finding] = note
            edits, reason = None, _UNSAFE_OFFERED.format(note=note)
        if not edits or any(self.taken.overlaps(edit) for edit in edits) or _self_overlapping(edits):
            self.ctx.rollback()
            for finding in findings:
                self.refused[finding] = reason or REFUSED.get(finding.code, "")
            return
        # a fix may serve only some of its group (Session(service=...) with unsafe fixes off:
        # the arguments are fixed, Session -> Batch is not)
        served = [f for f in findings if any(f in e.serves for e in edits)] or findings
        for finding in findings:
            if finding not in served:
                self.refused[finding] = reason or REFUSED.get(finding.code, "")
        for finding in served:
            self.ctx.commit(finding)
            if note:
                self.unsafe[finding] = note
        self.edits.extend(edits)
        for edit in edits:
            self.taken.add(edit)
        self._mark_fixed(served)

    def _mark_fixed(self, findings: List[Finding]) -> None:
        self.fixed.extend(findings)
        self._fixed_set.update(findings)

    def _with_rules(self, findings: List[Finding], python_edits: Optional[List[Edit]], *,
                    same_extent: bool = False) -> Optional[List[Edit]]:
        """Prefer the rules' rewrites of the site when the site is fixable at all (the Python
        planner agrees) and the rules cover each finding's code there. ``same_extent``: a rule
        may only replace exactly what the planner replaces (QM003: the planner may also add
        ``as batch``, which later fixes in the block rely on). The rules' edits carry the
        planner's review notes (a rule cannot tell a safe rewrite from an unsafe one)."""
        if not python_edits:
            return None
        if same_extent and self.ctx.use_session:
            return python_edits  # the rules always write Batch; a paid plan asked for Session
        if any(edit.text in ("", "pass") for edit in python_edits):
            return python_edits  # a statement made redundant: the rules rewrite calls, not statements
        findings = [f for f in findings if any(f in e.serves for e in python_edits)] or findings
        low = min(e.start for e in python_edits)
        high = max(e.end for e in python_edits)
        note = "; ".join(dict.fromkeys(e.unsafe for e in python_edits if e.unsafe))
        site_edits: List[Edit] = []
        for finding in findings:
            if finding.code not in self._rewrites:
                self._rewrites[finding.code] = self.rewrites_of(finding.code)
            mine = [r for r in self._rewrites[finding.code]
                    if r.rule_id.startswith(finding.code) and not r.rule_id.startswith(_PYTHON_ONLY_RULES)
                    and low <= r.start and r.end <= high
                    and (not same_extent or any((e.start, e.end) == (r.start, r.end) for e in python_edits))]
            if not mine:
                return python_edits
            for rewrite in mine:
                site_edits.append(Edit(rewrite.start, rewrite.end, rewrite.replacement, tuple(findings), SITE, note))
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


def _primitives():
    try:
        from . import primitives
    except ImportError:
        return None
    return primitives


def _merged(edits: Sequence[Edit]) -> List[Edit]:
    """The edits as applied: sorted, duplicates once, overlapping deletions as one."""
    return _merge_deletions(sorted(set(edits), key=lambda e: (e.start, e.end)))


def _self_overlapping(edits: Sequence[Edit]) -> bool:
    ordered = sorted(set(edits), key=lambda e: (e.start, e.end))
    return any(a.end > b.start or (a.start == a.end == b.start == b.end)
               for a, b in zip(ordered, ordered[1:]))


@dataclass
class _Tracked:
    """An original finding followed through the passes: where its site is now, and its fate."""

    finding: Finding
    start: int
    end: int
    kind: Optional[str] = None  # SAFE / UNSAFE once an edit served it
    note: str = ""
    reason: str = ""

    def located(self, source: Source) -> Finding:
        """The finding with its position in ``source`` (the current text)."""
        line, col = source.position(self.start)
        end_line, end_col = source.position(max(self.start, self.end))
        return self.finding._replace(line=line, col=col, end_line=end_line, end_col=end_col)


def _tracked(findings: Sequence[Finding], source: Source) -> List[_Tracked]:
    tracked = []
    for finding in findings:
        start = source.offset(finding.line, finding.col)
        end = source.offset(finding.end_line, finding.end_col) if finding.end_line else start
        tracked.append(_Tracked(finding, start, max(start, end)))
    return tracked


@dataclass
class _Survey:
    """One pass's view of the current text: what the checker finds, the original findings it
    lost (still to fix), and the plan for both."""

    checked: List[Finding]
    by_site: Dict[Tuple[int, str], Finding]
    mine: Dict[Tuple[int, str], List[_Tracked]]
    plan: FixPlan


def fix_text(text: str, options: Options = DEFAULT_OPTIONS, selection=None, *, use_rules: bool = True,
             unsafe_fixes: Optional[bool] = None, target_runtime=None) -> FixOutcome:
    """Fix ``text`` in passes until nothing more can be fixed; raises SyntaxError for input
    that does not parse and FixError if a fix would produce code that does not parse.
    ``unsafe_fixes``: also apply the fixes whose result needs a review. ``target_runtime``:
    the qiskit-ibm-runtime version the fixed code must run on ("0.40"; default the newest).
    Both default to the current ``run_fix``'s settings."""
    selection = selection if selection is not None else ALL_CODES
    run_unsafe, run_target = RUN_SETTINGS.get()
    unsafe_fixes = run_unsafe if unsafe_fixes is None else unsafe_fixes
    target_runtime = run_target if target_runtime is None else target_runtime
    tree = parse_module(text)
    originals = selected_findings(text, options, selection, tree=tree)
    if not any(f.code in FIXABLE_CODES for f in originals) or any(f.code == "QM000" for f in originals):
        # nothing selected to fix: done right after the check (no index, no rules)
        return FixOutcome(text, originals, [], {f: REFUSED.get(f.code, "") for f in originals},
                          originals=originals)
    source = Source(text, tree)
    tree = None  # the source holds it, and lets it go after the first pass
    tracked = _tracked(originals, source)

    def survey(current: str, source: Source, checked: Optional[List[Finding]] = None,
               rules: bool = False) -> _Survey:
        if checked is None:
            checked = selected_findings(current, options, selection, tree=source.tree)
        by_site: Dict[Tuple[int, str], Finding] = {(f.line, f.code): f for f in checked}
        mine: Dict[Tuple[int, str], List[_Tracked]] = {}
        for track in tracked:
            if track.kind is None:
                here = track.located(source)
                key = (here.line, here.code)
                by_site.setdefault(key, here)  # the checker lost it (its evidence was fixed): still to fix
                mine.setdefault(key, []).append(track)
        plan = plan_fixes(current, options, selection, use_rules=rules, unsafe_fixes=unsafe_fixes,
                          target_runtime=target_runtime, findings=list(by_site.values()), source=source)
        for key, tracks in mine.items():
            finding = by_site[key]
            for track in tracks:
                if finding in plan.offered_unsafe:
                    track.reason = _UNSAFE_OFFERED.format(note=plan.offered_unsafe[finding])
                elif finding in plan.refused:
                    track.reason = plan.refused[finding]
        return _Survey(checked, by_site, mine, plan)

    plans: List[FixPlan] = []
    current = text
    view: Optional[_Survey] = None
    for number in range(MAX_PASSES):
        # the rules' rewrites for the original's sites; later passes fix what the first one made
        # fixable with the fixer's own rewrites (the same text, the contract tests show)
        view = survey(current, source, originals if number == 0 else None, rules=use_rules and number == 0)
        plan = view.plan
        if not plan.edits:
            break
        try:
            new_text = apply_edits(current, plan.edits)
        except OverlappingEdits as exc:
            raise FixError(f"the fix plan has overlapping edits ({exc})") from exc
        served = {f for e in plan.edits for f in e.serves} | set(plan.fixed)
        for key, tracks in view.mine.items():
            finding = view.by_site[key]
            if finding in served:
                note = plan.unsafe.get(finding, "")
                for track in tracks:
                    track.kind, track.note = (UNSAFE if note else SAFE), note
        applied = EditSet()
        for edit in _merged(plan.edits):
            applied.add(edit)
        for track in tracked:
            # a site whose whole text another fix rewrote (the qiskit.IBMQ of a fixed
            # qiskit.IBMQ.backends() call, an import statement rewritten): fixed with it,
            # unless the checker finds it again in the new text (looked at once more below)
            if track.kind is None:
                cover = applied.covering(track.start, track.end)
                if cover is not None:
                    track.kind, track.note = (UNSAFE if cover.unsafe else SAFE), cover.unsafe
        if new_text == current:
            break  # only edits that keep the text (a call right as it is once its receiver is fixed)
        offsets = OffsetMap(plan.edits)
        for track in tracked:
            track.start, track.end = offsets.start(track.start), offsets.end(track.end)
        plans.append(plan)
        # This pass's index and model go before the next text is parsed, its tree when the
        # new source replaces it: the peak memory of a large file is then one pass's and one
        # more tree, not the sum of all passes'.
        view = None
        source.release()
        try:
            source = Source(new_text)
        except SyntaxError as exc:
            if use_rules:  # a rule's rewrite may be at fault: try the package's own
                return fix_text(text, options, selection, use_rules=False, unsafe_fixes=unsafe_fixes,
                                target_runtime=target_runtime)
            raise FixError(f"the fix would not parse ({exc.msg}, line {exc.lineno})") from exc
        current = new_text
    if view is None:  # the last pass changed the text: look at the result once more
        view = survey(current, source)
    plan = view.plan
    still_there = {(f.line, f.code) for f in view.checked}
    for track in tracked:
        if track.kind is not None and (source.position(track.start)[0], track.finding.code) in still_there:
            track.kind, track.note = None, ""  # rewritten, but the checker still finds it there
    remaining: List[Finding] = []
    reasons: Dict[Finding, str] = {}
    checked = set(view.checked)  # a list: membership per finding would be quadratic
    for finding in view.by_site.values():
        tracks = view.mine.get((finding.line, finding.code), [])
        if finding in checked or any(t.kind is None for t in tracks):
            remaining.append(finding)
            if finding in plan.offered_unsafe:
                reasons[finding] = _UNSAFE_OFFERED.format(note=plan.offered_unsafe[finding])
            else:
                reasons[finding] = plan.refused.get(finding) or next(
                    (t.reason for t in tracks if t.reason), "") or REFUSED.get(finding.code, "")
    remaining.sort(key=lambda f: (f.line, f.col, f.code))
    source.release()
    kinds = {t.finding: t.kind for t in tracked if t.kind}
    review = {t.finding: t.note for t in tracked if t.kind == UNSAFE}
    return FixOutcome(current, remaining, plans, reasons, kinds, review, originals=originals)


def classify(text: str, options: Options = DEFAULT_OPTIONS, selection=None, *,
             target_runtime=None) -> Dict[Finding, Optional[str]]:
    """For each selected finding of ``text``: "safe" when ``fix`` fixes it, "unsafe" when only
    ``fix --unsafe-fixes`` does, else None (``check``'s ``[*]`` markers and summary). A file
    with nothing fixable costs the check alone. One fix run with unsafe fixes on decides: a
    finding is unsafe when an edit serving it is."""
    outcome = fix_text(text, options, selection, unsafe_fixes=True, target_runtime=target_runtime)
    return {f: outcome.kinds.get(f) for f in outcome.originals}


# --- the command -------------------------------------------------------------------------------


def unified_diff(path: str, old: str, new: str) -> str:
    # Plain paths (apply with `patch -p0`): an a/ b/ prefix would mangle absolute paths.
    lines = difflib.unified_diff(_patch_lines(old), _patch_lines(new), fromfile=path, tofile=path)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _patch_lines(text: str) -> List[str]:
    """Lines as ``patch`` counts them: ended by "\n" only, "\r\n" kept whole. ``str.splitlines``
    also splits at a form feed, "\x1c" or "\u2028" in a comment or string, and the hunks would
    then not apply."""
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


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
    if not might_have_findings(text):
        # as ``check``: text naming no IBM package holds no finding, so it is not parsed (its
        # syntax errors are flake8's business); most files of a tree cost their read only
        return [], ""
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
    for review in outcome.reviews():  # --unsafe-fixes: what each unsafe fix asks the user to check
        print(f"{path}:{review.line}:{review.col + 1}: {review.message}", file=sys.stderr)
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
            fix_notebook: Optional[Callable] = None, unsafe_fixes: bool = False,
            target_runtime: Optional[str] = None) -> int:
    """Fix every file; one that cannot be fixed (whatever the reason, a bug included) is left
    as it was, gets one line on stderr, and the run goes on. Exit 2 if any file was not fixed,
    else 1 if findings remain, else 0."""
    parse_target_runtime(target_runtime)  # a bad version is a usage error, not one per file
    token = RUN_SETTINGS.set((unsafe_fixes, target_runtime))
    try:
        return _run_fix(paths, options, selection, diff_only, force=force, fix_notebook=fix_notebook)
    finally:
        RUN_SETTINGS.reset(token)


def _run_fix(paths: Sequence[str], options: Options, selection, diff_only: bool, *, force: bool = False,
             fix_notebook: Optional[Callable] = None) -> int:
    from ..report.reports import emit
    from ..report.formats import render
    from ..sources import existing_source_files

    reports: List = []
    errors: List[str] = []
    for raw in paths:
        files, missing = _named_file(raw) or existing_source_files([raw])
        errors.extend(missing)
        for path in files:
            if path != Path(raw) and _outside(path, Path(raw)):  # a path named is followed
                errors.append(f"{path}: a symlink to a file outside {raw}, not followed "
                              "(not fixed; pass the link or its target to fix it)")
                continue
            error = _fix_one(path, options, selection, diff_only, force, reports, fix_notebook)
            if error:
                errors.extend(error.splitlines())  # a notebook: one line per cell left untouched
    return emit(render("text", reports), reports, errors)


def _named_file(raw: str) -> Optional[Tuple[List[Path], List[str]]]:
    """What discovery makes of a path that is not a folder (the command hands each file it
    found on its own): that file, with no walk, settings or exclusion to look at."""
    import os
    import stat

    try:
        if stat.S_ISDIR(os.stat(raw).st_mode):
            return None
    except (OSError, ValueError):
        return None  # discovery says why
    return [Path(raw)], []


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
