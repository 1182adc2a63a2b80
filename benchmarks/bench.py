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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3,
                        help="repeats of every measurement, in process and whole tools (min and median reported)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--no-tools", action="store_true", help="skip the whole-tool runs (flake8, CLI, ast-grep)")
    parser.add_argument("--no-peer", action="store_true", help="skip flake8-qiskit-migration")
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
    }
    results = {name: summarise(name, sources, idx, per_file) for name, idx in groups.items() if idx}
    print()
    print_table(results, args.repeat)

    tools: list[ToolRun] = []
    if not args.no_tools and legacy_paths:
        tools = run_tools(whole_tools(cache, cache / "src"), args.repeat, REPO)
        print_tools(tools, args.repeat)

    print()
    checks = verdicts(results)
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
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0 if all(v.passed for v in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
