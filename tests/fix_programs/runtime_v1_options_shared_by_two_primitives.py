"""Runtime 0.2x tutorial shape (how-to-getting-started-with-sampler): `sampler` is first the
reference `qiskit.primitives.Sampler`, later the runtime's; an `Options(...)` no primitive reads;
one `Options(resilience_level=1)` given to both a Sampler and an Estimator in a session; an
Estimator run with its own `shots=`."""
from qiskit import QuantumCircuit
from qiskit.primitives import Sampler
from qiskit.quantum_info import SparsePauliOp

circuit = QuantumCircuit(2, 2)
circuit.h(0)
circuit.cx(0, 1)
circuit.measure([0, 1], [0, 1])
sampler = Sampler()
print(f"reference: {sampler.run(circuit).result().quasi_dists[0]}")

from qiskit_ibm_runtime import Estimator, Options, QiskitRuntimeService, Sampler, Session

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
sampler = Sampler(backend=backend)
job = sampler.run(circuit)
print(f"counts: {job.result().quasi_dists[0].binary_probabilities()}")

options = Options(optimization_level=3, environment={"log_level": "INFO"})

bell = QuantumCircuit(2)
bell.h(0)
bell.cx(0, 1)
observable = SparsePauliOp("ZZ")
options = Options(resilience_level=1)
with Session(backend=backend):
    sampler = Sampler(options=options)
    estimator = Estimator(options=options)
    sampler_job = sampler.run(circuit)
    estimator_job = estimator.run(bell, observable, shots=2000)
    print(f"session counts: {sampler_job.result().quasi_dists[0].binary_probabilities()}")
    print(f"<ZZ> = {estimator_job.result().values[0]:.3f}")
