"""Calls laid out over several lines are reported where the call expression starts."""
from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService()
hardware = service.backend("ibm_kyiv")
candidates = service.backends(simulator=False)

job = (
    hardware  # expect: QM002
    .run(circuit)
)
counts = (
    hardware  # expect: QM002
    .run(
        circuit,
        shots=100,
    )
    .result()
    .get_counts()
)
jobs = [
    device.run(circuit)  # expect: QM002
    for device in candidates
]
looked_up = (
    service  # expect: QM005
    .get_backend("ibm_fez")
)
with (
    hardware  # expect: QM003
    .open_session()
) as session:
    pass
