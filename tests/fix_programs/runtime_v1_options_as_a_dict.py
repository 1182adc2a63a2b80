"""Runtime 0.2x tutorial shape (qaoa_with_primitives): V1 options given to the primitive as a
dict (`options={"shots": N}`, merged by V1 into execution.shots), an `Options()` set field by
field that no primitive reads, a Session closed by hand."""
from qiskit import QuantumCircuit
from qiskit_ibm_runtime import QiskitRuntimeService, Sampler, Session

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
from qiskit_ibm_runtime import Options

options = Options()
options.transpilation.skip_transpilation = True
options.execution.shots = 10000
session = Session(backend=backend)
sampler = Sampler(session=session, options={"shots": int(1e4)})
print(sampler.run(qc).result().quasi_dists[0].binary_probabilities())
print(sampler.run(qc).result().quasi_dists[0].binary_probabilities())
session.close()
