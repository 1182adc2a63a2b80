"""An import under TYPE_CHECKING makes the module provider-era."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qiskit.providers.ibmq import IBMQBackend  # expect: QM001


def submit(backend, circuit):
    return backend.run(circuit)  # expect: QM002


def submit_typed(target: IBMQBackend, circuit):
    return target.run(circuit)  # expect: QM002
