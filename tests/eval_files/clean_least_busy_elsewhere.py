"""least_busy() helpers that do not come from a retired provider."""
from qiskit_ibm_runtime import QiskitRuntimeService
from scheduling import least_busy

service = QiskitRuntimeService()
quietest = service.least_busy(simulator=False)
chosen = least_busy(service.backends())
print(quietest.name, chosen.name)
