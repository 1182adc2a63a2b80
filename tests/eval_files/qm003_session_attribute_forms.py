"""Reads of backend.session in conditions and arguments; writes are not reads."""
from qiskit_ibm_runtime import QiskitRuntimeService

backend = QiskitRuntimeService().backend("ibm_kyiv")
if backend.session is None:  # expect: QM003
    backend.open_session()  # expect: QM003
print("session:", backend.session)  # expect: QM003
backend.session = None
