"""Deutsch-Jozsa on the least busy device, as in the Qiskit textbook (2021).

Legacy IBMQ code: least_busy with a filter lambda, a job monitor, counts via a result variable.
"""
from qiskit import IBMQ, QuantumCircuit, transpile
from qiskit.providers.ibmq import least_busy
from qiskit.providers.ibmq.job import job_monitor


def balanced_oracle(n):
    oracle = QuantumCircuit(n + 1)
    for qubit in range(n):
        oracle.cx(qubit, n)
    return oracle


def dj_algorithm(oracle, n):
    circuit = QuantumCircuit(n + 1, n)
    circuit.x(n)
    circuit.h(range(n + 1))
    circuit.compose(oracle, inplace=True)
    circuit.h(range(n))
    circuit.measure(range(n), range(n))
    return circuit


n = 3
dj_circuit = dj_algorithm(balanced_oracle(n), n)

IBMQ.load_account()
provider = IBMQ.get_provider(hub="ibm-q")
backend = least_busy(provider.backends(filters=lambda x: x.configuration().n_qubits >= (n + 1)
                                       and not x.configuration().simulator
                                       and x.status().operational is True))
print("least busy backend:", backend)

transpiled_dj_circuit = transpile(dj_circuit, backend, optimization_level=3)
job = backend.run(transpiled_dj_circuit)
job_monitor(job, interval=2)
results = job.result()
answer = results.get_counts()
print(answer)
