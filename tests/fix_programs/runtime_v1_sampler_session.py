"""Runtime 0.2x tutorial: a Bell state sampled in a session with V1 Sampler options.

Shape of IBM's "Get started with primitives" page of 2023: Options with an optimization and
resilience level and a shot count, a Sampler in a Session, the job id printed, quasi
probabilities read from the result.
"""
from qiskit import QuantumCircuit
from qiskit_ibm_runtime import QiskitRuntimeService, Options, Sampler, Session

service = QiskitRuntimeService()
backend = service.backend("ibm_brisbane")
print("backend:", backend.name())

bell = QuantumCircuit(2)
bell.h(0)
bell.cx(0, 1)
bell.measure_all()

options = Options(optimization_level=1, resilience_level=0, execution={"shots": 2000})
with Session(backend=backend) as session:
    sampler = Sampler(session=session, options=options)
    job = sampler.run(bell)
    print(f">>> Job ID: {job.job_id()}")
    result = job.result()
    print(f">>> Quasi-distribution: {result.quasi_dists[0]}")
    print("bitstring probabilities:", result.quasi_dists[0].binary_probabilities())
