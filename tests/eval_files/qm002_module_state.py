"""Backends kept in module globals, set from functions with ``global``."""
from qiskit import execute
from qiskit_ibm_runtime import QiskitRuntimeService

hardware = None


def connect(name):
    global hardware
    hardware = QiskitRuntimeService().backend(name)


def submit(circuit):
    return hardware.run(circuit)  # expect: QM002


def submit_with_execute(circuit):
    return execute(experiments=circuit, backend=hardware)  # expect: QM002
