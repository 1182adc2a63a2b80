"""A provider-era benchmark that also runs on other vendors' devices (SPEC rule 3).

Amazon Braket's own devices run with ``device.run(task, shots=...)``; they are other
vendors' objects, so the backend-like names below must not be guessed to be IBM.
"""
from braket.aws import AwsDevice
from braket.devices import LocalSimulator
from qiskit import IBMQ  # expect: QM001
from qiskit_braket_provider import BraketLocalBackend
from qiskit_ionq import IonQProvider

IBMQ.load_account()  # expect: QM005

device = AwsDevice("arn:aws:braket:::device/quantum-simulator/amazon/sv1")
device.run(bell_program, shots=100)

backend = LocalSimulator()
backend.run(bell_program, shots=100)

local_backend = BraketLocalBackend()
local_backend.run(circuit, shots=100)

qpu = IonQProvider().get_backend("ionq_qpu")
qpu.run(circuit, shots=100)
