# qiskit-migrate fix
# The least busy device with enough qubits, from a list of candidates (textbook shape).
from qiskit_ibm_runtime import QiskitRuntimeService

provider = QiskitRuntimeService()
backend = provider.least_busy(filters=lambda b: b.configuration().n_qubits >= 5
                               and not b.configuration().simulator and b.status().operational)
print("least busy:", backend.name)
# remaining: none
