"""What `qiskit-migrate fix` rewrites, and what it deliberately leaves (with its finding).

Each test shows legacy code and the exact migrated code, so this file doubles as the
reference for the fixes' output.
"""

from __future__ import annotations

import textwrap

import pytest

from flake8_qiskit_migrate.report.reports import Selection
from flake8_qiskit_migrate.fix.engine import fix_text


def fix(source: str, *, select=(), ignore=(), unsafe=False) -> str:
    """``qiskit-migrate fix`` (``unsafe``: with ``--unsafe-fixes``)."""
    return fix_text(textwrap.dedent(source), selection=Selection(select, ignore), unsafe_fixes=unsafe).text


def fix_unsafe(source: str, **selection) -> str:
    """``qiskit-migrate fix --unsafe-fixes``: also the fixes whose result needs a review."""
    return fix(source, unsafe=True, **selection)


def remaining_codes(source: str, unsafe=False, **selection) -> list:
    outcome = fix_text(textwrap.dedent(source), selection=Selection(**selection), unsafe_fixes=unsafe)
    return [f.code for f in outcome.remaining]


def unchanged(source: str, **selection) -> bool:
    return fix(source, **selection) == textwrap.dedent(source)


RUNTIME_HEADER = """\
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService
service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc, bell, ghz = QuantumCircuit(1, 1), QuantumCircuit(2, 2), QuantumCircuit(3, 3)
"""


def runtime(body: str) -> str:
    return RUNTIME_HEADER + textwrap.dedent(body)


# --- QM002: backend.run and its results ------------------------------------------------------


def test_backend_run_becomes_sampler_and_counts_come_from_the_first_pub():
    legacy = runtime("""\
        isa = transpile(qc, backend)
        job = backend.run(isa, shots=100)
        counts = job.result().get_counts()
    """)
    assert fix(legacy) == textwrap.dedent("""\
        from qiskit import QuantumCircuit, transpile
        from qiskit_ibm_runtime import QiskitRuntimeService
        from qiskit_ibm_runtime.executor_sampler import Sampler
        service = QiskitRuntimeService()
        backend = service.backend("ibm_kyiv")
        qc, bell, ghz = QuantumCircuit(1, 1), QuantumCircuit(2, 2), QuantumCircuit(3, 3)
        isa = transpile(qc, backend)
        job = Sampler(mode=backend).run([isa], shots=100)
        counts = job.result()[0].join_data().get_counts()
    """)


def test_a_circuit_not_compiled_for_the_backend_is_transpiled_first():
    legacy = runtime("""\
        qc = QuantumCircuit(1, 1)
        counts = backend.run(qc).result().get_counts()
    """)
    fixed = fix(legacy)
    assert "counts = Sampler(mode=backend).run([transpile(qc, backend)], shots=4000).result()[0].join_data().get_counts()" in fixed


def test_a_list_of_circuits_is_not_wrapped_twice_and_counts_by_circuit_use_its_position():
    legacy = runtime("""\
        circuits = transpile([bell, ghz], backend)
        result = backend.run(circuits).result()
        print(result.get_counts(ghz), result.get_counts(0), result.get_memory(bell))
    """)
    fixed = fix(legacy)
    assert "result = Sampler(mode=backend).run(circuits, shots=4000).result()" in fixed
    assert ("print(result[1].join_data().get_counts(), result[0].join_data().get_counts(), "
            "result[0].join_data().get_bitstrings())") in fixed


def test_get_counts_without_argument_on_several_circuits_keeps_returning_a_list():
    fixed = fix(runtime("""\
        job = backend.run(transpile([bell, ghz], backend))
        all_counts = job.result().get_counts()
    """))
    assert "all_counts = [pub_result.join_data().get_counts() for pub_result in job.result()]" in fixed


def test_counts_indexed_by_a_loop_variable_over_range():
    fixed = fix(runtime("""\
        circuits = transpile([bell, ghz], backend)
        result = backend.run(circuits).result()
        for i in range(2):
            print(result.get_counts(i))
    """))
    assert "print(result[i].join_data().get_counts())" in fixed


