"""One IBM binding anywhere in the scope makes the name an IBM backend."""
import os

from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService

if os.environ.get("USE_HARDWARE"):
    backend = QiskitRuntimeService().backend("ibm_kyiv")
else:
    backend = AerSimulator()
job = backend.run(circuit)  # expect: QM002


def choose(use_hardware, circuit):
    device = AerSimulator()
    if use_hardware:
        device = QiskitRuntimeService().least_busy(simulator=False)
    return device.run(circuit)  # expect: QM002


def local_only(circuit):
    device = None
    if circuit is not None:
        device = AerSimulator()
    return device.run(circuit)


try:
    fallback = QiskitRuntimeService().backend("ibm_fez")
except Exception:
    fallback = AerSimulator()
fallback.run(circuit)  # expect: QM002

hardware = None
hardware = QiskitRuntimeService().backend("ibm_torino")
hardware.run(circuit)  # expect: QM002
