"""The V1 backend interface: `backend.name()` and `str(backend)` as a name, on IBM backends."""
from qiskit import IBMQ  # expect: QM001
from qiskit_ibm_runtime import IBMBackend, QiskitRuntimeService

provider = IBMQ.load_account()  # expect: QM005
device = provider.get_backend("ibmq_lima")  # expect: QM005
print("running on", device.name())  # expect: QM010
label = f"{device.name()}-results"  # expect: QM010
same = provider.get_backend(device.name())  # expect: QM005 QM010
for candidate in provider.backends():  # expect: QM005
    print(candidate.name(), candidate.status().pending_jobs)  # expect: QM010

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
again = service.backend(str(backend))  # expect: QM010
print(backend.name)


def describe(target: IBMBackend) -> str:
    return target.name()  # expect: QM010


def lookup(machine):
    return service.backend(machine.name())  # expect: QM010