def test_execute_transpiles_like_it_used_to_and_keeps_transpile_options():
    legacy = """\
        from qiskit import IBMQ, QuantumCircuit, execute
        IBMQ.load_account()
        provider = IBMQ.get_provider(hub="ibm-q")
        backend = provider.get_backend("ibm_kyiv")
        qc = QuantumCircuit(2, 2)
        job = execute(qc, backend, shots=10, optimization_level=3)
        print(job.result().get_counts())
    """
    assert fix_unsafe(legacy) == textwrap.dedent("""\
        from qiskit import QuantumCircuit, transpile
        from qiskit_ibm_runtime import QiskitRuntimeService
        from qiskit_ibm_runtime.executor_sampler import Sampler
        provider = QiskitRuntimeService()
        backend = provider.backend("ibm_kyiv")
        qc = QuantumCircuit(2, 2)
        job = Sampler(mode=backend).run([transpile(qc, backend, optimization_level=3)], shots=10)
        print(job.result()[0].join_data().get_counts())
    """)


def test_run_options_with_a_sampler_equivalent_move_to_options():
    fixed = fix(runtime("""\
        job = backend.run(transpile(qc, backend), shots=5, job_tags=["x"], rep_delay=0.001)
        job.result()
    """))
    assert ('Sampler(mode=backend, options={"environment": {"job_tags": ["x"]}, '
            '"execution": {"rep_delay": 0.001}}).run([transpile(qc, backend)], shots=5)') in fixed


@pytest.mark.parametrize("option", ["dynamic=True", "init_circuit=prep", "init_num_resets=2",
                                    "header={}", "use_measure_esp=True"])
def test_options_without_sampler_equivalent_leave_the_call_and_its_finding(option):
    legacy = runtime(f"""\
        job = backend.run(transpile(qc, backend), {option})
        print(job.result().get_counts())
    """)
    assert unchanged(legacy)
    assert remaining_codes(legacy) == ["QM002"]


@pytest.mark.parametrize("use", [
    "return_it(job)",                      # escapes the scope
    "print(job.result().get_statevector())",  # no Sampler counterpart
    "result = job.result()\nprint(result.results)",
    "print(job.result().get_counts(name))",  # key with unknown position
    "callback = lambda: job.result().get_counts()",  # read later, from a nested scope
    "print(job.status() == JobStatus.DONE)",  # status() is a string now
])
def test_a_job_or_result_use_that_cannot_be_migrated_blocks_the_whole_fix(use):
    legacy = runtime("""\
        job = backend.run(transpile(qc, backend))
    """) + use + "\n"
    assert unchanged(legacy)
    assert "QM002" in remaining_codes(legacy)


def test_job_monitor_goes_with_its_import_once_the_job_is_migrated():
    legacy = """\
        from qiskit import QuantumCircuit, transpile
        from qiskit_ibm_provider import IBMProvider
        from qiskit_ibm_provider.job import job_monitor
        qc = QuantumCircuit(1, 1)
        provider = IBMProvider()
        backend = provider.get_backend("ibm_kyiv")
        job = backend.run(transpile(qc, backend))
        job_monitor(job)
        print(job.result().get_counts())
    """
    fixed = fix_unsafe(legacy)
    assert "job_monitor" not in fixed
    assert "qiskit_ibm_provider" not in fixed
    assert "print(job.result()[0].join_data().get_counts())" in fixed


def test_job_monitor_stays_imported_while_an_unfixed_use_remains():
    legacy = """\
        from qiskit import QuantumCircuit, transpile
        from qiskit_ibm_provider import IBMProvider
        from qiskit_ibm_provider.job import job_monitor
        qc = QuantumCircuit(1, 1)
        provider = IBMProvider()
        backend = provider.get_backend("ibm_kyiv")
        job = backend.run(transpile(qc, backend), dynamic=True)
        job_monitor(job)
    """
    fixed = fix(legacy)
    assert "from qiskit_ibm_provider.job import job_monitor\n" in fixed
    assert remaining_codes(legacy) == ["QM001", "QM002"]


