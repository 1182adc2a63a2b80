"""Replacing a file so that readers (and a crash) only ever see the old or the new content.

Kept as the entry point other modules call; the checks that keep users' files safe
(changed since read, read-only, owner, hard links, stale temporary files) are in
``writing.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from .writing import NotWritten, write_fixed

__all__ = ["NotWritten", "write_atomically"]


def write_atomically(path: Path, data: bytes, *, original: Optional[bytes] = None, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory.

    ``os.replace`` is atomic on one file system, so a process killed at any moment
    leaves either the whole old file or the whole new one. The file keeps its mode, owner and
    group, a symlink stays a symlink (its target is written), a file with several hard links is
    written in place so the links stay one file. Raises NotWritten (nothing written) when the
    file no longer holds ``original`` or is read-only without ``force``.
    """
    write_fixed(path, data, original=original, force=force)
