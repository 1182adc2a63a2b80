"""Spreading per-file work over processes, results in input order (so output never depends on
``--jobs``), with an optional progress callback."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
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


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """The cyclic collector off for a run: the trees and models of a file are dropped by
    reference counting when the file is done, and the collector's passes over the long-lived
    objects (catalog, compiled patterns, modules) are pure overhead."""
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.unfreeze()


_worker_function: Optional[Callable] = None


def _init_worker(function: Callable) -> None:
    global _worker_function
    _worker_function = function
    gc.freeze()
    gc.disable()


def _call(item):
    assert _worker_function is not None
    return _worker_function(item)


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
        with no_cyclic_gc():
            for item in items:
                results.append(function(item))
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