# --- QM003 / QM004: sessions ------------------------------------------------------------------


SESSION_BLOCK = runtime("""\
    with backend.open_session() as session:
        job = backend.run(transpile(qc, backend))
        print(job.result().get_counts())
""")


def test_open_session_becomes_a_batch_and_runs_inside_use_it():
    fixed = fix_unsafe(SESSION_BLOCK)
    assert "from qiskit_ibm_runtime import QiskitRuntimeService, Batch\n" in fixed
    assert "with Batch(backend=backend) as session:" in fixed
    assert "job = Sampler(mode=session).run([transpile(qc, backend)], shots=4000)" in fixed


def test_paid_plans_that_ignore_qm004_get_a_session():
    fixed = fix(SESSION_BLOCK, ignore=["QM004"])
    assert "with Session(backend=backend) as session:" in fixed
    assert "from qiskit_ibm_runtime import QiskitRuntimeService, Session\n" in fixed


def test_runtime_session_becomes_batch_and_the_unused_session_import_goes():
    legacy = """\
        from qiskit_ibm_runtime import QiskitRuntimeService, Session
        with Session(backend=backend) as session:
            pass
    """
    assert fix_unsafe(legacy) == textwrap.dedent("""\
        from qiskit_ibm_runtime import QiskitRuntimeService, Batch
        with Batch(backend=backend) as session:
            pass
    """)


def test_session_from_id_is_reported_not_rewritten():
    legacy = "from qiskit_ibm_runtime import Session\nsession = Session.from_id('abc', service)\n"
    assert unchanged(legacy)
    assert remaining_codes(legacy) == ["QM004"]


# --- QM006: removed arguments ---------------------------------------------------------------


def test_primitive_session_and_backend_keywords_become_mode():
    legacy = """\
        from qiskit_ibm_runtime import SamplerV2 as Sampler, EstimatorV2
        sampler = Sampler(session=session)
        estimator = EstimatorV2(backend=backend)
    """
    fixed = fix(legacy)
    assert "sampler = Sampler(mode=session)" in fixed
    assert "estimator = EstimatorV2(mode=backend)" in fixed


def test_session_with_service_and_backend_name_gets_a_backend_object():
    legacy = """\
        from qiskit_ibm_runtime import QiskitRuntimeService, Session
        service = QiskitRuntimeService()
        session = Session(service=service, backend="ibm_kyiv")
    """
    assert "session = Batch(backend=service.backend(\"ibm_kyiv\"))" in fix_unsafe(legacy)
    assert "session = Session(backend=service.backend(\"ibm_kyiv\"))" in fix_unsafe(legacy, ignore=["QM004"])


def test_a_backend_name_string_without_a_service_in_view_is_left():
    legacy = "from qiskit_ibm_runtime import SamplerV2\nsampler = SamplerV2(mode='ibm_kyiv')\n"
    assert unchanged(legacy)
    assert remaining_codes(legacy) == ["QM006"]


# --- QM005 / QM001: accounts, providers, imports ----------------------------------------------


def test_ibm_provider_maps_its_arguments_and_drops_a_hub_group_project_instance():
    legacy = """\
        from qiskit_ibm_provider import IBMProvider
        provider = IBMProvider(token=TOKEN, instance="ibm-q/open/main")
        job = provider.retrieve_job("abc")
    """
    assert fix_unsafe(legacy) == textwrap.dedent("""\
        from qiskit_ibm_runtime import QiskitRuntimeService
        provider = QiskitRuntimeService(token=TOKEN)
        job = provider.job("abc")
    """)


