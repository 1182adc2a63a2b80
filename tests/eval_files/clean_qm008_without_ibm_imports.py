"""Simulator names in a module that imports no IBM package."""
from qiskit_aer import AerSimulator

DEFAULT = "ibmq_qasm_simulator"


def pick(name="simulator_mps"):
    return AerSimulator(method="matrix_product_state") if name == "simulator_mps" else AerSimulator()


backend = pick(name="simulator_statevector")
