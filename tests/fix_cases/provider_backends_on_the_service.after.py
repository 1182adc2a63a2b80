# qiskit-migrate fix
# provider.backends() is the same call on the QiskitRuntimeService the provider becomes:
# fixed with the provider (no edit of its own), so it is not listed as remaining.
from qiskit_ibm_runtime import QiskitRuntimeService
provider = QiskitRuntimeService()
print(provider.backends())
backend = provider.backend("ibm_kyoto")
print(backend.name)
# remaining: none
