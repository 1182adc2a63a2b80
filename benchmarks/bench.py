"""How much flake8-qiskit-migrate costs, against ``ast.parse`` and against its peer.

    python benchmarks/corpus.py                       # once: fetch the pinned legacy corpus
    python benchmarks/bench.py [--repeat N] [--json out.json] [--no-tools]

Every figure is a ratio to a baseline measured in the same run on the same files, so the
targets hold on a slow laptop as well as on a fast CI runner:

* in process, on trees parsed once: our flake8 plugin vs ``ast.parse`` of the same files, and
  vs the peer plugin ``flake8-qiskit-migration`` called the way flake8 calls it;
* whole tools (skipped with ``--no-tools``): ``flake8 --select QM`` from one flake8
  installation with and without our plugin (and with the peer instead), ``qiskit-migrate
  check``, ``qiskit-migrate fix --diff`` and ``ast-grep scan`` over the legacy corpus.

Exit status 1 if a target fails. Tools the benchmark needs (the peer plugin, a flake8 with no
plugins) are installed with pip into the cache directory next to the corpus, never into the
environment running this script.
"""

from __future__ import annotations

import argparse
import ast
import gc
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (sibling module, not a package)

from flake8_qiskit_migrate.plugin import QiskitMigratePlugin  # noqa: E402
from flake8_qiskit_migrate.sources import UnreadableSource, read_source  # noqa: E402

PEER = "flake8-qiskit-migration==0.5.0"
PEER_PLUGIN = ("QKT", "flake8_qiskit_migration.plugin:Plugin")
OUR_PLUGIN = ("QM", "flake8_qiskit_migrate.plugin:QiskitMigratePlugin")

# Targets from the issue; each is "ours / baseline <= limit".
MAX_RATIO_MIXED = 0.05
MAX_RATIO_IBM = 0.30
MIN_SPEEDUP_VS_PEER = 4.0

#: Text that names an IBM Quantum API (issue 9 item 5): the files where the checker really works.
USES_IBM_APIS = re.compile(r"qiskit_ibm_provider|qiskit_ibm_runtime|IBMQ|providers\.ibmq|IBMProvider|IBMBackend"
                           r"|QiskitRuntimeService")
MAX_FIX_OVER_CHECK = 3.0  # issue 10 item 9: fix --diff <= 3 x check on the legacy corpus
MAX_FIX_GROWTH_5K_TO_100K = 20.0  # fix linear: 100k lines within 20 x the time of 5k lines
MAX_FIX_MEMORY_OVER_CHECK = 3.0  # fix's peak memory within a small multiple of check's
MAX_CHECK_OVER_FLOOR = 1.0  # issue 11 item 4: check <= read + ast.parse of the same files
MAX_NOTEBOOK_OVER_PY = 1.3  # a notebook costs at most 1.3 x the same code as a .py file
SCALING_TIMEOUT = 900

NO_PLUGIN = "flake8 --select QM, no plugin"
WITH_OURS = "flake8 --select QM, our plugin"


class Source(NamedTuple):
    path: Path
    text: str
    lines: list[str]
    tree: ast.Module

    @property
    def mentions_ibm(self) -> bool:
        return "ibm" in self.text.lower()

    @property
    def uses_ibm_apis(self) -> bool:
        return USES_IBM_APIS.search(self.text) is not None


@dataclass
class Timing:
    """Seconds per repeat for one corpus and one contender."""

    runs: list[float] = field(default_factory=list)

    @property
    def min(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


@dataclass
class CorpusResult:
    name: str
    files: int
    lines: int
    parse: Timing
    ours: Timing
    peer: Timing | None

    @property
    def ratio(self) -> float:
        return self.ours.min / self.parse.min

    @property
    def peer_ratio(self) -> float | None:
        return self.peer.min / self.parse.min if self.peer else None

    @property
    def speedup_vs_peer(self) -> float | None:
        return self.peer.min / self.ours.min if self.peer else None


# --------------------------------------------------------------------------- loading


def load(paths: Iterable[Path]) -> tuple[list[Source], int]:
    """Read and parse every file once; returns the sources and how many could not be parsed."""
    sources, skipped = [], 0
    for path in paths:
        try:
            text, _ = read_source(path)
            tree = ast.parse(text)
        except (UnreadableSource, SyntaxError, ValueError, OSError):
            skipped += 1  # Python 2 code in old sdists, deliberately broken test data
            continue
        sources.append(Source(path, text, text.splitlines(keepends=True), tree))
    return sources, skipped


def peer_plugin_class(cache: Path):
    """The peer's flake8 plugin class, pip-installed into the cache on first use."""
    target = cache / "peer"
    if not (target / "flake8_qiskit_migration").is_dir():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                        "--target", str(target), PEER], check=True)
    sys.path.insert(0, str(target))
    from flake8_qiskit_migration.plugin import Plugin

    return Plugin


