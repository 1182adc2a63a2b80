"""isinstance() with a tuple of classes, elif chains, and the else of a non-IBM class."""
from __future__ import annotations

from qiskit.providers.ibmq import IBMQBackend  # expect: QM001
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import IBMBackend, QiskitRuntimeService


def submit_any_ibm(target, circuit):
    if isinstance(target, (IBMBackend, IBMQBackend)):
        return target.run(circuit)  # expect: QM002
    return None


def dispatch(backend, circuit):
    if isinstance(backend, AerSimulator):
        return backend.run(circuit)
    elif isinstance(backend, IBMQBackend):
        return backend.run(circuit)  # expect: QM002
    else:
        return backend.run(circuit)


def submit_optional(target: IBMBackend | None, circuit):
    return target.run(circuit)  # expect: QM002


device = QiskitRuntimeService().backend("ibm_kyiv")
if isinstance(device, AerSimulator):
    device.run(circuit)
else:
    # Not an AerSimulator says nothing new: the service binding still decides.
    device.run(circuit)  # expect: QM002
