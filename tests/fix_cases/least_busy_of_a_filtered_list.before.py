# qiskit-migrate fix
# The least busy device with enough qubits, from a list of candidates (textbook shape).
from qiskit_ibm_provider import IBMProvider, least_busy

provider = IBMProvider()
candidates = provider.backends(filters=lambda b: b.configuration().n_qubits >= 5
                               and not b.configuration().simulator and b.status().operational)
backend = least_busy(candidates)
print("least busy:", backend.name)
