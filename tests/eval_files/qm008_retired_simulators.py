"""Retired cloud simulator names used as values in a runtime module."""
from qiskit_ibm_runtime import QiskitRuntimeService, Session

SIMULATOR = "ibmq_qasm_simulator"  # expect: QM008
service = QiskitRuntimeService()
statevector = service.backend("simulator_statevector")  # expect: QM008
mps = service.backend(name="simulator_mps")  # expect: QM008
stabilizer_name: str = "simulator_stabilizer"  # expect: QM008
with Session(service=service, backend="ibmq_qasm_simulator") as session:  # expect: QM004 QM006 QM008
    pass


def run_on(name="simulator_extended_stabilizer"):  # expect: QM008
    return service.backend(name)


service.backend(
    "ibmq_qasm_simulator",  # expect: QM008
)

# Nested in a collection or a comparison, or not exactly the name: not reported.
CANDIDATES = ["ibmq_qasm_simulator", "simulator_mps"]
RETIRED = ("simulator_statevector",)
if SIMULATOR == "ibmq_qasm_simulator":
    pass
is_retired = SIMULATOR in {"simulator_mps", "simulator_stabilizer"}
service.backends(name=["ibmq_qasm_simulator"])
LOOKUP = {"default": "ibmq_qasm_simulator"}
label = "ibmq_qasm_simulator_v2"
message = f"{SIMULATOR} was retired"
print("ibmq_qasm_simulator was retired on 2024-05-15")
# service.backend("ibmq_qasm_simulator") in a comment
"""service.backend("ibmq_qasm_simulator") in a string."""
