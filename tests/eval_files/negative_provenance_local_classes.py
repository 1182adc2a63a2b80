"""Instances of classes defined right here are known, and not IBM backends (SPEC rule 3)."""
from qiskit_ibm_provider import IBMProvider  # expect: QM001


class RecordingBackend:
    """A test double with the backend interface."""

    def __init__(self):
        self.circuits = []

    def run(self, circuit, **options):
        self.circuits.append(circuit)
        return self


class Workflow:
    def run(self, circuit):
        return circuit


backend = RecordingBackend()
backend.run(circuit, shots=10)
workflow = Workflow()
workflow.run(circuit)
Workflow().run(circuit)
