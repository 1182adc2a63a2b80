"""`from qiskit import *` in Qiskit < 1.0 brought IBMQ, execute, Aer and BasicAer."""
from qiskit import *  # expect: QM001
from qiskit import *

IBMQ.load_account()  # expect: QM005
provider = IBMQ.get_provider(hub="ibm-q")  # expect: QM005
device = provider.get_backend("ibmq_belem")  # expect: QM005
qc = QuantumCircuit(1, 1)
qc.h(0)
qc.measure(0, 0)
counts = execute(qc, device, shots=2048).result().get_counts()  # expect: QM002
simulator = Aer.get_backend("qasm_simulator")
local = execute(qc, simulator).result().get_counts()
basic = BasicAer.get_backend("qasm_simulator")
basic.run(qc)


def submit(backend, circuit):
    # The star import that brings IBMQ is a provider-era import: the name heuristic is on.
    return backend.run(circuit)  # expect: QM002
