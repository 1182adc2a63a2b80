"""qiskit < 0.7 kept the IBMQ provider under `qiskit.backends.ibmq`."""
from qiskit.backends.ibmq import least_busy  # expect: QM001
import qiskit.backends.ibmq as ibmq_backends  # expect: QM001

device = least_busy(available)  # expect: QM005


def submit(backend, circuit):
    return backend.run(circuit)  # expect: QM002
