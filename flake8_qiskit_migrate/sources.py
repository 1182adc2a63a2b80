"""Finding and reading the files the CLI is asked to check or fix."""

from __future__ import annotations

import io
import os
import tokenize
from pathlib import Path
from typing import Iterable, Iterator

SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")
# Directories no user wants linted: tool caches, VCS metadata and virtual environments.
SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "__pycache__", ".mypy_cache",
     ".pytest_cache", ".ruff_cache", "node_modules", ".ipynb_checkpoints", "build", "dist"}
)


class UnreadableSource(Exception):
    """A file that exists but cannot be decoded as Python source."""


def iter_source_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield files to check, in a stable order; a missing path raises FileNotFoundError."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info"))
                for name in sorted(files):
                    if name.endswith(SOURCE_SUFFIXES):
                        yield Path(root, name)
        elif path.is_file():
            yield path
        else:
            raise FileNotFoundError(f"{raw}: no such file or directory")


def existing_source_files(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """The files to process and one error line per missing path (the others still count)."""
    files: list[Path] = []
    errors: list[str] = []
    for raw in paths:
        try:
            files.extend(iter_source_files([raw]))
        except FileNotFoundError as exc:
            errors.append(f"{raw}: E902 {exc.strerror or 'no such file or directory'}")
    return files, errors


def decode_source(data: bytes) -> str:
    """Decode bytes the way Python would (PEP 263 cookie, BOM), keeping line endings."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        raise UnreadableSource(f"cannot decode: {exc}") from exc


def read_source(path: Path) -> tuple[str, str]:
    """Return (text, encoding) for a Python file."""
    data = path.read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding), encoding
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        raise UnreadableSource(f"cannot decode: {exc}") from exc