def test_ibm_provider_with_a_classic_platform_url_is_left_for_a_person():
    legacy = """\
        from qiskit_ibm_provider import IBMProvider
        provider = IBMProvider(url="https://auth.quantum-computing.ibm.com/api")
    """
    assert unchanged(legacy)
    assert remaining_codes(legacy) == ["QM001", "QM005"]


def test_enable_account_token_moves_into_the_service():
    legacy = """\
        from qiskit import IBMQ
        IBMQ.enable_account(TOKEN)
        provider = IBMQ.get_provider(hub="ibm-q", group="open", project="main")
    """
    assert fix_unsafe(legacy) == textwrap.dedent("""\
        from qiskit_ibm_runtime import QiskitRuntimeService
        provider = QiskitRuntimeService(token=TOKEN)
    """)


def test_save_account_gets_the_new_channel():
    legacy = "from qiskit_ibm_provider import IBMProvider\nIBMProvider.save_account(token=TOKEN, overwrite=True)\n"
    fixed = fix(legacy)
    assert fixed.startswith("from qiskit_ibm_runtime import QiskitRuntimeService\nQiskitRuntimeService.save_account(")
    # ibm_quantum_platform is the default channel since runtime 0.42; older ones need it spelled out
    assert "token=TOKEN" in fixed and "overwrite=True" in fixed and 'channel="ibm_quantum"' not in fixed


def test_least_busy_over_provider_backends_becomes_the_service_method():
    legacy = """\
        from qiskit_ibm_provider import IBMProvider, least_busy
        provider = IBMProvider()
        backend = least_busy(provider.backends(simulator=False, min_num_qubits=5))
    """
    assert fix(legacy) == textwrap.dedent("""\
        from qiskit_ibm_runtime import QiskitRuntimeService
        provider = QiskitRuntimeService()
        backend = provider.least_busy(simulator=False, min_num_qubits=5)
    """)


def test_least_busy_over_a_precomputed_list_becomes_service_least_busy_with_the_list_inlined():
    legacy = """\
        from qiskit_ibm_provider import IBMProvider, least_busy
        provider = IBMProvider()
        candidates = provider.backends()
        backend = least_busy(candidates)
    """
    assert fix(legacy) == textwrap.dedent("""\
        from qiskit_ibm_runtime import QiskitRuntimeService
        provider = QiskitRuntimeService()
        backend = provider.least_busy()
    """)
    assert remaining_codes(legacy) == []


def test_renamed_names_are_renamed_where_they_are_used_as_types():
    legacy = """\
        from qiskit_ibm_provider import IBMProvider
        def connect() -> IBMProvider:
            return IBMProvider()
    """
    assert fix(legacy) == textwrap.dedent("""\
        from qiskit_ibm_runtime import QiskitRuntimeService
        def connect() -> QiskitRuntimeService:
            return QiskitRuntimeService()
    """)


def test_service_get_backend_becomes_backend():
    assert fix(runtime("b = service.get_backend('ibm_kyiv')\n")).endswith("b = service.backend('ibm_kyiv')\n")


def test_channel_string_is_replaced_keeping_its_quotes():
    legacy = "from qiskit_ibm_runtime import QiskitRuntimeService\nQiskitRuntimeService(channel='ibm_quantum')\n"
    assert fix(legacy).endswith("QiskitRuntimeService(channel='ibm_quantum_platform')\n")


# --- imports ---------------------------------------------------------------------------------


def test_a_sampler_name_taken_by_another_library_gets_an_alias():
    legacy = runtime("""\
        from qiskit.primitives import Sampler
        job = backend.run(transpile(qc, backend))
        job.result()
    """)
    fixed = fix(legacy)
    assert "from qiskit_ibm_runtime.executor_sampler import Sampler as RuntimeSampler" in fixed
    assert "job = RuntimeSampler(mode=backend).run([transpile(qc, backend)], shots=4000)" in fixed


def test_an_existing_runtime_sampler_import_is_reused_not_duplicated():
    legacy = runtime("""\
        from qiskit_ibm_runtime import SamplerV2 as Sampler
        job = backend.run(transpile(qc, backend))
        job.result()
    """)
    fixed = fix(legacy)
    assert fixed.count("import SamplerV2 as Sampler") == 1
    assert "executor_sampler" not in fixed


