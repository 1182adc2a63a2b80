# qiskit-migrate fix --unsafe-fixes
# import qiskit.tools.jupyter (removed with Qiskit 1.0) also binds qiskit, read by
# qiskit.__version__: it becomes import qiskit.
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService
from qiskit_ibm_runtime.executor_sampler import Sampler
provider = QiskitRuntimeService()
backend = provider.least_busy(filters=lambda x: x.configuration().n_qubits >= 2)
qc = QuantumCircuit(2, 2); qc.h(0); qc.measure([0, 1], [0, 1])
job = Sampler(mode=backend).run([transpile(qc, backend)], shots=4000)
print(job.result()[0].join_data().get_counts())
import qiskit
print(qiskit.__version__)
# remaining: none
# safe fix leaves: QM001 QM005
