"""``qiskit-migrate``: check, fix and explain without a flake8 set-up.

Exit codes follow what CI systems expect: 0 clean, 1 findings, 2 usage error or
unreadable input (with a one-line reason on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .catalog import RULES
from .detect.checker import Options, check_source
from .findings import Finding
from .detect.noqa import drop_suppressed
from .report.reports import EXIT_CLEAN, EXIT_ERROR, Report, Selection, emit
from .resources import bundled_config
from .sources import UnreadableSource, existing_source_files, read_source



def _codes(value: str) -> list[str]:
    return [part for part in value.replace(" ", ",").split(",") if part]


def _add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (.py, .ipynb)")
    parser.add_argument("--select", type=_codes, default=[], help="codes or prefixes to report (default: all QM codes)")
    parser.add_argument("--ignore", "--extend-ignore", type=_codes, default=[], dest="ignore",
                        help="codes or prefixes to leave out, e.g. QM004 on a paid plan")
    parser.add_argument("--qiskit-backend-names", type=_codes, default=[],
                        help="extra receiver names to treat as IBM backends in provider-era modules")


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


def options_from_args(args: argparse.Namespace) -> Options:
    return Options(backend_names=frozenset(args.qiskit_backend_names))


def check_python_file(path: Path, options: Options, selection: Selection) -> list[Report]:
    """Findings for one .py file; raises UnreadableSource or SyntaxError for bad input."""
    text, _ = read_source(path)
    findings = check_source(text, options)
    kept = [f for f in drop_suppressed(findings, text) if f.code in selection]
    return [Report(str(path), f) for f in kept]


def check_file(path: Path, options: Options, selection: Selection) -> list[Report]:
    if path.suffix == ".ipynb":
        from .notebooks import check_notebook

        return check_notebook(path, options, selection)
    return check_python_file(path, options, selection)


def collect(paths: Sequence[str], options: Options, selection: Selection) -> tuple[list[Report], list[str]]:
    """Check every path; returns the reports and one error line per unreadable input."""
    reports: list[Report] = []
    files, errors = existing_source_files(paths)
    for path in files:
        try:
            if path.suffix == ".ipynb":  # the rest is checked when a cell does not parse (E999 per cell)
                from .notebooks import check_notebook_file

                notebook = check_notebook_file(path, options, selection)
                reports.extend(notebook.reports)
                errors.extend(notebook.errors)
                continue
            reports.extend(check_file(path, options, selection))
        except SyntaxError as exc:
            where = f"{path}:{exc.cell}" if getattr(exc, "cell", None) else str(path)  # notebooks
            errors.append(f"{where}:{exc.lineno or 1}:{(exc.offset or 1)}: E999 SyntaxError: {exc.msg}")
        except (RecursionError, MemoryError) as exc:
            # The parser itself gives up on absurdly nested code: unparsable, like E999.
            errors.append(f"{path}:1:1: E999 {type(exc).__name__}: the file is too deeply nested to parse")
        except (UnreadableSource, OSError, ValueError) as exc:
            errors.append(f"{path}: E902 {exc}")
    return reports, errors


def cmd_check(args: argparse.Namespace) -> int:
    from .report.formats import render

    selection = Selection(args.select, args.ignore)
    reports, errors = collect(args.paths, options_from_args(args), selection)
    return emit(render(args.format, reports, errors), reports, errors)


def cmd_fix(args: argparse.Namespace) -> int:
    from .fix.engine import run_fix
    from .notebooks import fix_notebook_file  # notebooks.py sits above fix/: the CLI hands it down

    selection = Selection(args.select, args.ignore)
    return run_fix(args.paths, options_from_args(args), selection, diff_only=args.diff,
                   force=args.force, fix_notebook=fix_notebook_file)


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
    except FileNotFoundError as exc:
        print(f"qiskit-migrate: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
