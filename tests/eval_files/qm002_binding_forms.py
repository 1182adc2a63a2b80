"""Every binding form carries provenance (runtime-only module: no name heuristic)."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import Batch, IBMBackend, QiskitRuntimeService

service = QiskitRuntimeService()

hardware, simulator = service.backend("ibm_kyiv"), AerSimulator()
hardware.run(circuit)  # expect: QM002
simulator.run(circuit)

if (chosen := service.least_busy(simulator=False)) is not None:
    chosen.run(circuit)  # expect: QM002

annotated: IBMBackend = service.backend("ibm_brisbane")
annotated.run(circuit)  # expect: QM002

loosely_typed: object = service.backend("ibm_kyiv")
loosely_typed.run(circuit)  # expect: QM002

for target in service.backends(operational=True):
    target.run(circuit)  # expect: QM002

primary = fallback = service.backend("ibm_torino")
primary.run(circuit)  # expect: QM002
fallback.run(circuit)  # expect: QM002

with Batch(backend=hardware) as batch:
    hardware.run(circuit)  # expect: QM002

with open("job_ids.txt", "w") as handle:
    handle.write(hardware.run(circuit).job_id())  # expect: QM002
