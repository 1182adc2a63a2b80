"""Shared helpers of the robustness suite (imported by its test modules).

The suite is bounded so that CI stays fast; ``QM_ROBUSTNESS_FULL=1`` runs the full sizes
(every file of the standard library and site-packages, more generated programs, the
1,000,000-line file, and ``qiskit-migrate fix`` over the downloaded legacy corpus).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import List, Sequence, TypeVar

REPO_ROOT = Path(__file__).resolve().parents[2]
FULL = os.environ.get("QM_ROBUSTNESS_FULL", "").strip().lower() not in ("", "0", "false", "no")

T = TypeVar("T")


def bounded(full: int, ci: int) -> int:
    """A size: ``full`` under QM_ROBUSTNESS_FULL=1, else the CI bound."""
    return full if FULL else ci


def spread_sample(items: Sequence[T], size: int) -> List[T]:
    """``size`` items spread evenly over a sorted sequence: deterministic, and it reaches
    every part of the tree instead of the first few packages."""
    if FULL or len(items) <= size:
        return list(items)
    step = len(items) / size
    return [items[int(i * step)] for i in range(size)]


def load_benchmark_corpus() -> ModuleType:
    """``benchmarks/corpus.py`` (not a package): where the legacy corpus lives."""
    path = REPO_ROOT / "benchmarks" / "corpus.py"
    spec = importlib.util.spec_from_file_location("qm_benchmark_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
