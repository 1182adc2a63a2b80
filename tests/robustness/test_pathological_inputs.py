"""Hostile files through the real flake8 with our plugin, each in the same run as an ordinary
legacy file: flake8 finishes, the legacy file's findings are still printed, the odd file gets
flake8's own E902/E999 where it cannot be read or parsed, and QM000 never appears.
"""

from __future__ import annotations

import ast
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, NamedTuple, Set, Tuple

import pytest

from flake8_qiskit_migrate.plugin import QiskitMigratePlugin

from robustness_support import bounded

LEGACY = "from qiskit_ibm_provider import IBMProvider\nprovider = IBMProvider()\n"
LEGACY_FINDINGS = {(1, "QM001"), (2, "QM005")}
FORMAT = "%(path)s:%(row)d:%(col)d:%(code)s"
SYNTAX_OR_DECODE_ERROR = {"E902", "E999"}


class Run(NamedTuple):
    returncode: int
    stderr: str
    by_file: Dict[str, Set[Tuple[int, str]]]
    seconds: float


def run_tool(command: List[str], directory: Path, odd_name: str) -> Run:
    start = time.perf_counter()
    done = subprocess.run([*command, "legacy.py", odd_name], cwd=directory, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    by_file: Dict[str, Set[Tuple[int, str]]] = {"legacy.py": set(), odd_name: set()}
    for line in (done.stdout + "\n" + done.stderr).splitlines():
        parts = line.split(":")
        # `path:row:col:code` from flake8's --format; the CLI's E902 lines carry no row
        if len(parts) >= 4 and parts[0] in by_file and parts[1].isdigit():
            by_file[parts[0]].add((int(parts[1]), parts[3].split()[0] if parts[3].strip() else parts[3]))
        elif len(parts) >= 2 and parts[0] in by_file and parts[1].strip().startswith("E902"):
            by_file[parts[0]].add((1, "E902"))
    return Run(done.returncode, done.stderr, by_file, seconds)


def flake8(directory: Path, odd_name: str) -> Run:
    command = [sys.executable, "-m", "flake8", "--isolated", "--jobs=1", "--select=QM,E9", f"--format={FORMAT}"]
    return run_tool(command, directory, odd_name)


def qiskit_migrate_check(directory: Path, odd_name: str) -> Run:
    return run_tool([sys.executable, "-m", "flake8_qiskit_migrate.cli", "check"], directory, odd_name)


def write_pair(directory: Path, odd_name: str, content: bytes) -> None:
    (directory / "legacy.py").write_text(LEGACY, encoding="utf-8")
    (directory / odd_name).write_bytes(content)


def assert_sensible(run: Run, odd_name: str, accept: Callable[[Set[Tuple[int, str]]], bool]) -> None:
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.returncode in (0, 1, 2), run.stderr
    assert run.by_file["legacy.py"] == LEGACY_FINDINGS, run
    every_code = {code for found in run.by_file.values() for _, code in found}
    assert "QM000" not in every_code, run
    assert accept(run.by_file[odd_name]), run.by_file[odd_name]


def exactly(*expected: Tuple[int, str]) -> Callable[[Set[Tuple[int, str]]], bool]:
    return lambda found: found == set(expected)


def one_error_of(codes: Set[str]) -> Callable[[Set[Tuple[int, str]]], bool]:
    return lambda found: len(found) == 1 and next(iter(found))[1] in codes


def latin1_fallback_or_e902(found: Set[Tuple[int, str]]) -> bool:
    # flake8 reads a file with a bad or missing encoding as latin-1 (its documented
    # fallback), so our plugin sees the import; a stricter reader reports E902 instead.
    return found in ({(1, "QM001")}, {(2, "QM001")}, {(1, "E902")})


CRLF_LEGACY = LEGACY.replace("\n", "\r\n").encode()
CASES = {
    "empty": (b"", exactly()),
    "only-comments": (
        b"# from qiskit_ibm_provider import IBMProvider\n# backend.run(qc)  channel='ibm_quantum'\n#\n",
        exactly(),
    ),
    "random-bytes": (random.Random(0).randbytes(4096), one_error_of(SYNTAX_OR_DECODE_ERROR)),
    "nul-bytes": (
        b"from qiskit_ibm_provider import IBMProvider\x00\nprovider = 1\n",
        one_error_of(SYNTAX_OR_DECODE_ERROR),
    ),
    "non-utf8-without-cookie": (b"from qiskit_ibm_provider import IBMProvider  # caf\xe9\n", latin1_fallback_or_e902),
    "unknown-coding-cookie": (b"# -*- coding: klingon -*-\nimport qiskit_ibm_provider\n", latin1_fallback_or_e902),
    "latin1-with-cookie": (
        b"# -*- coding: latin-1 -*-\nfrom qiskit_ibm_provider import IBMProvider  # caf\xe9\n",
        exactly((2, "QM001")),
    ),
    "crlf": (CRLF_LEGACY, exactly((1, "QM001"), (2, "QM005"))),
    "mixed-line-endings": (
        b"from qiskit_ibm_provider import IBMProvider\r\nimport os\nprovider = IBMProvider()\r",
        exactly((1, "QM001"), (3, "QM005")),
    ),
    # CPython's tokenizer refuses more than 200 open parentheses: a clean E999.
    "parentheses-100000-deep": (
        # it names an IBM package: `qiskit-migrate check` does not parse files that cannot hold a finding
        ("import qiskit_ibm_provider\nx = " + "(" * 100_000 + "1" + ")" * 100_000 + "\n").encode(),
        one_error_of({"E999"}),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_flake8_reports_something_sensible_and_keeps_the_other_files_findings(tmp_path, case):
    content, accept = CASES[case]
    write_pair(tmp_path, "odd.py", content)
    assert_sensible(flake8(tmp_path, "odd.py"), "odd.py", accept)


@pytest.mark.parametrize("case", sorted(CASES))
def test_qiskit_migrate_check_reports_something_sensible_too(tmp_path, case):
    content, accept = CASES[case]
    write_pair(tmp_path, "odd.py", content)
    # The CLI decodes strictly, like Python: a bad encoding is E902, never a latin-1 guess.
    strict = one_error_of({"E902"}) if accept is latin1_fallback_or_e902 else accept
    assert_sensible(qiskit_migrate_check(tmp_path, "odd.py"), "odd.py", strict)


# --- nesting -------------------------------------------------------------------------------

UNPARSABLE_DEPTH = 100_000
NESTED_SHAPES = {
    "unary-minus": lambda n: "-" * n + "backend.run(qc)",
    "not": lambda n: "not " * n + "backend.run(qc)",
    "attribute-chain": lambda n: "backend.run(qc)" + ".result" * n,
    "call-chain": lambda n: "backend.run(qc)" + "()" * n,
    "subscript-chain": lambda n: "backend.run(qc)" + "[0]" * n,
    "conditional": lambda n: "backend.run(qc) if c else " * n + "None",
    "lambda": lambda n: "lambda: " * n + "backend.run(qc)",
    "binary-operators": lambda n: "backend.run(qc)" + " + 1" * n,
}
PRELUDE = "from qiskit_ibm_provider import IBMProvider\nbackend = IBMProvider().get_backend('ibm_kyiv')\nx = "
NESTED_LINE = 3


def nested_source(shape: str, depth: int) -> str:
    return PRELUDE + NESTED_SHAPES[shape](depth) + "\n"


def deepest_parsable(shape: str) -> int:
    """The deepest nesting of ``shape`` CPython's parser accepts here (version dependent)."""
    low, high = 1, 20_000
    while low < high:
        middle = (low + high + 1) // 2
        try:
            ast.parse(nested_source(shape, middle))
            low = middle
        except (RecursionError, MemoryError, SyntaxError):
            high = middle - 1
    return low


@pytest.mark.parametrize("shape", sorted(NESTED_SHAPES))
def test_nesting_as_deep_as_python_parses_is_checked_like_any_other_code(tmp_path, shape):
    # 90% of the parser's limit leaves room for the stack of the process that parses it again.
    depth = deepest_parsable(shape) * 9 // 10
    text = nested_source(shape, depth)
    tree = ast.parse(text)
    # In process, exactly as flake8 calls a tree plugin (flake8's own pyflakes gives up on
    # these trees with a RecursionError, which would end a real flake8 run before us).
    found = {(line, message.split()[0]) for line, _, message, _ in
             QiskitMigratePlugin(tree, text.splitlines(keepends=True)).run()}
    assert found == {(1, "QM001"), (2, "QM005"), (NESTED_LINE, "QM002")}, (depth, found)
    write_pair(tmp_path, "deep.py", text.encode())
    run = qiskit_migrate_check(tmp_path, "deep.py")
    assert_sensible(run, "deep.py", exactly((1, "QM001"), (2, "QM005"), (NESTED_LINE, "QM002")))


@pytest.mark.parametrize("shape", ["unary-minus", "attribute-chain"])
def test_nesting_100000_deep_that_python_cannot_parse(tmp_path, shape):
    text = nested_source(shape, UNPARSABLE_DEPTH)
    with pytest.raises((RecursionError, MemoryError, SyntaxError)):
        ast.parse(text)
    write_pair(tmp_path, "deep.py", text.encode())
    # Our CLI: E999 for the file, the other file's findings as usual.
    assert_sensible(qiskit_migrate_check(tmp_path, "deep.py"), "deep.py", one_error_of({"E999"}))
    # flake8 7 itself dies in its own ast.parse (flake8/processor.py build_ast), before any
    # plugin runs: a known flake8 limitation (it catches only SyntaxError there). Prove that
    # the failure, if any, is not ours.
    run = flake8(tmp_path, "deep.py")
    if "Traceback" in run.stderr:
        assert "build_ast" in run.stderr and "flake8_qiskit_migrate" not in run.stderr, run.stderr[-3000:]
    else:  # a flake8 that turns this into E999
        assert_sensible(run, "deep.py", one_error_of({"E999"}))


# --- size ----------------------------------------------------------------------------------


def test_a_very_long_file(tmp_path):
    lines = bounded(1_000_000, 200_000)  # flake8's own checks make 1,000,000 lines take minutes
    body = "import qiskit_ibm_provider\n" + "x = 1\n" * (lines - 2) + "provider = qiskit_ibm_provider.IBMProvider()\n"
    write_pair(tmp_path, "long.py", body.encode())
    run = flake8(tmp_path, "long.py")
    print(f"\nflake8 --select QM,E9 on a {lines:,}-line file and a legacy file: {run.seconds:.1f} s")
    assert_sensible(run, "long.py", exactly((1, "QM001"), (lines, "QM005")))


# --- the linted code's own warnings -----------------------------------------------------------

ODD_ESCAPES = 'from qiskit_ibm_provider import IBMProvider\npattern = "\\d+"\nprovider = IBMProvider()\n'


@pytest.mark.parametrize("command", [["check"], ["fix", "--diff"]])
def test_warnings_about_the_linted_code_are_not_printed(tmp_path, command):
    # Python >= 3.12 shows a SyntaxWarning for an invalid escape while parsing; "-W always"
    # makes older Pythons (a DeprecationWarning there) show it too.
    (tmp_path / "odd.py").write_text(ODD_ESCAPES, encoding="utf-8")
    done = subprocess.run([sys.executable, "-W", "always:invalid escape sequence", "-m",
                           "flake8_qiskit_migrate.cli", *command, "odd.py"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.strip(), "the command reported nothing: the test would prove nothing"
    assert "escape sequence" not in done.stderr, done.stderr
