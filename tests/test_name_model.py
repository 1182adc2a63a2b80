"""Focused tests of the model of names: imports, scopes and provenance.

Each test states one rule of SPEC.md's "What counts as an IBM Quantum backend" and
shows it on the smallest program that exercises it.
"""

from __future__ import annotations

import ast
import re
import textwrap

import pytest

from flake8_qiskit_migrate.apis import BACKEND, NON_IBM, PROVIDER, SERVICE, UNKNOWN
from flake8_qiskit_migrate.detect.checker import (
    HOT_TOKENS, PROVIDER_ERA_TOKENS, Options, check_source, check_tree, hot_lines, might_have_findings, walk_plan, relevant_aliases,
)
from flake8_qiskit_migrate.detect.imports import imported_names
from flake8_qiskit_migrate.detect.model import ModelBuilder
from flake8_qiskit_migrate.detect.provenance import Provenance


def codes(source: str, **options) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in check_source(textwrap.dedent(source), Options(**options))]


def kinds_of_last_expression(source: str) -> frozenset:
    """What provenance says about the expression on the last line, in module scope."""
    tree = ast.parse(textwrap.dedent(source))
    model = ModelBuilder().build(tree)
    expr = tree.body[-1].value  # type: ignore[attr-defined]
    return Provenance(model).kinds(expr, model.module)


# --- imports -----------------------------------------------------------------


@pytest.mark.parametrize(
    "statement, expected",
    [
        ("import qiskit_ibm_provider", [("qiskit_ibm_provider", "qiskit_ibm_provider", True)]),
        ("import qiskit_ibm_provider.job as j", [("j", "qiskit_ibm_provider.job", True)]),
        ("import qiskit.providers.ibmq", [("qiskit", "qiskit", True)]),
        ("from qiskit import IBMQ as Q, Aer", [("Q", "qiskit.IBMQ", True), ("Aer", "qiskit.Aer", False)]),
        ("from qiskit.providers import ibmq", [("ibmq", "qiskit.providers.ibmq", True)]),
        ("from qiskit_ibm_runtime import Session", [("Session", "qiskit_ibm_runtime.Session", False)]),
        ("from . import backend", [("backend", "..backend", False)]),
    ],
)
def test_import_forms_resolve_to_qualified_names(statement, expected):
    node = ast.parse(statement).body[0]
    assert [tuple(n) for n in imported_names(node)] == expected  # type: ignore[arg-type]


def test_parenthesised_multiline_import_is_one_finding_at_its_first_line():
    source = """\
    from qiskit_ibm_provider import (
        IBMProvider,
        least_busy,
    )
    """
    assert codes(source) == [(1, "QM001")]


def test_import_inside_try_and_function_is_reported_and_counts_for_the_heuristic():
    source = """\
    try:
        from qiskit import IBMQ
    except ImportError:
        IBMQ = None

    def submit(backend, qc):
        from qiskit.providers.ibmq import job_monitor
        return backend.run(qc)
    """
    assert codes(source) == [(2, "QM001"), (7, "QM001"), (8, "QM002")]


def test_star_import_from_deprecated_module_binds_its_names():
    source = """\
    from qiskit_ibm_provider import *
    provider = IBMProvider()
    provider.get_backend("ibm_kyiv").run(qc)
    """
    assert codes(source) == [(1, "QM001"), (2, "QM005"), (3, "QM002"), (3, "QM005")]


def test_attribute_chain_through_plain_qiskit_import():
    source = """\
    import qiskit
    qiskit.IBMQ.load_account()
    """
    assert codes(source) == [(2, "QM001"), (2, "QM005")]


def test_attribute_chain_covered_by_deprecated_import_is_not_reported_twice():
    source = """\
    import qiskit.providers.ibmq
    backend = qiskit.providers.ibmq.least_busy(backends)
    """
    assert codes(source) == [(1, "QM001"), (2, "QM005")]


# --- provenance --------------------------------------------------------------


