"""try/except/else/finally: handlers see every binding of the try body."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService
from qiskit_ibm_runtime.fake_provider import FakeManilaV2


def connect():
    try:
        backend = QiskitRuntimeService().backend("ibm_kyiv")
    except Exception:
        backend = AerSimulator()
    return backend


try:
    backend = QiskitRuntimeService().least_busy()
    backend = AerSimulator()
except Exception as error:
    # The exception may come before the simulator was bound.
    backend.run(circuit)  # expect: QM002
    backend = FakeManilaV2()
else:
    backend.run(circuit)
finally:
    print("done")

local = AerSimulator()
try:
    local.run(circuit)
except RuntimeError:
    local = FakeManilaV2()
local.run(circuit)

remote = None
try:
    remote = QiskitRuntimeService().backend("ibm_fez")
finally:
    remote.run(circuit)  # expect: QM002
