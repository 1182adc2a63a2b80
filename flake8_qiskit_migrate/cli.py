"""``qiskit-migrate``: check, fix and explain without a flake8 set-up.

Exit codes follow what CI systems expect: 0 clean, 1 findings, 2 usage error or
unreadable input (with a one-line reason on stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import sys
import time
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Sequence, TextIO, Tuple

from . import __version__
from .catalog import RULES
from .config import ConfigError, Settings, resolve, split_list
from .detect.checker import Options, check_source, might_have_findings
from .detect.noqa import drop_suppressed
from .discovery import is_excluded
from .parallel import parallel_map
from .report.reports import EXIT_CLEAN, EXIT_ERROR, Report, Selection, exit_code, problem_line
from .resources import bundled_config
from .sources import UnreadableSource, decode_source, existing_source_files, read_source

STDIN = "-"


def _codes(value: str) -> list[str]:
    return split_list(value)


def _per_file_ignores(value: str) -> Dict[str, List[str]]:
    from flake8.utils import parse_files_to_codes_mapping

    try:
        pairs = parse_files_to_codes_mapping(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    mapping: Dict[str, List[str]] = {}
    for pattern, codes in pairs:
        mapping.setdefault(pattern, []).extend(codes)
    return mapping


def _jobs(value: str) -> int:
    if value == "auto":
        return 0
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("--jobs needs at least 1")
    return jobs


def _add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or directories (.py, .pyi, .ipynb; default: .); - reads standard input")
    rules = parser.add_argument_group("rule selection (also in [tool.qiskit-migrate] or [flake8])")
    rules.add_argument("--select", type=_codes, help="codes or prefixes to report (default: all QM codes)")
    rules.add_argument("--ignore", type=_codes, help="codes or prefixes to leave out (replaces the configured list)")
    rules.add_argument("--extend-select", type=_codes, help="codes or prefixes to report besides --select")
    rules.add_argument("--extend-ignore", type=_codes, help="codes or prefixes to leave out besides --ignore, "
                       "e.g. QM004 on a paid plan")
    rules.add_argument("--per-file-ignores", type=_per_file_ignores, metavar="'GLOB:CODES ...'",
                       help="codes to leave out per file, flake8's syntax: 'tests/*.py:QM004 legacy.py:QM002'")
    found = parser.add_argument_group("file discovery")
    found.add_argument("--exclude", type=_codes, metavar="PATTERNS",
                       help="file or folder globs to skip (replaces the default list)")
    found.add_argument("--extend-exclude", type=_codes, metavar="PATTERNS", help="globs to skip besides --exclude")
    found.add_argument("--force-exclude", action="store_true", default=None,
                       help="apply the excludes to paths named on the command line too (for pre-commit)")
    found.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=None,
                       help="skip what .gitignore files ignore (default: yes)")
    found.add_argument("--stdin-filename", metavar="PATH",
                       help="the name of the file read from standard input (- as PATH)")
    model = parser.add_argument_group("checker and fixer")
    model.add_argument("--qiskit-backend-names", type=_codes,
                       help="extra receiver names to treat as IBM backends in provider-era modules")
    model.add_argument("--target-runtime", metavar="VERSION",
                       help="the qiskit-ibm-runtime version the fixed code must run on, e.g. 0.40")
    model.add_argument("--unsafe-fixes", action=argparse.BooleanOptionalAction, default=None,
                       help="also apply (fix) or count (check) the fixes whose result needs a review")
    setup = parser.add_argument_group("configuration and output")
    setup.add_argument("--config", metavar="PATH", help="read this configuration file (pyproject.toml, setup.cfg, "
                       "tox.ini or .flake8) instead of looking for one")
    setup.add_argument("--isolated", action="store_true", help="read no configuration file")
    setup.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                       help="processes to use (default: all cores); the output is the same for any N")
    setup.add_argument("-q", "--quiet", action="store_true", help="no summary line and no progress")
    setup.add_argument("--summary", action=argparse.BooleanOptionalAction, default=None,
                       help="print a summary line on stderr (default: when stderr is a terminal)")
    setup.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings or errors are reported")
    setup.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour the text output (auto: on a terminal, unless NO_COLOR is set)")
    setup.add_argument("--no-color", dest="color", action="store_const", const="never", help="same as --color never")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qiskit-migrate",
        description="Find and fix code that uses the retired IBM Quantum provider stack.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="report findings (same as flake8 --select QM)")
    _add_common_options(check)
    check.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text")
    check.add_argument("-o", "--output-file", metavar="PATH", help="write the findings to PATH instead of stdout")
    check.add_argument("--statistics", action="store_true", help="print the number of findings of each code")
    check.set_defaults(handler=cmd_check)

    fix = sub.add_parser("fix", help="rewrite the sites the checker flags")
    _add_common_options(fix)
    fix.add_argument("--diff", action="store_true", help="print a unified diff and write nothing")
    fix.add_argument("--force", action="store_true", help="also write read-only files")
    fix.set_defaults(handler=cmd_fix)

    explain = sub.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("code", help="a code such as QM002")
    explain.set_defaults(handler=cmd_explain)

    from .server import add_server_parser  # the language server (needs the [server] extra to run)

    add_server_parser(sub)

    rules_path = sub.add_parser("rules-path", help="print the path of the bundled ast-grep sgconfig.yml")
    rules_path.set_defaults(handler=cmd_rules_path)
    return parser


# --- configuration -------------------------------------------------------------------------

_SETTING_OPTIONS = ("select", "ignore", "extend_select", "extend_ignore", "per_file_ignores", "exclude",
                    "extend_exclude", "force_exclude", "respect_gitignore", "qiskit_backend_names",
                    "target_runtime", "unsafe_fixes")


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The run's settings: the configuration file found from the paths, then the command line."""
    overrides = {name.replace("_", "-"): getattr(args, name) for name in _SETTING_OPTIONS}
    paths = list(args.paths)
    if args.stdin_filename and STDIN in paths:
        paths = [args.stdin_filename if p == STDIN else p for p in paths]
    settings = resolve(paths, overrides, config=args.config, isolated=args.isolated)
    if settings.target_runtime is not None:
        from .fix.context import parse_target_runtime  # the versions the fixes know

        try:
            parse_target_runtime(settings.target_runtime)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    return settings


