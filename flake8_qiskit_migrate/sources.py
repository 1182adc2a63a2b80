"""Reading the files the CLI is asked to check or fix (which files: ``discovery``)."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path
from typing import Iterable


class UnreadableSource(Exception):
    """A file that exists but cannot be decoded as Python source."""


def existing_source_files(paths: Iterable[str], settings=None) -> tuple[list[Path], list[str]]:
    """The files to process and one error line per path that could not be taken (the others
    still count); see ``discovery`` for which files a folder gives."""
    from .discovery import discover_paths

    return discover_paths(list(paths), settings)


def decode_source(data: bytes) -> str:
    """Decode bytes the way Python would (PEP 263 cookie, BOM), keeping line endings."""
    return _decode(data)[0]


def read_source(path: Path) -> tuple[str, str]:
    """Return (text, encoding) for a Python file."""
    return _decode(path.read_bytes())


def _decode(data: bytes) -> tuple[str, str]:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding), encoding
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        raise UnreadableSource(f"cannot decode: {exc}") from exc
