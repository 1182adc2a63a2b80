from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService
service = QiskitRuntimeService()
backend = service.backend('ibm_kyiv')
qc = QuantumCircuit(1, 1)
counts = backend.run(transpile(qc, backend), shots=100).result().get_counts()