# --------------------------------------------------------------------------- in process


def _time_each(sources: list[Source], work: Callable[[Source], object]) -> list[float]:
    times = []
    clock = time.perf_counter
    for source in sources:
        start = clock()
        work(source)
        times.append(clock() - start)
    return times


def run_ours(source: Source) -> list:
    # Exactly what flake8 does with a tree plugin: construct it with the parsed tree and the
    # physical lines, then drain run().
    return list(QiskitMigratePlugin(source.tree, source.lines).run())


def measure(sources: list[Source], repeat: int, peer_class) -> dict[str, list[list[float]]]:
    """Per repeat, per file seconds for parse / ours / peer, interleaved so that every
    contender sees the same machine conditions."""
    contenders: dict[str, Callable[[Source], object]] = {
        "parse": lambda s: ast.parse(s.text),
        "ours": run_ours,
    }
    if peer_class is not None:
        contenders["peer"] = lambda s: list(peer_class(s.tree).run())
    results: dict[str, list[list[float]]] = {name: [] for name in contenders}
    # With millions of tree nodes alive, a cyclic GC pass costs seconds and lands on whichever
    # contender happens to allocate at that moment; like timeit, measure with GC off.
    gc_was_enabled = gc.isenabled()
    try:
        for _ in range(repeat):
            for name, work in contenders.items():
                gc.collect()
                gc.disable()
                results[name].append(_time_each(sources, work))
                gc.enable()
    finally:
        if gc_was_enabled:
            gc.enable()
    return results


def summarise(name: str, sources: list[Source], indices: list[int], per_file) -> CorpusResult:
    def timing(contender: str) -> Timing | None:
        if contender not in per_file:
            return None
        return Timing([sum(run[i] for i in indices) for run in per_file[contender]])

    return CorpusResult(
        name=name,
        files=len(indices),
        lines=sum(len(sources[i].lines) for i in indices),
        parse=timing("parse"),
        ours=timing("ours"),
        peer=timing("peer"),
    )


# --------------------------------------------------------------------------- whole tools


class Tool(NamedTuple):
    name: str
    command: list[str] | None  # None: not available here
    note: str = ""


@dataclass
class ToolRun:
    name: str
    seconds: list[float]
    exit_code: int | None
    note: str

    @property
    def min(self) -> float | None:
        return min(self.seconds) if self.seconds else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None


def run_tools(tools: list[Tool], repeat: int, cwd: Path) -> list[ToolRun]:
    """Each tool ``repeat`` times, interleaved, so a busy moment of the machine does not land
    on one contender only; min and median are reported."""
    runs = [ToolRun(tool.name, [], None, tool.note) for tool in tools]
    for _ in range(repeat):
        for tool, run in zip(tools, runs):
            if tool.command is None:
                continue
            start = time.perf_counter()
            result = subprocess.run(tool.command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            run.seconds.append(time.perf_counter() - start)
            run.exit_code = result.returncode
            run.note = f"{len(result.stdout.splitlines())} lines of output"
    return runs


def plain_flake8(cache: Path) -> Path:
    """A virtualenv holding only flake8 (same version as ours): plugins are added per run
    through flake8's own ``[flake8:local-plugins]`` config, so the runs differ in nothing else."""
    import flake8

    venv = cache / "venvs" / f"flake8-{flake8.__version__}"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"flake8=={flake8.__version__}"], check=True)
    return python


