"""Spreading per-file work over processes, results in input order (so output never depends on
``--jobs``), with an optional progress callback."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterator, List, Optional, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: With the default number of jobs, fewer files than this per extra process are checked in
#: this process: starting workers costs more than the work.
MIN_FILES_PER_JOB = 16


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


#: Net allocations after which the young generation is collected, between two files.
YOUNG_LIMIT = 20_000


@contextmanager
def collect_between_items() -> Iterator[None]:
    """The cyclic collector runs between files, not while a file's tree and model are built.

    A file's model holds its tree in reference cycles, so reference counting alone does not
    free it; the automatic collector would run hundreds of times per file over objects that
    are all still alive. Here it is off during the run, long-lived objects (modules, catalog,
    compiled patterns) are frozen out of it, and ``after_item`` collects the young generation
    once enough has been allocated. Measured on the legacy corpus (4,118 files, CPU time):
    5.0 s -> 4.0 s for the run, 1.0 s -> 0.6 s of it in the collector, 2,000 -> 72 collections,
    peak RSS 39 MB either way (with the collector simply off: 228 MB)."""
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0)
        if was_enabled:
            gc.enable()
        gc.unfreeze()


def after_item() -> None:
    if gc.get_count()[0] > YOUNG_LIMIT:
        gc.collect(0)


_worker_function: Optional[Callable] = None


#: How often a worker looks whether the process that started it is still there (seconds).
ORPHAN_CHECK_INTERVAL = 0.5


def _init_worker(function: Callable) -> None:
    global _worker_function
    _worker_function = function
    _exit_when_orphaned(os.getppid())
    gc.freeze()
    gc.disable()


def _exit_when_orphaned(parent: int) -> None:
    """A worker whose parent was killed (SIGKILL, the OOM killer, a CI timeout) would wait on
    the pool's queue forever: once it is adopted by another process, it exits. Files are
    written atomically, so stopping between two files or in the middle of one leaves each
    file entirely old or new, as the parent's own death does."""

    def watch() -> None:
        while True:
            time.sleep(ORPHAN_CHECK_INTERVAL)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="qiskit-migrate-orphan-watch", daemon=True).start()


def _call(item):
    assert _worker_function is not None
    result = _worker_function(item)
    after_item()
    return result


def _context():
    # fork keeps the imported modules (no re-import per worker); elsewhere the platform's default
    if sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()  # pragma: no cover


def parallel_map(function: Callable[[T], R], items: Sequence[T], jobs: Optional[int] = None,
                 progress: Optional[Callable[[int], None]] = None) -> List[R]:
    """``[function(item) for item in items]``, on ``jobs`` processes (None: as many as there are
    cores and enough items). ``function`` must be a module-level function (or a picklable partial
    of one); ``progress(done)`` is called as results come in."""
    if jobs is None:
        jobs = min(available_cores(), len(items) // MIN_FILES_PER_JOB)
    jobs = max(1, min(jobs, len(items)))
    results: List[R] = []
    if jobs == 1:
        with collect_between_items():
            for item in items:
                results.append(function(item))
                after_item()
                if progress:
                    progress(len(results))
        return results
    chunksize = max(1, min(64, len(items) // (jobs * 8)))
    with ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_init_worker, initargs=(function,)) as pool:
        for result in pool.map(_call, items, chunksize=chunksize):
            results.append(result)
            if progress:
                progress(len(results))
    return results
