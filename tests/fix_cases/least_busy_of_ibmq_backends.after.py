# qiskit-migrate fix
# least_busy(IBMQ.backends(...)) never becomes IBMQ.least_busy(...), which never existed.
from qiskit_ibm_runtime import QiskitRuntimeService

backend = QiskitRuntimeService().least_busy(simulator=False, operational=True)
print(backend)
# remaining: none
