"""Two circuits in one job: counts looked up by circuit, per-shot memory, a job monitor.

Legacy qiskit-ibm-provider 0.7 style; the token comes from the environment.
"""
import os

from qiskit import QuantumCircuit, transpile
from qiskit_ibm_provider import IBMProvider
from qiskit_ibm_provider.job import job_monitor

provider = IBMProvider(token=os.environ.get("IBM_QUANTUM_TOKEN", "no-token"), instance="ibm-q/open/main")
backend = provider.get_backend("ibm_kyiv")

bell = QuantumCircuit(2, 2, name="bell")
bell.h(0)
bell.cx(0, 1)
bell.measure([0, 1], [0, 1])

flip = QuantumCircuit(2, 2, name="flip")
flip.x(0)
flip.measure([0, 1], [0, 1])

circuits = transpile([bell, flip], backend)
job = backend.run(circuits, shots=500, memory=True)
job_monitor(job)
print("job", job.job_id(), "finished")
result = job.result()
print("bell counts:", result.get_counts(bell))
print("flip counts:", result.get_counts(flip))
print("first flip shots:", result.get_memory(1)[:5])
