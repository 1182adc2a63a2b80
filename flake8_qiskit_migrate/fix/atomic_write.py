"""Replacing a file so that readers (and a crash) only ever see the old or the new content."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory.

    ``os.replace`` is atomic on one file system, so a process killed at any moment
    leaves either the whole old file or the whole new one. The file keeps its mode, and a
    symlink stays a symlink (its target is replaced).
    """
    path = Path(os.path.realpath(path))  # through a symlink: replace its target, keep the link
    mode = stat.S_IMODE(os.stat(path).st_mode)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".qiskit-migrate.tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
