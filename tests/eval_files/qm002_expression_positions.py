"""backend.run() is found wherever an expression can sit."""
from qiskit_ibm_runtime import IBMBackend, QiskitRuntimeService

service = QiskitRuntimeService()
hw = service.backend("ibm_kyiv")

print(f"submitted {hw.run(circuit).job_id()}")  # expect: QM002
assert hw.run(circuit) is not None  # expect: QM002
by_job = {hw.run(c).job_id(): c for c in circuits}  # expect: QM002


@retry(on=hw.run(probe))  # expect: QM002
def submit_all(circuits, first=hw.run(probe)):  # expect: QM002
    for circuit in circuits:
        yield hw.run(circuit)  # expect: QM002


async def submit_async(circuit):
    return await hw.run(circuit)  # expect: QM002


def submit_cleanup(circuit):
    try:
        pass
    finally:
        hw.run(circuit)  # expect: QM002


def keyword_only(*, target: IBMBackend = None, circuit=None):
    return target.run(circuit)  # expect: QM002


def positional_only(target: IBMBackend, /, circuit):
    return target.run(circuit)  # expect: QM002
