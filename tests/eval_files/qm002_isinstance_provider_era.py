"""Narrowing wins over the provider-era name heuristic inside both branches."""
from qiskit.providers.ibmq import IBMQBackend  # expect: QM001
from qiskit_aer import AerSimulator


def execute_anywhere(backend, circuit):
    if isinstance(backend, IBMQBackend):
        return backend.run(circuit)  # expect: QM002
    else:
        return backend.run(circuit)


def local_first(backend, circuit):
    if isinstance(backend, AerSimulator):
        return backend.run(circuit)
    return backend.run(circuit)  # expect: QM002