def flake8_config(cache: Path, name: str, plugin: tuple[str, str] | None, path: Path | None) -> Path:
    config = cache / "configs" / f"{name}.cfg"
    config.parent.mkdir(parents=True, exist_ok=True)
    text = "[flake8]\n"
    if plugin is not None:
        code, entry = plugin
        text += f"\n[flake8:local-plugins]\nextension =\n    {code} = {entry}\npaths =\n    {path}\n"
    config.write_text(text, encoding="utf-8")
    return config


def whole_tools(cache: Path, legacy_root: Path) -> list[Tool]:
    tools: list[Tool] = []
    python = plain_flake8(cache)
    target = str(legacy_root)
    flake8_runs = (
        (NO_PLUGIN, "no-plugin", None, None, "QM"),
        (WITH_OURS, "our-plugin", OUR_PLUGIN, REPO, "QM"),
        ("flake8 --select QKT, peer plugin", "peer-plugin", PEER_PLUGIN, cache / "peer", "QKT"),
    )
    for name, config_name, plugin, path, select in flake8_runs:
        config = flake8_config(cache, config_name, plugin, path)
        tools.append(Tool(name, [str(python), "-m", "flake8", "--config", str(config),
                                 "--select", select, "--exit-zero", target]))
    cli = [sys.executable, "-m", "flake8_qiskit_migrate.cli"]
    tools.append(Tool("qiskit-migrate check", [*cli, "check", target]))
    if importlib.util.find_spec("flake8_qiskit_migrate.fix.engine") is None:
        tools.append(Tool("qiskit-migrate fix --diff", None, "skipped: the fixer is not available"))
    else:
        tools.append(Tool("qiskit-migrate fix --diff", [*cli, "fix", "--diff", target]))
    search_path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    ast_grep = shutil.which("ast-grep", path=search_path)
    if ast_grep is None:
        tools.append(Tool("ast-grep scan", None, "skipped: ast-grep is not installed"))
    else:
        sgconfig = str(REPO / "sgconfig.yml")
        tools.append(Tool("ast-grep scan -c sgconfig.yml", [ast_grep, "scan", "-c", sgconfig, target]))
    return tools


# --------------------------------------------------------------------------- floors, notebooks, jobs, scaling

PARSE_FLOOR = """\
import ast, sys
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        ast.parse(data)
    except (SyntaxError, ValueError):
        pass
"""


def _timed(command: list[str], repeat: int, cwd: Path = REPO) -> tuple[float, str]:
    """Minimum wall clock over ``repeat`` runs, and the stdout of the last one."""
    best, out = float("inf"), ""
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        best = min(best, time.perf_counter() - start)
        out = done.stdout
    return best, out


def _cli_takes(option: str) -> bool:
    done = subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "check", "--help"],
                          capture_output=True, text=True, cwd=REPO)
    return option in done.stdout


@dataclass
class FloorRun:
    corpus: str
    files: int
    floor: float
    check: float
    check_one_job: float | None
    ruff: float | None

    @property
    def ratio(self) -> float:
        return self.check / self.floor


