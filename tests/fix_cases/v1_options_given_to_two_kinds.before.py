# qiskit-migrate fix --unsafe-fixes
# One V1 Options(...) given to a Sampler and an Estimator (runtime 0.2x "getting started"
# tutorials): V2 has one options class per primitive, so the object becomes two.
from qiskit import QuantumCircuit
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import Estimator, Options, QiskitRuntimeService, Sampler

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(2, 2)
qc.h(0)
qc.cx(0, 1)
qc.measure([0, 1], [0, 1])
options = Options(resilience_level=1)
sampler = Sampler(mode=backend, options=options)
estimator = Estimator(mode=backend, options=options)
print(sampler.run(qc).result().quasi_dists[0])
print(estimator.run(qc.remove_final_measurements(inplace=False), SparsePauliOp("ZZ")).result().values[0])
