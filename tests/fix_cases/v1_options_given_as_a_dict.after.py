# qiskit-migrate fix --unsafe-fixes
# V1 options given as a dict (qaoa_with_primitives): V1 merged {"shots": N} into
# execution.shots; V2 primitives take a dict of their own fields, so it becomes default_shots.
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService, Sampler, Batch

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
session = Batch(backend=backend)
sampler = Sampler(mode=session, options={"default_shots": int(1e4)})
print({outcome: count / data.num_shots for data in [sampler.run([transpile(qc, sampler.backend(), optimization_level=3)]).result()[0].join_data()] for outcome, count in data.get_int_counts().items()})
print({outcome: count / data.num_shots for data in [sampler.run([transpile(qc, sampler.backend(), optimization_level=3)]).result()[0].join_data()] for outcome, count in data.get_int_counts().items()})
session.close()
# remaining: none
# safe fix leaves: QM004 QM009
