"""Services kept on self, dataclass fields annotated IBMBackend, enumerate() over backends."""
from dataclasses import dataclass

from qiskit_ibm_runtime import IBMBackend, QiskitRuntimeService


class Runner:
    def __init__(self):
        self.service = QiskitRuntimeService()

    def pick(self, name):
        return self.service.get_backend(name)  # expect: QM005

    def submit(self, circuit):
        return self.service.backend("ibm_kyiv").run(circuit)  # expect: QM002


@dataclass
class HardwareJob:
    backend: IBMBackend
    shots: int = 1000

    def submit(self, circuit):
        return self.backend.run(circuit, shots=self.shots)  # expect: QM002


service = QiskitRuntimeService()
for index, candidate in enumerate(service.backends(simulator=False)):
    candidate.run(circuit)  # expect: QM002
