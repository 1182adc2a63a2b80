"""Sample a Bell state with qiskit-ibm-runtime 0.20's backend.run interface.

In runtime 0.2x an IBMBackend could run circuits directly and group several
jobs in a provider-style session opened on the backend itself.
"""
from qiskit import QuantumCircuit, transpile
from qiskit_ibm_runtime import QiskitRuntimeService


def bell_circuit():
    circuit = QuantumCircuit(2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure_all()
    return circuit


def main():
    service = QiskitRuntimeService(channel="ibm_quantum")
    backend = service.get_backend("ibm_brisbane")
    circuit = transpile(bell_circuit(), backend=backend)

    job = backend.run(circuit, shots=4000)
    counts = job.result().get_counts()
    print(counts)

    # Both jobs run back to back inside one session on the backend.
    with backend.open_session() as session:
        first = backend.run(circuit, shots=1000)
        print(first.result().get_counts())
        second = backend.run(circuit, shots=2000)
        print(second.result().get_counts())
        print(f"Session ID: {session.session_id}")


if __name__ == "__main__":
    main()
