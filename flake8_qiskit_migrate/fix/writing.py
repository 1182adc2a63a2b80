"""Writing fixed files so that nothing a user has is lost.

``qiskit-migrate fix`` writes users' files, so every write checks, right before it
replaces anything, that:

- the file still holds what the fixer read (an edit saved while ``fix`` ran is never
  overwritten: the file is reported and left);
- the file is writable: a read-only file (no write bit, e.g. mode 444) is written only
  with ``--force``;
- the owner, group and mode stay what they were (a replaced file would otherwise belong to
  whoever ran ``fix``); when they cannot be kept on a new file, or the file has several hard
  links, the new content is written in place through the same inode instead.

A replacement goes through a temporary file in the same directory, named
``.<name>.qiskit-migrate-<pid>-<random>.tmp``: ``os.replace`` is atomic, so a process killed
at any moment leaves the whole old file or the whole new one, and a temporary file left by a
killed run (its process is gone) is removed by the next run that writes next to it.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

TEMP_MARK = ".qiskit-migrate-"
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.qiskit-migrate-(?P<pid>\d+)-[0-9a-f]+\.tmp$")


class NotWritten(Exception):
    """The fixed text was not written; the message says why (the file is as it was)."""


@dataclass(frozen=True)
class Guard:
    """What the file held when it was read, and whether a read-only file may be written."""

    path: Path  # as named: resolved when a write asks (most files guarded are never written)
    original: Optional[bytes]
    force: bool = False

    def covers(self, resolved: Path) -> bool:
        return Path(os.path.realpath(self.path)) == resolved


_GUARD: contextvars.ContextVar[Optional[Guard]] = contextvars.ContextVar("qiskit_migrate_write_guard", default=None)


@contextlib.contextmanager
def guarded(path: Path, original: Optional[bytes], force: bool = False) -> Iterator[None]:
    """Writes of ``path`` inside this block check it still holds ``original`` (the bytes read
    before fixing) and respect ``force``, whichever code path writes it (.py or notebook)."""
    token = _GUARD.set(Guard(Path(path), original, force))
    try:
        yield
    finally:
        _GUARD.reset(token)


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _process_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":
        return True  # on Windows os.kill(pid, 0) would send CTRL_C: leave the file (it is recognisable)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def remove_stale_temporaries(path: Path) -> list:
    """Delete temporary files a killed run left next to ``path`` (their process is gone);
    returns the paths removed. A live concurrent fixer's temporary file is never touched."""
    removed = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match or match.group("name") != path.name or _process_alive(int(match.group("pid"))):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def is_read_only(info: os.stat_result) -> bool:
    return not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def _current_bytes(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def write_fixed(path: Path, data: bytes, *, original: Optional[bytes] = None, force: bool = False) -> None:
    """Replace the content of ``path`` (through a symlink: of its target) by ``data``.

    Raises NotWritten when the file changed since it was read (``original`` differs), or is
    read-only without ``force``; OSError when the file system refuses (the file is then as it
    was, and no temporary file is left).
    """
    path = Path(os.path.realpath(path))
    guard = _GUARD.get()
    if guard is not None and guard.covers(path):
        original = guard.original if original is None else original
        force = force or guard.force
    info = os.stat(path)
    if is_read_only(info) and not force:
        raise NotWritten("the file is read-only (use --force to write it anyway)")
    if not force and _euid() != 0 and not os.access(path, os.W_OK):
        raise NotWritten("no permission to write the file")
    remove_stale_temporaries(path)
    if original is not None and _current_bytes(path) != original:
        raise NotWritten("the file changed while it was being fixed; run fix again")
    if info.st_nlink > 1:
        _write_in_place(path, data)
        return
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not _keep_owner(tmp, info):
            os.unlink(tmp)
            _write_in_place(path, data)  # the new file could not belong to the old owner
            return
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
        # The last look: an edit saved while the temporary file was written still wins.
        if original is not None and _current_bytes(path) != original:
            raise NotWritten("the file changed while it was being fixed; run fix again")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _euid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else -1  # Windows has no uids


def _keep_owner(tmp: Path, info: os.stat_result) -> bool:
    created = os.stat(tmp)
    if (created.st_uid, created.st_gid) == (info.st_uid, info.st_gid) or not hasattr(os, "chown"):
        return True
    try:
        os.chown(tmp, info.st_uid, info.st_gid)
    except OSError as exc:
        if exc.errno in (errno.EPERM, errno.EACCES):
            return False
        raise
    return True


def _write_in_place(path: Path, data: bytes) -> None:
    """Overwrite through the same inode: hard links stay linked, owner and mode are kept.
    Not atomic, so only for what a replacement cannot keep."""
    fd = os.open(path, os.O_WRONLY)
    try:
        if len(data) > os.fstat(fd).st_size and hasattr(os, "posix_fallocate"):
            # a full disk fails here, before a byte of the old content is overwritten
            os.posix_fallocate(fd, 0, len(data))
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)
