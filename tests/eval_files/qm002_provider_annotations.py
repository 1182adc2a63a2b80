"""Provider-era classes in annotations, on names the heuristic would not guess."""
from qiskit.providers.ibmq import IBMQBackend  # expect: QM001
from qiskit_ibm_provider import IBMBackend, IBMProvider  # expect: QM001


def run_on(target: IBMBackend, circuit):
    return target.run(circuit)  # expect: QM002


def run_on_ibmq(target: IBMQBackend, circuit):
    return target.run(circuit)  # expect: QM002


def pick(source: IBMProvider):
    return source.get_backend("ibm_kyiv")  # expect: QM005


def pick_and_run(source: IBMProvider, circuit):
    chosen = source.get_backend("ibm_kyiv")  # expect: QM005
    return chosen.run(circuit)  # expect: QM002


def local(engine, circuit):
    return engine.run(circuit)
