# qiskit-migrate fix --unsafe-fixes
# Job history of the provider era (IBM's account tutorials): backend.jobs() -> the service's
# jobs(backend_name=backend.name), provider.backend.jobs() -> the service's jobs(); a job's
# creation_date() is a property of RuntimeJobV2.
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService
from qiskit_ibm_runtime.executor_sampler import Sampler

provider = QiskitRuntimeService()
backend = provider.backend("ibm_kyiv")
backend = provider.least_busy(min_num_qubits=5, simulator=False, operational=True)
for ran_job in provider.jobs(backend_name=backend.name, limit=5):
    print(ran_job.job_id())
for ran_job in provider.jobs(limit=5):
    print(ran_job.job_id())
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
mapped_circuit = transpile(qc, backend=backend)
job = Sampler(mode=backend).run([mapped_circuit], shots=1024)
print(job.creation_date)
print(job.result()[0].join_data().get_counts())
# remaining: none
# safe fix leaves: none
