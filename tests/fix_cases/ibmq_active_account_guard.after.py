# qiskit-migrate fix --unsafe-fixes
# The account guard of IBM's tutorials: load the saved account unless one is active.
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService
from qiskit_ibm_runtime.executor_sampler import Sampler

provider = QiskitRuntimeService()
backend = provider.backend("ibm_kyiv")
qc = QuantumCircuit(2, 2)
qc.h(0)
qc.cx(0, 1)
qc.measure([0, 1], [0, 1])
counts = Sampler(mode=backend).run([transpile(qc, backend)], shots=1000).result()[0].join_data().get_counts()
print(counts)
# remaining: none
# safe fix leaves: none