def floors(trees: dict[str, list[Path]], repeat: int, cache: Path) -> list[FloorRun]:
    """``qiskit-migrate check`` vs a process that only reads and parses the same files, and vs
    ``ruff check --select E9`` (syntax errors only), each given the same explicit file list."""
    cli = [sys.executable, "-m", "flake8_qiskit_migrate.cli", "check", "--exit-zero"]
    if _cli_takes("--no-summary"):
        cli.append("--no-summary")
    one_job = _cli_takes("--jobs")
    ruff = shutil.which("ruff", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    runs = []
    for name, paths in trees.items():
        if not paths:
            continue
        listing = cache / f"files-{name}.txt"
        listing.write_text("\n".join(str(p) for p in paths), encoding="utf-8")
        files = [str(p) for p in paths]
        floor, _ = _timed([sys.executable, "-c", PARSE_FLOOR, str(listing)], repeat)
        check, _ = _timed([*cli, *files], repeat)
        single = _timed([*cli, "--jobs", "1", *files], repeat)[0] if one_job else None
        ruff_time = (_timed([ruff, "check", "--isolated", "--no-cache", "--select", "E9", "--exit-zero", "--quiet",
                             *files], repeat)[0] if ruff else None)
        runs.append(FloorRun(name, len(paths), floor, check, single, ruff_time))
    return runs


def _as_notebook(text: str) -> str | None:
    """The module as a notebook: one code cell per run of top-level statements (about 15 lines)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    lines = text.splitlines(keepends=True)
    starts = [stmt.lineno - 1 for stmt in tree.body]
    if not starts:
        return None
    cells, begin = [], 0
    for start in starts[1:]:
        if start - begin >= 15:
            cells.append(lines[begin:start])
            begin = start
    cells.append(lines[begin:])
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
                           "source": cell} for i, cell in enumerate(cells)],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                             "language_info": {"name": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1)


def notebooks_vs_py(sources: list[Source], repeat: int, cache: Path) -> tuple[int, float, float] | None:
    """``check`` of the IBM-using legacy files as notebooks vs the same code as ``.py`` files."""
    root = cache / "notebook-bench"
    shutil.rmtree(root, ignore_errors=True)
    (root / "py").mkdir(parents=True)
    (root / "ipynb").mkdir()
    count = 0
    for index, source in enumerate(s for s in sources if s.uses_ibm_apis):
        notebook = _as_notebook(source.text)
        if notebook is None:
            continue
        (root / "py" / f"m{index}.py").write_text(source.text, encoding="utf-8")
        (root / "ipynb" / f"m{index}.ipynb").write_text(notebook, encoding="utf-8")
        count += 1
    if not count:
        return None
    cli = [sys.executable, "-m", "flake8_qiskit_migrate.cli", "check", "--exit-zero"]
    py, _ = _timed([*cli, str(root / "py")], repeat)
    nb, _ = _timed([*cli, str(root / "ipynb")], repeat)
    return count, py, nb


def jobs_speedup(paths: list[Path], repeat: int) -> tuple[float, float, bool] | None:
    """``check --jobs 1`` vs ``--jobs 2`` on the legacy corpus: seconds each, identical output?"""
    if not paths or not _cli_takes("--jobs"):
        return None
    cli = [sys.executable, "-m", "flake8_qiskit_migrate.cli", "check", "--exit-zero"]
    files = [str(p) for p in paths]
    one, out_one = _timed([*cli, "--jobs", "1", *files], repeat)
    two, out_two = _timed([*cli, "--jobs", "2", *files], repeat)
    return one, two, out_one == out_two


SCALING_SIZES = (1_000, 5_000, 20_000, 100_000)


def scaling_table(repeat: int = 1) -> list[tuple[int, str, float | None, float | None]] | None:
    """(lines, "check" / "fix", seconds per run, peak MiB) from ``benchmarks/scaling.py``, one
    fresh process per measurement, the fastest of ``repeat`` (None: timed out or failed). Each
    measurement averages as many runs as make the work of one 100k-line run
    (``scaling.runs_for``), and the repeats go round all sizes in turn: this machine's speed
    varies by a third from one second to the next, so a one-second measurement against a
    twenty-second one would compare a lucky second with an average."""
    script = HERE / "scaling.py"
    if not script.exists():
        return None
    import tempfile

    from scaling import write_source

    best: dict[tuple[int, str], tuple[float | None, float | None]] = {}
    failed: set[tuple[int, str]] = set()
    with tempfile.TemporaryDirectory() as directory:
        files = {lines: write_source(lines, Path(directory)) for lines in SCALING_SIZES}
        for _ in range(max(1, repeat)):
            _scaling_round(script, files, best, failed)
    return [(lines, kind, *best[(lines, kind)]) for lines in SCALING_SIZES for kind in ("check", "fix")]


def _scaling_round(script: Path, files: dict[int, Path], best: dict, failed: set) -> None:
    """One measurement of every size and kind, keeping the fastest time and largest peak."""
    from scaling import runs_for

    for lines in SCALING_SIZES:
        for kind in ("check", "fix"):
            key = (lines, kind)
            if key in failed:
                continue  # a timeout is the verdict; repeating it only costs another SCALING_TIMEOUT
            try:
                done = subprocess.run([sys.executable, str(script), "--one", kind, str(files[lines]),
                                       str(runs_for(lines))],
                                      capture_output=True, text=True, timeout=SCALING_TIMEOUT, cwd=REPO)
                took, most = (float(x) for x in done.stdout.split()[:2])
            except (subprocess.TimeoutExpired, ValueError):
                failed.add(key)
                best[key] = (None, None)
                continue
            seconds, peak = best.get(key, (None, None))
            best[key] = (took if seconds is None else min(seconds, took),
                         most if peak is None else max(peak, most))


# --------------------------------------------------------------------------- report


class Verdict(NamedTuple):
    passed: bool
    text: str


def verdicts(results: dict[str, CorpusResult]) -> list[Verdict]:
    out = []
    mixed, ibm = results["mixed"], results.get("ibm-token files")
    out.append(Verdict(mixed.ratio <= MAX_RATIO_MIXED,
                       f"checker / ast.parse on the mixed corpus = {mixed.ratio:.3f} (target <= {MAX_RATIO_MIXED})"))
    if ibm is not None and ibm.files:
        out.append(Verdict(ibm.ratio <= MAX_RATIO_IBM,
                           f"checker / ast.parse on files mentioning 'ibm' = {ibm.ratio:.3f} "
                           f"(target <= {MAX_RATIO_IBM})"))
    uses = results.get("uses IBM APIs")
    if uses is not None and uses.files:
        out.append(Verdict(uses.ratio <= MAX_RATIO_IBM,
                           f"checker / ast.parse on files using IBM APIs = {uses.ratio:.3f} "
                           f"(target <= {MAX_RATIO_IBM})"))
    if mixed.speedup_vs_peer is not None:
        out.append(Verdict(mixed.speedup_vs_peer >= MIN_SPEEDUP_VS_PEER,
                           f"peer plugin / our plugin on the mixed corpus = {mixed.speedup_vs_peer:.2f}x "
                           f"(target >= {MIN_SPEEDUP_VS_PEER}x)"))
    return out


def print_table(results: dict[str, CorpusResult], repeat: int) -> None:
    print(f"In process, {repeat} repeat(s); seconds as min / median; ratios of minimums to ast.parse")
    header = (f"{'corpus':<17}{'files':>7}{'lines':>10}{'ast.parse':>16}{'ours':>16}{'ratio':>8}"
              f"{'peer':>16}{'ratio':>8}{'peer/ours':>10}")
    print(header)
    print("-" * len(header))
    for r in results.values():
        peer = f"{r.peer.min:7.3f}/{r.peer.median:<7.3f}" if r.peer else f"{'-':>15} "
        peer_ratio = f"{r.peer_ratio:8.3f}" if r.peer else f"{'-':>8}"
        speedup = f"{r.speedup_vs_peer:9.2f}x" if r.peer else f"{'-':>10}"
        print(f"{r.name:<17}{r.files:>7}{r.lines:>10} {r.parse.min:7.3f}/{r.parse.median:<7.3f}"
              f" {r.ours.min:7.3f}/{r.ours.median:<7.3f}{r.ratio:8.3f} {peer}{peer_ratio}{speedup}")


def print_tools(runs: list[ToolRun], repeat: int) -> None:
    print(f"\nWhole tools over the legacy corpus, {repeat} interleaved run(s) each; wall clock min / median")
    for run in runs:
        if not run.seconds:
            print(f"  {run.name:<36} {run.note}")
        else:
            print(f"  {run.name:<36} {run.min:8.2f} / {run.median:<8.2f} s  exit {run.exit_code}, {run.note}")
    by_name = {run.name: run for run in runs}
    base, ours = by_name.get(NO_PLUGIN), by_name.get(WITH_OURS)
    if base and ours and base.seconds and ours.seconds:
        share = (ours.min / base.min - 1) * 100
        print(f"  our plugin adds {ours.min - base.min:+.2f} s to flake8 ({share:+.1f} %, minimums)")


def tool_verdicts(tools: list[ToolRun], legacy: list[Source], stdlib: list[Source], args, cache: Path,
                  extra: dict) -> list[Verdict]:
    """The whole-tool targets of issues 10 (fix vs check, scaling) and 11 (parse floor, ruff,
    notebooks, --jobs), printed as they are measured."""
    out = []
    by_name = {run.name: run for run in tools}
    check, fix = by_name.get("qiskit-migrate check"), by_name.get("qiskit-migrate fix --diff")
    if check and fix and check.seconds and fix.seconds:
        ratio = fix.min / check.min
        out.append(Verdict(ratio <= MAX_FIX_OVER_CHECK, f"fix --diff / check on the legacy corpus = {ratio:.2f}x "
                                                        f"(target <= {MAX_FIX_OVER_CHECK}x)"))

    print(f"\ncheck against the parse-only floor (read + ast.parse of the same files, one process) and ruff "
          f"--select E9; min of {args.repeat} run(s), wall clock")
    print(f"  {'corpus':<8}{'files':>7}{'floor s':>9}{'check s':>9}{'ratio':>7}{'-j 1 s':>8}{'ratio':>7}"
          f"{'ruff E9 s':>10}{'check/ruff':>11}")
    runs = floors({"legacy": [s.path for s in legacy], "stdlib": [s.path for s in stdlib]}, args.repeat, cache)
    extra["floors"] = [asdict(r) for r in runs]
    for r in runs:
        single = f"{r.check_one_job:8.2f}{r.check_one_job / r.floor:7.2f}" if r.check_one_job else f"{'-':>8}{'-':>7}"
        ruff = f"{r.ruff:10.2f}{r.check / r.ruff:10.1f}x" if r.ruff else f"{'skipped (no ruff)':>21}"
        print(f"  {r.corpus:<8}{r.files:>7}{r.floor:9.2f}{r.check:9.2f}{r.ratio:7.2f}{single}{ruff}")
        out.append(Verdict(r.ratio <= MAX_CHECK_OVER_FLOOR, f"check / parse floor on the {r.corpus} files = "
                                                            f"{r.ratio:.2f}x (target <= {MAX_CHECK_OVER_FLOOR}x)"))

    nb = notebooks_vs_py(legacy, args.repeat, cache)
    if nb:
        count, py, ipynb = nb
        extra["notebooks"] = {"files": count, "py": py, "ipynb": ipynb}
        print(f"\n  {count} IBM-using legacy files: check as .py {py:.2f} s, as notebooks {ipynb:.2f} s "
              f"({ipynb / py:.2f}x)")
        out.append(Verdict(ipynb / py <= MAX_NOTEBOOK_OVER_PY, f"notebooks / same code as .py = {ipynb / py:.2f}x "
                                                               f"(target <= {MAX_NOTEBOOK_OVER_PY}x)"))

    jobs = jobs_speedup([s.path for s in legacy], args.repeat)
    if jobs is None:
        print("\n  --jobs: skipped (the CLI has no --jobs)")
    else:
        one, two, same = jobs
        extra["jobs"] = {"one": one, "two": two, "identical": same}
        print(f"\n  check --jobs 1 {one:.2f} s, --jobs 2 {two:.2f} s: speed-up {one / two:.2f}x on "
              f"{os.cpu_count()} cores, output {'identical' if same else 'DIFFERENT'}")
        out.append(Verdict(same, f"check --jobs 2 output identical to --jobs 1 (speed-up {one / two:.2f}x)"))

    if not args.no_scaling:
        rows = scaling_table(args.repeat)
        if rows is None:
            print("\n  scaling: skipped (benchmarks/scaling.py is missing)")
        else:
            extra["scaling"] = rows
            table = {(lines, kind): (sec, mib) for lines, kind, sec, mib in rows}
            print(f"\n  scaling (one generated legacy file, fresh process each, mean of as many runs as one "
                  f"100k-line run, fastest of {args.repeat}; seconds per run / peak MiB)")
            print(f"  {'lines':>8}{'check s':>9}{'check MiB':>11}{'fix s':>9}{'fix MiB':>9}{'fix/check':>10}")
            for lines in SCALING_SIZES:
                (cs, cm), (fs, fm) = table[(lines, "check")], table[(lines, "fix")]
                cell = (lambda v, w, f: f"{v:{w}.{f}f}" if v is not None else f"{'timeout':>{w}}")
                ratio = f"{fs / cs:10.1f}" if cs and fs else f"{'-':>10}"
                print(f"  {lines:>8}{cell(cs, 9, 3)}{cell(cm, 11, 1)}{cell(fs, 9, 3)}{cell(fm, 9, 1)}{ratio}")
            small, large = table[(5_000, "fix")][0], table[(100_000, "fix")]
            if small and large[0]:
                growth = large[0] / small
                out.append(Verdict(growth <= MAX_FIX_GROWTH_5K_TO_100K,
                                   f"fix 100k lines / fix 5k lines = {growth:.1f}x "
                                   f"(linear: <= {MAX_FIX_GROWTH_5K_TO_100K}x)"))
                memory = large[1] / table[(100_000, "check")][1]
                out.append(Verdict(memory <= MAX_FIX_MEMORY_OVER_CHECK,
                                   f"fix / check peak memory at 100k lines = {memory:.2f}x "
                                   f"(target <= {MAX_FIX_MEMORY_OVER_CHECK}x)"))
            else:
                out.append(Verdict(False, f"fix of the 100k-line file did not finish within {SCALING_TIMEOUT} s"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3,
                        help="repeats of every measurement, in process and whole tools (min and median reported)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--no-tools", action="store_true", help="skip the whole-tool runs (flake8, CLI, ast-grep)")
    parser.add_argument("--no-peer", action="store_true", help="skip flake8-qiskit-migration")
    parser.add_argument("--no-scaling", action="store_true", help="skip the scaling table (1k-100k line files)")
    args = parser.parse_args(argv)

    cache = corpus.cache_root()
    legacy_paths = corpus.legacy_files()
    if not legacy_paths:
        print(f"note: no legacy corpus in {cache}; run `python benchmarks/corpus.py` first. "
              "Measuring the standard library only.")
    legacy, legacy_skipped = load(legacy_paths)
    stdlib, stdlib_skipped = load(corpus.stdlib_files())
    print(f"loaded {len(legacy)} legacy files ({legacy_skipped} unparsable skipped), "
          f"{len(stdlib)} stdlib files ({stdlib_skipped} skipped)")

    peer_class = None if args.no_peer else peer_plugin_class(cache)
    sources = legacy + stdlib
    per_file = measure(sources, args.repeat, peer_class)
    groups = {
        "legacy": list(range(len(legacy))),
        "stdlib": list(range(len(legacy), len(sources))),
        "mixed": list(range(len(sources))),
        "ibm-token files": [i for i, s in enumerate(sources) if s.mentions_ibm],
        "uses IBM APIs": [i for i, s in enumerate(sources) if s.uses_ibm_apis],
    }
    results = {name: summarise(name, sources, idx, per_file) for name, idx in groups.items() if idx}
    print()
    print_table(results, args.repeat)

    tools: list[ToolRun] = []
    if not args.no_tools and legacy_paths:
        tools = run_tools(whole_tools(cache, cache / "src"), args.repeat, REPO)
        print_tools(tools, args.repeat)

    checks = verdicts(results)
    extra: dict = {}
    if not args.no_tools and legacy_paths:
        checks += tool_verdicts(tools, legacy, stdlib, args, cache, extra)

    print()
    for verdict in checks:
        print(("PASS " if verdict.passed else "FAIL ") + verdict.text)

    if args.json:
        payload = {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "repeat": args.repeat,
            "corpora": {name: {**asdict(r), "ratio": r.ratio, "peer_ratio": r.peer_ratio,
                               "speedup_vs_peer": r.speedup_vs_peer} for name, r in results.items()},
            "tools": [{**asdict(run), "min": run.min, "median": run.median} for run in tools],
            "targets": [v._asdict() for v in checks],
            **extra,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0 if all(v.passed for v in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
