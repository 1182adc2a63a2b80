# qiskit-migrate fix
# The list is read again: it stays, and service.least_busy() gets the same filters.
from qiskit_ibm_runtime import QiskitRuntimeService

provider = QiskitRuntimeService()
devices = provider.backends(simulator=False, operational=True)
print(len(devices), "devices")
backend = provider.least_busy(simulator=False, operational=True)
# remaining: none
