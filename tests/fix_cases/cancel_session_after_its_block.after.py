# qiskit-migrate fix
# Runtime 0.15-0.34 sessions on the backend; cancel_session() after the block that opened it.
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService, Session
from qiskit_ibm_runtime.executor_sampler import Sampler

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(1, 1)
qc.measure(0, 0)
isa = transpile(qc, backend)
with Session(backend=backend) as session:
    counts = Sampler(mode=session).run([isa], shots=500).result()[0].join_data().get_counts()
print(counts)
# remaining: QM004
