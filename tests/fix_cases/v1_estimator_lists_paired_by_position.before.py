# qiskit-migrate fix --unsafe-fixes
# V1 Estimator runs over lists given by name (chsh_with_estimator, Error-Suppression tutorials):
# one pub per position (zip), each observable mapped to its ISA circuit's layout; a run's
# shots= becomes the estimator's default_shots (V2 runs take a precision); .values read whole
# stays a numpy array.
import numpy as np
from qiskit import QuantumCircuit
from qiskit.circuit import Parameter
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import Estimator, QiskitRuntimeService

service = QiskitRuntimeService()
estimator = Estimator(mode=service.least_busy(operational=True))
theta = Parameter("theta")
qc = QuantumCircuit(2)
qc.h(0)
qc.ry(theta, 0)
phases = [[0.0], [np.pi]]
ops = [SparsePauliOp("ZZ"), SparsePauliOp("XX")]
circuits = [qc] * len(phases) * len(ops)
observables = [op for op in ops for _ in phases]
values = estimator.run(circuits, observables, parameter_values=phases * len(ops), shots=10000).result().values
print(values[:2] - values[2:])
