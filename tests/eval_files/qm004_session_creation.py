"""Every way to create a runtime Session (an Open Plan cannot run one)."""
import qiskit_ibm_runtime
from qiskit_ibm_runtime import Batch, QiskitRuntimeService, SamplerV2 as Sampler, Session
from qiskit_ibm_runtime import Session as RuntimeSession

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")

session = Session(backend=backend)  # expect: QM004
with Session(backend=backend) as s:  # expect: QM004
    Sampler(mode=s).run([circuit])
with Session(backend) as positional:  # expect: QM004
    Sampler(mode=positional).run([circuit])
with Session(  # expect: QM004
    backend=backend,
    max_time="25m",
) as multiline:
    Sampler(mode=multiline).run([circuit])
resumed = Session.from_id("cq1234abcd")  # expect: QM004
sampler = Sampler(mode=Session(backend=backend))  # expect: QM004
aliased = RuntimeSession(backend=backend)  # expect: QM004
qualified = qiskit_ibm_runtime.Session(backend=backend)  # expect: QM004
with Session(backend=backend) as first, Batch(backend=backend) as second:  # expect: QM004
    pass

with Batch(backend=backend) as batch:
    Sampler(mode=batch).run([circuit])
with backend.open_session() as provider_style:  # expect: QM003
    pass


# Naming the class is not creating a session.
def describe(mode: Session) -> str:
    if isinstance(mode, Session):
        return f"session {mode.session_id}"
    return "job mode"


SESSION_TYPES = (Session, Batch)
