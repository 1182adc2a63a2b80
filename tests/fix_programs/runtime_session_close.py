"""Runtime 0.2x: a provider-style session opened on the backend, closed explicitly."""
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService()
backend = service.backend("ibm_osaka")

circuit = QuantumCircuit(1)
circuit.x(0)
circuit.measure_all()
isa_circuit = transpile(circuit, backend)

with backend.open_session():
    counts = backend.run(isa_circuit, shots=300).result().get_counts()
    print(counts)
    backend.close_session()
