"""Star import from the IBMQ provider: IBMQ and least_busy come from it."""
from qiskit import QuantumCircuit, execute
from qiskit.providers.ibmq import *  # expect: QM001

IBMQ.load_account()  # expect: QM005
hub = IBMQ.get_provider(hub="ibm-q")  # expect: QM005
target = least_busy(hub.backends(simulator=False))  # expect: QM005

bell = QuantumCircuit(2, 2)
bell.h(0)
bell.cx(0, 1)
bell.measure([0, 1], [0, 1])
counts = execute(bell, target, shots=2048).result().get_counts()  # expect: QM002
print(counts)
