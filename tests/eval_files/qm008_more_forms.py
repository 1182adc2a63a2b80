"""Simulator names as defaults of lookups and as keyword values of any call."""
import os

from qiskit_ibm_runtime import QiskitRuntimeService

name = os.getenv("IBM_BACKEND", "ibmq_qasm_simulator")  # expect: QM008
service = QiskitRuntimeService()
backend = service.backend(name)
config = dict(backend="simulator_statevector")  # expect: QM008


class Defaults:
    backend_name = "simulator_mps"  # expect: QM008
    fallbacks = ["simulator_mps"]
print("ibmq_qasm_simulator")  # expect: QM008
pick = lambda name="simulator_mps": service.backend(name)  # expect: QM008
if chosen := "simulator_statevector":  # expect: QM008
    pass
PRIMARY = FALLBACK = "ibmq_qasm_simulator"  # expect: QM008
service.backend(name=("simulator_stabilizer"))  # expect: QM008

# Not an argument, default or assigned value of its own: not reported.
real_name, simulator_name = "ibm_kyiv", "ibmq_qasm_simulator"


def default_backend_name():
    return "ibmq_qasm_simulator"
