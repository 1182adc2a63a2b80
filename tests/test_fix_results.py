"""QM002: the value flow of a job, its result and its counts, and what is one circuit.

Before/after cases: the job and result are followed through every expression that reads them
(f-strings, print, call arguments, functions of the same module); a use that runs but prints
differently makes the fix unsafe; a use the fix cannot follow leaves the finding, with the reason.
"""

from __future__ import annotations

import textwrap

import pytest

from flake8_qiskit_migrate.fix.engine import fix_text
from flake8_qiskit_migrate.report.reports import Selection

HEADER = """\
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService
service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(1, 1)
"""


def legacy(body: str) -> str:
    return HEADER + textwrap.dedent(body)


def outcome(source: str, unsafe: bool = False):
    return fix_text(source, selection=Selection((), ()), unsafe_fixes=unsafe)


def fix(source: str, unsafe: bool = False) -> str:
    return outcome(source, unsafe).text


def left(source: str, unsafe: bool = True) -> str:
    """The messages of what remains (with the reason it was not fixed)."""
    return " | ".join(f.message for f in outcome(source, unsafe).explained() if f.code == "QM002")


def test_counts_read_inside_an_f_string():
    fixed = fix(legacy("""\
        job = backend.run(transpile(qc, backend), shots=10)
        print(f"counts: {job.result().get_counts()}")
    """))
    assert 'print(f"counts: {job.result()[0].join_data().get_counts()}")' in fixed


def test_job_id_and_session_id_are_read_as_before():
    fixed = fix(legacy("""\
        job = backend.run(transpile(qc, backend), shots=10)
        print("job", job.job_id(), "in", job.session_id, job.status())
        counts = job.result().get_counts()
    """))
    assert 'print("job", job.job_id(), "in", job.session_id, job.status())' in fixed
    assert "counts = job.result()[0].join_data().get_counts()" in fixed


def test_a_result_printed_whole_is_an_unsafe_fix():
    before = legacy("""\
        job = backend.run(transpile(qc, backend), shots=10)
        print(job.result())
    """)
    assert fix(before) == before
    assert "printed form" in left(before, unsafe=False)
    assert "Sampler(mode=backend).run([transpile(qc, backend)], shots=10)" in fix(before, unsafe=True)


def test_status_taken_apart_is_refused_with_the_reason():
    before = legacy("""\
        job = backend.run(transpile(qc, backend), shots=10)
        print(job.status().name)
        print(job.result().get_counts())
    """)
    assert fix(before, unsafe=True) == before
    assert "status() is a string on hardware" in left(before)


def test_counts_methods_keep_the_counts_class():
    fixed = fix(legacy("""\
        job = backend.run(transpile(qc, backend), shots=10)
        counts = job.result().get_counts()
        print(counts.most_frequent())
    """))
    assert "counts = Counts(job.result()[0].join_data().get_counts())" in fixed
    assert "from qiskit.result import Counts" in fixed


def test_a_job_returned_from_a_function_is_followed_to_its_callers():
    fixed = fix(legacy("""\
        def submit(circuit: QuantumCircuit):
            return backend.run(transpile(circuit, backend), shots=10)

        job = submit(qc)
        print(job.job_id(), job.result().get_counts())
    """))
    assert "return Sampler(mode=backend).run([transpile(circuit, backend)], shots=10)" in fixed
    assert "print(job.job_id(), job.result()[0].join_data().get_counts())" in fixed


def test_a_job_passed_to_a_function_is_followed_into_it():
    fixed = fix(legacy("""\
        def report(done_job):
            print(done_job.result().get_counts())

        report(backend.run(transpile(qc, backend), shots=10))
    """))
    assert "print(done_job.result()[0].join_data().get_counts())" in fixed


def test_a_job_rebound_in_a_loop_is_refused():
    before = legacy("""\
        job = None
        for shots in (10, 20):
            if job is not None:
                print(job.result().get_counts())
            job = backend.run(transpile(qc, backend), shots=shots)
    """)
    assert fix(before, unsafe=True) == before
    assert "rebound" in left(before)


