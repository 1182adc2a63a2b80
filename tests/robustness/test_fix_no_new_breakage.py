"""A fix never breaks a program that worked: proven on every legacy file we have and on
generated programs with legacy code spliced in at random places.

For each file the fix changes, it must:
- parse under the oldest Python the project supports (3.9 grammar);
- be stable: a second fix changes nothing;
- change only the lines the checker flagged plus the dependent edits each fix declares
  (its import block, the result access of a migrated job, a statement made redundant);
- gain no pyflakes undefined name, redefinition or unused import that the original did not
  have (an import dropped while a string annotation, ``__all__`` or a type comment still uses
  it; an import placed after the first use; a new name that shadows another).

CI runs a fixed sample (the bundled examples, the fix programs, the evaluation files, a
spread of the downloaded legacy corpus when it is present, 200 generated programs);
QM_ROBUSTNESS_FULL=1 fixes every legacy corpus file with findings and 3,000 generated programs.
"""

from __future__ import annotations

import ast
import difflib
import re
import warnings
from pathlib import Path
from typing import List, Optional, Set, Tuple

import hypothesmith
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pyflakes import checker as pyflakes_checker
from pyflakes import messages as pyflakes_messages

from flake8_qiskit_migrate.fix.engine import FixError, fix_text
from flake8_qiskit_migrate.fix.source import SITE, Source, apply_edits
from flake8_qiskit_migrate.sources import UnreadableSource, read_source

from robustness_support import FULL, REPO_ROOT, bounded, load_benchmark_corpus, spread_sample

OLDEST_PYTHON = (3, 9)
#: What a fix must never add: names that fail at run time, or imports pyflakes calls broken.
BREAKAGE = (pyflakes_messages.UndefinedName, pyflakes_messages.UndefinedExport, pyflakes_messages.UndefinedLocal,
            pyflakes_messages.RedefinedWhileUnused, pyflakes_messages.ImportShadowedByLoopVar,
            pyflakes_messages.UnusedImport)
LEGACY_HINTS = ("qiskit_ibm_provider", "IBMQ", "providers.ibmq", "qiskit_ibm_runtime", "ibm_quantum")


def parses(text: str, feature_version: Optional[Tuple[int, int]] = None) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text, feature_version=feature_version)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def breakage(text: str) -> Set[Tuple[str, str]]:
    """pyflakes' breakage diagnostics by (kind, local name): positions move when lines change.

    An unused import and a redefinition of an unused name are one kind (``unused``): dropping
    the first of two imports of a name turns pyflakes' redefinition into an unused import, and
    nothing became more broken. An unused import on a line with ``# noqa`` is left out: the user
    told every tool to leave that import alone (``from qiskit import IBMQ  # noqa: QM001``), so
    the fix keeps it even when the fix of another finding took its last use."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(text)
    lines = python_lines(text)
    found = set()
    for message in pyflakes_checker.Checker(tree, filename="fixed.py").messages:
        if not isinstance(message, BREAKAGE):
            continue
        name = str(message.message_args[0]) if message.message_args else ""
        if isinstance(message, pyflakes_messages.UnusedImport):
            line = lines[message.lineno - 1]
            if "noqa" in line:
                continue
            found.add(("unused", _local_name(name, line)))
        elif isinstance(message, pyflakes_messages.RedefinedWhileUnused):
            found.add(("unused", name))
        else:
            found.add((type(message).__name__, name))
    return found


def _local_name(imported: str, line: str) -> str:
    """The name an import binds, from pyflakes' ``'a.b as c'`` / ``'m.name'`` / ``'a.b'``."""
    if " as " in imported:
        return imported.rpartition(" as ")[2]
    if line.lstrip().startswith("from "):
        return imported.rpartition(".")[2]
    return imported.partition(".")[0]


def python_lines(text: str) -> List[str]:
    """Lines as Python counts them (``str.splitlines`` also breaks at \\x0c, \\x1e, \\u2028...)."""
    return re.split(r"\r\n|\r|\n", text)


def changed_lines(old: str, new: str) -> Set[int]:
    matcher = difflib.SequenceMatcher(a=python_lines(old), b=python_lines(new), autojunk=False)
    changed: Set[int] = set()
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            changed.update(range(i1 + 1, i2 + 1))
    return changed


