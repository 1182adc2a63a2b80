"""Files shipped with the package: the ast-grep rules and their sgconfig.yml."""

from __future__ import annotations

from pathlib import Path


def bundled_config() -> Path:
    """The sgconfig.yml shipped in the wheel (or the repo's, in a source checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "sgconfig.yml", here.parent / "sgconfig.yml"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("the bundled ast-grep rules are missing from this installation")
