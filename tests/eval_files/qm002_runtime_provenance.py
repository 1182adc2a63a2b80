"""Runtime 0.2x code: backends come from a QiskitRuntimeService in view."""
from qiskit import transpile
from qiskit_ibm_runtime import IBMBackend, QiskitRuntimeService

service = QiskitRuntimeService()
kyiv = service.backend("ibm_kyiv")
busy = service.least_busy(operational=True, simulator=False)
brisbane = service.get_backend("ibm_brisbane")  # expect: QM005

kyiv.run(circuit)  # expect: QM002
busy.run(transpile(circuit, busy), shots=100)  # expect: QM002
brisbane.run(circuit)  # expect: QM002
for device in service.backends(simulator=False):
    device.run(circuit)  # expect: QM002
service.backend("ibm_sherbrooke").run(circuit)  # expect: QM002
QiskitRuntimeService().backend("ibm_torino").run(circuit)  # expect: QM002
built = IBMBackend(configuration, service, api_client)
built.run(circuit)  # expect: QM002

counts = (
    kyiv.run(circuit, shots=100)  # expect: QM002
    .result()
    .get_counts()
)
job = kyiv.run(  # expect: QM002
    transpile(circuit, kyiv),
    shots=1024,
    memory=True,
)
