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

from . import __version__
from .catalog import RULES

TOOL_NAME = "flake8-qiskit-migrate"
INFORMATION_URI = "https://github.com/flake8-qiskit-migrate/flake8-qiskit-migrate"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: Codes that depend on the user's situation rather than always failing at run time.
WARNING_CODES = frozenset({"QM000", "QM004"})


def level(code: str) -> str:
    """SARIF / GitHub severity: removed APIs fail at run time, so they are errors."""
    return "warning" if code in WARNING_CODES else "error"


# --- text and json -----------------------------------------------------------------------


def render_text(reports: Sequence) -> str:
    """flake8's default shape: ``path[:cell_N]:line:col: QM00N message``."""
    return "".join(f"{r.location}: {r.finding.message}\n" for r in reports)


def render_json(reports: Sequence) -> str:
    """A list of objects with 1-based lines and columns (``cell`` is null outside notebooks)."""
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
    return json.dumps(rows, indent=2) + "\n"


# --- where a finding is in the file ------------------------------------------------------


@lru_cache(maxsize=64)
def _notebook_text(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def file_region(report) -> tuple[int, int, int, int]:
    """(start line, start column, end line, end column), 1-based, in the file as stored.

    For a notebook that is the position of the code inside the ``.ipynb`` JSON, so code
    scanning and PR annotations land on the right line; when that cannot be worked
    out, the cell-relative position is returned.
    """
    f = report.finding
    region = (f.line, f.col + 1, f.end_line, f.end_col + 1)
    if not report.cell:
        return region
    from .notebooks import json_position

    text = _notebook_text(report.path)
    number = int(report.cell.rsplit("_", 1)[1])
    start = json_position(text, number, f.line, f.col) if text else None
    end = json_position(text, number, f.end_line, f.end_col) if text else None
    if start is None or end is None:
        return region
    return (start[0], start[1], end[0], end[1])


def artifact_uri(path: str) -> str:
    """A relative, forward-slash URI for paths under the current directory."""
    resolved = Path(path).resolve()
    try:
        relative = resolved.relative_to(Path.cwd().resolve())
    except ValueError:
        return resolved.as_uri()
    return quote(relative.as_posix())


def cell_prefix(report) -> str:
    """``cell_3:2:5: `` for notebooks, so messages still say where in the notebook."""
    if not report.cell:
        return ""
    return f"{report.cell}:{report.finding.line}:{report.finding.col + 1}: "


# --- SARIF 2.1.0 -------------------------------------------------------------------------


def sarif_rule(rule) -> dict:
    from .docs import render_rule_doc

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
            "artifactLocation": {"uri": artifact_uri(report.path), "uriBaseId": "%SRCROOT%"},
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


def render_sarif(reports: Sequence) -> str:
    rules = list(RULES.values())
    rule_index = {rule.code: index for index, rule in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [sarif_rule(rule) for rule in rules],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [sarif_result(report, rule_index) for report in reports],
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


def render_github(reports: Sequence) -> str:
    """``::error file=...,line=...::message`` lines that GitHub shows as PR annotations."""
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
    return "".join(lines)


RENDERERS: dict[str, Callable[[Sequence], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}


def render(fmt: str, reports: Sequence) -> str:
    return RENDERERS[fmt](reports)
