"""A Session on a fake backend or a simulator runs in local testing mode: the Open Plan does not apply."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService, SamplerV2 as Sampler, Session
from qiskit_ibm_runtime.fake_provider import FakeManilaV2, FakeSherbrooke

fake = FakeManilaV2()
with Session(backend=fake) as session:
    Sampler(mode=session).run([circuit])
with Session(FakeSherbrooke()) as session:
    pass
with Session(backend=AerSimulator()) as session:
    pass
local = Session(AerSimulator.from_backend(fake))

service = QiskitRuntimeService()
real = service.backend("ibm_kyiv")
with Session(backend=real) as session:  # expect: QM004
    pass
with Session(service, backend=fake) as session:  # expect: QM006
    pass
with Session(backend=backend) as session:  # expect: QM004
    pass
Session.from_id("session-id")  # expect: QM004
either = fake if testing else real
Session(backend=either)  # expect: QM004
