"""Rendering findings for people (text) and machines (json, ...)."""

from __future__ import annotations

import json
from typing import Sequence


def render_text(reports: Sequence) -> str:
    return "".join(f"{r.location}: {r.finding.message}\n" for r in reports)


def render_json(reports: Sequence) -> str:
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


RENDERERS = {"text": render_text, "json": render_json}


def render(fmt: str, reports: Sequence) -> str:
    return RENDERERS[fmt](reports)
