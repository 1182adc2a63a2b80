"""Backends reached through a list of backends, or one arm of a conditional expression."""
import os

from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService()
available = service.backends(simulator=False, operational=True)
first = available[0]
first.run(circuit)  # expect: QM002
for each in available:
    each.run(circuit)  # expect: QM002

target = service.backend("ibm_kyiv") if os.environ.get("HARDWARE") else AerSimulator()
target.run(circuit)  # expect: QM002

local = AerSimulator() if os.environ.get("GPU") else AerSimulator(method="statevector")
local.run(circuit)