# --- circuits ---------------------------------------------------------------------------------


def test_star_import_quantum_circuit_is_one_circuit():
    fixed = fix(textwrap.dedent("""\
        from qiskit import *
        from qiskit_ibm_runtime import QiskitRuntimeService
        service = QiskitRuntimeService()
        backend = service.backend("ibm_kyiv")
        bell = QuantumCircuit(2, 2)
        job = backend.run(transpile(bell, backend), shots=10)
        print(job.result().get_counts())
    """))
    assert "Sampler(mode=backend).run([transpile(bell, backend)], shots=10)" in fixed
    assert "print(job.result()[0].join_data().get_counts())" in fixed


@pytest.mark.parametrize("call_sites, pubs", [
    ("run_on(qc)", "[transpile(circuit, backend)]"),                       # every call passes one circuit
    ("run_on([qc, qc])", "transpile(circuit, backend)"),                   # every call passes a list
])
def test_a_circuit_parameter_is_known_from_the_call_sites(call_sites, pubs):
    fixed = fix(legacy(f"""\
        def run_on(circuit):
            job = backend.run(transpile(circuit, backend), shots=10)
            return job.job_id()

        {call_sites}
    """))
    assert f"job = Sampler(mode=backend).run({pubs}, shots=10)" in fixed


def test_a_parameter_known_only_by_its_name_is_an_unsafe_guess():
    before = legacy("""\
        def run_on(circuit):
            job = backend.run(transpile(circuit, backend), shots=10)
            return job.job_id()
    """)
    assert fix(before) == before
    assert "guessed from its name" in left(before, unsafe=False)
    assert "Sampler(mode=backend).run([transpile(circuit, backend)], shots=10)" in fix(before, unsafe=True)


def test_a_loop_over_batches_passes_each_batch_as_the_pubs():
    fixed = fix(legacy("""\
        circuits = [qc, qc, qc, qc]
        batches = [circuits[i:i + 2] for i in range(0, len(circuits), 2)]
        for batch in batches:
            job = backend.run(transpile(batch, backend), shots=10)
            print(job.job_id())
    """))
    assert "job = Sampler(mode=backend).run(transpile(batch, backend), shots=10)" in fixed


def test_the_binding_that_reaches_the_run_decides_one_circuit_or_a_list():
    fixed = fix(legacy("""\
        circuits = qc
        circuits = [qc, qc]
        job = backend.run(transpile(circuits, backend), shots=10)
        print(job.result().get_counts(1))
    """))
    assert "job = Sampler(mode=backend).run(transpile(circuits, backend), shots=10)" in fixed
    assert "print(job.result()[1].join_data().get_counts())" in fixed


def test_a_job_bound_in_two_branches_is_refused_where_both_reach_a_read():
    before = legacy("""\
        import random
        if random.random() < 0.5:
            job = backend.run(transpile(qc, backend), shots=10)
        else:
            job = legacy_job_from_elsewhere()
        print(job.result().get_counts())
    """)
    assert "rebound on another path" in left(before)


def test_a_job_parameter_rebound_inside_the_function_is_refused():
    before = legacy("""\
        def report(done_job):
            if done_job is None:
                done_job = backend.run(transpile(qc, backend), shots=5)
            print(done_job.result().get_counts())

        report(backend.run(transpile(qc, backend), shots=10))
    """)
    assert "rebound inside report()" in left(before)


def test_a_circuit_the_fix_cannot_trace_is_an_unsafe_guess_from_its_name():
    before = legacy("""\
        class Experiment:
            def submit(self):
                job = backend.run(self.bell_circuits, shots=10)
                return job.job_id()
    """)
    assert "guessed from its name" in left(before, unsafe=False)
    assert "job = Sampler(mode=backend).run(transpile(self.bell_circuits, backend), shots=10)" in fix(before, True)
