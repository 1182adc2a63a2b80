"""A provider that lists its backends before picking one (qiskit-ibm-provider 0.7 style).

The fix makes the provider a QiskitRuntimeService, on which the same .backends() call is
valid: nothing of it is left to fix.
"""
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_provider import IBMProvider

provider = IBMProvider()
print(provider.backends())
backend = provider.get_backend("ibm_kyoto")
print(backend.name)

qc = QuantumCircuit(2, 2)
qc.h(0)
qc.cx(0, 1)
qc.measure([0, 1], [0, 1])
job = backend.run(transpile(qc, backend), shots=200)
print(job.result().get_counts())
