"""A function's own provider binding shadows the module's IBM provider."""
from qiskit.providers.basic_provider import BasicProvider
from qiskit_ibm_provider import IBMProvider  # expect: QM001

provider = IBMProvider()  # expect: QM005


def simulate(circuit):
    provider = BasicProvider()
    backend = provider.get_backend("basic_simulator")
    return backend.run(circuit)


def on_hardware(circuit):
    backend = provider.get_backend("ibm_kyiv")  # expect: QM005
    return backend.run(circuit)  # expect: QM002