@pytest.mark.parametrize(
    "source, kind",
    [
        ("from qiskit_ibm_provider import IBMProvider\nIBMProvider()", PROVIDER),
        ("from qiskit import IBMQ\nIBMQ.load_account()", PROVIDER),
        ("from qiskit import IBMQ\nIBMQ.providers()[0]", PROVIDER),
        ("import qiskit_ibm_runtime as r\nr.QiskitRuntimeService()", SERVICE),
        ("from qiskit_ibm_runtime import QiskitRuntimeService as S\nS().backend('x')", BACKEND),
        ("from qiskit_ibm_runtime import QiskitRuntimeService\nQiskitRuntimeService().least_busy()", BACKEND),
        ("from qiskit_ibm_runtime import QiskitRuntimeService\nmin(QiskitRuntimeService().backends())", BACKEND),
        ("from qiskit_aer import AerSimulator\nAerSimulator.from_backend(b)", NON_IBM),
        ("from qiskit import Aer\nAer.get_backend('qasm_simulator')", NON_IBM),
        ("from qiskit.providers.basic_provider import BasicProvider\nBasicProvider().get_backend('b')", NON_IBM),
        ("from qiskit_ibm_runtime.fake_provider import FakeSherbrooke\nFakeSherbrooke()", NON_IBM),
        ("from qiskit_ionq import IonQProvider\nIonQProvider().get_backend('ionq_qpu')", NON_IBM),
        ("unknown_factory()", UNKNOWN),
    ],
)
def test_provenance_of_expressions(source, kind):
    assert kinds_of_last_expression(source) == {kind}


def test_any_ibm_binding_wins_over_a_simulator_branch():
    source = """\
    from qiskit_aer import AerSimulator
    from qiskit_ibm_runtime import QiskitRuntimeService
    if local:
        backend = AerSimulator()
    else:
        backend = QiskitRuntimeService().backend("ibm_kyiv")
    backend.run(qc)
    """
    assert codes(source) == [(7, "QM002")]


def test_self_attribute_across_methods_and_base_classes():
    source = """\
    from qiskit_ibm_runtime import QiskitRuntimeService

    class Base:
        def __init__(self):
            self._backend = QiskitRuntimeService().backend("ibm_kyiv")

    class Child(Base):
        def submit(self, qc):
            return self._backend.run(qc)
    """
    assert codes(source) == [(9, "QM002")]


def test_tuple_targets_walrus_and_with_targets():
    source = """\
    from qiskit_ibm_runtime import QiskitRuntimeService
    service, name = QiskitRuntimeService(), "ibm_kyiv"
    if (backend := service.backend(name)) is not None:
        backend.run(qc)
    with service.backend(name) as b:
        b.run(qc)
    """
    assert codes(source) == [(4, "QM002"), (6, "QM002")]


def test_comprehension_targets_are_their_own_scope():
    source = """\
    from qiskit_ibm_runtime import QiskitRuntimeService
    from qiskit_aer import AerSimulator
    b = AerSimulator()
    jobs = [b.run(qc) for b in QiskitRuntimeService().backends()]
    b.run(qc)
    """
    assert codes(source) == [(4, "QM002")]


def test_loop_over_enumerate_of_backends():
    source = """\
    from qiskit_ibm_runtime import QiskitRuntimeService
    for index, device in enumerate(QiskitRuntimeService().backends()):
        device.run(qc)
    """
    assert codes(source) == [(3, "QM002")]


def test_annotations_make_parameters_ibm_in_runtime_modules():
    source = """\
    from typing import Optional
    from qiskit_ibm_runtime import IBMBackend

    def a(backend: IBMBackend): backend.run(qc)
    def b(backend: "IBMBackend"): backend.run(qc)
    def c(backend: Optional[IBMBackend] = None): backend.run(qc)
    def d(backend: IBMBackend | None): backend.run(qc)
    def e(backend): backend.run(qc)
    """
    assert codes(source) == [(4, "QM002"), (5, "QM002"), (6, "QM002"), (7, "QM002")]


def test_isinstance_narrowing_beats_bindings_in_both_branches():
    source = """\
    from qiskit.providers.ibmq import IBMQBackend
    from qiskit_aer import AerSimulator

    def submit(b, qc):
        if isinstance(b, IBMQBackend):
            b.run(qc)
        else:
            b.run(qc)
        if isinstance(b, AerSimulator):
            b.run(qc)
    """
    assert codes(source) == [(1, "QM001"), (6, "QM002")]


def test_none_binding_carries_no_evidence():
    source = """\
    from qiskit_ibm_runtime import QiskitRuntimeService
    backend = None
    backend = QiskitRuntimeService().backend("ibm_kyiv")
    backend.run(qc)
    """
    assert codes(source) == [(4, "QM002")]


# --- the name heuristic --------------------------------------------------------


@pytest.mark.parametrize("name", ["backend", "_backend", "ibm_backend", "backend_q", "device", "qpu"])
def test_backend_like_parameters_are_ibm_in_provider_era_modules(name):
    source = f"""\
    from qiskit_ibm_provider import IBMProvider

    def submit({name}, qc):
        return {name}.run(qc)
    """
    assert (4, "QM002") in codes(source)


