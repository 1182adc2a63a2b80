"""QiskitRuntimeService.get_backend() was removed in 0.30; the other lookups are current."""
from qiskit_aer import Aer
from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService()
service.get_backend("ibm_kyiv")  # expect: QM005
QiskitRuntimeService(channel="ibm_cloud").get_backend("ibm_kyiv")  # expect: QM005
service.backend("ibm_kyiv")
service.backends(simulator=False)
service.least_busy()
service.jobs(limit=5)
service.job("cq8x2vz")
Aer.get_backend("aer_simulator")


def helper(provider, registry):
    provider.get_backend("ibm_kyiv")
    provider.backends()
    registry.get_backend("x")
