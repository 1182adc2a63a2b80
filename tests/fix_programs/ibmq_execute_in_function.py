"""GHZ states of several sizes, executed in one job from a helper function.

IBMQ era (qiskit-terra 0.2x): the account is enabled with a token, then a provider is
picked by hub.
"""
from qiskit import IBMQ, QuantumCircuit, execute

TOKEN = "0123456789abcdef"
IBMQ.enable_account(TOKEN)
provider = IBMQ.get_provider(hub="ibm-q")
backend = provider.get_backend("ibmq_manila")


def ghz(size):
    circuit = QuantumCircuit(size, size)
    circuit.h(0)
    for qubit in range(size - 1):
        circuit.cx(qubit, qubit + 1)
    circuit.measure(range(size), range(size))
    return circuit


def run_all(sizes):
    circuits = [ghz(size) for size in sizes]
    job = execute(circuits, backend, shots=256, optimization_level=1)
    result = job.result()
    return [result.get_counts(i) for i in range(len(sizes))]


for counts in run_all([2, 3]):
    print(counts)
