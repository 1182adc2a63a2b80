"""QM009 / QM010 fixes: V1 primitives and the V1 backend interface, migrated to V2.

Each case is legacy code of the runtime 0.1x-0.2x era and the exact V2 code the fix writes
(DOMAIN.md "V1 primitives" and "V1 backend interface"). Unsafe fixes (the result may differ:
mitigated quasi-probabilities, default precision) are applied only with ``unsafe_fixes``.
tests/test_migrated_examples_run.py runs programs of these shapes after fixing them.
"""

from __future__ import annotations

import textwrap

from flake8_qiskit_migrate.fix.engine import fix_text
from flake8_qiskit_migrate.report.reports import Selection


def fix(source: str, *, unsafe: bool = False) -> str:
    return fix_text(textwrap.dedent(source), selection=Selection((), ()), unsafe_fixes=unsafe).text


def remaining(source: str, *, unsafe: bool = False) -> list:
    outcome = fix_text(textwrap.dedent(source), selection=Selection((), ()), unsafe_fixes=unsafe)
    return sorted(f.code for f in outcome.remaining)


def reasons(source: str, *, unsafe: bool = True) -> str:
    outcome = fix_text(textwrap.dedent(source), selection=Selection((), ()), unsafe_fixes=unsafe)
    return " | ".join(f.message for f in outcome.explained())


HEADER = """\
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService, Sampler, Estimator, Options
service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(2)
qc.h(0)
qc.measure_all()
"""


def legacy(body: str) -> str:
    return HEADER + textwrap.dedent(body)


# --- QM010 ------------------------------------------------------------------------------------


def test_backend_name_is_an_attribute():
    assert "print(backend.name)\n" in fix(legacy("print(backend.name())\n"))


def test_str_of_a_backend_is_not_a_name_for_a_lookup():
    fixed = fix(legacy("same = service.backend(str(backend))\n"))
    assert "same = service.backend(backend.name)\n" in fixed


# --- QM009: Sampler ---------------------------------------------------------------------------


def test_sampler_with_explicit_v1_options_is_migrated_safely():
    before = legacy("""\
        options = Options(optimization_level=1, resilience_level=0, execution={"shots": 2000})
        sampler = Sampler(mode=backend, options=options)
        job = sampler.run(qc)
        print(f"job {job.job_id()}")
        result = job.result()
        print(result.quasi_dists[0])
    """)
    after = fix(before)
    assert after.endswith(textwrap.dedent("""\
        options = SamplerOptions(default_shots=2000)
        sampler = Sampler(mode=backend, options=options)
        job = sampler.run([transpile(qc, sampler.backend(), optimization_level=1)])
        print(f"job {job.job_id()}")
        result = job.result()
        print({outcome: count / data.num_shots for data in [result[0].join_data()] for outcome, count in data.get_int_counts().items()})
    """))
    assert "SamplerOptions" in after.splitlines()[1]  # imported with the runtime's names
    assert remaining(before) == []


def test_sampler_with_v1_defaults_is_unsafe_quasi_probabilities_were_mitigated():
    before = legacy("""\
        sampler = Sampler(backend)
        quasi = sampler.run(qc).result().quasi_dists[0]
    """)
    assert fix(before) == textwrap.dedent(before)
    assert remaining(before) == ["QM009"]
    assert "readout-mitigated" in reasons(before, unsafe=False)
    after = fix(before, unsafe=True)
    assert after.endswith(
        "quasi = {outcome: count / data.num_shots for data in "
        "[sampler.run([transpile(qc, sampler.backend(), optimization_level=3)], shots=4000).result()[0].join_data()]"
        " for outcome, count in data.get_int_counts().items()}\n")
    assert remaining(before, unsafe=True) == []


def test_binary_probabilities_keep_bitstring_keys():
    before = legacy("""\
        sampler = Sampler(mode=backend, options=Options(resilience_level=0))
        result = sampler.run(qc, shots=100).result()
        print(result.quasi_dists[0].binary_probabilities())
    """)
    after = fix(before)
    assert "sampler.run([transpile(qc, sampler.backend(), optimization_level=3)], shots=100)" in after
    assert ("print({outcome: count / data.num_shots for data in [result[0].join_data()] "
            "for outcome, count in data.get_counts().items()})") in after


def test_parameter_values_become_pubs():
    before = legacy("""\
        sampler = Sampler(mode=backend, options=Options(resilience_level=0, execution={"shots": 10}))
        job = sampler.run(qc, parameter_values=[0.5])
        job.result()
    """)
    assert "job = sampler.run([(transpile(qc, sampler.backend(), optimization_level=3), [0.5])])" in fix(before)