# --- checking one file ---------------------------------------------------------------------


class FileResult(NamedTuple):
    """What checking one file gives: reports, error lines and, when asked, how many of the
    reports a safe / an unsafe fix covers."""

    reports: List[Report]
    errors: List[str]
    safe: int = 0
    unsafe: int = 0


def check_python_text(text: str, path: str, options: Options, selection: Selection) -> List[Report]:
    """Findings for Python source; raises SyntaxError (ValueError for NUL bytes) if it does
    not parse. Text with no IBM name is not parsed at all: it cannot hold a finding, and its
    syntax errors are flake8's and ruff's business."""
    if not might_have_findings(text):
        return []
    findings = check_source(text, options)
    if findings:
        findings = [f for f in drop_suppressed(findings, text) if f.code in selection]
    return [Report(path, f) for f in findings]


def check_notebook(notebook, path: str, options: Options, selection: Selection) -> Tuple[List[Report], List[str]]:
    """Findings of a notebook's code cells (``notebooks.Notebook``) and its E999 cell lines."""
    from .notebooks import cell_label, check_cells, syntax_error_line

    if not notebook.is_python:
        return [], []  # an R or Julia notebook is not ours to check
    located, broken = check_cells(notebook.sources, options, selection)
    reports = [Report(path, item.finding, cell=cell_label(item.cell)) for item in located]
    return reports, [syntax_error_line(path, cell) for cell in broken]


def _problem(path: str, exc: BaseException) -> str:
    """The one line for an input that could not be checked."""
    if isinstance(exc, SyntaxError):
        return problem_line(path, "E999", f"SyntaxError: {exc.msg}", exc.lineno or 1, exc.offset or 1,
                            getattr(exc, "cell", None))
    if isinstance(exc, (RecursionError, MemoryError)):
        # The parser itself gives up on absurdly nested code: unparsable, like E999.
        return problem_line(path, "E999", f"{type(exc).__name__}: the file is too deeply nested to parse", 1, 1)
    if isinstance(exc, OSError):
        return problem_line(path, "E902", exc.strerror or str(exc))
    return problem_line(path, "E902", str(exc))


