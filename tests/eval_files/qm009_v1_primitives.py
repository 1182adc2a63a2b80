"""V1 primitives of qiskit-ibm-runtime (removed in 0.28) and the program API (removed in 0.30)."""
from qiskit import QuantumCircuit
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import Estimator, Options, QiskitRuntimeService, Sampler, Session
from qiskit_ibm_runtime import EstimatorV1, SamplerV1 as LegacySampler

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(2)
qc.h(0)
qc.cx(0, 1)
qc.measure_all()
observable = SparsePauliOp("ZZ")

options = Options(optimization_level=1)  # expect: QM009
options.resilience_level = 1  # expect: QM009
options.execution.shots = 4000  # expect: QM009
options.transpilation.skip_transpilation = True  # expect: QM009
tuned = Options(resilience_level=1, execution={"shots": 2000})  # expect: QM009
plain = Options()

with Session(backend=backend) as session:  # expect: QM004
    sampler = Sampler(mode=session, options=options)
    job = sampler.run(qc)  # expect: QM009
    result = job.result()
    print(result.quasi_dists[0])  # expect: QM009
    quasi = sampler.run(qc, shots=1000).result().quasi_dists  # expect: QM009
    again = sampler.run(circuits=[qc]).result()  # expect: QM009
    bound = sampler.run([qc], [[0.1]])  # expect: QM009
    probabilities = again.quasi_dists[0].binary_probabilities()  # expect: QM009

    estimator = Estimator(mode=session)
    value = estimator.run(qc, observable).result().values[0]  # expect: QM009
    job = estimator.run(circuits=qc, observables=observable, parameter_values=[0.5])  # expect: QM009
    print(job.result().values)  # expect: QM009

sampler_v1 = LegacySampler(mode=backend)
sampler_v1.run(qc.copy())  # expect: QM009
EstimatorV1(mode=backend).run([qc], [observable])  # expect: QM009
Sampler(mode=backend, options={"optimization_level": 3})  # expect: QM009
Estimator(mode=backend, options={"transpilation": {"skip_transpilation": True}})  # expect: QM009

# The program API.
service.run(program_id="sampler", inputs={"circuits": qc}, options={"backend": "ibm_kyiv"})  # expect: QM009
service.run("estimator", inputs={})  # expect: QM009
