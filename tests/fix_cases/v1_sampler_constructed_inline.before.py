# qiskit-migrate fix --unsafe-fixes
# A V1 primitive constructed inline: bound to a name first (the ISA circuits are compiled for
# its backend()), then migrated as the named form, result reads with it.
from qiskit import QuantumCircuit
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import Estimator, QiskitRuntimeService, Sampler

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
job = Sampler(backend).run(qc)
print(job.result().quasi_dists[0])
dist = Sampler(mode=backend).run(qc, shots=100).result().quasi_dists[0]
print(dist)
bell = QuantumCircuit(2)
bell.h(0)
bell.cx(0, 1)
values = Estimator(backend).run(bell, SparsePauliOp("ZZ")).result().values
print(values)
