"""Runtime 0.2x: the expectation value of ZZ on a Bell state with the V1 Estimator.

Options set field by field (as in the 0.1x README), the backend looked up again by
str(backend), expectation values read from result.values.
"""
from qiskit import QuantumCircuit
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import Estimator, Options, QiskitRuntimeService

service = QiskitRuntimeService()
backend = service.least_busy(operational=True, simulator=False)
backend = service.backend(str(backend))
print("running on", backend.name())

bell = QuantumCircuit(2)
bell.h(0)
bell.cx(0, 1)
observable = SparsePauliOp.from_list([("ZZ", 1.0)])

options = Options()
options.optimization_level = 1
options.resilience_level = 1
options.execution.shots = 1000

estimator = Estimator(backend=backend, options=options)
job = estimator.run(circuits=[bell], observables=[observable])
print("job id:", job.job_id())
values = job.result().values
print(f"<ZZ> = {job.result().values[0]:.3f}")
