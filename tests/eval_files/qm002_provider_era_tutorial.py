"""An IBMQ tutorial that compares the simulator with a real device."""
from qiskit import Aer, IBMQ, QuantumCircuit, execute, transpile  # expect: QM001

from lab_utils import pick_backend

circuit = QuantumCircuit(2, 2)
circuit.h(0)
circuit.cx(0, 1)
circuit.measure([0, 1], [0, 1])

simulator = Aer.get_backend("qasm_simulator")
simulated = execute(circuit, simulator, shots=1024).result().get_counts()

provider = IBMQ.load_account()  # expect: QM005
device = provider.get_backend("ibmq_belem")  # expect: QM005
measured = execute(circuit, device, shots=1024).result().get_counts()  # expect: QM002

backend = pick_backend()
backend.run(transpile(circuit, backend))  # expect: QM002


def run_both(backend, shots=1024):
    ideal = execute(circuit, simulator, shots=shots)
    real = execute(circuit, backend=backend, shots=shots)  # expect: QM002
    return ideal.result(), real.result()


async def submit(backend):
    return backend.run(circuit)  # expect: QM002