def test_no_heuristic_in_runtime_only_modules():
    source = """\
    from qiskit_ibm_runtime import SamplerV2

    def submit(backend, qc):
        return backend.run(qc)
    """
    assert codes(source) == []


def test_negative_provenance_beats_the_heuristic():
    source = """\
    from qiskit import IBMQ
    from qiskit_aer import AerSimulator
    backend = AerSimulator()
    backend.run(qc)
    """
    assert codes(source) == [(1, "QM001")]


def test_user_backend_names_extend_the_heuristic():
    source = """\
    from qiskit import IBMQ

    def submit(machine, qc):
        return machine.run(qc)
    """
    assert codes(source) == [(1, "QM001")]
    assert codes(source, backend_names=frozenset({"machine"})) == [(1, "QM001"), (4, "QM002")]


def test_provider_heuristic_for_lookup_calls():
    source = """\
    from qiskit_ibm_provider import IBMProvider

    def pick(provider, my_provider):
        provider.get_backend("ibm_kyiv")
        my_provider.backends()
    """
    assert codes(source) == [(1, "QM001"), (4, "QM005"), (5, "QM005")]


# --- what is never code ------------------------------------------------------


def test_strings_and_comments_are_not_code():
    source = '''\
    from qiskit_ibm_runtime import QiskitRuntimeService
    # backend.run(qc) and IBMQ.load_account() in a comment
    text = "backend.run(qc); from qiskit import IBMQ"
    doc = """provider.get_backend('ibmq_qasm_simulator')"""
    '''
    assert codes(source) == []


# --- the cheap pre-check -----------------------------------------------------


def test_files_without_an_ibm_package_name_are_not_walked():
    assert not might_have_findings("import numpy\nx = backend.run(qc)\n")
    # Qiskit's own files mention IBM in their copyright header; that alone is not evidence.
    assert not might_have_findings("# (C) Copyright IBM 2021.\nbackend.run(qc)\n")
    for text in ("from qiskit import IBMQ\n", "import qiskit\nqiskit.IBMQ.load_account()\n",
                 "import qiskit_ibm_runtime\n", "from qiskit_ibm_provider import IBMProvider\n",
                 "from qiskit.providers import ibmq\n", 'f(channel="ibm_quantum")\n'):
        assert might_have_findings(text)
    # Every IBM import is spelled with "qiskit": an IBMQ from elsewhere is not Qiskit's.
    assert not might_have_findings("from mylab import IBMQ\nIBMQ.load_account()\n")
    # Another IBM package is not one the checks know about.
    assert not might_have_findings("from qiskit_ibm_experiment import IBMExperimentService\n")
    # The first scan finds "quantum" or "qiskit", whichever comes first; the rest still counts.
    assert might_have_findings("# quantum computing\nimport qiskit\nfrom qiskit.tools.monitor import job_monitor\n")
    assert might_have_findings("# quantum computing\nfrom qiskit_ibmq_provider import IBMQ\n")
    assert not might_have_findings("# quantum computing\nimport qiskit\n")
    assert not might_have_findings("import qiskit\nfrom qiskit.providers import ibm_like\n")
    assert check_tree(object(), "import numpy\n") == []  # type: ignore[arg-type]


def test_unparsable_source_is_an_error_not_silence():
    with pytest.raises(SyntaxError):
        check_source("def (:\n")


def test_hot_lines_include_import_aliases():
    text = "from qiskit_ibm_runtime import Session as S\nx = 1\nS(b)\n"
    assert hot_lines(text) == [1]
    assert hot_lines(text, frozenset({"S"})) == [1, 3]


@pytest.mark.parametrize("skipped, matched", HOT_TOKENS + PROVIDER_ERA_TOKENS)
def test_every_hot_token_written_in_full_makes_its_line_hot(skipped, matched):
    # The scan starts each token at a rare character; the whole token must still be found.
    token = skipped + re.sub(r"\\s\*|\\b", "", matched).replace("\\", "")
    assert hot_lines(f"x = 1\ny = {token}\nz = 2\n") == [2], token


def test_only_aliases_of_names_a_check_reports_make_their_lines_hot():
    aliases = {
        "np": {"numpy"},  # import numpy as np
        "b": {"backend"},  # b = self.backend: `b.run(...)` is hot by itself
        "S": {"Session"},  # from qiskit_ibm_runtime import Session as S
        "P": {"IBMProvider"},  # P = qiskit_ibm_provider.IBMProvider
        "Q": {"P"},  # Q = P
        "submit": {"execute"},  # from qiskit import execute as submit
    }
    assert relevant_aliases(aliases) == {"S", "P", "Q", "submit"}


