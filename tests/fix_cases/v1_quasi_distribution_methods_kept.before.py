# qiskit-migrate fix --unsafe-fixes
# A quasi-distribution read with its own methods: the migrated probabilities stay a
# qiskit.result.QuasiDistribution (a plain dict has no binary_probabilities()).
from qiskit import QuantumCircuit
from qiskit_ibm_runtime import QiskitRuntimeService, Sampler
service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(2, 2); qc.h(0); qc.cx(0, 1); qc.measure([0, 1], [0, 1])
sampler = Sampler(backend)
dist = sampler.run(qc, shots=10000).result().quasi_dists[0]
print(dist.binary_probabilities())
print(dist.nearest_probability_distribution())
