"""Bindings are looked up in the scope that uses them (runtime-only module: no name heuristic)."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")


def uses_module_backend(circuit):
    return backend.run(circuit)  # expect: QM002


def shadows_with_a_simulator(circuit):
    backend = AerSimulator()
    return backend.run(circuit)


def parameter_shadows_module_backend(backend, circuit):
    return backend.run(circuit)


def binds_its_own(circuit):
    hardware = service.backend("ibm_torino")
    return hardware.run(circuit)  # expect: QM002


def submit_later(circuit):
    return late_backend.run(circuit)  # expect: QM002


late_backend = service.backend("ibm_fez")


class Experiment:
    device = service.backend("ibm_brisbane")
    warmup = device.run(circuit)  # expect: QM002

    def __init__(self, name):
        self.hardware = service.backend(name)
        self.simulator = AerSimulator()

    def submit(self, circuit):
        return self.hardware.run(circuit)  # expect: QM002

    def rehearse(self, circuit):
        return self.simulator.run(circuit)


class LocalOnly:
    def __init__(self):
        self.hardware = AerSimulator()

    def submit(self, circuit):
        return self.hardware.run(circuit)


jobs = [backend.run(c) for c in circuits]  # expect: QM002
simulators = [AerSimulator() for _ in range(2)]
local_jobs = [sim.run(c) for sim in simulators for c in circuits]
per_device = {b.name: b.run(c) for b in service.backends() for c in circuits}  # expect: QM002
submit = lambda c: backend.run(c)  # expect: QM002
