# qiskit-migrate fix --unsafe-fixes
# A monitor of a runtime job: display only, dropped (unsafe: the progress is no longer shown).
from qiskit import QuantumCircuit
from qiskit.tools.monitor import job_monitor, backend_overview
from qiskit_ibm_runtime import QiskitRuntimeService, SamplerV2

service = QiskitRuntimeService()
backend_overview()
qc = QuantumCircuit(1, 1)
qc.measure(0, 0)
job = SamplerV2(mode=service.backend("ibm_kyiv")).run([qc])
job_monitor(job)
print(job.result()[0].data.c.get_counts())