def test_a_module_without_an_ibm_import_walks_only_its_removed_channel_lines():
    # Package-internal code (relative imports) can only hold QM007: nothing else is known IBM.
    text = "from .ibm_backend import IBMBackend\nIBMBackend().run(qc)\nconnect(channel='ibm_quantum')\n"
    assert walk_plan(ast.parse(text), text).lines == [3]
    # ... and with no removed channel, nothing is walked at all.
    text = "from .ibm_backend import IBMBackend\nIBMBackend().run(qc)\n"
    assert walk_plan(ast.parse(text), text) is None
    # `import qiskit` reaches `qiskit.IBMQ` by attribute: every hot line is walked.
    text = "import qiskit\nprovider = qiskit.IBMQ.load_account()\nprovider.get_backend('x')\n"
    assert walk_plan(ast.parse(text), text).lines == [2, 3]


def test_an_assignment_alias_of_a_reported_name_is_found_after_the_imports():
    source = """\
    def connect():
        return Provider()

    from qiskit_ibm_provider import IBMProvider
    Provider = IBMProvider
    """
    assert codes(source) == [(2, "QM005"), (4, "QM001")]


def test_backend_looked_up_on_a_provider_named_parameter_is_a_backend():
    source = """\
    from qiskit_ibm_provider import IBMProvider

    def submit(provider, qc):
        chosen = provider.get_backend("ibm_kyiv")
        return chosen.run(qc)
    """
    assert codes(source) == [(1, "QM001"), (4, "QM005"), (5, "QM002")]


def test_pre_011_backend_lookup_on_ibmq_itself():
    source = """\
    from qiskit import IBMQ
    backend = IBMQ.get_backend("ibmq_16_melbourne")
    backend.run(qc)
    """
    assert codes(source) == [(1, "QM001"), (2, "QM005"), (3, "QM002")]


def test_star_import_does_not_turn_unbound_variables_into_module_names():
    source = """\
    from qiskit_ibm_provider import *

    def submit(qc):
        return backend.run(qc)

    provider.get_backend("ibm_kyiv")
    backend = least_busy(provider.backends())
    """
    assert codes(source) == [(1, "QM001"), (4, "QM002"), (6, "QM005"), (7, "QM005")]


# --- bodies a checker model walks only on demand ---------------------------------
# For the checker (hot lines given), a function or class with no hot line is not walked
# while building: nothing in it is read by point. Its findings-relevant effects stay.


def test_a_member_bound_in_a_method_without_hot_lines_still_decides_the_receiver():
    source = """\
    from qiskit_ibm_runtime import QiskitRuntimeService


    class Runner:
        def __init__(self):
            self.service = QiskitRuntimeService()
            self.device = self.service.backend("ibm_kyiv")

        def go(self, qc):
            return self.device.run(qc)
    """
    assert codes(source) == [(10, "QM002")]


def test_members_from_deferred_methods_keep_the_order_of_a_complete_walk():
    source = textwrap.dedent("""\
    class Runner:
        def first(self):
            self.backend = one()

        def second(self):
            self.backend = two()
            self.backend.run(qc)

        def third(self):
            self.backend = three()
    """)
    tree = ast.parse(source)
    checker_model = ModelBuilder([7]).build(tree)
    runner = checker_model.members(checker_model.class_scopes["Runner"])
    complete = ModelBuilder().build(tree).class_scopes["Runner"]
    assert [b[1].func.id for b in runner.attrs["backend"]] == ["one", "two", "three"]
    assert [b[1].func.id for b in runner.attrs["backend"]] == [b[1].func.id for b in complete.attrs["backend"]]


def test_a_global_rebinding_in_a_function_without_hot_lines_still_reaches_module_reads():
    source = """\
    from qiskit_aer import AerSimulator
    from qiskit_ibm_runtime import QiskitRuntimeService

    backend = AerSimulator()


    def use_hardware():
        global backend
        backend = QiskitRuntimeService().backend("ibm_kyiv")


    backend.run(qc)
    """
    assert codes(source) == [(12, "QM002")]


def test_an_alias_made_in_a_function_without_hot_lines_is_still_recorded():
    tree = ast.parse("def setup(provider):\n    listing = provider.backends\n")
    assert ModelBuilder([]).build(tree).aliases == {"listing": {"backends"}}


def test_a_retired_simulator_name_in_a_function_without_hot_lines_is_still_reported():
    source = """\
    from qiskit_ibm_runtime import QiskitRuntimeService


    def pick():
        name = "ibmq_qasm_simulator"
        return name
    """
    assert codes(source) == [(5, "QM008")]
