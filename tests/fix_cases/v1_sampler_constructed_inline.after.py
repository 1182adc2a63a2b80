# qiskit-migrate fix --unsafe-fixes
# A V1 primitive constructed inline: bound to a name first (the ISA circuits are compiled for
# its backend()), then migrated as the named form, result reads with it.
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import Estimator, QiskitRuntimeService, Sampler
from numpy import array

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
sampler = Sampler(backend)
job = sampler.run([transpile(qc, sampler.backend(), optimization_level=3)], shots=4000)
print({outcome: count / data.num_shots for data in [job.result()[0].join_data()] for outcome, count in data.get_int_counts().items()})
sampler = Sampler(mode=backend)
dist = {outcome: count / data.num_shots for data in [sampler.run([transpile(qc, sampler.backend(), optimization_level=3)], shots=100).result()[0].join_data()] for outcome, count in data.get_int_counts().items()}
print(dist)
bell = QuantumCircuit(2)
bell.h(0)
bell.cx(0, 1)
estimator = Estimator(backend)
isa_circuit = transpile(bell, estimator.backend(), optimization_level=3)
values = array([pub.data.evs for pub in estimator.run([(isa_circuit, SparsePauliOp("ZZ").apply_layout(isa_circuit.layout))]).result()])
print(values)
# remaining: none
# safe fix leaves: QM009
