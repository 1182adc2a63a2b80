# qiskit-migrate fix --unsafe-fixes
# The account guard of IBM's tutorials: load the saved account unless one is active.
from qiskit import IBMQ, QuantumCircuit, transpile

if not IBMQ.active_account():
    IBMQ.load_account()
provider = IBMQ.get_provider()
backend = provider.get_backend("ibm_kyiv")
qc = QuantumCircuit(2, 2)
qc.h(0)
qc.cx(0, 1)
qc.measure([0, 1], [0, 1])
counts = backend.run(transpile(qc, backend), shots=1000).result().get_counts()
print(counts)
