# qiskit-migrate fix --unsafe-fixes
# A monitor of a runtime job: display only, dropped (unsafe: the progress is no longer shown).
from qiskit import QuantumCircuit
from qiskit_ibm_runtime import QiskitRuntimeService, SamplerV2

service = QiskitRuntimeService()
qc = QuantumCircuit(1, 1)
qc.measure(0, 0)
job = SamplerV2(mode=service.backend("ibm_kyiv")).run([qc])
print(job.result()[0].data.c.get_counts())
# remaining: none
# safe fix leaves: QM001
