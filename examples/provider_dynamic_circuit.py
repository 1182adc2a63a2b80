"""Mid-circuit measurement with feed-forward on a dynamic-circuits backend.

Written for qiskit-ibm-provider 0.7. This example is deliberately one that the
automatic fix cannot finish: backend.run(..., dynamic=True) has no Sampler
equivalent, so `qiskit-migrate fix` leaves that call (and its QM002) for a person.
"""
from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister, transpile
from qiskit_ibm_provider import IBMProvider


def reset_by_measurement():
    qubits = QuantumRegister(1, "q")
    bits = ClassicalRegister(1, "c")
    circuit = QuantumCircuit(qubits, bits)
    circuit.h(0)
    circuit.measure(0, 0)
    with circuit.if_test((bits, 1)):
        circuit.x(0)
    circuit.measure(0, 0)
    return circuit


provider = IBMProvider()
backend = provider.get_backend("ibm_kyiv")
circuit = transpile(reset_by_measurement(), backend)
# dynamic=True has no Sampler equivalent: this call needs a manual migration.
job = backend.run(circuit, shots=1000, dynamic=True)
print(job.result().get_counts())
