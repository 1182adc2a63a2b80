"""Fixes of different sites must compose: legacy programs assembled from many typical
statements, in any order and under any selection, still fix into code that parses, is
stable under a second fix, and leaves nothing fixable behind."""

from __future__ import annotations

import ast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flake8_qiskit_migrate.report.reports import Selection
from flake8_qiskit_migrate.fix.engine import fix_text, plan_fixes

IMPORTS = [
    "from qiskit import IBMQ, QuantumCircuit, execute, transpile",
    "from qiskit.providers.ibmq import least_busy",
    "from qiskit_ibm_provider import IBMProvider, least_busy",
    "from qiskit_ibm_provider.job import job_monitor",
    "from qiskit_ibm_runtime import QiskitRuntimeService, Session, SamplerV2",
    "from qiskit_ibm_runtime import Batch; from qiskit import QuantumCircuit",
    "import qiskit_ibm_provider",
    "from qiskit.primitives import Sampler",
]
STATEMENTS = [
    "IBMQ.load_account()",
    "IBMQ.enable_account('token')",
    "provider = IBMQ.get_provider(hub='ibm-q')",
    "provider = IBMProvider()",
    "provider = IBMProvider(url='https://auth.quantum-computing.ibm.com/api')",
    "provider = qiskit_ibm_provider.IBMProvider(token='token')",
    "service = QiskitRuntimeService(channel='ibm_quantum')",
    "backend = provider.get_backend('ibm_kyiv')",
    "backend = service.get_backend('ibm_kyiv')",
    "backend = least_busy(provider.backends(simulator=False))",
    "qc = QuantumCircuit(2, 2)",
    "qcs = [qc, qc]",
    "isa = transpile(qc, backend)",
    "job = backend.run(isa, shots=10)",
    "job = backend.run(qc)",
    "job = backend.run(qcs, memory=True)",
    "job = execute(qc, backend)",
    "job = execute(qcs, backend, shots=5)",
    "job_monitor(job)",
    "print(job.result().get_counts())",
    "result = job.result()",
    "print(result.get_counts(0))",
    "print(result.get_counts(qc))",
    "print(result.get_memory())",
    "print(job.job_id(), job.status())",
    "with backend.open_session() as s:\n    job = backend.run(isa)\n    print(job.result().get_counts())",
    "with backend.open_session():\n    backend.run(isa).result()\n    backend.close_session()",
    "with Session(backend=backend) as s:\n    SamplerV2(session=s).run([isa])",
    "session = Session(service=service, backend='ibm_kyiv')",
    "session = Session(service, backend)",
    "sampler = SamplerV2(backend=backend)",
    "sampler = SamplerV2(mode='ibm_kyiv')",
    "old = provider.retrieve_job('abc')",
    "x = 1; job = backend.run(isa)",
    "def submit(backend, circuit):\n    return backend.run(circuit).result().get_counts()",
    "def submit_job():\n    job = backend.run(isa)\n    return job",
    "counts = backend.run(transpile(qc, backend)).result().get_counts()  # a comment",
    "if True:\n    job_monitor(job)",
    "jobs = [backend.run(c) for c in qcs]",
]
SELECTIONS = [Selection(), Selection((), ("QM004",)), Selection(("QM002",), ()), Selection((), ("QM001",)),
              Selection(("QM005", "QM001"), ())]


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(imports=st.lists(st.sampled_from(IMPORTS), min_size=1, max_size=4, unique=True),
       statements=st.lists(st.sampled_from(STATEMENTS), min_size=2, max_size=9),
       selection=st.sampled_from(SELECTIONS))
def test_fixes_compose(imports, statements, selection):
    legacy = "\n".join(imports + statements) + "\n"
    outcome = fix_text(legacy, selection=selection)
    ast.parse(outcome.text)
    assert fix_text(outcome.text, selection=selection).text == outcome.text
    assert plan_fixes(outcome.text, selection=selection).edits == []
