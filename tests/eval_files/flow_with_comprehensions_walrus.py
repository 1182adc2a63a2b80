"""with targets, comprehensions and the walrus bind where they run."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
backend = AerSimulator()
jobs = [backend.run(c) for c in circuits]  # expect: QM002

simulator = AerSimulator()
results = [simulator.run(c).result() for c in circuits]
hardware_jobs = [device.run(c) for device in service.backends() for c in circuits]  # expect: QM002

if (chosen := service.backend("ibm_brisbane")) is not None:
    chosen.run(circuit)  # expect: QM002

chosen = AerSimulator()
chosen.run(circuit)

with open("circuit.qasm") as backend:
    text = backend.read()
