from qiskit import *                                   # expect: QM001
from qiskit_ibm_runtime import QiskitRuntimeService, Sampler, Session
from qiskit_ibm_runtime.fake_provider import FakeManilaV2

IBMQ.load_account()                                    # expect: QM005
provider = IBMQ.get_provider(hub="ibm-q")              # expect: QM005
backend = provider.get_backend("ibmq_lima")            # expect: QM005
print(backend.name())                                  # expect: QM010
counts = execute(qc, backend).result().get_counts()    # expect: QM002
backend = Aer.get_backend("qasm_simulator")
counts = execute(qc, backend).result().get_counts()    # nothing: a simulator reaches this call

service = QiskitRuntimeService()
with Session(service=service, backend="ibm_osaka") as session:  # expect: QM004 QM006
    sampler = Sampler(session=session)                 # expect: QM006
    quasi = sampler.run(qc).result().quasi_dists[0]    # expect: QM009
with Session(backend=FakeManilaV2()) as local:         # nothing: local testing mode
    Sampler(mode=local).run([qc])
