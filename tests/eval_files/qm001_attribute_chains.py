"""Reaching the old provider through the top-level qiskit package, with no IBMQ import."""
import qiskit
from qiskit import QuantumCircuit

qiskit.IBMQ.load_account()  # expect: QM001 QM005
provider = qiskit.IBMQ.get_provider(hub="ibm-q", group="open", project="main")  # expect: QM001 QM005
backend = qiskit.providers.ibmq.least_busy(provider.backends(simulator=False))  # expect: QM001 QM005

circuit = QuantumCircuit(2)
circuit.h(0)
circuit.cx(0, 1)
circuit.measure_all()
job = qiskit.execute(circuit, backend, shots=1024)  # expect: QM002
print(job.result().get_counts())


def is_ibmq(candidate):
    return isinstance(candidate, qiskit.providers.ibmq.IBMQBackend)  # expect: QM001


print(qiskit.QuantumCircuit, qiskit.providers.BackendV2)


def submit(candidate: qiskit.providers.ibmq.IBMQBackend, circuit):  # expect: QM001
    return candidate.run(circuit)  # expect: QM002


def pick_backend(name) -> qiskit.providers.ibmq.IBMQBackend:  # expect: QM001
    return provider.get_backend(name)  # expect: QM005


chosen: qiskit.providers.ibmq.IBMQBackend = pick_backend("ibmq_lima")  # expect: QM001
