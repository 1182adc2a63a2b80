"""A provider-era tutorial that rebinds its backend: the binding that reaches each call counts."""
from qiskit import Aer, IBMQ, QuantumCircuit, execute, transpile  # expect: QM001

qc = QuantumCircuit(2)
qc.h(0)
qc.cx(0, 1)
qc.measure_all()

provider = IBMQ.load_account()  # expect: QM005
backend = provider.get_backend("ibmq_lima")  # expect: QM005
counts = execute(qc, backend, shots=1024).result().get_counts()  # expect: QM002

# Same circuit on the simulator: the IBM binding no longer reaches these calls.
backend = Aer.get_backend("qasm_simulator")
counts = execute(qc, backend, shots=1024).result().get_counts()
job = backend.run(transpile(qc, backend))

# Back on hardware.
backend = provider.get_backend("ibmq_manila")  # expect: QM005
job = backend.run(transpile(qc, backend))  # expect: QM002

device = provider.get_backend("ibmq_quito")  # expect: QM005
simulator = device
device = Aer.get_backend("aer_simulator")
device.run(qc)
simulator.run(qc)  # expect: QM002
