"""least_busy() from the retired providers, and the runtime method of the same name."""
from qiskit.providers.ibmq import least_busy  # expect: QM001
from qiskit_ibm_provider import least_busy as provider_least_busy  # expect: QM001
from qiskit_ibm_runtime import QiskitRuntimeService

small = least_busy(candidates)  # expect: QM005
other = provider_least_busy(  # expect: QM005
    candidates,
)
small.run(circuit)  # expect: QM002
other.run(circuit)  # expect: QM002

service = QiskitRuntimeService()
modern = service.least_busy(operational=True, simulator=False, min_num_qubits=5)
modern.run(circuit)  # expect: QM002
