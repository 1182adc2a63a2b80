"""Annotations name the type when nothing in view binds the object."""
from __future__ import annotations

from typing import Optional

import qiskit_ibm_runtime
from qiskit.providers import BackendV2
from qiskit_ibm_runtime import IBMBackend, QiskitRuntimeService


def submit(backend: IBMBackend, circuit):
    return backend.run(circuit)  # expect: QM002


def submit_if_given(backend: Optional[IBMBackend], circuit):
    if backend is not None:
        return backend.run(circuit)  # expect: QM002
    return None


def submit_quoted(device: "IBMBackend", circuit):
    return device.run(circuit)  # expect: QM002


def submit_qualified(target: qiskit_ibm_runtime.IBMBackend, circuit):
    return target.run(circuit)  # expect: QM002


def lookup(service: QiskitRuntimeService, name):
    return service.get_backend(name)  # expect: QM005


def lookup_and_run(service: QiskitRuntimeService, circuit):
    chosen = service.backend("ibm_kyiv")
    return chosen.run(circuit)  # expect: QM002


def unannotated(backend, circuit):
    return backend.run(circuit)


def any_backend(backend: BackendV2, circuit):
    return backend.run(circuit)


def returns_a_backend(name) -> IBMBackend:
    return QiskitRuntimeService().backend(name)


held: IBMBackend


def use_held(circuit):
    return held.run(circuit)  # expect: QM002
