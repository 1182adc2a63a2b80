"""Qiskit 0.2x tutorial style: `from qiskit import *`, execute on a device, counts in f-strings.

The most frequent outcome comes from the legacy Counts object; the job id is printed.
"""
from qiskit import *

IBMQ.load_account()
provider = IBMQ.get_provider(hub="ibm-q")
backend = provider.get_backend("ibmq_lima")

qc = QuantumCircuit(3, 3)
qc.h(0)
qc.cx(0, 1)
qc.cx(1, 2)
qc.measure([0, 1, 2], [0, 1, 2])

job = execute(qc, backend, shots=1001)  # odd: a GHZ state cannot tie for most_frequent()
print(f"job {job.job_id()} submitted to {backend.name()}")
counts = job.result().get_counts()
print(f"counts: {counts}")
print(f"most frequent: {counts.most_frequent()}")