def test_new_names_merge_into_the_existing_runtime_import_without_duplicates():
    fixed = fix_unsafe(SESSION_BLOCK)
    assert fixed.count("from qiskit_ibm_runtime import") == 1
    assert fixed.count("Batch") == 2


# --- selection -------------------------------------------------------------------------------


def test_codes_not_selected_are_neither_fixed_nor_reported():
    legacy = runtime("""\
        service2 = QiskitRuntimeService(channel="ibm_quantum")
        job = backend.run(transpile(qc, backend))
    """)
    fixed = fix(legacy, select=["QM007"])
    assert 'channel="ibm_quantum_platform"' in fixed
    assert "backend.run(" in fixed
    assert remaining_codes(legacy, select=["QM007"]) == []


def test_noqa_lines_are_left_alone():
    legacy = runtime("b2 = service.get_backend('x')  # noqa: QM005\n")
    assert unchanged(legacy)


def test_an_annotated_circuit_parameter_has_a_known_shape():
    legacy = """\
        from typing import List
        from qiskit import QuantumCircuit, transpile
        from qiskit_ibm_runtime import IBMBackend

        def submit_one(backend: IBMBackend, circuit: QuantumCircuit):
            return backend.run(circuit).result().get_counts()

        def submit_many(backend: IBMBackend, circuits: List[QuantumCircuit]):
            result = backend.run(circuits).result()
            return [result.get_counts(i) for i in range(len(circuits))]
    """
    fixed = fix(legacy)
    assert ("return Sampler(mode=backend).run([transpile(circuit, backend)], shots=4000).result()[0]"
            ".join_data().get_counts()") in fixed
    assert "result = Sampler(mode=backend).run(transpile(circuits, backend), shots=4000).result()" in fixed
    assert "return [result[i].join_data().get_counts() for i in range(len(circuits))]" in fixed


def test_an_unannotated_parameter_could_be_one_circuit_or_many_so_it_is_left():
    legacy = """\
        from qiskit_ibm_runtime import IBMBackend

        def submit(backend: IBMBackend, circuits):
            return backend.run(circuits).result().get_counts()
    """
    assert unchanged(legacy)
    assert remaining_codes(legacy) == ["QM002"]


def test_an_import_added_to_a_file_without_imports_goes_below_shebang_and_coding_cookie():
    legacy = ("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"
              "def open_batch(backend):\n"
              "    from qiskit_ibm_runtime import Session\n"
              "    return Session(backend=backend)\n")
    assert fix_unsafe(legacy) == ("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"
                           "from qiskit_ibm_runtime import Batch\n"
                           "def open_batch(backend):\n"
                           "    return Batch(backend=backend)\n")


@pytest.mark.parametrize("backend_binding, expected", [
    ('backend = service.backend("ibm_kyiv")', "Batch(backend=backend)"),
    ('backend = "ibm_kyiv"', "Batch(backend=service.backend(backend))"),
])
def test_session_with_a_service_keeps_meaning_whether_backend_is_an_object_or_a_name(backend_binding, expected):
    legacy = f"""\
        from qiskit_ibm_runtime import QiskitRuntimeService, Session
        service = QiskitRuntimeService()
        {backend_binding}
        session = Session(service, backend)
    """
    assert f"session = {expected}\n" in fix_unsafe(legacy)


def test_a_service_with_a_backend_of_unknown_kind_is_left_but_session_still_becomes_batch():
    legacy = """\
        from qiskit_ibm_runtime import QiskitRuntimeService, Session
        def open_session(service, backend):
            return Session(service=service, backend=backend)
    """
    assert "return Batch(service=service, backend=backend)" in fix_unsafe(legacy)
    assert remaining_codes(legacy, unsafe=True) == ["QM006"]


