# qiskit-migrate fix --unsafe-fixes
# V1 options given as a dict (qaoa_with_primitives): V1 merged {"shots": N} into
# execution.shots; V2 primitives take a dict of their own fields, so it becomes default_shots.
from qiskit import QuantumCircuit
from qiskit_ibm_runtime import QiskitRuntimeService, Sampler, Session

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
session = Session(backend=backend)
sampler = Sampler(session=session, options={"shots": int(1e4)})
print(sampler.run(qc).result().quasi_dists[0])
print(sampler.run(qc).result().quasi_dists[0])
session.close()
