"""A notebook-style script that star-imports the provider package."""
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_provider import *  # expect: QM001

provider = IBMProvider()  # expect: QM005
chosen = least_busy(provider.backends(simulator=False, operational=True))  # expect: QM005

circuit = QuantumCircuit(2)
circuit.h(0)
circuit.cx(0, 1)
circuit.measure_all()
job = chosen.run(transpile(circuit, chosen), shots=1000)  # expect: QM002
print(job.result().get_counts())
