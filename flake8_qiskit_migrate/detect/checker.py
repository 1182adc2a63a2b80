"""Source -> tree -> model of names -> findings, with a cheap text pre-check first.

Every finding needs an IBM package name or ``"ibm_quantum"`` somewhere in the file, so a
file without one is never walked: flake8 runs every installed plugin on every file,
selected or not. Then the import statements decide what is worth walking (`walk_plan`): a
module that imports no IBM package (package-internal code, a mention in a docstring) can
only hold QM007, so only its removed-channel lines are walked, and without one it is not
modelled at all.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, NamedTuple, Optional, Set

from ..apis import REMOVED_CHANNEL
from ..catalog import RULES
from .checks import Checker, unique_per_line
from ..findings import Finding
from .imports import import_facts, import_statements
from .model import ModelBuilder

# Tokens that can sit on a line holding a finding, or a binding the checks read from an
# expression (walrus, comprehension), in a module that imports an IBM package; the second set
# only matters where the provider era is imported (or `qiskit.IBMQ` reached): its classes,
# account calls and provider lookups. Statement-level bindings are always recorded.
# Each token is split where the scan starts matching it: `re` looks for the set of first
# characters in C and tries the alternatives only there, so starting at a rare character
# (`xecute` for `execute`, `bmq` for `ibmq`) makes the scan about twice as fast. The part
# before the split is not matched: a token found inside a longer word only walks a line more.
HOT_TOKENS = (
    ("r", r"un\s*\("), ("e", r"xecute\b"), ("", r"_session\s*\("), ("", r"\.session\b"),
    ("", r"Session\b"), ("", r"Batch\s*\("), ("", r"Sampler"), ("", r"Estimator"), ("", r"from_id"),
    ("i", r"bmq"), ("", r"get_backend"), ("c", r"hannel\s*="), ("i", r"bm_quantum"),
    ("si", r"mulator_"), ("", r":="),
    # QM009 / QM010: V1 result fields (`.values` read, not called), V1 options set as fields or
    # given to `Options(`, `.name()`, `str(backend)` as a lookup name. `service.run(program_id=`
    # is a `run(` line already. Attribute tokens join the `\.` group (`\.session`), so the scan
    # gains no first character; a bare `values` or `optimization_level=` keyword would make
    # hundreds of ordinary lines hot.
    ("", r"\.quasi_dists"), ("", r"\.values\b[^(]"), ("", r"Options\s*\("),
    ("", r"\.optimization_level\b"), ("", r"\.resilience_level\b"), ("", r"\.execution\."),
    ("", r"\.transpilation\."), ("", r"\.name\(\s*\)"), ("", r"backend\(\s*str\("),
)
PROVIDER_ERA_TOKENS = (
    ("", r"IBMProvider"), ("", r"IBMQ"), ("", r"backends\s*\("), ("", r"jobs\s*\("), ("retrie", r"ve_job"),
    ("least_", r"busy"), ("", r"_account"), ("", r"get_provider"), ("pro", r"viders\s*\("),
)


def _token_pattern(tokens: "tuple[str, ...]") -> "re.Pattern[str]":
    """One pattern for all tokens, each match running on to the end of its line (so the Python
    loop sees a line at most once). No token starts with `\\b`, which would defeat the
    first-character scan. Tokens are grouped by first character (`S(?:ession\\b|ampler)`),
    so a candidate position tries a few alternatives, not all of them."""
    groups: dict = {}
    for token in tokens:
        head = token[:2] if token.startswith("\\") else token[:1]
        groups.setdefault(head, []).append(token[len(head):])
    branches = [head + (tails[0] if len(tails) == 1 else "(?:" + "|".join(tails) + ")")
                for head, tails in groups.items()]
    return re.compile("(?:" + "|".join(branches) + r")[^\n]*")


_HOT_RUNTIME = _token_pattern(tuple(matched for _, matched in HOT_TOKENS))
_HOT = _token_pattern(tuple(matched for _, matched in HOT_TOKENS + PROVIDER_ERA_TOKENS))

# A module that imports no IBM package (and cannot reach `qiskit.IBMQ` by attribute) can only
# hold a removed channel string (QM007): its lines with one are the only ones worth walking.
_REMOVED_CHANNEL = re.compile(r"ibm_quantum[^\n]*")


@dataclass(frozen=True)
class Options:
    #: Extra receiver names the provider-era name heuristic treats as backends.
    backend_names: frozenset = field(default_factory=frozenset)


DEFAULT_OPTIONS = Options()


_QISKIT_OR_QUANTUM = re.compile("q(?:iskit|uantum)")
# One scan (from the literal "qiskit") for the spellings that start with it.
_IBM_PACKAGE_OR_TOOL = re.compile(r"qiskit(?:\.tools|\.wrapper|_ibm_runtime|_ibm_provider|_ibmq_provider)")


def might_have_findings(text: str) -> bool:
    """Whether the text names anything a finding needs.

    Every finding but QM007 needs an IBM package in the module (`qiskit_ibm_provider`,
    `qiskit_ibm_runtime`, `qiskit_ibmq_provider`, `qiskit.providers.ibmq`, `IBMQ` imported
    from qiskit), all spelled with "qiskit"; QM007 needs the string "ibm_quantum". Plain
    "IBM" would send every file with an "(C) Copyright IBM" header through the full check.
    Most files are ruled out by one scan for either word (`re` finds a pattern with a literal
    first character faster than two `in` scans; `in` stops at the first occurrence, so a
    needle that is there costs little).
    """
    first = _QISKIT_OR_QUANTUM.search(text)
    if first is None:
        return False  # neither "qiskit" nor "ibm_quantum" (which holds "quantum")
    if first.group() != "qiskit" and "qiskit" not in text:
        return "ibm_quantum" in text
    if _IBM_PACKAGE_OR_TOOL.search(text) is not None:
        return True  # an IBM package, or the provider-era monitors and dashboards (QM001)
    if "ibm" in text and ("ibm_quantum" in text or ("ibmq" in text and "providers" in text)):
        return True
    return "IBMQ" in text


def hot_lines(text: str, aliases: frozenset = frozenset(), provider_era: bool = True) -> List[int]:
    """Sorted 1-based numbers of the lines that contain a hot token or an imported alias."""
    pattern = _HOT if provider_era else _HOT_RUNTIME
    lines = _matching_lines(pattern, text)
    aliases = frozenset(a for a in aliases if not pattern.search(a))
    if aliases:
        # Aliases (`import Session as S`) are rare: a second, word-bounded pass.
        lines = sorted(set(lines).union(_matching_lines(_alias_pattern(aliases), text)))
    return lines


class WalkPlan(NamedTuple):
    """Which lines of a module are worth walking, decided from its imports and text."""

    lines: List[int]
    #: The aliases of reported names the lines include; None when only QM007 is possible.
    aliases: Optional[frozenset]
    #: Whether the provider era is imported or reachable, so its tokens count.
    provider_era: bool = False
    #: The ImportFacts of every import statement, by id of the statement (the model reuses them).
    imports: Optional[dict] = None


def walk_plan(tree: ast.Module, text: str) -> Optional[WalkPlan]:
    """The hot lines, from the import statements alone; None when no finding is possible.
    Assignment aliases (`P = IBMProvider`) are not known yet: `check_tree` adds them."""
    imports_ibm = imports_qiskit = imports_provider_era = False
    aliases: Dict[str, Set[str]] = {}
    known = {}
    for node in _import_statements(tree, text):
        known[id(node)] = facts = import_facts(node)
        # A monitor or dashboard import is QM001 itself, without the provider era (rule 4).
        imports_ibm = imports_ibm or facts.ibm or facts.removed_tool
        # `from qiskit import *` reaches `IBMQ` like `import qiskit` does.
        imports_qiskit = imports_qiskit or facts.qiskit or facts.star == "qiskit"
        imports_provider_era = imports_provider_era or facts.deprecated
        for local, original in facts.aliases:
            aliases.setdefault(local, set()).add(original)
    reaches_ibmq = imports_qiskit and ("IBMQ" in text or "ibmq" in text)
    if imports_ibm or reaches_ibmq:
        relevant = relevant_aliases(aliases)
        provider_era = imports_provider_era or reaches_ibmq
        return WalkPlan(hot_lines(text, relevant, provider_era), relevant, provider_era, known)
    if REMOVED_CHANNEL in text:
        # No IBM package: a removed channel string (QM007) is the one finding left.
        return WalkPlan(_matching_lines(_REMOVED_CHANNEL, text), None, False, known)
    return None


def _import_statements(tree: ast.Module, text: str) -> list:
    """Every import statement of the module. Each holds the word `import`, so when the text
    has it no more often than the top level has imports, no other import is nested anywhere
    and the statements need not be walked."""
    body = tree.body
    top = [node for node in body if type(node) is ast.Import or type(node) is ast.ImportFrom]
    if text.count("import") == len(top):
        return top
    return list(import_statements(body))


def relevant_aliases(aliases: dict) -> frozenset:
    """Aliases whose calls a check may judge by the name they stand for (`Session as S`,
    `run = backend.run`, and aliases of those). An alias of anything else (`np`, `b =
    self.backend`) adds no site: what is done with it is hot text on its own."""
    relevant = {local for local, originals in aliases.items()
                if any(_HOT.search(original + "(") for original in originals)}
    grown = True
    while grown:
        grown = False
        for local, originals in aliases.items():
            if local not in relevant and not originals.isdisjoint(relevant):
                relevant.add(local)
                grown = True
    return frozenset(relevant)


@lru_cache(maxsize=256)
def _alias_pattern(aliases: frozenset) -> "re.Pattern[str]":
    return re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(aliases)) + r")\b[^\n]*")


def _matching_lines(pattern: "re.Pattern[str]", text: str) -> List[int]:
    if "\r" in text:  # line numbers as Python counts them (CR-only files are one line to "\n")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: List[int] = []
    line = 1
    position = 0
    for match in pattern.finditer(text):
        start = match.start()
        line += text.count("\n", position, start)
        position = start
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def check_tree(tree: ast.Module, text: str, options: Options = DEFAULT_OPTIONS) -> List[Finding]:
    """Findings for an already parsed module; internal errors become one QM000."""
    try:
        if not might_have_findings(text):
            return []
        plan = walk_plan(tree, text)
        if plan is None:
            return []
        model = ModelBuilder(plan.lines, plan.imports).build(tree)
        if plan.aliases is not None:
            aliases = relevant_aliases(model.aliases)
            if aliases != plan.aliases:
                # `P = IBMProvider` makes the lines calling `P` hot too. Rare: such a module
                # is simply modelled again.
                model.release()
                model = ModelBuilder(hot_lines(text, aliases, plan.provider_era), plan.imports).build(tree)
        checker = Checker(model, options.backend_names, text)
        try:
            return unique_per_line(checker.run())
        finally:
            checker.release()
            model.release()
    except Exception as exc:  # noqa: BLE001 - the contract: never kill the run
        return [internal_error(exc)]


def internal_error(exc: BaseException) -> Finding:
    detail = f"{type(exc).__name__}: {exc}".strip()
    if len(detail) > 200:
        detail = detail[:197] + "..."
    rule = RULES["QM000"]
    message = f"QM000 {rule.deprecated} ({detail}); {rule.replacement}"
    return Finding(1, 0, "QM000", message, 1, 0)


def parse_module(text: str) -> ast.Module:
    """ast.parse without the warnings Python prints about the parsed code itself (an invalid
    escape is a SyntaxWarning on stderr from 3.12): reporting those is not our job."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text)


def check_source(text: str, options: Options = DEFAULT_OPTIONS, *, tree: Optional[ast.Module] = None) -> List[Finding]:
    """Findings for source text. Raises SyntaxError (and ValueError for NUL bytes) if it does not parse."""
    if tree is None:
        # Parsed even when the pre-check finds nothing: a file that cannot be parsed is
        # reported by every entry point, never silently passed.
        tree = parse_module(text)
    return check_tree(tree, text, options)
