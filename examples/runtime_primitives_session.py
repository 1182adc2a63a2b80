"""Sample and estimate a Bell state with the runtime primitives in a session.

Written for qiskit-ibm-runtime 0.22: the session is opened from the service on
the cloud simulator, and the primitives receive session= and backend=.
"""
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import EstimatorV2 as Estimator
from qiskit_ibm_runtime import QiskitRuntimeService, Session
from qiskit_ibm_runtime import SamplerV2 as Sampler

service = QiskitRuntimeService(channel="ibm_quantum", instance="ibm-q/open/main")
simulator = service.backend("ibmq_qasm_simulator")

bell = QuantumCircuit(2)
bell.h(0)
bell.cx(0, 1)
bell.measure_all()

with Session(service=service, backend=simulator) as session:
    sampler = Sampler(session=session)
    job = sampler.run([transpile(bell, backend=simulator)], shots=1000)
    counts = job.result()[0].data.meas.get_counts()
    print(counts)

backend = service.backend("ibm_kyoto")
unmeasured = transpile(bell.remove_final_measurements(inplace=False), backend=backend)
observable = SparsePauliOp("ZZ").apply_layout(unmeasured.layout)
estimator = Estimator(backend=backend)
job = estimator.run([(unmeasured, observable)])
print(job.result()[0].data.evs)
