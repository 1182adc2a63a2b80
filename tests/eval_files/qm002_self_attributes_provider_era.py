"""A runner class from the provider era keeps its backend on self."""
from qiskit import transpile
from qiskit_aer import AerSimulator
from qiskit_ibm_provider import IBMProvider  # expect: QM001


class HardwareRunner:
    def __init__(self, name):
        self.account = IBMProvider()  # expect: QM005
        self.target = self.account.get_backend(name)  # expect: QM005

    def submit(self, circuit, shots=1000):
        isa = transpile(circuit, self.target)
        return self.target.run(isa, shots=shots)  # expect: QM002


class LocalRunner:
    def __init__(self):
        self.target = AerSimulator()

    def submit(self, circuit, shots=1000):
        return self.target.run(circuit, shots=shots)


class HeuristicRunner:
    # The provider is known only by its name; what it looks up is still an IBM backend.
    def __init__(self, provider, name):
        self.chosen = provider.get_backend(name)  # expect: QM005

    def submit(self, circuit):
        return self.chosen.run(circuit)  # expect: QM002
