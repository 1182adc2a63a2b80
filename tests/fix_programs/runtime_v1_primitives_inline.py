"""V1 primitives constructed inline (qiskit-ibm-runtime < 0.28): `Sampler(backend).run(qc)`
and `Estimator(backend).run(circuit, observable)` with their results read in place."""
from qiskit import QuantumCircuit
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import Estimator, QiskitRuntimeService, Sampler

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
job = Sampler(backend).run(qc)
print(job.result().quasi_dists[0].binary_probabilities())
bell = QuantumCircuit(2)
bell.h(0)
bell.cx(0, 1)
print(Estimator(backend).run(bell, SparsePauliOp("ZZ")).result().values)
