"""The Qiskit Aer getting-started tutorial: a local backend.run is current API."""
from qiskit import QuantumCircuit, transpile
from qiskit_aer import AerSimulator
from qiskit_aer.noise import NoiseModel
from qiskit_ibm_runtime.fake_provider import FakeVigoV2

circuit = QuantumCircuit(2)
circuit.h(0)
circuit.cx(0, 1)
circuit.measure_all()

backend = AerSimulator()
job = backend.run(transpile(circuit, backend), shots=1000)
print(job.result().get_counts())

device_backend = FakeVigoV2()
noisy = AerSimulator.from_backend(device_backend)
noise_model = NoiseModel.from_backend(device_backend)
counts = noisy.run(transpile(circuit, noisy), noise_model=noise_model).result().get_counts()
print(counts, device_backend.run(transpile(circuit, device_backend)).result().get_counts())