def check_one(path: Path, settings: Settings, *, text: Optional[str] = None, name: Optional[str] = None,
              classify: bool = False) -> FileResult:
    """Check one file (or ``text`` read for it); never raises for bad input."""
    label = name or str(path)
    options, selection = settings.options, settings.selection_for(path)
    try:
        if path.suffix == ".ipynb":
            from .notebooks import load_notebook, read_notebook_file

            notebook = read_notebook_file(path) if text is None else load_notebook(text)
            return FileResult(*check_notebook(notebook, label, options, selection))
        if text is None:
            text, _ = read_source(path)
        reports = check_python_text(text, label, options, selection)
    except (SyntaxError, RecursionError, MemoryError, UnreadableSource, OSError, ValueError) as exc:
        return FileResult([], [_problem(label, exc)])
    if classify and reports:
        safe, unsafe = count_fixable(text, [r.finding for r in reports], settings, selection)
        return FileResult(reports, [], safe, unsafe)
    return FileResult(reports, [])


def count_fixable(text: str, findings, settings: Settings, selection: Selection) -> Tuple[int, int]:
    """(safe, unsafe) fixes among ``findings``, from the fixer's own classification
    (``fix.engine.classify``: a fix run with unsafe fixes on, for a file that has findings)."""
    from .fix.engine import classify

    try:
        kinds = classify(text, settings.options, selection, target_runtime=settings.target_runtime)
    except Exception:  # noqa: BLE001 - a summary must never stop a check
        return 0, 0
    safe = sum(1 for f in findings if kinds.get(f) == "safe")
    unsafe = sum(1 for f in findings if kinds.get(f) == "unsafe")
    return safe, unsafe


# --- output --------------------------------------------------------------------------------


def use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(results: Sequence[FileResult], unsafe_fixes: bool) -> str:
    """"Found 26 findings in 7 files; 19 fixable, 4 more with --unsafe-fixes." (ruff's shape)"""
    findings = sum(len(r.reports) for r in results)
    files = sum(1 for r in results if r.reports)
    broken = sum(1 for r in results if r.errors)
    line = f"Found {_plural(findings, 'finding')} in {_plural(files, 'file')}"
    safe, unsafe = sum(r.safe for r in results), sum(r.unsafe for r in results)
    if unsafe_fixes:
        safe, unsafe = safe + unsafe, 0
    if safe or unsafe:
        line += f"; {safe} fixable"
        if unsafe:
            line += f", {unsafe} more with --unsafe-fixes"
    if broken:
        line += f"; {_plural(broken, 'file')} could not be checked"
    return line + "."


def statistics(reports: Sequence[Report], errors: Sequence[str]) -> str:
    """flake8's --statistics: one line per code, ``count code message``, by code."""
    from .report.reports import parse_problem

    counts: Dict[str, int] = {}
    for report in reports:
        counts[report.finding.code] = counts.get(report.finding.code, 0) + 1
    problems: Dict[str, str] = {}
    for error in errors:
        problem = parse_problem(error)
        counts[problem.code] = counts.get(problem.code, 0) + 1
        problems.setdefault(problem.code, problem.message)
    lines = []
    for code in sorted(counts):
        message = RULES[code].message if code in RULES else f"{code} {problems.get(code, '')}".rstrip()
        lines.append(f"{counts[code]:<5} {message}\n")
    return "".join(lines)


class Progress:
    """``checked 1200/8000 files`` on a terminal's stderr, once the run has taken a second."""

    DELAY, INTERVAL = 1.0, 0.1

    def __init__(self, total: int, stream: TextIO, enabled: bool, verb: str = "checked") -> None:
        self.total, self.stream, self.enabled, self.verb = total, stream, enabled, verb
        self.start = self.last = time.monotonic()
        self.shown = False

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < self.DELAY or now - self.last < self.INTERVAL:
            return
        self.last, self.shown = now, True
        self.stream.write(f"\r{self.verb} {done}/{self.total} files")
        self.stream.flush()

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _wants_summary(args: argparse.Namespace) -> bool:
    if args.quiet:
        return False
    return args.summary if args.summary is not None else sys.stderr.isatty()


# --- commands ------------------------------------------------------------------------------


