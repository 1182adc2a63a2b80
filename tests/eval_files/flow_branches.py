"""Branches join: one IBM branch is enough, a simulator branch does not clear it."""
import os

from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService()

if os.environ.get("HARDWARE"):
    backend = service.backend("ibm_kyiv")
else:
    backend = AerSimulator()
backend.run(circuit)  # expect: QM002

backend = AerSimulator()
if os.environ.get("NOISY"):
    backend = AerSimulator(method="density_matrix")
backend.run(circuit)


def submit(circuit, local):
    backend = service.least_busy(operational=True)
    if local:
        backend = AerSimulator()
        return backend.run(circuit)
    return backend.run(circuit)  # expect: QM002


def submit_checked(circuit):
    device = service.backend("ibm_brisbane")
    if device.num_qubits < circuit.num_qubits:
        device = AerSimulator()
    else:
        device = AerSimulator.from_backend(device)
    return device.run(circuit)


def fallback(circuit):
    device = AerSimulator()
    if circuit.num_qubits > 30:
        device = service.backend("ibm_torino")
    elif circuit.depth() > 100:
        device = AerSimulator(method="matrix_product_state")
    return device.run(circuit)  # expect: QM002
