"""Rendering reports for people (text) and machines (json, SARIF, GitHub annotations).

Every renderer takes the CLI's ``Report`` objects (a path, a ``Finding`` and, for
notebooks, a ``cell_N``) and returns the whole output as one string.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence
from urllib.parse import quote

from .. import __version__
from ..catalog import RULES
from ..detect.lines import physical_lines

TOOL_NAME = "flake8-qiskit-migrate"
INFORMATION_URI = "https://github.com/flake8-qiskit-migrate/flake8-qiskit-migrate"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: Codes that depend on the user's situation rather than always failing at run time.
WARNING_CODES = frozenset({"QM000", "QM004"})


def level(code: str) -> str:
    """SARIF / GitHub severity: removed APIs fail at run time, so they are errors."""
    return "warning" if code in WARNING_CODES else "error"


# --- text and json -----------------------------------------------------------------------


BOLD, RED, RESET = "\x1b[1m", "\x1b[31m", "\x1b[0m"


def render_text(reports: Sequence, color: bool = False) -> str:
    """flake8's default shape: ``path[:cell_N]:line:col: QM00N message`` (ruff's colours on a
    terminal: the path bold, the code red)."""
    if not color:
        return "".join(f"{r.location}: {r.finding.message}\n" for r in reports)
    lines = []
    for r in reports:
        code, _, rest = r.finding.message.partition(" ")
        lines.append(f"{BOLD}{r.location}{RESET}: {BOLD}{RED}{code}{RESET} {rest}\n")
    return "".join(lines)


def problems(errors: Sequence[str]) -> list:
    """The error lines (inputs that could not be checked) as ``InputProblem`` fields."""
    from .reports import parse_problem

    return [parse_problem(error) for error in errors]


def render_json(reports: Sequence, errors: Sequence[str] = ()) -> str:
    """A list of objects with 1-based lines and columns (``cell`` is null outside notebooks);
    inputs that could not be checked are rows too (code E902 or E999)."""
    rows = [
        {
            "path": r.path,
            "cell": r.cell,
            "line": r.finding.line,
            "column": r.finding.col + 1,
            "end_line": r.finding.end_line,
            "end_column": r.finding.end_col + 1,
            "code": r.finding.code,
            "message": r.finding.message,
        }
        for r in reports
    ]
    rows += [
        {
            "path": p.path,
            "cell": p.cell,
            "line": p.line or 1,
            "column": p.col or 1,
            "end_line": p.line or 1,
            "end_column": p.col or 1,
            "code": p.code,
            "message": f"{p.code} {p.message}",
        }
        for p in problems(errors)
    ]
    return json.dumps(rows, indent=2) + "\n"


# --- where a finding is in the file ------------------------------------------------------


@lru_cache(maxsize=64)
def _file_text(path: str) -> str | None:
    """The checked file's text, decoded as Python (or JSON, for notebooks) decodes it."""
    from ..sources import UnreadableSource, decode_source

    try:
        data = Path(path).read_bytes()
        return data.decode("utf-8") if path.endswith(".ipynb") else decode_source(data)
    except (OSError, UnicodeDecodeError, UnreadableSource):
        return None


def char_column(line_text: str, byte_col: int) -> int:
    """A 0-based UTF-8 byte offset (flake8's and the AST's column) as a character offset."""
    return len(line_text.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))


def file_region(report) -> tuple[int, int, int, int]:
    """(start line, start column, end line, end column), 1-based, in the file as stored.

    Columns count characters (SARIF ``unicodeCodePoints``), where text and json output
    keep flake8's UTF-8 byte columns. For a notebook the region is where the code is
    stored inside the ``.ipynb`` JSON, so code scanning and PR annotations land on the
    right line. When the file cannot be read again, the finding's own position is used.
    """
    f = report.finding
    region = (f.line, f.col + 1, f.end_line, f.end_col + 1)
    text = _file_text(report.path)
    if text is None:
        return region
    if report.cell:
        from ..notebook_cells import json_position

        number = int(report.cell.rsplit("_", 1)[1])
        start = json_position(text, number, f.line, f.col)
        end = json_position(text, number, f.end_line, f.end_col)
        return region if start is None or end is None else (start[0], start[1], end[0], end[1])
    lines = physical_lines(text)

    def column(line: int, byte_col: int) -> int:
        return char_column(lines[line - 1], byte_col) + 1 if 1 <= line <= len(lines) else byte_col + 1

    return (f.line, column(f.line, f.col), f.end_line, column(f.end_line, f.end_col))