def problems_of_fixing(original: str) -> Tuple[bool, List[str]]:
    """(whether the fix changed the text, what is wrong with the fixed text)."""
    try:
        outcome = fix_text(original)
    except FixError as exc:
        return False, [f"the fixer failed: {exc}"]
    if outcome.text == original:
        return False, []
    problems: List[str] = []
    if parses(original, OLDEST_PYTHON) and not parses(outcome.text, OLDEST_PYTHON):
        return True, ["the fixed text does not parse under Python 3.9"]
    if not parses(outcome.text):
        return True, ["the fixed text does not parse"]
    again = fix_text(outcome.text)
    if again.text != outcome.text:
        problems.append("a second fix changes the text again")
    text = original
    for plan in outcome.plans:
        source = Source(text)
        allowed: Set[int] = set()
        for finding in plan.findings:
            allowed.update(range(finding.line, max(finding.end_line, finding.line) + 1))
        for edit in plan.edits:
            if edit.role != SITE:
                allowed.update(range(source.line_of(edit.start), source.line_of(max(edit.start, edit.end - 1)) + 1))
        after = apply_edits(text, plan.edits)
        stray = changed_lines(text, after) - allowed
        if stray:
            problems.append(f"a pass changed unflagged lines {sorted(stray)[:10]}")
        text = after
    # by kind and name: one more read of a name that was already undefined breaks nothing new
    gained = breakage(outcome.text) - breakage(original)
    if gained:
        problems.append(f"pyflakes reports new {sorted(gained)}")
    return True, problems


# --- the project's own legacy files ------------------------------------------------------------

OWN_FILES = sorted(list((REPO_ROOT / "examples").glob("*.py"))
                   + list((REPO_ROOT / "tests" / "fix_programs").glob("*.py"))
                   + list((REPO_ROOT / "tests" / "eval_files").glob("*.py")))


@pytest.mark.parametrize("path", OWN_FILES, ids=[f"{p.parent.name}/{p.name}" for p in OWN_FILES])
def test_fixing_the_projects_legacy_files_breaks_nothing(path):
    original = path.read_text(encoding="utf-8")
    if not parses(original):
        pytest.skip("the legacy file itself does not parse")
    _, problems = problems_of_fixing(original)
    assert not problems, problems


@pytest.mark.parametrize("path", OWN_FILES, ids=[f"{p.parent.name}/{p.name}" for p in OWN_FILES])
def test_the_fix_is_the_same_with_or_without_the_ast_grep_rules(path):
    """The output never depends on whether the optional ast-grep package is there (without it
    the fixer rewrites the one-node sites itself): both give the same text."""
    original = path.read_text(encoding="utf-8")
    if not parses(original):
        pytest.skip("the legacy file itself does not parse")
    assert fix_text(original, use_rules=False).text == fix_text(original).text


# --- the downloaded legacy corpus --------------------------------------------------------------


def test_fixing_the_legacy_corpus_breaks_nothing():
    corpus = load_benchmark_corpus()
    if FULL:
        corpus.ensure_corpus(log=lambda message: None)
    files = corpus.legacy_files()
    if not files:
        pytest.skip(f"no legacy corpus in {corpus.cache_root()}: run `python benchmarks/corpus.py`")
    candidates = []
    for path in files:
        try:
            text, _ = read_source(path)
        except (UnreadableSource, OSError):
            continue
        if any(hint in text for hint in LEGACY_HINTS) and parses(text):
            candidates.append((path, text))
    chosen = spread_sample(candidates, bounded(len(candidates), 40))
    fixed, failures = 0, []
    for path, text in chosen:
        changed, problems = problems_of_fixing(text)
        fixed += changed
        failures += [f"{path}: {problem}" for problem in problems]
    print(f"\nlegacy corpus: {len(chosen)} files tried, {fixed} fixed, {len(failures)} problems")
    assert not failures, "\n".join(failures[:40])


# --- generated programs with legacy code spliced in ---------------------------------------------

