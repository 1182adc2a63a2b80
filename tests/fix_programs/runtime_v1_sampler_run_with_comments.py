"""Runtime 0.2x tutorial shape (user-transpiled-circuits): a multi-line V1 `sampler.run(...)`
with a comment inside and `skip_transpilation=True`, in a Batch; the quasi-distributions
iterated and read with `binary_probabilities()`."""
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
