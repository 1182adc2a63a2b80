"""Programs generated from Python's grammar (hypothesmith): the checker never raises and never
reports QM000. A provider-era import is appended to each program so the whole machinery (and
the provider-era name heuristic) runs instead of the cheap "no 'ibm' here" exit.

CI tries a bounded number of programs; QM_ROBUSTNESS_FULL=1 tries many more.
"""

from __future__ import annotations

import ast
import warnings

import hypothesmith
import pytest
from hypothesis import HealthCheck, assume, given, settings

from flake8_qiskit_migrate.detect.checker import Options, check_source

from robustness_support import bounded

APPENDED = "\nimport qiskit_ibm_provider\nfrom qiskit_ibm_runtime import QiskitRuntimeService, Session\n"
# Receiver names the generator is likely to produce also count as backends: more code paths.
OPTIONS = Options(backend_names=frozenset({"a", "b", "x", "A", "_"}))

GENERATED = settings(
    max_examples=bounded(2000, 60),
    deadline=None,
    derandomize=True,  # the same programs on every CI run: a failure is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


def checked(source: str) -> list:
    text = source + APPENDED
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        assume(False)  # the grammar allows a few things the compiler rejects
    findings = check_source(text, OPTIONS)
    assert not [f for f in findings if f.code == "QM000"], (text, findings)
    # the appended imports are always reported: the checker really ran on this program
    assert any(f.code == "QM001" for f in findings), (text, findings)
    return findings


@GENERATED
@given(hypothesmith.from_grammar())
def test_programs_from_the_grammar(source):
    checked(source)


@GENERATED
@given(hypothesmith.from_node())
def test_programs_from_libcst_nodes(source):
    checked(source)


@pytest.mark.parametrize("source", ["", "pass", "x = backend.run(qc)", "async def f():\n    await backend.run(qc)\n"])
def test_the_property_itself_on_known_programs(source):
    checked(source)
