"""The value every check produces and every output consumes."""

from __future__ import annotations

from typing import NamedTuple


class Finding(NamedTuple):
    """One reported site. ``line`` is 1-based, ``col`` 0-based (flake8's convention)."""

    line: int
    col: int
    code: str
    message: str
    end_line: int
    end_col: int
