# qiskit-migrate fix --unsafe-fixes
# A V1 Options(...) that no primitive reads (a tutorial shows it, then rebinds the name): it
# becomes the options class of the module's one kind of primitive.
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService, Sampler, SamplerOptions

options = SamplerOptions(default_shots=4000, environment={"log_level": "INFO"})

options = SamplerOptions(default_shots=4000)
options.default_shots = 2048
service = QiskitRuntimeService()
sampler = Sampler(mode=service.backend("ibm_kyiv"), options=options)
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
print({outcome: count / data.num_shots for data in [sampler.run([transpile(qc, sampler.backend(), optimization_level=3)]).result()[0].join_data()] for outcome, count in data.get_int_counts().items()})
# remaining: none
# safe fix leaves: QM009
