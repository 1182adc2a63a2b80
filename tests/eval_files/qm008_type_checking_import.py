"""A TYPE_CHECKING import of an IBM package counts for QM008."""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qiskit_ibm_runtime import IBMBackend

DEFAULT_BACKEND = "ibmq_qasm_simulator"  # expect: QM008


def pick(name: str = "simulator_mps") -> "IBMBackend":  # expect: QM008
    raise NotImplementedError(name)
