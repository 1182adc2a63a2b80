# qiskit-migrate fix --unsafe-fixes
# A quasi-distribution read with its own methods: the migrated probabilities stay a
# qiskit.result.QuasiDistribution (a plain dict has no binary_probabilities()).
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService, Sampler
from qiskit.result import QuasiDistribution
service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(2, 2); qc.h(0); qc.cx(0, 1); qc.measure([0, 1], [0, 1])
sampler = Sampler(backend)
dist = QuasiDistribution({outcome: count / data.num_shots for data in [sampler.run([transpile(qc, sampler.backend(), optimization_level=3)], shots=10000).result()[0].join_data()] for outcome, count in data.get_counts().items()})
print(dist.binary_probabilities())
print(dist.nearest_probability_distribution())
# remaining: none
# safe fix leaves: QM009
