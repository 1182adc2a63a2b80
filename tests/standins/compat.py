"""The parts of Qiskit < 1.0 (and < 2.0) that a migration to the runtime does not cover.

Real tutorials of the IBMQ era also use ``from qiskit import Aer, BasicAer, execute,
assemble``, ``qiskit.providers.aer``, ``QuantumCircuit.mct``, circuit ``+`` / ``+=`` (all
removed in Qiskit 1.0) and the V1 reference primitives ``qiskit.primitives.Sampler`` /
``Estimator`` (removed in 2.0). None of them is an IBM Quantum API, so they are out of this
project's scope (the checker rightly leaves ``execute`` on a local simulator alone).
``install()`` brings them back on top of the installed qiskit and qiskit-aer, so that a real
program fails only on what its migration is responsible for. ``execute`` on a backend whose
``run()`` is gone (the runtime stand-in's) fails the way that ``run()`` does.
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


class _Job:
    def __init__(self, result):
        self._result = result

    def result(self):
        return self._result

    def job_id(self):
        return "reference"

    def status(self):
        return "DONE"


class _Result:
    def __init__(self, **fields):
        self.__dict__.update(fields)


def _list(items):
    return list(items) if isinstance(items, (list, tuple)) else [items]


def _bound(circuits, parameter_values):
    circuits = _list(circuits)
    if parameter_values is None:
        return circuits
    values = parameter_values
    if len(circuits) == 1 and len(values) and not isinstance(values[0], (list, tuple)):
        values = [values]
    return [c.assign_parameters(v) if c.parameters else c for c, v in zip(circuits, values)]


class ReferenceSampler:
    """``qiskit.primitives.Sampler`` of Qiskit < 1.0 (V1, removed in 2.0): exact quasi-probabilities
    of the final measurements."""

    def __init__(self, options=None, **kwargs):
        self.options = options or {}

    def run(self, circuits, parameter_values=None, **run_options):
        from qiskit.quantum_info import Statevector
        from qiskit.result import QuasiDistribution

        quasi = []
        for circuit in _bound(circuits, parameter_values):
            measured = {}
            for instruction in circuit.data:
                if instruction.operation.name == "measure":
                    clbit = circuit.find_bit(instruction.clbits[0]).index
                    measured[clbit] = circuit.find_bit(instruction.qubits[0]).index
            qargs = [measured[c] for c in sorted(measured)]
            state = Statevector(circuit.remove_final_measurements(inplace=False))
            probabilities = state.probabilities_dict(qargs=qargs) if qargs else {"": 1.0}
            quasi.append(QuasiDistribution({int(k, 2) if k else 0: v for k, v in probabilities.items() if v > 1e-12}))
        return _Job(_Result(quasi_dists=quasi, metadata=[{} for _ in quasi]))


class ReferenceEstimator:
    """``qiskit.primitives.Estimator`` of Qiskit < 1.0 (V1): exact expectation values."""

    def __init__(self, options=None, **kwargs):
        self.options = options or {}

    def run(self, circuits, observables, parameter_values=None, **run_options):
        import numpy as np
        from qiskit.quantum_info import Statevector

        bound = _bound(circuits, parameter_values)
        observables = _list(observables)
        if len(observables) == 1 and len(bound) > 1:
            observables = observables * len(bound)
        values = [Statevector(c.remove_final_measurements(inplace=False)).expectation_value(o).real
                  for c, o in zip(bound, observables)]
        return _Job(_Result(values=np.array(values), metadata=[{} for _ in values]))


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
    import qiskit.compiler
    from qiskit import QuantumCircuit

    qiskit.compiler.assemble = assemble
    # circuit arithmetic and gate aliases removed in Qiskit 1.0
    QuantumCircuit.mct = QuantumCircuit.mcx
    QuantumCircuit.__add__ = lambda self, other: self.compose(other)

    def extend(self, other):
        self.compose(other, inplace=True)
        return self

    QuantumCircuit.__iadd__ = extend
    for name in ("Aer", "BasicAer", "execute", "assemble"):
        export(qiskit, name)
    import qiskit.providers

    import qiskit.circuit.library
    import qiskit.primitives

    for name, reference in (("Sampler", ReferenceSampler), ("Estimator", ReferenceEstimator)):
        if not hasattr(qiskit.primitives, name):
            setattr(qiskit.primitives, name, reference)

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
