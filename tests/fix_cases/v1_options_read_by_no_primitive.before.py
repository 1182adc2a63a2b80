# qiskit-migrate fix --unsafe-fixes
# A V1 Options(...) that no primitive reads (a tutorial shows it, then rebinds the name): it
# becomes the options class of the module's one kind of primitive.
from qiskit import QuantumCircuit
from qiskit_ibm_runtime import Options, QiskitRuntimeService, Sampler

options = Options(optimization_level=3, environment={"log_level": "INFO"})

options = Options()
options.execution.shots = 2048
service = QiskitRuntimeService()
sampler = Sampler(mode=service.backend("ibm_kyiv"), options=options)
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
print(sampler.run(qc).result().quasi_dists[0])
