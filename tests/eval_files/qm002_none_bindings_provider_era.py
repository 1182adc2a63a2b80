"""A binding to None is no evidence: the name heuristic or the other bindings decide."""
from qiskit_aer import AerSimulator
from qiskit_ibm_provider import IBMProvider  # expect: QM001

backend = None


def connect():
    global backend
    backend = IBMProvider().get_backend("ibm_kyiv")  # expect: QM005


def submit(circuit):
    return backend.run(circuit)  # expect: QM002


def rehearse(circuit):
    device = None
    device = AerSimulator()
    return device.run(circuit)


def unset(circuit):
    qpu = None
    return qpu.run(circuit)  # expect: QM002