def artifact_location(path: str) -> dict:
    """A URI relative to the current directory (the checkout root in CI), else a file: URI."""
    resolved = Path(path).resolve()
    try:
        relative = resolved.relative_to(Path.cwd().resolve())
    except ValueError:
        return {"uri": resolved.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": "%SRCROOT%"}


def cell_prefix(report) -> str:
    """``cell_3:2:5: `` for notebooks, so messages still say where in the notebook."""
    if not report.cell:
        return ""
    return f"{report.cell}:{report.finding.line}:{report.finding.col + 1}: "


# --- SARIF 2.1.0 -------------------------------------------------------------------------


def sarif_rule(rule) -> dict:
    from ..docs import render_rule_doc

    return {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": rule.what_it_does},
        "helpUri": rule.docs_url,
        "help": {"text": f"{rule.why_bad} {rule.docs_url}", "markdown": render_rule_doc(rule)},
        "defaultConfiguration": {"level": level(rule.code)},
        "properties": {"tags": ["qiskit", "migration", "maintainability"], "precision": "high"},
    }


def sarif_result(report, rule_index: dict) -> dict:
    f = report.finding
    start_line, start_col, end_line, end_col = file_region(report)
    location: dict = {
        "physicalLocation": {
            "artifactLocation": artifact_location(report.path),
            "region": {"startLine": start_line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col},
        }
    }
    result: dict = {
        "ruleId": f.code,
        "level": level(f.code),
        "message": {"text": cell_prefix(report) + f.message},
        "locations": [location],
    }
    if f.code in rule_index:
        result["ruleIndex"] = rule_index[f.code]
    if report.cell:
        location["logicalLocations"] = [{"name": report.cell, "kind": "module"}]
        result["properties"] = {"cell": report.cell, "cellLine": f.line, "cellColumn": f.col + 1}
    return result


#: The codes of inputs that could not be checked, as flake8 and ruff name them.
PROBLEM_RULES = {
    "E902": ("io-error", "The file could not be read (or is not a readable notebook)."),
    "E999": ("syntax-error", "The file (or a notebook cell) does not parse, so it could not be checked."),
}


def sarif_problem_rule(code: str) -> dict:
    name, text = PROBLEM_RULES[code]
    return {"id": code, "name": name, "shortDescription": {"text": text}, "fullDescription": {"text": text},
            "defaultConfiguration": {"level": "error"}}


def sarif_problem_result(problem, rule_index: dict) -> dict:
    region = {"startLine": problem.line or 1, "startColumn": problem.col or 1}
    text = f"{problem.cell}: " if problem.cell else ""
    result: dict = {
        "ruleId": problem.code,
        "level": "error",
        "message": {"text": f"{text}{problem.code} {problem.message}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(problem.path or "."),
                                            "region": region}}],
    }
    if problem.code in rule_index:
        result["ruleIndex"] = rule_index[problem.code]
    return result


def render_sarif(reports: Sequence, errors: Sequence[str] = ()) -> str:
    rules = list(RULES.values())
    rule_index = {rule.code: index for index, rule in enumerate(rules)}
    for code in PROBLEM_RULES:
        rule_index[code] = len(rule_index)
    run = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [sarif_rule(rule) for rule in rules] + [sarif_problem_rule(code) for code in PROBLEM_RULES],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [sarif_result(report, rule_index) for report in reports]
        + [sarif_problem_result(problem, rule_index) for problem in problems(errors) if problem.path],
        # Files that could not be checked: without this a SARIF log would look clean.
        "invocations": [{
            "executionSuccessful": not errors,
            "toolExecutionNotifications": [{"level": "error", "message": {"text": error}} for error in errors],
        }],
    }
    log = {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2) + "\n"


# --- GitHub Actions workflow commands ----------------------------------------------------


def escape_data(value: str) -> str:
    """Escape a workflow command's message (GitHub's rules for the part after ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command property value: also ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(reports: Sequence, errors: Sequence[str] = ()) -> str:
    """``::error file=...,line=...::message`` lines that GitHub shows as PR annotations (inputs
    that could not be checked too, as E902 / E999 errors)."""
    lines = []
    for report in reports:
        f = report.finding
        start_line, start_col, end_line, end_col = file_region(report)
        properties = {
            "file": Path(report.path).as_posix(),
            "line": start_line,
            "col": start_col,
            "endLine": end_line,
            "endColumn": end_col,
            "title": f.code,
        }
        props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
        lines.append(f"::{level(f.code)} {props}::{escape_data(cell_prefix(report) + f.message)}\n")
    for problem in problems(errors):
        properties = {"file": Path(problem.path).as_posix(), "line": problem.line or 1, "col": problem.col or 1,
                      "title": problem.code}
        props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
        prefix = f"{problem.cell}: " if problem.cell else ""
        lines.append(f"::error {props}::{escape_data(prefix + problem.code + ' ' + problem.message)}\n")
    return "".join(lines)


RENDERERS: dict[str, Callable[..., str]] = {
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}


def render(fmt: str, reports: Sequence, errors: Sequence[str] = (), *, color: bool = False) -> str:
    """The whole output. ``errors`` (inputs that could not be checked, E902 / E999) are part of
    the machine formats; the text format leaves them to stderr, one line each."""
    _file_text.cache_clear()  # files may have changed since an earlier render (fix, then check)
    if fmt == "text":
        return render_text(reports, color)
    return RENDERERS[fmt](reports, errors)