def collect(paths: Sequence[str], options: Options, selection: Selection) -> tuple[list[Report], list[str]]:
    """Check every path with these options (the Python API); the reports and one error line per
    unreadable input."""
    settings = Settings(select=selection.select, ignore=selection.ignore, backend_names=options.backend_names)
    files, errors = existing_source_files(paths, settings)
    reports: list[Report] = []
    for path in files:
        result = check_one(path, settings)
        reports.extend(result.reports)
        errors.extend(result.errors)
    return reports, errors


def _read_stdin() -> str:
    return decode_source(sys.stdin.buffer.read())


def run_check(paths: Sequence[str], settings: Settings, *, jobs: int, classify: bool,
              progress_stream: Optional[TextIO] = None) -> Tuple[List[FileResult], List[str]]:
    files, errors = existing_source_files(paths, settings)
    progress = Progress(len(files), progress_stream or sys.stderr, progress_stream is not None)
    work = functools.partial(check_one, settings=settings, classify=classify)
    try:
        results = parallel_map(work, files, jobs or None, progress)
    finally:
        progress.clear()
    return results, errors


def cmd_check(args: argparse.Namespace) -> int:
    from .report.formats import render

    settings = settings_from_args(args)
    summary = _wants_summary(args)
    classify = summary and args.format == "text"
    if args.paths == [STDIN]:
        name = args.stdin_filename or STDIN
        if settings.force_exclude and args.stdin_filename and is_excluded(name, settings):
            return EXIT_CLEAN  # an editor sending an excluded file gets no findings, as with ruff
        try:
            text = _read_stdin()
        except UnreadableSource as exc:
            results, errors = [FileResult([], [problem_line(name, "E902", str(exc))])], []
        else:
            results = [check_one(Path(name), settings, text=text, name=name, classify=classify)]
            errors = []
    elif STDIN in args.paths:
        raise ConfigError("- (standard input) cannot be mixed with other paths")
    else:
        show_progress = not args.quiet and sys.stderr.isatty()
        results, errors = run_check(args.paths or ["."], settings, jobs=args.jobs, classify=classify,
                                    progress_stream=sys.stderr if show_progress else None)
    reports = [report for result in results for report in result.reports]
    errors = errors + [error for result in results for error in result.errors]
    target: TextIO = sys.stdout
    handle = None
    if args.output_file:
        handle = open(args.output_file, "w", encoding="utf-8")
        target = handle
    try:
        color = args.format == "text" and use_color(args.color, target)
        output = render(args.format, reports, errors, color=color)
        if output:
            target.write(output)
        if args.statistics:
            stats = statistics(reports, errors)
            (target if args.format == "text" else sys.stderr).write(stats)
    finally:
        if handle is not None:
            handle.close()
    for error in errors:
        print(error, file=sys.stderr)
    if summary and (reports or errors):
        print(summary_line(results, settings.unsafe_fixes), file=sys.stderr)
    return exit_code(reports, errors, exit_zero=args.exit_zero)


def cmd_fix(args: argparse.Namespace) -> int:
    from .discovery import discover
    from .fix.engine import _outside

    settings = settings_from_args(args)
    if args.paths == [STDIN]:
        return fix_stdin(args, settings)
    if STDIN in args.paths:
        raise ConfigError("- (standard input) cannot be mixed with other paths")
    found = discover(args.paths or ["."], settings)
    errors = list(found.errors)
    files = []
    for path, origin in zip(found.files, found.origins):
        if path != Path(origin) and _outside(path, Path(origin)):
            errors.append(f"{path}: a symlink to a file outside {origin}, not followed "
                          "(not fixed; pass the link or its target to fix it)")
        else:
            files.append(path)
    for error in errors:
        print(error, file=sys.stderr)
    work = functools.partial(fix_one, settings=settings, diff_only=args.diff, force=args.force)
    progress = Progress(len(files), sys.stderr, not args.quiet and sys.stderr.isatty(), verb="fixed")
    try:
        results = parallel_map(work, files, args.jobs or None, progress)
    finally:
        progress.clear()
    status = EXIT_CLEAN
    # each file's diff, what remains of it and its error lines, in the order of the files
    for code, out, err in results:
        sys.stdout.write(out)
        sys.stderr.write(err)
        status = max(status, code)
    sys.stdout.flush()
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_ERROR if errors else status


