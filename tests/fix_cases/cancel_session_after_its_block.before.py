# qiskit-migrate fix
# Runtime 0.15-0.34 sessions on the backend; cancel_session() after the block that opened it.
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(1, 1)
qc.measure(0, 0)
isa = transpile(qc, backend)
with backend.open_session() as session:
    counts = backend.run(isa, shots=500).result().get_counts()
backend.cancel_session()
print(counts)
