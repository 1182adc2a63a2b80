"""A legacy file of any size, for measuring how check and fix scale with file size.

    python benchmarks/scaling.py [LINES ...]      # time and peak memory of check and fix
    python benchmarks/scaling.py --one KIND FILE [RUNS]   # one measurement (what bench.py runs)

The file is the ``examples/`` files named in ``EXAMPLE_FILES`` (the provider-era and runtime
examples) concatenated over and over, each copy's top-level names renamed with a numeric
suffix (``backend`` -> ``backend_7``), so every copy is a fresh set of sites rather than
rebindings of one name.
Imports are hoisted once to the top, as in a real module. ``legacy_source(lines)`` is what
``bench.py`` imports for its scaling table.
"""

from __future__ import annotations

import ast
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SIZES = (1_000, 5_000, 20_000, 100_000)
# Pinned by name so that an example added later does not change the generated file (and so the
# scaling table stays comparable across runs).
EXAMPLE_FILES = (
    "ibmq_ghz_execute.py",
    "modern_sampler_batch.py",
    "provider_bell_least_busy.py",
    "provider_dynamic_circuit.py",
    "runtime_backend_run_session.py",
    "runtime_primitives_session.py",
)


@lru_cache(maxsize=None)
def _examples() -> Tuple[Tuple[str, ...], Tuple[Tuple[str, Tuple[str, ...]], ...]]:
    """(import lines, (body, top-level names) per example)."""
    imports: Dict[str, None] = {}
    bodies = []
    for path in (EXAMPLES / name for name in EXAMPLE_FILES):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        lines = text.splitlines()
        body_lines: List[str] = []
        names = set()
        for stmt in tree.body:
            segment = lines[stmt.lineno - 1:stmt.end_lineno]
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                if not (isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"):
                    imports.setdefault("\n".join(segment))
                continue
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                continue  # the docstring
            body_lines.extend(segment)
            for node in ast.walk(stmt):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
                elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    names.add(node.name)
        bodies.append(("\n".join(body_lines), tuple(sorted(names, key=len, reverse=True))))
    return tuple(imports), tuple(bodies)


def _renamed(body: str, names: Tuple[str, ...], suffix: int) -> str:
    """Rename the top-level names by token (not attributes, keyword names or strings)."""
    import io
    import tokenize

    wanted = set(names)
    tokens = list(tokenize.generate_tokens(io.StringIO(body).readline))
    lines = body.splitlines(keepends=True)
    edits = []  # (row, col, old) from the end, so earlier columns stay valid
    depth = 0
    for index, token in enumerate(tokens):
        if token.type == tokenize.OP:
            depth += token.string in "([{"
            depth -= token.string in ")]}"
        if token.type != tokenize.NAME or token.string not in wanted:
            continue
        before = tokens[index - 1].string if index else ""
        after = tokens[index + 1].string if index + 1 < len(tokens) else ""
        if before == "." or (depth and after == "="):
            continue
        edits.append(token.start)
    for row, col in reversed(edits):
        line = lines[row - 1]
        end = col + len(next(n for n in wanted if line.startswith(n, col) and
                             not (line[col + len(n):col + len(n) + 1].isalnum() or
                                  line[col + len(n):col + len(n) + 1] == "_")))
        lines[row - 1] = f"{line[:end]}_{suffix}{line[end:]}"
    return "".join(lines)


def legacy_source(lines: int) -> str:
    """About ``lines`` lines (never fewer) of legacy Qiskit code that parses."""
    imports, bodies = _examples()
    out = list(imports)
    count = sum(part.count("\n") + 1 for part in out)
    copy = 0
    while count < lines:
        body, names = bodies[copy % len(bodies)]
        chunk = _renamed(body, names, copy)
        out.append(chunk)
        count += chunk.count("\n") + 1
        copy += 1
    return "\n".join(out) + "\n"


def _run_one(kind: str, path: Path, runs: int = 1) -> None:
    """In a fresh process: time ``runs`` checks or fixes of the file at ``path``, one after the
    other; print the mean seconds per run and the process's peak resident memory (Python and
    the ast-grep library alike). The file is read from disk and handled as ``qiskit-migrate
    check`` / ``fix`` handle each file: with the cyclic collector off until the file is done
    (``parallel.collect_between_items``); with it on, a 100,000-line file spends a third of
    its time in collections over objects that are all still alive. (Generating the file in
    this process instead would leave the heap full of the generator's freed tokens, which the
    tree then fills: a heap no real run has.) A 200-line file is handled first, untimed, so
    that first-use imports are not counted."""
    import resource

    sys.path.insert(0, str(REPO))
    from flake8_qiskit_migrate.detect.checker import check_source
    from flake8_qiskit_migrate.fix.engine import fix_text
    from flake8_qiskit_migrate.parallel import collect_between_items

    action = check_source if kind == "check" else fix_text
    # One small file first: the modules a check or fix imports on first use (the catalog, the
    # fixers, ast-grep) load then, so the timing below is the file's own cost at every size.
    with collect_between_items():
        action(legacy_source(200))
    text = path.read_text(encoding="utf-8")
    baseline = _peak_kib(resource)
    start = time.perf_counter()
    for _ in range(runs):
        with collect_between_items():
            action(text)
    elapsed = (time.perf_counter() - start) / runs
    peak = _peak_kib(resource)
    print(f"{elapsed} {peak / 1024} {(peak - baseline) / 1024}")


def write_source(lines: int, directory: Path) -> Path:
    """``legacy_source(lines)`` as a file in ``directory`` (what a measurement reads)."""
    path = directory / f"legacy_{lines}.py"
    if not path.exists():
        path.write_text(legacy_source(lines), encoding="utf-8")
    return path


def _peak_kib(resource) -> int:
    """This process's peak resident memory in KiB. On Linux from ``VmHWM``: ``ru_maxrss``
    survives ``exec``, so a child of a large process (bench.py holding the corpus's trees)
    would report its parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def runs_for(lines: int) -> int:
    """How many runs one measurement of a size averages: enough to do the work of one run of
    the largest size. This machine's speed varies by a third from second to second; a 100k
    run averages that out over its 20 s, so a smaller size must be timed over as long, or its
    figure is a lucky (or unlucky) second and the ratio between sizes measures the noise."""
    return max(1, round(max(SIZES) / lines))


def measure(kind: str, path: Path, runs: int = 1) -> Tuple[float, float]:
    """(mean seconds of ``runs`` runs, peak MiB of the process) of ``check`` or ``fix`` of the
    file at ``path``, each measurement in its own process so that one measurement's memory does
    not hide the next's."""
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--one", kind, str(path), str(runs)], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def main(argv: List[str]) -> int:
    if argv[:1] == ["--one"]:
        _run_one(argv[1], Path(argv[2]), int(argv[3]) if len(argv) > 3 else 1)
        return 0
    import tempfile

    sizes = [int(a) for a in argv] or list(SIZES)
    print(f"{'lines':>8} {'check s':>9} {'check MiB':>10} {'fix s':>9} {'fix MiB':>9} {'fix/check':>9}")
    with tempfile.TemporaryDirectory() as directory:
        for size in sizes:
            path = write_source(size, Path(directory))
            check_s, check_mb = measure("check", path, runs_for(size))
            fix_s, fix_mb = measure("fix", path, runs_for(size))
            print(f"{size:>8} {check_s:>9.3f} {check_mb:>10.1f} {fix_s:>9.3f} {fix_mb:>9.1f} "
                  f"{fix_s / check_s:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
