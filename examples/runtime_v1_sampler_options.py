"""Sample a 3-qubit GHZ state with the V1 Sampler of qiskit-ibm-runtime 0.2x.

Written for qiskit-ibm-runtime 0.23 (early 2024): the least busy device is printed
with backend.name(), the transpiler and error-mitigation levels go through
Options(optimization_level=..., resilience_level=...), the circuit is passed as is,
and quasi-probabilities are read from result.quasi_dists, by bitstring.
"""
from qiskit import QuantumCircuit
from qiskit_ibm_runtime import Options, QiskitRuntimeService, Sampler

service = QiskitRuntimeService()
backend = service.least_busy(operational=True, simulator=False)
print("least busy device:", backend.name())

ghz = QuantumCircuit(3)
ghz.h(0)
ghz.cx(0, 1)
ghz.cx(1, 2)
ghz.measure_all()

options = Options(optimization_level=3, resilience_level=1)
options.execution.shots = 4000
sampler = Sampler(backend=backend, options=options)
quasi = sampler.run(ghz).result().quasi_dists[0]
probabilities = quasi.binary_probabilities()
print("probabilities:", probabilities)
for bitstring, probability in sorted(probabilities.items()):
    print(f"{bitstring}: {probability:.3f}")
