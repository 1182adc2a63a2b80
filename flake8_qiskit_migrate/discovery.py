"""Which files a run checks or fixes, found the way ruff finds them.

- Folders are walked in name order (a folder's files before its subfolders), for `.py`, `.pyi`
  and `.ipynb` files; a file named on the command line is taken whatever its suffix.
- Left out: the ``exclude`` / ``extend-exclude`` patterns (ruff's default list: ``.git``,
  ``__pycache__``, ``build``, ``dist``, ``.tox``, ``.nox``, ``site-packages``, ``venv``, ...), any
  folder holding a ``pyvenv.cfg`` (a virtual environment, whatever its name), and what
  ``.gitignore`` files and ``.git/info/exclude`` ignore (``respect-gitignore = false`` turns
  that off). Paths named on the command line are taken even when excluded, unless
  ``force-exclude`` is set (as pre-commit wants: it names every staged file).
- Each file once, in the order first reached (a path given twice, or a file reached through
  two arguments or a symlink, is checked once, under the first name it was reached by).
- Symlinked folders are followed; one that leads back to a folder being walked is a symbolic
  link loop. A link that cannot be resolved (a loop of links, or a broken link with a source
  suffix) and a folder that cannot be listed are reported, one line each, and the run exits 2.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Iterable, List, NamedTuple, Optional, Sequence, Set, Tuple

from .report.reports import problem_line

SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")


class Found(NamedTuple):
    files: List[Path]
    #: one E902 line per input that could not be taken
    errors: List[str]
    #: for each file, the path on the command line it was found from
    origins: List[str] = []


class _Ignores:
    """The ``.gitignore`` rules that apply in one folder: (folder, spec) pairs, nearest last."""

    def __init__(self, layers: Tuple[Tuple[str, object], ...] = ()) -> None:
        self.layers = layers

    def inside(self, directory: str) -> "_Ignores":
        spec = _spec_of(os.path.join(directory, ".gitignore"))
        return _Ignores(self.layers + ((directory, spec),)) if spec is not None else self

    def ignores(self, path: str, is_dir: bool) -> bool:
        """git's precedence: the nearest file with a matching pattern decides (``!`` re-includes)."""
        for base, spec in reversed(self.layers):
            relative = os.path.relpath(path, base).replace(os.sep, "/")
            if relative.startswith("../"):
                continue
            result = spec.check_file(relative + "/" if is_dir else relative)
            if result.include is not None:
                return bool(result.include)
        return False


def _spec_of(path: str):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _git_root(directory: str) -> Optional[str]:
    current = os.path.abspath(directory)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _ignores_for(directory: str, *, named: bool = True) -> Optional[_Ignores]:
    """The rules in force in ``directory``: ``.git/info/exclude`` and every ``.gitignore`` from the
    repository's top down to it (outside a repository, only those inside the walked tree).

    ``named``: the folder was named on the command line, so a folder above it that is ignored
    (a pyenv checkout ignores its ``versions/``) does not hide it: only the rules from there
    down count. Otherwise an ignored folder on the way gives None (everything in it is ignored)."""
    absolute = os.path.abspath(directory)
    top = _git_root(absolute)
    ignores = _Ignores()
    if top is None:
        return ignores.inside(absolute)
    exclude = _spec_of(os.path.join(top, ".git", "info", "exclude"))
    if exclude is not None:
        ignores = _Ignores(((top, exclude),))
    chain = []
    current = absolute
    while True:
        chain.append(current)
        if current == top:
            break
        current = os.path.dirname(current)
    for folder in reversed(chain):
        if folder != top and ignores.ignores(folder, True):
            if not named:
                return None
            ignores = _Ignores()
        ignores = ignores.inside(folder)
    return ignores


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return exc.strerror or str(exc)


def _shown(path: str) -> str:
    """A path as the files found are shown (``./a`` is ``a``, as pathlib spells it)."""
    return str(Path(path))


def is_virtualenv(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, "pyvenv.cfg"))


