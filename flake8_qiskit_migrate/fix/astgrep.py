"""Candidate rewrites from the bundled ast-grep rules (``rules/``).

"The detection engine decides WHERE, the ast-grep rules decide HOW": the fixer asks the
rules for their rewrites and applies one only where the checker flagged the same code.
The scan runs the ``ast-grep`` executable on a UTF-8 copy of the text (its ``--stdin``
mode takes a single rule only); without the executable, or if the scan fails, the fixer
falls back to its own rewrites of the same sites.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, NamedTuple, Optional


class RuleRewrite(NamedTuple):
    rule_id: str
    start: int  # character offsets into the scanned text
    end: int
    replacement: str


def astgrep_executable() -> Optional[str]:
    candidate = Path(sys.executable).with_name("ast-grep")
    if candidate.is_file():
        return str(candidate)
    # not `sg`: on Linux that name is also shadow-utils' "execute as another group"
    return shutil.which("ast-grep")


def _config() -> Optional[Path]:
    from ..resources import bundled_config

    try:
        return bundled_config()
    except FileNotFoundError:
        return None


def rule_rewrites(text: str) -> List[RuleRewrite]:
    """Every match with a fix, as character offsets into ``text``; [] when unavailable."""
    executable, config = astgrep_executable(), _config()
    if executable is None or config is None or not any((config.parent / "rules").rglob("*.yml")):
        return []
    data = text.encode("utf-8")
    fd, name = tempfile.mkstemp(suffix=".py", prefix="qiskit-migrate-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        completed = subprocess.run(
            [executable, "scan", "-c", str(config), "--json=compact",
             "--no-ignore", "hidden", "--no-ignore", "dot", "--no-ignore", "vcs",
             "--no-ignore", "global", "--no-ignore", "exclude", name],
            capture_output=True, cwd=str(config.parent), timeout=60,
        )
        matches = json.loads(completed.stdout or b"[]")
    except (OSError, subprocess.SubprocessError, ValueError):
        return []
    finally:
        os.unlink(name)
    rewrites = []
    for match in matches:
        offsets = match.get("replacementOffsets")
        if "replacement" not in match or not offsets:
            continue
        start = len(data[: offsets["start"]].decode("utf-8", "ignore"))
        end = len(data[: offsets["end"]].decode("utf-8", "ignore"))
        rewrites.append(RuleRewrite(match.get("ruleId", ""), start, end, match["replacement"]))
    return rewrites
