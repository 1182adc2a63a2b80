"""Prepare a 3-qubit GHZ state and run it on IBM Quantum hardware.

The classic IBMQ workflow from the Qiskit 0.2x textbook era: load the saved
account, pick a hub, choose the least busy real device and execute().
"""
from qiskit import IBMQ, QuantumCircuit, execute
from qiskit.providers.ibmq import least_busy

IBMQ.load_account()
provider = IBMQ.get_provider(hub="ibm-q", group="open", project="main")
backend = least_busy(provider.backends(simulator=False, operational=True))
print("Least busy backend:", backend)

ghz = QuantumCircuit(3, 3)
ghz.h(0)
ghz.cx(0, 1)
ghz.cx(1, 2)
ghz.measure([0, 1, 2], [0, 1, 2])

job = execute(ghz, backend=backend, shots=2048)
result = job.result()
counts = result.get_counts()
print(counts)
