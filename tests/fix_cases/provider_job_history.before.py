# qiskit-migrate fix --unsafe-fixes
# Job history of the provider era (IBM's account tutorials): backend.jobs() -> the service's
# jobs(backend_name=backend.name), provider.backend.jobs() -> the service's jobs(); a job's
# creation_date() is a property of RuntimeJobV2.
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_provider import IBMProvider, least_busy

provider = IBMProvider()
backend = provider.get_backend("ibm_kyiv")
small_devices = provider.backends(min_num_qubits=5, simulator=False, operational=True)
backend = least_busy(small_devices)
for ran_job in backend.jobs(limit=5):
    print(ran_job.job_id())
for ran_job in provider.backend.jobs(limit=5):
    print(ran_job.job_id())
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
mapped_circuit = transpile(qc, backend=backend)
job = backend.run(mapped_circuit, shots=1024)
print(job.creation_date())
print(job.result().get_counts())
