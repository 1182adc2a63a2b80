"""A provider-era module counts as an IBM module for QM008."""
from qiskit import IBMQ  # expect: QM001

provider = IBMQ.load_account()  # expect: QM005
simulator = provider.get_backend("ibmq_qasm_simulator")  # expect: QM005 QM008
job = simulator.run(circuit, shots=1024)  # expect: QM002
