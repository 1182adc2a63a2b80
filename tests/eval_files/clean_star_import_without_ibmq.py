"""`from qiskit import *` without IBMQ: local simulation only, nothing to report."""
from qiskit import *

qc = QuantumCircuit(2, 2)
qc.h(0)
qc.cx(0, 1)
qc.measure([0, 1], [0, 1])
backend = Aer.get_backend("qasm_simulator")
counts = execute(qc, backend, shots=1024).result().get_counts()


def submit(backend, circuit):
    # No provider-era import: no name heuristic.
    return backend.run(circuit)


print("IBMQ is only named in this string")
# IBMQ.load_account() in a comment is not code either
