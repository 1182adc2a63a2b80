# qiskit-migrate fix --unsafe-fixes
# import qiskit.tools.jupyter (removed with Qiskit 1.0) also binds qiskit, read by
# qiskit.__version__: it becomes import qiskit.
from qiskit import QuantumCircuit, transpile
from qiskit import IBMQ
from qiskit.providers.ibmq import least_busy
IBMQ.load_account()
provider = IBMQ.get_provider(hub='ibm-q')
backend = least_busy(provider.backends(filters=lambda x: x.configuration().n_qubits >= 2))
qc = QuantumCircuit(2, 2); qc.h(0); qc.measure([0, 1], [0, 1])
job = backend.run(transpile(qc, backend))
print(job.result().get_counts())
import qiskit.tools.jupyter
print(qiskit.__version__)
