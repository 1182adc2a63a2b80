# qiskit-migrate fix --unsafe-fixes
# A comment inside a multi-line V1 run call goes on its own line above the statement (the new
# call is one line); quasi-distributions iterated and read with binary_probabilities() stay
# QuasiDistributions.
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService, Batch, Sampler
from qiskit.result import QuasiDistribution

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
qc2 = transpile(qc, backend=backend)
circuits = [qc2, qc2]
with Batch(backend=backend):
    sampler = Sampler()
    # sample both circuits
    job = sampler.run(circuits, shots=8000)
    result = job.result()
for dist in [QuasiDistribution({outcome: count / data.num_shots for outcome, count in data.get_counts().items()}) for data in (pub.join_data() for pub in result)]:  # each circuit
    print(dist.binary_probabilities())
# remaining: none
# safe fix leaves: QM009