def fix_one(path: Path, *, settings: Settings, diff_only: bool, force: bool) -> Tuple[int, str, str]:
    """Fix one file: (exit code, stdout, stderr) of the fixer's run on it."""
    from .fix.engine import run_fix
    from .notebooks import fix_notebook_file  # notebooks.py sits above fix/: the CLI hands it down

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_fix([str(path)], settings.options, settings.selection_for(path), diff_only=diff_only,
                       force=force, fix_notebook=fix_notebook_file, unsafe_fixes=settings.unsafe_fixes,
                       target_runtime=settings.target_runtime)
    return code, out.getvalue(), err.getvalue()


def fix_stdin(args: argparse.Namespace, settings: Settings) -> int:
    """``fix -``: the fixed text on stdout (the input unchanged when nothing is fixable), what
    remains on stderr, as ruff does; with the same settings as ``fix`` on files
    (``--unsafe-fixes``, ``--target-runtime``, the configuration, ``--force-exclude``)."""
    from .fix.engine import _encoding_of, fix_text
    from .fix.imports import PACKAGE_INIT

    name = args.stdin_filename or STDIN
    selection = settings.selection_for(name)
    raw = sys.stdin.buffer.read()
    if settings.force_exclude and args.stdin_filename and is_excluded(name, settings):
        sys.stdout.buffer.write(raw)  # an excluded file is given back as it came, as ruff does
        return EXIT_CLEAN
    fix_settings = {"unsafe_fixes": settings.unsafe_fixes, "target_runtime": settings.target_runtime}
    reviews: List[str] = []
    try:
        text = decode_source(raw)
        if name.endswith(".ipynb"):
            from .notebooks import fix_notebook_source

            notebook = fix_notebook_source(text, name, settings.options, selection, **fix_settings)
            fixed, reports, errors = notebook.new_text, notebook.result.reports, notebook.result.errors
            reviews = notebook.reviews
            output = fixed.encode("utf-8")
        elif not might_have_findings(text):
            # as `fix` on a file: text naming no IBM package is not parsed, and comes back as it was
            fixed, reports, errors, output = text, [], [], raw
        else:
            reexports = PACKAGE_INIT.set(Path(name).name == "__init__.py")
            try:
                outcome = fix_text(text, settings.options, selection, **fix_settings)
            finally:
                PACKAGE_INIT.reset(reexports)
            fixed, errors = outcome.text, []
            reports = [Report(name, f) for f in outcome.explained()]
            reviews = [f"{name}:{f.line}:{f.col + 1}: {f.message}" for f in outcome.reviews()]
            output = raw if fixed == text else fixed.encode(_encoding_of(raw))  # the input's own encoding
    except (SyntaxError, RecursionError, MemoryError, UnreadableSource, ValueError) as exc:
        sys.stdout.buffer.write(raw)  # an editor replacing the buffer gets it back unchanged
        print(_problem(name, exc) + " (not fixed)", file=sys.stderr)
        return EXIT_CLEAN if args.exit_zero else EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - as for a file: the buffer back, one line to report
        sys.stdout.buffer.write(raw)
        print(f"{name}: QM000 {type(exc).__name__}: {exc} (not fixed; please report it)", file=sys.stderr)
        return EXIT_CLEAN if args.exit_zero else EXIT_ERROR
    sys.stdout.buffer.write(output)
    sys.stdout.flush()
    from .report.formats import render

    sys.stderr.write(render("text", reports))
    for line in errors + reviews:
        print(line, file=sys.stderr)
    return exit_code(reports, errors, exit_zero=args.exit_zero)


def cmd_explain(args: argparse.Namespace) -> int:
    from .docs import render_rule_doc

    code = args.code.strip().upper()
    if code not in RULES:
        print(f"qiskit-migrate: unknown code {args.code!r}; known codes: {', '.join(RULES)}", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(render_rule_doc(RULES[code]))
    return EXIT_CLEAN


def cmd_rules_path(args: argparse.Namespace) -> int:
    print(bundled_config())
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ConfigError as exc:
        print(f"qiskit-migrate: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except FileNotFoundError as exc:
        print(f"qiskit-migrate: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
