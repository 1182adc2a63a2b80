"""`.name()` on anything that is not an IBM backend, and names handed to lookups as strings."""
from qiskit import QuantumCircuit
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService
from qiskit_ibm_runtime.fake_provider import FakeManilaV2

simulator = AerSimulator()
print(simulator.name())  # Aer backends are not IBM's (and not deprecated)
fake = FakeManilaV2()
print(fake.name)
circuit = QuantumCircuit(1, name="bell")
print(circuit.name)

service = QiskitRuntimeService()
backend_name = "ibm_kyiv"
backend = service.backend(str(backend_name))
print(backend.name)
print(str(backend))


class Experiment:
    def name(self):
        return "exp"


Experiment().name()


def label(backend):
    # No provider-era import: the name heuristic is off, so a parameter is unknown.
    return backend.name()
