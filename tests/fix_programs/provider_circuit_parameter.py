"""qiskit-ibm-provider 0.x: a helper that runs the circuit it is given and returns the job.

The circuit is a function parameter (known from the call sites), the job is returned to
the caller, who reads its id and counts.
"""
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_provider import IBMProvider

provider = IBMProvider()
backend = provider.get_backend("ibm_kyoto")


def prepare(n):
    circuit = QuantumCircuit(n, n)
    circuit.x(range(n))
    circuit.measure(range(n), range(n))
    return circuit


def submit(circuit, shots):
    isa = transpile(circuit, backend)
    return backend.run(isa, shots=shots)


job = submit(prepare(2), 200)
print("job", job.job_id())
print("counts", job.result().get_counts())
