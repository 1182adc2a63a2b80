"""A runtime-only module gets no name heuristic: its helpers run local simulators."""
from qiskit.transpiler import generate_preset_pass_manager
from qiskit_ibm_runtime import SamplerV2 as Sampler


def simulate(backend, circuit, shots=1000):
    pm = generate_preset_pass_manager(backend=backend, optimization_level=1)
    return backend.run(pm.run(circuit), shots=shots).result().get_counts()


def on_device(device, circuit):
    return device.run(circuit)


def on_qpu(qpu, circuit):
    return qpu.run(circuit)


def lookup(provider):
    return provider.get_backend("aer_simulator")


def sample(backend, pubs):
    return Sampler(mode=backend).run(pubs)
