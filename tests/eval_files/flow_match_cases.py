# eval: python>=3.10
"""match: cases join, and with no catch-all case the subject may match none."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService
from qiskit_ibm_runtime.fake_provider import FakeManilaV2


def pick(mode):
    backend = AerSimulator()
    match mode:
        case "hardware":
            backend = QiskitRuntimeService().backend("ibm_kyiv")
        case "fake":
            backend = FakeManilaV2()
    return backend.run(circuit)  # expect: QM002


def pick_local(mode):
    match mode:
        case "fake":
            backend = FakeManilaV2()
        case _:
            backend = AerSimulator()
    return backend.run(circuit)
