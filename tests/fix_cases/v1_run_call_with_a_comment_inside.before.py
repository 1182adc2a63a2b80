# qiskit-migrate fix --unsafe-fixes
# A comment inside a multi-line V1 run call goes on its own line above the statement (the new
# call is one line); quasi-distributions iterated and read with binary_probabilities() stay
# QuasiDistributions.
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService, Batch, Sampler

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
qc2 = transpile(qc, backend=backend)
circuits = [qc2, qc2]
with Batch(service=service, backend=backend):
    sampler = Sampler()
    job = sampler.run(
        circuits=circuits,  # sample both circuits
        skip_transpilation=True,
        shots=8000,
    )
    result = job.result()
for dist in result.quasi_dists:  # each circuit
    print(dist.binary_probabilities())
