"""The benchmark corpora: pinned legacy Qiskit releases from PyPI, and the standard library.

    python benchmarks/corpus.py            # download (once), verify against corpus.lock, extract
    python benchmarks/corpus.py --lock     # (maintainers) re-pin: rewrite corpus.lock from what pip fetches
    python benchmarks/corpus.py --list     # print the cache directory and file counts

Everything downloaded lives in a cache outside the repository: ``$QM_CORPUS_DIR`` or else
``~/.cache/flake8-qiskit-migrate/corpus``. Only the pip client talks to PyPI. sdists are
preferred because they carry tests, docs and examples (the code users copy from); a release
that publishes no sdist is taken as a wheel. Nothing here is imported or executed: files
are extracted and read as text.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Iterator, NamedTuple

HERE = Path(__file__).resolve().parent
LOCK_FILE = HERE / "corpus.lock"

# The releases DOMAIN.md names as real provider-era / runtime-era code.
RELEASES = (
    "qiskit-ibm-provider==0.11.0",
    "qiskit-ibmq-provider==0.20.2",
    "qiskit-ibm-runtime==0.20.0",
    "qiskit-ibm-runtime==0.23.0",
    "qiskit-ibm-runtime==0.34.0",
    "qiskit-terra==0.24.0",
    "pennylane-qiskit==0.28.0",
    "pennylane-qiskit==0.34.1",
    "qbraid==0.4.5",
    "pytket-qiskit==0.45.0",
    "openqaoa-qiskit==0.2.6",
    "orquestra-qiskit==0.14.0",
    "circuit-knitting-toolbox==0.5.0",
    "qiskit-aqua==0.9.5",
    "qiskit-rng==0.2.2",
    "mthree==2.6.3",
    "qiskit-experiments==0.6.1",
    "mitiq==0.30.0",
)

# Directories of the standard library that are not the running Python's own sources.
_NOT_STDLIB = frozenset({"site-packages", "dist-packages", "__pycache__"})


class Pin(NamedTuple):
    requirement: str
    filename: str
    sha256: str

    @property
    def is_wheel(self) -> bool:
        return self.filename.endswith(".whl")


def cache_root() -> Path:
    """Where downloads go; never inside the repository."""
    configured = os.environ.get("QM_CORPUS_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".cache" / "flake8-qiskit-migrate" / "corpus"


def read_lock(path: Path = LOCK_FILE) -> dict[str, Pin]:
    pins: dict[str, Pin] = {}
    if not path.is_file():
        return pins
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            requirement, filename, digest = line.split()
            pins[requirement] = Pin(requirement, filename, digest.removeprefix("sha256:"))
    return pins


def write_lock(pins: list[Pin], path: Path = LOCK_FILE) -> None:
    header = (
        "# Pinned benchmark corpus: requirement, file pip downloads, its sha256.\n"
        "# Regenerate with `python benchmarks/corpus.py --lock`; never commit the files themselves.\n"
    )
    body = "".join(f"{p.requirement} {p.filename} sha256:{p.sha256}\n" for p in pins)
    path.write_text(header + body, encoding="utf-8")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pip_download(requirement: str, destination: Path, *, wheel: bool) -> Path | None:
    """Run ``pip download`` for one release; returns the file or None if pip found nothing.

    ``--no-binary=<name>`` (not ``:all:``) asks for the sdist of this release only, so its
    build dependencies may still come as wheels while pip prepares its metadata.
    """
    for stale in destination.iterdir():
        stale.unlink()
    name = requirement.split("==", 1)[0]
    kind = ["--only-binary=:all:"] if wheel else [f"--no-binary={name}"]
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
               "--ignore-requires-python", *kind, "--dest", str(destination), requirement]
    result = subprocess.run(command, capture_output=True, text=True)
    files = sorted(p for p in destination.iterdir() if p.is_file())
    if result.returncode != 0 or len(files) != 1:
        return None
    return files[0]


def download(requirement: str, pin: Pin | None, downloads: Path) -> Path:
    """The archive of one release in the cache, fetched if absent and checked against its pin."""
    folder = downloads / requirement.replace("==", "-")
    folder.mkdir(parents=True, exist_ok=True)
    cached = folder / pin.filename if pin else None
    if cached is None or not cached.is_file():
        if pin is not None:
            fetched = _pip_download(requirement, folder, wheel=pin.is_wheel)
        else:  # pinning: sdist if the release has one, else a wheel
            fetched = _pip_download(requirement, folder, wheel=False) or _pip_download(requirement, folder, wheel=True)
        if fetched is None:
            raise RuntimeError(f"pip could not download {requirement}")
        cached = fetched
    if pin is not None:
        if cached.name != pin.filename:
            raise RuntimeError(f"{requirement}: pip fetched {cached.name}, corpus.lock pins {pin.filename}")
        actual = sha256_of(cached)
        if actual != pin.sha256:
            cached.unlink()
            raise RuntimeError(f"{requirement}: sha256 {actual} does not match corpus.lock ({pin.sha256})")
    return cached


def _safe_members(names: list[str], target: Path) -> None:
    root = target.resolve()
    for name in names:
        if not (target / name).resolve().is_relative_to(root):
            raise RuntimeError(f"archive member escapes the extraction directory: {name}")


def extract(archive: Path, target: Path) -> None:
    """Unpack an sdist or wheel into ``target`` (replaced atomically when complete)."""
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        staging = Path(scratch, "x")
        staging.mkdir()
        if archive.name.endswith((".whl", ".zip")):
            with zipfile.ZipFile(archive) as bundle:
                _safe_members(bundle.namelist(), staging)
                bundle.extractall(staging)
        else:
            with tarfile.open(archive) as bundle:
                _safe_members(bundle.getnames(), staging)
                members = [m for m in bundle.getmembers() if m.isfile() or m.isdir()]
                # Python >= 3.12 (and 3.8-3.11 security releases) also vet each member.
                safety = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
                bundle.extractall(staging, members=members, **safety)
        staging.rename(target)


def ensure_corpus(root: Path | None = None, *, relock: bool = False, log=print) -> Path:
    """Download, verify and extract every pinned release; returns the directory of sources."""
    root = root or cache_root()
    downloads, sources = root / "downloads", root / "src"
    sources.mkdir(parents=True, exist_ok=True)
    pins = {} if relock else read_lock()
    if not relock and not pins:
        raise RuntimeError(f"{LOCK_FILE} is missing; run `python benchmarks/corpus.py --lock` once")
    locked: list[Pin] = []
    for requirement in RELEASES:
        if not relock and requirement not in pins:
            raise RuntimeError(f"{requirement} is not pinned in {LOCK_FILE.name}; re-run with --lock")
        archive = download(requirement, pins.get(requirement), downloads)
        locked.append(Pin(requirement, archive.name, sha256_of(archive)))
        target = sources / requirement.replace("==", "-")
        marker = target / ".extracted-from"
        if not (marker.is_file() and marker.read_text() == archive.name):
            if target.exists():
                shutil.rmtree(target)
            extract(archive, target)
            marker.write_text(archive.name)
            log(f"extracted {archive.name}")
    if relock:
        write_lock(locked)
        log(f"wrote {LOCK_FILE}")
    return sources


def python_files(root: Path) -> Iterator[Path]:
    """Every ``.py`` file under ``root``, in a stable order."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _NOT_STDLIB)
        for name in sorted(files):
            if name.endswith(".py"):
                yield Path(folder, name)


def legacy_files(root: Path | None = None) -> list[Path]:
    """The extracted legacy corpus (empty if it was never downloaded)."""
    sources = (root or cache_root()) / "src"
    return list(python_files(sources)) if sources.is_dir() else []


def stdlib_files() -> list[Path]:
    """The running Python's standard library: a large tree with no Qiskit in it."""
    return list(python_files(Path(sysconfig.get_paths()["stdlib"])))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--lock", action="store_true", help="re-pin: download afresh and rewrite corpus.lock")
    parser.add_argument("--list", action="store_true", help="print where the corpus is and how many files it has")
    args = parser.parse_args(argv)
    if not args.list:
        try:
            ensure_corpus(relock=args.lock)
        except RuntimeError as exc:
            print(f"corpus: {exc}", file=sys.stderr)
            return 1
    print(f"legacy corpus: {cache_root() / 'src'} ({len(legacy_files())} .py files)")
    print(f"standard library: {sysconfig.get_paths()['stdlib']} ({len(stdlib_files())} .py files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
