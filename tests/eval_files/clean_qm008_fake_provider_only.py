"""Importing only the runtime's fake backends does not make a module an IBM module."""
import qiskit_ibm_runtime.fake_provider
from qiskit_ibm_runtime.fake_provider import FakeManilaV2

LEGACY_NAME = "ibmq_qasm_simulator"
backend = FakeManilaV2()
print(backend.name, LEGACY_NAME, qiskit_ibm_runtime.fake_provider.FakeKyiv)
