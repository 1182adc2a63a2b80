"""One configuration for ``check``, ``fix`` and the flake8 plugin, resolved once per run.

Where it comes from, as ruff and flake8 users expect: walking up from the checked paths (or
the current directory), the first directory that has ``pyproject.toml`` with a
``[tool.qiskit-migrate]`` table, else a ``[flake8]`` section in ``setup.cfg``, ``tox.ini`` or
``.flake8`` (flake8's own order). ``--config PATH`` names the file, ``--isolated`` reads none;
options given on the command line win over the file.

In a ``[flake8]`` section only this tool's keys are read, and of ``select`` / ``ignore`` lists only
the QM entries (``E501`` is flake8's business); a ``select`` naming no QM code there leaves the
QM codes on, since running ``qiskit-migrate`` asks for them. ``[tool.qiskit-migrate]`` is ours
alone: an unknown key or code there is an error, as is a QM code that names no rule anywhere.
"""

from __future__ import annotations

import configparser
import fnmatch
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .catalog import RULES
from .detect.checker import Options
from .report.reports import Selection

TABLE = "qiskit-migrate"
FLAKE8_FILES = ("setup.cfg", "tox.ini", ".flake8")
#: Directories never worth checking, ruff's default ``exclude`` (a user's ``exclude`` replaces
#: it, ``extend-exclude`` adds to it). Virtual environments are found by their ``pyvenv.cfg``
#: whatever their name, and ``.gitignore`` is honoured besides.
DEFAULT_EXCLUDE = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache",
    ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv",
    ".vscode", "__pycache__", "__pypackages__", "_build", "buck-out", "build", "dist", "node_modules",
    "site-packages", "venv", "*.egg-info",
)
CODE_KEYS = ("select", "ignore", "extend-select", "extend-ignore")
LIST_KEYS = CODE_KEYS + ("exclude", "extend-exclude", "qiskit-backend-names")
BOOL_KEYS = ("unsafe-fixes", "force-exclude", "respect-gitignore")
KEYS = LIST_KEYS + BOOL_KEYS + ("per-file-ignores", "target-runtime")
_VERSION = re.compile(r"^\d+\.\d+(\.\d+)?$")


class ConfigError(Exception):
    """A configuration that cannot mean what its author wanted: one line, exit 2."""


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, whatever the front-end: what to report, where to look,
    how the checker reads names and what the fixer may do. Patterns are relative to ``root``
    (the configuration file's directory, else the current directory)."""

    select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    extend_select: Tuple[str, ...] = ()
    extend_ignore: Tuple[str, ...] = ()
    #: (glob, codes) pairs: codes left out for the files the glob matches
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    exclude: Tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: Tuple[str, ...] = ()
    #: excludes also apply to paths named on the command line
    force_exclude: bool = False
    respect_gitignore: bool = True
    backend_names: frozenset = frozenset()
    #: the qiskit-ibm-runtime version fixed code must run on ("0.40"); None: the newest
    target_runtime: Optional[str] = None
    unsafe_fixes: bool = False
    root: Path = field(default_factory=Path.cwd)
    #: the file this came from (None: defaults and the command line only)
    source: Optional[Path] = None

    @property
    def options(self) -> Options:
        """What the checker needs."""
        return Options(backend_names=self.backend_names)

    @property
    def selection(self) -> Selection:
        return Selection(self.select + self.extend_select, self.ignore + self.extend_ignore)

    def selection_for(self, path: "str | os.PathLike[str]") -> Selection:
        """The selection for one file, with its per-file ignores."""
        selection = self.selection
        if not self.per_file_ignores:
            return selection
        extra = [code for pattern, codes in self.per_file_ignores if self.matches(path, (pattern,)) for code in codes]
        return selection.ignoring(extra)

    @property
    def excludes(self) -> Tuple[str, ...]:
        return self.exclude + self.extend_exclude

    def matches(self, path: "str | os.PathLike[str]", patterns: Iterable[str]) -> bool:
        """flake8's and ruff's matching: a pattern without a slash matches the file or folder
        name, one with a slash the path relative to ``root`` (or absolute)."""
        absolute = os.path.abspath(path)
        name = os.path.basename(absolute)
        for pattern in patterns:
            if "/" not in pattern and fnmatch.fnmatchcase(name, pattern):
                return True
            anchored = os.path.normpath(os.path.join(self.root, pattern))
            if fnmatch.fnmatchcase(absolute, anchored) or fnmatch.fnmatchcase(absolute, anchored + "/*"):
                return True
        return False


# --- reading files -------------------------------------------------------------------------


def _load_toml(path: Path) -> Dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc


def _pyproject_table(path: Path) -> Optional[Dict[str, Any]]:
    table = _load_toml(path).get("tool", {}).get(TABLE)
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{TABLE}] must be a table")
    return table


