"""Classes and functions kept under another name by plain assignment are still themselves."""
from qiskit import execute
from qiskit.providers.ibmq import least_busy  # expect: QM001
from qiskit_ibm_provider import IBMProvider  # expect: QM001
from qiskit_ibm_runtime import SamplerV2, Session

ProviderClass = IBMProvider
pick_quietest = least_busy
run_circuits = execute
SessionClass = Session
PrimitiveSampler = SamplerV2

account = ProviderClass()  # expect: QM005
chosen = pick_quietest(account.backends())  # expect: QM005
job = run_circuits(circuit, chosen)  # expect: QM002
with SessionClass(chosen) as sess:  # expect: QM004
    PrimitiveSampler(session=sess)  # expect: QM006
