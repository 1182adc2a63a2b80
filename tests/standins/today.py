"""Today's ``QiskitRuntimeService``, answering from the shared seeded simulator.

After ``install()``, ``QiskitRuntimeService(...)`` and its lookups (``backend``, ``least_busy``,
``backends``) give a ``StandInIBMBackend``: an ``AerSimulator`` seeded like the legacy stand-in's
devices, so a migrated program runs in local testing mode on exactly what the legacy program
ran on. As on runtime >= 0.35, calling ``run()`` on it from user code fails (the primitives,
which call it in local testing mode, may).
"""

from __future__ import annotations

import sys

from . import SEED, compat

__all__ = ["install"]

_PRIMITIVE_CALLERS = ("qiskit.primitives", "qiskit_ibm_runtime", "qiskit_aer")
_BACKEND = None


class IBMBackendError(Exception):
    pass


def _backend():
    global _BACKEND
    if _BACKEND is None:
        from qiskit_aer import AerSimulator

        class StandInIBMBackend(AerSimulator):
            def run(self, circuits, **options):
                caller = sys._getframe(1).f_globals.get("__name__", "")
                if not caller.startswith(_PRIMITIVE_CALLERS):
                    raise IBMBackendError("IBMBackend.run() is not supported in qiskit-ibm-runtime >= 0.35; "
                                          "use the Sampler primitive")
                if options.get("seed_simulator") is None:
                    # local testing mode passes the primitive's own seed, None unless the program
                    # set one: the stand-in stays as seeded as the legacy devices it replaces
                    options["seed_simulator"] = SEED
                return super().run(circuits, **options)

            def __getattr__(self, name):
                if name in ("open_session", "cancel_session", "close_session", "session"):
                    raise AttributeError(f"'IBMBackend' object has no attribute '{name}'")
                return super().__getattr__(name)

        _BACKEND = StandInIBMBackend(seed_simulator=SEED)
    return _BACKEND


class StandInService:
    """Every lookup answers with the seeded simulator (local testing mode)."""

    def __init__(self, *args, **kwargs):
        channel = kwargs.get("channel")
        if channel == "ibm_quantum":
            raise ValueError("InvalidAccountError: channel 'ibm_quantum' is not supported (runtime >= 0.41)")

    def backend(self, name=None, *args, **kwargs):
        return _backend()

    def least_busy(self, *args, **kwargs):
        return _backend()

    def backends(self, *args, **kwargs):
        return [_backend()]

    def job(self, job_id):
        raise LookupError(f"no job {job_id} in the stand-in")

    def jobs(self, *args, **kwargs):
        return []

    def active_account(self):
        return {"channel": "ibm_quantum_platform"}

    @staticmethod
    def save_account(*args, **kwargs):
        if kwargs.get("channel") == "ibm_quantum":
            raise ValueError("InvalidAccountError: channel 'ibm_quantum' is not supported (runtime >= 0.41)")
        return None

    @staticmethod
    def saved_accounts(*args, **kwargs):
        return {}

    @staticmethod
    def delete_account(*args, **kwargs):
        return True


def install(with_compat: bool = True) -> None:
    if with_compat:
        compat.install()
    import qiskit_ibm_runtime

    qiskit_ibm_runtime.QiskitRuntimeService = StandInService
