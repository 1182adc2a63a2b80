# qiskit-migrate fix --unsafe-fixes
# The quasi-distribution's shots field is read: V2 counts have none, so the run stays (with
# the reason) rather than becoming a QuasiDistribution whose shots is None.
from qiskit import QuantumCircuit
from qiskit_ibm_runtime import QiskitRuntimeService, Sampler

service = QiskitRuntimeService()
qc = QuantumCircuit(1, 1)
qc.measure(0, 0)
sampler = Sampler(service.backend("ibm_kyiv"))
dist = sampler.run(qc).result().quasi_dists[0]
print(dist.binary_probabilities(), dist.shots)