class _Walk:
    def __init__(self, settings) -> None:
        self.settings = settings
        self.excludes = settings.excludes
        self.files: List[Path] = []
        self.errors: List[str] = []
        self.origins: List[str] = []
        self.origin = ""
        self.seen: Set[str] = set()

    def add(self, path: str) -> None:
        key = os.path.realpath(path)
        if key not in self.seen:
            self.seen.add(key)
            self.files.append(Path(path))
            self.origins.append(self.origin)

    def excluded(self, path: str) -> bool:
        return self.settings.matches(path, self.excludes)

    def explicitly_excluded(self, path: str) -> bool:
        """--force-exclude: the path or a folder above it (up to the project root) is excluded."""
        absolute = Path(os.path.abspath(path))
        root = Path(os.path.abspath(self.settings.root))
        candidates = [absolute] + [parent for parent in absolute.parents
                                   if parent == root or root in parent.parents]
        if any(self.excluded(str(c)) for c in candidates if c != root):
            return True
        if self.settings.respect_gitignore:
            ignores = _ignores_for(str(absolute.parent), named=False)
            return ignores is None or ignores.ignores(str(absolute), absolute.is_dir())
        return False

    def take(self, raw: str) -> None:
        self.origin = raw
        try:
            status = os.stat(raw)
        except OSError as exc:
            reason = _reason(exc)
            if exc.errno == errno.ENOENT and os.path.islink(raw):
                reason = f"broken symbolic link (to {os.readlink(raw)})"
            self.errors.append(problem_line(raw, "E902", reason))
            return
        if self.settings.force_exclude and self.explicitly_excluded(raw):
            return
        if os.path.isdir(raw):
            ignores = (_ignores_for(raw) if self.settings.respect_gitignore else None) or _Ignores()
            self.walk(raw, ignores, {(status.st_dev, status.st_ino)})
        else:
            self.add(raw)

    def walk(self, directory: str, ignores: _Ignores, ancestors: Set[Tuple[int, int]]) -> None:
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            self.errors.append(problem_line(_shown(directory), "E902", f"{_reason(exc)} (cannot list this folder)"))
            return
        subfolders = []
        for entry in entries:
            path = os.path.join(directory, entry.name)
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError:
                is_dir = is_file = False
            if not (is_dir or is_file):
                if entry.is_symlink():
                    self.unresolvable_link(path, ignores)
                continue
            if self.excluded(path) or (ignores.layers and ignores.ignores(path, is_dir)):
                continue
            if is_file:
                if entry.name.endswith(SOURCE_SUFFIXES):
                    self.add(path)
            elif not is_virtualenv(path):
                subfolders.append(path)
        for path in subfolders:
            try:
                status = os.stat(path)
            except OSError as exc:
                self.errors.append(problem_line(_shown(path), "E902", _reason(exc)))
                continue
            key = (status.st_dev, status.st_ino)
            if key in ancestors:
                self.errors.append(problem_line(
                    _shown(path), "E902", f"symbolic link loop (leads back to {os.path.realpath(path)})"))
                continue
            inner = ignores.inside(path) if self.settings.respect_gitignore else ignores
            self.walk(path, inner, ancestors | {key})

    def unresolvable_link(self, path: str, ignores: _Ignores) -> None:
        """A link that resolves to nothing: a loop is always reported, a broken link only when
        it would have been checked (its name has a source suffix)."""
        if self.excluded(path) or (ignores.layers and ignores.ignores(path, False)):
            return
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.errors.append(problem_line(_shown(path), "E902", "symbolic link loop"))
            elif path.endswith(SOURCE_SUFFIXES):
                self.errors.append(problem_line(_shown(path), "E902", f"broken symbolic link (to {os.readlink(path)})"))


def is_excluded(path: str, settings) -> bool:
    """Whether ``--force-exclude`` leaves out this path (its name, a folder above it, .gitignore)."""
    return _Walk(settings).explicitly_excluded(path)


def discover(paths: Iterable[str], settings=None) -> Found:
    """The files to check, and one E902 line per path that could not be taken (the rest count)."""
    if settings is None:
        from .config import Settings

        settings = Settings()
    walk = _Walk(settings)
    for raw in paths:
        walk.take(str(raw))
    return Found(walk.files, walk.errors, walk.origins)


def discover_paths(paths: Sequence[str], settings=None) -> Tuple[List[Path], List[str]]:
    found = discover(paths, settings)
    return found.files, found.errors
