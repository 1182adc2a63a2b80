"""A provider-era module whose local and third-party backends must never be flagged.

Every receiver below has a backend-like name, so only negative provenance keeps the
name heuristic away.
"""
from qiskit import Aer, BasicAer, IBMQ, execute  # expect: QM001
from qiskit.providers.basic_provider import BasicProvider, BasicSimulator
from qiskit.providers.fake_provider import GenericBackendV2
from qiskit_aer import AerSimulator
from qiskit_braket_provider import AWSBraketProvider
from qiskit_ibm_runtime.fake_provider import (
    FakeManila,
    FakeManilaV2,
    FakeProvider,
    FakeProviderForBackendV2,
    FakeSherbrooke,
)
from qiskit_ionq import IonQProvider

backend = AerSimulator()
backend.run(circuit)

_backend = Aer.get_backend("qasm_simulator")
_backend.run(circuit)

my_backend = BasicAer.get_backend("qasm_simulator")
my_backend.run(circuit)

backend_local = BasicSimulator()
backend_local.run(circuit)

device = BasicProvider().get_backend("basic_simulator")
device.run(circuit)

qpu = GenericBackendV2(num_qubits=5)
qpu.run(circuit)

fake_backend = FakeManilaV2()
fake_backend.run(circuit)

old_fake_backend = FakeManila()
old_fake_backend.run(circuit)

noisy_backend = AerSimulator.from_backend(FakeSherbrooke())
noisy_backend.run(circuit)

fake_provider = FakeProviderForBackendV2()
backend_fake = fake_provider.backend("fake_manila")
backend_fake.run(circuit)

ionq_provider = IonQProvider()
ionq_backend = ionq_provider.get_backend("ionq_simulator")
ionq_backend.run(circuit)

braket_provider = AWSBraketProvider()
backend_sv1 = braket_provider.get_backend("SV1")
backend_sv1.run(circuit)

execute(circuit, Aer.get_backend("qasm_simulator"), shots=1024)
execute(circuit, backend=backend)
execute(circuit, qpu)
AerSimulator().run(circuit)
FakeManilaV2().run(circuit)

Aer.get_backend("aer_simulator").run(circuit)
backend_v1 = FakeProvider().get_backend("fake_manila")
backend_v1.run(circuit)
provider = FakeProviderForBackendV2()
provider.backends()
device_fake = provider.backend("fake_manila")
device_fake.run(circuit)
