"""Runtime 0.2x tutorial shape (Error-Suppression-and-Error-Mitigation): V1 Options set field by
field, ZNE fields among them; a V1 Estimator run over lists of circuits and observables in a
session; the job id printed without calling it; standard errors from V1 metadata."""
import numpy as np
from qiskit import QuantumCircuit
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import Estimator, Options, QiskitRuntimeService, Session

service = QiskitRuntimeService()
layer = QuantumCircuit(2)
layer.rx(0.3, [0, 1])
layer.cx(0, 1)
circuits = []
for steps in range(1, 4):
    circuit = QuantumCircuit(2)
    for _ in range(steps):
        circuit = circuit.compose(layer)
    circuits.append(circuit)
observables = [SparsePauliOp("ZZ")] * len(circuits)

options = Options()
options.execution.shots = 4000
options.optimization_level = 1
options.resilience_level = 2  # ZNE
options.resilience.noise_factors = [1, 3, 5]
options.resilience.extrapolator = "LinearExtrapolator"

with Session(service=service, backend="ibm_kyiv") as session:
    estimator = Estimator(session=session, options=options)
    job = estimator.run(circuits=circuits, observables=observables)
    print("job id:", job.job_id)

values = job.result().values
variances = [metadata["variance"] / metadata["shots"] for metadata in job.result().metadata]
for value, error in zip(values, np.sqrt(variances)):
    print(f"<ZZ> = {value:.2f} +- {error:.2f}")
