"""The same Bell experiment written for current Qiskit and qiskit-ibm-runtime.

It runs offline by default, in local testing mode on a fake device and on Aer;
pass --hardware to send it to the least busy IBM Quantum device in batch mode.
"""
import sys

from qiskit import QuantumCircuit
from qiskit.transpiler import generate_preset_pass_manager
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import Batch, QiskitRuntimeService
from qiskit_ibm_runtime.fake_provider import FakeManilaV2

try:  # qiskit-ibm-runtime >= 0.50
    from qiskit_ibm_runtime.executor_sampler import Sampler
except ImportError:  # older releases
    from qiskit_ibm_runtime import SamplerV2 as Sampler


def bell_circuit():
    circuit = QuantumCircuit(2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure_all()
    return circuit


def sample(backend, shots=1000):
    pm = generate_preset_pass_manager(backend=backend, optimization_level=1)
    isa_circuit = pm.run(bell_circuit())
    with Batch(backend=backend) as batch:
        sampler = Sampler(mode=batch)
        job = sampler.run([isa_circuit], shots=shots)
        return job.result()[0].data.meas.get_counts()


def main():
    if "--hardware" in sys.argv:
        service = QiskitRuntimeService()
        backend = service.least_busy(operational=True, simulator=False)
        print(backend.name, sample(backend))
        return
    print("fake device:", sample(FakeManilaV2()))
    simulator = AerSimulator()
    counts = simulator.run(bell_circuit(), shots=1000).result().get_counts()
    print("Aer:", counts)


if __name__ == "__main__":
    main()
