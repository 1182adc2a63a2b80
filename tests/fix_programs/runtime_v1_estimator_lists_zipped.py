"""Runtime 0.2x tutorial shape (chsh_with_estimator, Error-Suppression-and-Error-Mitigation):
one V1 Estimator run over lists of circuits, observables and parameter values given by name,
with `shots=`; `.values` read whole and computed with as a numpy array."""
import numpy as np
from qiskit import QuantumCircuit
from qiskit.circuit import Parameter
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import Batch, Estimator, QiskitRuntimeService

service = QiskitRuntimeService()
backend = service.least_busy(operational=True, simulator=False)

theta = Parameter("theta")
circuit = QuantumCircuit(2)
circuit.h(0)
circuit.cx(0, 1)
circuit.ry(theta, 0)
phases = [[0.0], [np.pi / 2], [np.pi]]
ops = [SparsePauliOp("ZZ"), SparsePauliOp("XZ")]
circuits = [circuit] * len(phases) * len(ops)
observables = [op for op in ops for _ in phases]

with Batch(backend=backend) as batch:
    estimator = Estimator()
    values = estimator.run(circuits, observables, parameter_values=phases * len(ops), shots=20000).result().values

zz, xz = values[: len(phases)], values[len(phases):]
for value in zz - xz:
    print(f"<ZZ> - <XZ> = {value:.2f}")
