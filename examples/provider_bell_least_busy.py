"""Run a Bell-state experiment on the least busy IBM Quantum device.

Written for qiskit 0.45 with qiskit-ibm-provider 0.7 (2023), following the
provider's getting-started guide. Save your account once with
IBMProvider.save_account(token="...") before running it.
"""
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_provider import IBMProvider, least_busy


def bell_circuit():
    circuit = QuantumCircuit(2, 2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure([0, 1], [0, 1])
    return circuit


def main():
    provider = IBMProvider(instance="ibm-q/open/main")
    backend = least_busy(provider.backends(simulator=False, operational=True, min_num_qubits=2))
    print(f"Running on {backend.name}")

    circuit = transpile(bell_circuit(), backend)
    job = backend.run(circuit, shots=1024)
    print(f"Job ID: {job.job_id()}")

    counts = job.result().get_counts()
    print(counts)


if __name__ == "__main__":
    main()
