"""The parts of Qiskit < 1.0 that a migration to the runtime does not cover.

Real tutorials of the IBMQ era also use ``from qiskit import Aer, BasicAer, execute,
assemble`` and ``qiskit.providers.aer``, all removed in Qiskit 1.0 but out of this project's
scope (they are not IBM Quantum APIs, and the checker rightly leaves ``execute`` on a local
simulator alone). ``install()`` brings them back on top of the installed qiskit and qiskit-aer,
so a real program fails only on what its migration is responsible for. ``execute`` on a
backend whose ``run()`` is gone (the runtime stand-in's) fails the way that ``run()`` does.
"""

from __future__ import annotations

import sys

_TRANSPILE_KEYWORDS = ("basis_gates", "coupling_map", "initial_layout", "seed_transpiler", "optimization_level",
                       "backend_properties", "pass_manager")


def execute(experiments, backend, shots=None, **kwargs):
    """qiskit-terra 0.2x ``execute``: transpile for the backend, then ``backend.run``; the
    backend's own default shots apply when ``shots`` is not given."""
    from qiskit import transpile

    transpile_args = {k: kwargs.pop(k) for k in _TRANSPILE_KEYWORDS if k in kwargs}
    transpile_args.pop("pass_manager", None)
    transpile_args.pop("backend_properties", None)
    circuits = transpile(experiments, backend=backend, **transpile_args)
    if shots is not None:
        kwargs["shots"] = shots
    return backend.run(circuits, **kwargs)


def assemble(experiments, backend=None, **kwargs):
    """A Qobj was only ever handed to ``backend.run``, which now takes the circuits."""
    return experiments


def export(module, name: str) -> None:
    """Make ``from module import *`` bring ``name`` in, as Qiskit < 1.0's ``__all__`` did."""
    names = list(getattr(module, "__all__", []))
    if name not in names:
        names.append(name)
        module.__all__ = names


_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    import qiskit
    import qiskit_aer

    qiskit.Aer = qiskit.BasicAer = qiskit_aer.Aer
    qiskit.execute = execute
    qiskit.assemble = assemble
    for name in ("Aer", "BasicAer", "execute", "assemble"):
        export(qiskit, name)
    import qiskit.providers

    import qiskit.circuit.library

    # qiskit.extensions (Initialize, UnitaryGate, ...) moved into the circuit library
    sys.modules.setdefault("qiskit.extensions", qiskit.circuit.library)
    sys.modules["qiskit.providers.aer"] = qiskit_aer
    qiskit.providers.aer = qiskit_aer
    for sub in ("noise", "primitives", "library"):
        try:
            module = __import__(f"qiskit_aer.{sub}", fromlist=["_"])
        except ImportError:
            continue
        sys.modules[f"qiskit.providers.aer.{sub}"] = module
