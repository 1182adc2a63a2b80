# qiskit-migrate fix --unsafe-fixes
# One V1 Options(...) given to a Sampler and an Estimator (runtime 0.2x "getting started"
# tutorials): V2 has one options class per primitive, so the object becomes two.
from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import SparsePauliOp
from qiskit_ibm_runtime import (
    Estimator,
    QiskitRuntimeService,
    Sampler,
    EstimatorOptions,
    SamplerOptions,
)

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(2, 2)
qc.h(0)
qc.cx(0, 1)
qc.measure([0, 1], [0, 1])
estimator_options = EstimatorOptions(default_shots=4000, resilience_level=1)
sampler_options = SamplerOptions(default_shots=4000)
sampler = Sampler(mode=backend, options=sampler_options)
estimator = Estimator(mode=backend, options=estimator_options)
print({outcome: count / data.num_shots for data in [sampler.run([transpile(qc, sampler.backend(), optimization_level=3)]).result()[0].join_data()] for outcome, count in data.get_int_counts().items()})
isa_circuit = transpile(qc.remove_final_measurements(inplace=False), estimator.backend(), optimization_level=3)
print(estimator.run([(isa_circuit, SparsePauliOp("ZZ").apply_layout(isa_circuit.layout))]).result()[0].data.evs)
# remaining: none
# safe fix leaves: QM009