def test_a_backend_name_in_a_variable_becomes_a_backend_object_from_the_service():
    legacy = """\
        from qiskit_ibm_runtime import QiskitRuntimeService, Session, SamplerV2
        service = QiskitRuntimeService()
        name = "ibm_kyiv"
        with Session(backend=name) as session:
            SamplerV2(mode=name)
    """
    fixed = fix_unsafe(legacy)
    assert "with Batch(backend=service.backend(name)) as session:" in fixed
    assert "SamplerV2(mode=service.backend(name))" in fixed


def test_an_unnamed_open_session_gets_a_name_the_runs_inside_can_use():
    fixed = fix_unsafe(runtime("""\
        with backend.open_session():
            job = backend.run(transpile(qc, backend))
            job.result()
            backend.close_session()
    """))
    assert "with Batch(backend=backend) as batch:" in fixed
    assert "job = Sampler(mode=batch).run([transpile(qc, backend)], shots=4000)" in fixed
    assert "    batch.close()" in fixed


# --- judged on the original; safe and unsafe ---------------------------------------------------

SUBMIT = """\
    from qiskit_ibm_provider import IBMProvider
    provider = IBMProvider()
    def submit(backend, c):
        return backend.run(c, dynamic=True)
"""


def test_fixing_the_provider_import_never_hides_the_backend_run_it_was_the_evidence_for():
    """The import rewrite switches the checker's name heuristic off for `backend`; the
    backend.run the fix could not migrate (dynamic= has no Sampler equivalent) still remains."""
    outcome = fix_text(textwrap.dedent(SUBMIT))
    assert "from qiskit_ibm_runtime import QiskitRuntimeService" in outcome.text
    assert "return backend.run(c, dynamic=True)" in outcome.text
    from flake8_qiskit_migrate.detect.checker import check_source
    assert [f.code for f in check_source(outcome.text)] == []  # the checker alone would say clean
    assert [(f.line, f.col, f.code) for f in outcome.remaining] == [(4, 11, "QM002")]
    assert "dynamic" in outcome.reasons[outcome.remaining[0]]


def test_classify_tells_safe_from_unsafe_fixes_and_unfixable_findings():
    from flake8_qiskit_migrate.fix.engine import classify
    text = textwrap.dedent("""\
        from qiskit_ibm_runtime import QiskitRuntimeService, Session
        service = QiskitRuntimeService(channel="ibm_quantum")
        backend = service.get_backend("ibm_kyiv")
        with Session(backend=backend) as session:
            pass
        sim = service.backend("ibmq_qasm_simulator")
    """)
    kinds = {f.code: kind for f, kind in classify(text).items()}
    assert kinds == {"QM007": "safe", "QM005": "safe", "QM004": "unsafe", "QM008": None}


def test_a_file_with_nothing_fixable_is_classified_by_the_check_alone(monkeypatch):
    from flake8_qiskit_migrate.fix import engine
    monkeypatch.setattr(engine, "plan_fixes", lambda *a, **k: pytest.fail("planned a file with nothing to fix"))
    text = 'from qiskit_ibm_runtime import QiskitRuntimeService\nb = QiskitRuntimeService().backend("ibmq_qasm_simulator")\n'
    assert [kind for kind in engine.classify(text).values()] == [None]


def test_hub_group_project_dropped_is_an_unsafe_fix_with_a_review_note():
    legacy = """\
        from qiskit import IBMQ
        IBMQ.load_account()
        provider = IBMQ.get_provider(hub="ibm-q", group="open", project="main")
    """
    assert remaining_codes(legacy) == ["QM001", "QM005", "QM005"]  # nothing half-done
    outcome = fix_text(textwrap.dedent(legacy), unsafe_fixes=True)
    assert outcome.text == "from qiskit_ibm_runtime import QiskitRuntimeService\nprovider = QiskitRuntimeService()\n"
    assert outcome.remaining == []
    assert any("hub/group/project is dropped" in note for note in outcome.review.values())
