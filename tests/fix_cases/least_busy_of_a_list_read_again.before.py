# qiskit-migrate fix
# The list is read again: it stays, and service.least_busy() gets the same filters.
from qiskit_ibm_provider import IBMProvider, least_busy

provider = IBMProvider()
devices = provider.backends(simulator=False, operational=True)
print(len(devices), "devices")
backend = least_busy(devices)
