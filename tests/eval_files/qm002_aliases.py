"""Aliased modules and classes are resolved through the imports."""
import qiskit_ibm_runtime as qir
from qiskit_ibm_runtime import QiskitRuntimeService as Service

svc = qir.QiskitRuntimeService()
other = Service(channel="ibm_quantum_platform")
hw = svc.backend("ibm_kyiv")
hw.run(circuit)  # expect: QM002
other.backend("ibm_fez").run(circuit)  # expect: QM002
svc.get_backend("ibm_fez")  # expect: QM005
other.get_backend("ibm_fez")  # expect: QM005
same_device = hw
same_device.run(circuit)  # expect: QM002
