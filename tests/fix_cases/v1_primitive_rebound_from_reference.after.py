# qiskit-migrate fix --unsafe-fixes
# A notebook binds Sampler to the reference primitive first and to the runtime's later: each
# call is judged by the import that reaches it, so Sampler(backend=...) gets mode=.
from qiskit import QuantumCircuit, transpile
from qiskit.primitives import Sampler

qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
print(Sampler().run(qc).result().quasi_dists[0])

from qiskit_ibm_runtime import QiskitRuntimeService, Sampler

backend = QiskitRuntimeService().backend("ibm_kyiv")
sampler = Sampler(mode=backend)
print({outcome: count / data.num_shots for data in [sampler.run([transpile(qc, sampler.backend(), optimization_level=3)], shots=4000).result()[0].join_data()] for outcome, count in data.get_int_counts().items()})
# remaining: none
# safe fix leaves: QM009
