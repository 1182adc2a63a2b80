"""Loops: the end of the body feeds its start; a binding right before the call is the only one."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService()
backend = AerSimulator()
for name in ["ibm_kyiv", "ibm_brisbane"]:
    job = backend.run(circuit)  # expect: QM002
    backend = service.backend(name)

for name in ["ibm_kyiv", "ibm_brisbane"]:
    device = service.backend(name)
    device = AerSimulator.from_backend(device)
    device.run(circuit)

for candidate in service.backends(simulator=False):
    candidate.run(circuit)  # expect: QM002

target = AerSimulator()
attempts = 0
while attempts < 3:
    attempts += 1
    target.run(circuit)  # expect: QM002
    if attempts == 2:
        target = service.least_busy()
        continue
    target = AerSimulator()

chosen = AerSimulator()
for candidate in service.backends():
    if candidate.num_qubits >= 127:
        chosen = candidate
        break
chosen.run(circuit)  # expect: QM002

simulated = AerSimulator()
for shots in (100, 1000):
    simulated = AerSimulator(shots=shots)
simulated.run(circuit)