def _flake8_section(path: Path) -> Optional[Mapping[str, str]]:
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (UnicodeDecodeError, configparser.Error) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    return dict(parser["flake8"]) if parser.has_section("flake8") else None


def find_config(start: Path) -> Optional[Path]:
    """The nearest configuration file at or above ``start`` that has our table or a [flake8] section."""
    directory = start.resolve()
    while True:
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _pyproject_table(pyproject) is not None:
            return pyproject
        for name in FLAKE8_FILES:
            candidate = directory / name
            if candidate.is_file() and _flake8_section(candidate) is not None:
                return candidate
        if directory.parent == directory:
            return None
        directory = directory.parent


def read_config(path: Path) -> Dict[str, Any]:
    """The raw values of one configuration file, keys spelled with dashes, checked for type."""
    if path.suffix == ".toml":
        table = _pyproject_table(path)
        if table is None:
            raise ConfigError(f"{path}: no [tool.{TABLE}] table")
        unknown = sorted(key for key in table if key not in KEYS)
        if unknown:
            raise ConfigError(f"{path}: unknown key(s) in [tool.{TABLE}]: {', '.join(unknown)}")
        return {key: _toml_value(path, key, value) for key, value in table.items()}
    section = _flake8_section(path)
    if section is None:
        raise ConfigError(f"{path}: no [flake8] section")
    values: Dict[str, Any] = {}
    for raw_key, raw in section.items():
        key = raw_key.replace("_", "-")
        if key not in KEYS:
            continue  # flake8's own options and other plugins'
        values[key] = _ini_value(path, key, raw)
    for key in CODE_KEYS:
        if key in values:
            values[key] = [code for code in values[key] if _is_ours(code)]
    if "select" in values and not values["select"]:
        del values["select"]  # `select = E,F,W`: flake8's list for flake8's run
    if "per-file-ignores" in values:
        values["per-file-ignores"] = {pattern: [c for c in codes if _is_ours(c)]
                                      for pattern, codes in values["per-file-ignores"].items()}
    return values


def _is_ours(code: str) -> bool:
    code = code.upper()
    return code.startswith("QM") or (code != "" and "QM".startswith(code))


def _toml_value(path: Path, key: str, value: Any) -> Any:
    def wrong(kind: str) -> ConfigError:
        return ConfigError(f"{path}: [tool.{TABLE}] {key} must be {kind}")

    if key in LIST_KEYS:
        if isinstance(value, str):
            return split_list(value)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise wrong("a list of strings")
        return value
    if key in BOOL_KEYS:
        if not isinstance(value, bool):
            raise wrong("true or false")
        return value
    if key == "per-file-ignores":
        if not isinstance(value, dict) or not all(
                isinstance(v, list) and all(isinstance(c, str) for c in v) for v in value.values()):
            raise wrong('a table of glob = ["CODE", ...]')
        return value
    if not isinstance(value, str):  # target-runtime
        raise wrong('a version string such as "0.40"')
    return value


def _ini_value(path: Path, key: str, raw: str) -> Any:
    if key in LIST_KEYS:
        return split_list(raw)
    if key in BOOL_KEYS:
        lowered = raw.strip().lower()
        if lowered not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise ConfigError(f"{path}: [flake8] {key} must be true or false, not {raw.strip()!r}")
        return lowered in ("1", "true", "yes", "on")
    if key == "per-file-ignores":
        from flake8.utils import parse_files_to_codes_mapping

        try:
            pairs = parse_files_to_codes_mapping(raw)
        except ValueError as exc:
            raise ConfigError(f"{path}: [flake8] per-file-ignores: {exc}") from exc
        mapping: Dict[str, List[str]] = {}
        for pattern, codes in pairs:
            mapping.setdefault(pattern, []).extend(codes)
        return mapping
    return raw.strip()


