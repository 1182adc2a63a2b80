"""A function may run at any time: it sees every binding of a module name, unless it binds its own."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService

backend = QiskitRuntimeService().backend("ibm_kyiv")


def submit(circuit):
    return backend.run(circuit)  # expect: QM002


def submit_locally(circuit):
    backend = AerSimulator()
    return backend.run(circuit)


def submit_maybe_locally(circuit, local):
    if local:
        backend = AerSimulator()
    return backend.run(circuit)  # expect: QM002


submitter = lambda circuit: backend.run(circuit)  # expect: QM002

backend = AerSimulator()
backend.run(circuit)

hardware = AerSimulator()


def connect(name):
    global hardware
    hardware = QiskitRuntimeService().backend(name)


connect("ibm_brisbane")
hardware.run(circuit)  # expect: QM002


class Runner:
    def __init__(self):
        self.backend = QiskitRuntimeService().backend("ibm_fez")
        local = AerSimulator()
        local.run(circuit)

    def use_simulator(self):
        self.backend = AerSimulator()

    def submit(self, circuit):
        return self.backend.run(circuit)  # expect: QM002
