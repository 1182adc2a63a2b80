"""Generic Qiskit code with no IBM import: nothing here is an IBM backend."""
from qiskit import QuantumCircuit, transpile


def run_everywhere(backends, circuit):
    results = {}
    for backend in backends:
        results[backend.name] = backend.run(transpile(circuit, backend)).result()
    return results


def on_device(device, circuit):
    return device.run(circuit)


def execute(circuit, backend):
    return backend.run(circuit)


bell = QuantumCircuit(2)
bell.h(0)
bell.cx(0, 1)
bell.measure_all()