def split_list(value: str) -> List[str]:
    """flake8's list syntax: separated by commas, spaces or new lines."""
    return [part for part in re.split(r"[\s,]+", value) if part]


# --- resolving -----------------------------------------------------------------------------


def _check_codes(where: str, codes: Iterable[str]) -> Tuple[str, ...]:
    """Codes and prefixes, upper-cased; each must name at least one rule."""
    upper = tuple(code.strip().upper() for code in codes if code.strip())
    unknown = [code for code in upper if not any(rule.startswith(code) for rule in RULES)]
    if unknown:
        raise ConfigError(f"{where}: unknown code(s): {', '.join(unknown)} (codes are {min(RULES)}-{max(RULES)})")
    return upper


def _start_directory(paths: Sequence[str]) -> Path:
    """Where the search for a configuration starts: the deepest directory holding every path."""
    directories = []
    for raw in paths:
        if raw == "-":
            continue
        path = Path(raw).absolute()
        directories.append(str(path if path.is_dir() else path.parent))
    if not directories:
        return Path.cwd()
    try:
        return Path(os.path.commonpath(directories))
    except ValueError:  # different drives
        return Path.cwd()


def resolve(paths: Sequence[str] = (), overrides: Optional[Mapping[str, Any]] = None, *,
            config: Optional[str] = None, isolated: bool = False) -> Settings:
    """The settings of one run: defaults, then the configuration file, then ``overrides``
    (the command line: keys as in the file, with dashes; None means not given)."""
    overrides = {key: value for key, value in (overrides or {}).items() if value is not None}
    unknown = sorted(set(overrides) - set(KEYS))
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    source: Optional[Path] = None
    if config is not None:
        source = Path(config)
        if not source.is_file():
            raise ConfigError(f"--config {config}: no such file")
    elif not isolated:
        source = find_config(_start_directory(paths))
    values: Dict[str, Any] = read_config(source) if source is not None else {}
    where = str(source) if source is not None else "configuration"
    root = source.resolve().parent if source is not None else Path.cwd()

    def codes(key: str, given: Mapping[str, Any], label: str) -> Tuple[str, ...]:
        return _check_codes(label, given.get(key, ()))

    settings: Dict[str, Any] = {"root": root, "source": source}
    for key in CODE_KEYS:
        from_file = codes(key, values, f"{where} {key}")
        from_cli = codes(key, overrides, f"--{key}")
        if key.startswith("extend-"):
            settings[key.replace("-", "_")] = from_file + from_cli  # both extend
        else:
            settings[key] = from_cli if key in overrides else from_file
    per_file = dict(values.get("per-file-ignores", {}))
    per_file.update(overrides.get("per-file-ignores", {}))
    settings["per_file_ignores"] = tuple(
        (pattern, _check_codes(f"{where} per-file-ignores {pattern}", found)) for pattern, found in per_file.items())
    settings["exclude"] = tuple(overrides.get("exclude", values.get("exclude", DEFAULT_EXCLUDE)))
    settings["extend_exclude"] = tuple(values.get("extend-exclude", ())) + tuple(overrides.get("extend-exclude", ()))
    for key in BOOL_KEYS:
        if key in overrides or key in values:
            settings[key.replace("-", "_")] = bool(overrides.get(key, values.get(key)))
    names = overrides.get("qiskit-backend-names", values.get("qiskit-backend-names", ()))
    settings["backend_names"] = frozenset(name.strip() for name in names if name.strip())
    target = overrides.get("target-runtime", values.get("target-runtime"))
    if target is not None:
        target = str(target).strip()
        if not _VERSION.match(target):
            raise ConfigError(f"target-runtime: {target!r} is not a version such as 0.40")
        settings["target_runtime"] = target
    result = Settings(**settings)
    if not any(code in result.selection for code in RULES):
        raise ConfigError(f"the selection ({describe(result)}) selects no code")
    return result


def describe(settings: Settings) -> str:
    parts = [f"select {','.join(settings.select + settings.extend_select) or 'QM'}"]
    if settings.ignore + settings.extend_ignore:
        parts.append(f"ignore {','.join(settings.ignore + settings.extend_ignore)}")
    return ", ".join(parts)

