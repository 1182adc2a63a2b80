# eval: python>=3.10
"""backend.run() inside match/case (Python 3.10+ syntax)."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService

hw = QiskitRuntimeService().backend("ibm_kyiv")
simulator = AerSimulator()


def submit_command(command, circuit):
    match command:
        case "hardware":
            return hw.run(circuit)  # expect: QM002
        case "simulator":
            return simulator.run(circuit)
        case _:
            return None
