# qiskit-migrate fix --unsafe-fixes
# V1 Options set field by field with ZNE fields (resilience.noise_factors / extrapolator ->
# resilience.zne.*), an Estimator run over lists, the job id printed uncalled, and V1
# metadata read in a comprehension (variance and shots rebuilt from the V2 standard errors).
import numpy as np
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import Estimator, QiskitRuntimeService, Batch, EstimatorOptions

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

options = EstimatorOptions(default_shots=4000, resilience_level=1)
options.default_shots = 4000
options.resilience_level = 2  # ZNE
options.resilience.zne.noise_factors = [1, 3, 5]
options.resilience.zne.extrapolator = "linear"

with Batch(backend=service.backend("ibm_kyiv")) as session:
    estimator = Estimator(mode=session, options=options)
    isa_circuits = transpile(circuits, estimator.backend(), optimization_level=1)
    job = estimator.run([(circuit, observable.apply_layout(circuit.layout)) for circuit, observable in zip(isa_circuits, observables)])
    print("job id:", job.job_id)

values = np.array([pub.data.evs for pub in job.result()])
variances = [metadata["variance"] / metadata["shots"] for metadata in [{"shots": 4000, "variance": float(pub.data.stds) ** 2 * 4000} for pub in job.result()]]
for value, error in zip(values, np.sqrt(variances)):
    print(f"{value:.2f} +- {error:.2f}")
# remaining: none
# safe fix leaves: QM004 QM009
