# qiskit-migrate fix
from qiskit_ibm_runtime import QiskitRuntimeService

provider = QiskitRuntimeService()
print(provider.backends())
# remaining: none