def test_a_list_of_circuits_and_every_quasi_distribution():
    before = legacy("""\
        bell = QuantumCircuit(2)
        sampler = Sampler(mode=backend, options=Options(resilience_level=0, execution={"shots": 10}))
        dists = sampler.run([qc, bell]).result().quasi_dists
    """)
    after = fix(before)
    assert ("dists = [{outcome: count / data.num_shots for outcome, count in data.get_int_counts().items()} "
            "for data in (pub.join_data() for pub in sampler.run([transpile(qc, sampler.backend(), "
            "optimization_level=3), transpile(bell, sampler.backend(), optimization_level=3)]).result())]") in after


def test_circuits_already_compiled_for_the_backend_are_not_compiled_again():
    before = legacy("""\
        isa = transpile(qc, backend)
        sampler = Sampler(mode=backend, options=Options(resilience_level=0, execution={"shots": 10}))
        job = sampler.run(isa)
    """)
    assert "job = sampler.run([isa])\n" in fix(before)


# --- QM009: Estimator -------------------------------------------------------------------------


ESTIMATOR = """\
from qiskit import QuantumCircuit
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import QiskitRuntimeService, Estimator, Options
service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
bell = QuantumCircuit(2)
observable = SparsePauliOp.from_list([("ZZ", 1.0)])
"""


def test_estimator_options_by_assignment_observables_on_the_isa_layout():
    before = ESTIMATOR + textwrap.dedent("""\
        options = Options()
        options.optimization_level = 1
        options.resilience_level = 1
        options.execution.shots = 1000
        estimator = Estimator(mode=backend, options=options)
        job = estimator.run(circuits=[bell], observables=[observable])
        print(job.result().values[0])
    """)
    after = fix(before)
    assert after.endswith(textwrap.dedent("""\
        options = EstimatorOptions(default_shots=4000, resilience_level=1)
        options.resilience_level = 1
        options.default_shots = 1000
        estimator = Estimator(mode=backend, options=options)
        isa_circuit = transpile(bell, estimator.backend(), optimization_level=1)
        job = estimator.run([(isa_circuit, observable.apply_layout(isa_circuit.layout))])
        print(job.result()[0].data.evs)
    """))
    assert remaining(before) == []


def test_estimator_with_a_string_observable_and_v1_defaults_is_unsafe():
    before = ESTIMATOR + textwrap.dedent("""\
        estimator = Estimator(mode=backend)
        value = estimator.run(bell, "ZZ").result().values[0]
    """)
    assert remaining(before) == ["QM009"]
    assert "default precision" in reasons(before, unsafe=False)
    after = fix(before, unsafe=True)
    assert after.endswith(textwrap.dedent("""\
        isa_circuit = transpile(bell, estimator.backend(), optimization_level=3)
        value = estimator.run([(isa_circuit, SparsePauliOp("ZZ").apply_layout(isa_circuit.layout))]).result()[0].data.evs
    """))


def test_an_observable_already_mapped_to_the_layout_is_not_mapped_again():
    before = ESTIMATOR + textwrap.dedent("""\
        from qiskit import transpile
        isa = transpile(bell, backend)
        mapped = observable.apply_layout(isa.layout)
        estimator = Estimator(mode=backend, options=Options(execution={"shots": 100}))
        print(estimator.run(isa, mapped).result().values[0])
    """)
    assert "print(estimator.run([(isa, mapped)]).result()[0].data.evs)" in fix(before)


# --- QM009: refused, with the reason ----------------------------------------------------------


def test_the_program_api_is_left_with_its_reason():
    before = legacy("""\
        job = service.run(program_id="sampler", inputs={"circuits": qc})
    """)
    assert fix(before, unsafe=True) == textwrap.dedent(before)
    assert "program API" in reasons(before)


def test_v1_metadata_has_no_one_to_one_counterpart():
    before = legacy("""\
        sampler = Sampler(mode=backend, options=Options(resilience_level=0, execution={"shots": 10}))
        result = sampler.run(qc).result()
        print(result.quasi_dists[0], result.metadata[0]["shots"])
    """)
    assert fix(before, unsafe=True) == textwrap.dedent(before)
    assert "metadata" in reasons(before)


def test_displayed_metadata_and_status_are_migrated_unsafely():
    before = legacy("""\
        sampler = Sampler(mode=backend, options=Options(resilience_level=0, execution={"shots": 10}))
        job = sampler.run(qc)
        print(f"status {job.status()}")
        result = job.result()
        print(f"metadata {result.metadata[0]}")
    """)
    assert remaining(before) == ["QM009", "QM009"]
    after = fix(before, unsafe=True)
    assert 'print(f"status {job.status()}")' in after
    assert 'print(f"metadata {result[0].metadata}")' in after
    assert remaining(before, unsafe=True) == []