#: Legacy fragments as real code has them: provider-era imports, accounts, lookups, runs and
#: result access, sessions, string annotations and re-exports. Each is spliced in whole; the
#: import lines of some are spliced separately (imports that come late, or after the use).
FRAGMENTS = [
    ("from qiskit_ibm_provider import IBMProvider",
     "provider = IBMProvider()\nbackend = provider.get_backend('ibm_kyiv')\n"
     "counts = backend.run(qc, shots=100).result().get_counts()\n"),
    ("from qiskit import IBMQ", "IBMQ.load_account()\nprovider = IBMQ.get_provider(hub='ibm-q')\n"
     "backend = provider.get_backend('ibmq_lima')\n"),
    ("from qiskit_ibm_runtime import QiskitRuntimeService, Session",
     "service = QiskitRuntimeService(channel='ibm_quantum')\n"
     "with Session(service=service, backend='ibm_kyiv') as session:\n    pass\n"),
    ("from qiskit_ibm_provider import IBMProvider\nfrom typing import Optional",
     "def connect(provider: Optional['IBMProvider'] = None) -> 'IBMProvider':\n"
     "    return provider or IBMProvider()\n"),
    ("from qiskit_ibm_provider import IBMProvider", "__all__ = ['IBMProvider']\n"),
    ("from qiskit_ibm_runtime import QiskitRuntimeService, Session",
     "service = QiskitRuntimeService()\nsession = Session(backend=service.backend('ibm_kyiv'))\n"),
    ("from qiskit_ibm_provider import IBMProvider",
     "backend = IBMProvider().get_backend('ibm_kyiv')\njob = backend.run(qc)\nprint(job.result().get_counts())\n"),
]

GENERATED = settings(
    max_examples=bounded(3000, 200),
    deadline=None,
    derandomize=True,  # the same programs on every run: a failure is reproducible
    suppress_health_check=list(HealthCheck),
)


def splice(program: str, fragment: Tuple[str, str], data) -> str:
    """Insert the fragment's imports and its code at top-level statement boundaries of
    ``program``, the imports possibly after the code (a module whose imports come late)."""
    tree = ast.parse(program)
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", program)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    boundaries = sorted({0, len(lines)} | {stmt.lineno - 1 for stmt in tree.body}
                        | {stmt.end_lineno for stmt in tree.body})
    imports, code = fragment
    at_code = data.draw(st.sampled_from(boundaries), label="code at")
    at_imports = data.draw(st.sampled_from(boundaries), label="imports at")
    pieces: dict = {}
    pieces.setdefault(at_imports, []).append(imports + "\n")
    pieces.setdefault(at_code, []).append(code)
    out = []
    for index in range(len(lines) + 1):
        out.extend(pieces.get(index, []))
        if index < len(lines):
            out.append(lines[index])
    return "".join(out)


@GENERATED
@given(program=hypothesmith.from_grammar(auto_target=False), fragment=st.sampled_from(FRAGMENTS), data=st.data())
def test_generated_programs_with_legacy_code_spliced_in(program, fragment, data):
    assume(parses(program, OLDEST_PYTHON))
    text = splice(program, fragment, data)
    assume(parses(text))
    changed, problems = problems_of_fixing(text)
    assert not problems, (problems, text)


@pytest.mark.parametrize("program", [
    "x = 1\n",
    '"""A docstring."""\nfrom __future__ import annotations\nimport os\n',
    "def f():\n    return 1\n\n\nimport os\n",
])
@pytest.mark.parametrize("fragment", FRAGMENTS, ids=[f"fragment{i}" for i in range(len(FRAGMENTS))])
def test_every_fragment_spliced_anywhere_in_known_programs(program, fragment):
    tree = ast.parse(program)
    lines = program.splitlines(keepends=True)
    boundaries = sorted({0, len(lines)} | {stmt.end_lineno for stmt in tree.body})
    for at_imports in boundaries:
        for at_code in boundaries:
            pieces = {i: [] for i in range(len(lines) + 1)}
            pieces[at_imports].append(fragment[0] + "\n")
            pieces[at_code].append(fragment[1])
            text = "".join("".join(pieces[i]) + (lines[i] if i < len(lines) else "") for i in range(len(lines) + 1))
            changed, problems = problems_of_fixing(text)
            assert not problems, (problems, text)
