import asyncio
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService, Session, SamplerV2 as Sampler
from qiskit_ibm_runtime.fake_provider import FakeManilaV2
from qiskit_ibm_provider import IBMProvider            # expect: QM001
provider = IBMProvider()                               # expect: QM005
backend = provider.get_backend("ibmq_qasm_simulator")  # expect: QM005 QM008
job = backend.run(transpiled_circuit)                  # expect: QM002
with backend.open_session() as session:                # expect: QM003
    ...
with Session(backend=backend) as session:              # expect: QM004
    sampler = Sampler(session=session)                 # expect: QM006
service = QiskitRuntimeService(channel="ibm_quantum")  # expect: QM007

sim = AerSimulator(); sim.run(qc)                      # nothing
fake = FakeManilaV2(); fake.run(qc)                    # nothing
pm.run(circuit); sampler.run([isa]); asyncio.run(main())  # nothing
