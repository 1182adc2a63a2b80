"""The retired IBM Quantum provider stack, answering from one seeded simulator.

``install()`` makes these importable in the current process:
``from qiskit import IBMQ, execute`` (and ``from qiskit import *`` bringing them in),
``qiskit.providers.ibmq`` / ``qiskit.backends.ibmq`` (``IBMQ``, ``least_busy``, ``job_monitor``),
``qiskit_ibm_provider`` (``IBMProvider``, ``least_busy``, ``IBMBackend``, ``job.job_monitor``),
``qiskit.tools.monitor`` / ``qiskit.tools.jupyter``, and the runtime 0.2x surface on top of the
installed ``qiskit_ibm_runtime`` (``QiskitRuntimeService.get_backend``, ``backend.run``,
``backend.open_session()``, V1 ``Sampler`` / ``Estimator`` / ``Options``, ``session=`` and
``backend=`` keywords, ``Session(service=...)``).
"""

from __future__ import annotations

import sys
import types
import uuid
from typing import Any

from . import LEGACY_BACKEND_SHOTS, SEED, compat, observed, simulator

__all__ = ["install", "LegacyBackend"]


class _Name(str):
    """A V1 ``backend.name()`` that also reads as the V2 attribute (``transpile`` needs that)."""

    def __call__(self) -> str:
        return str(self)


class _Record(types.SimpleNamespace):
    def to_dict(self):
        return dict(vars(self))


def _backend_class():
    from qiskit.providers import BackendV2, Options

    class LegacyBackend(BackendV2):
        """An IBM Quantum device of the provider era; runs on the shared seeded simulator."""

        def __init__(self, name: str = "ibmq_manila"):
            super().__init__(name=_Name(name))
            # V1: backend.name() is a method; V2 code (transpile) reads the attribute
            self.name = self._name = _Name(name)
            self._session = None

        @property
        def target(self):
            return simulator().target

        @property
        def max_circuits(self):
            return None

        @classmethod
        def _default_options(cls):
            return Options(shots=LEGACY_BACKEND_SHOTS, memory=False)

        def configuration(self):
            return _Record(n_qubits=simulator().num_qubits, simulator=False, backend_name=str(self._name),
                           basis_gates=list(simulator().operation_names), max_shots=100000)

        def properties(self, *args, **kwargs):
            return _Properties()

        @property
        def provider(self):  # V1: backend.provider() is a method; V2: an attribute
            return _CallableProvider()

        def status(self):
            return _Record(operational=True, pending_jobs=0, status_msg="active", backend_name=str(self._name))

        def run(self, circuits, **options):
            settings = {"shots": self.options.shots, "memory": self.options.memory}
            settings.update({k: v for k, v in options.items() if k in ("shots", "memory")})
            if settings["shots"] is None:
                settings["shots"] = LEGACY_BACKEND_SHOTS
            return simulator().run(circuits, seed_simulator=SEED, **settings)

        # runtime 0.2x provider-style sessions on the backend
        def open_session(self, max_time=None):
            self._session = _LegacySession()
            return self._session

        @property
        def session(self):
            return self._session

        def cancel_session(self):
            self._session = None

        def close_session(self):
            self._session = None

        def jobs(self, *args, **kwargs):
            return []

        def retrieve_job(self, job_id):
            raise LookupError(f"no job {job_id} in the stand-in")

        def __repr__(self):
            return f"<IBMBackend('{self._name}')>"

        __str__ = __repr__

    return LegacyBackend


class _Properties:
    """``backend.properties()`` of a device: typical calibration figures, the same for every qubit."""

    last_update_date = None

    def t1(self, qubit):
        return 100e-6

    def t2(self, qubit):
        return 80e-6

    def frequency(self, qubit):
        return 5.0e9

    def readout_error(self, qubit):
        return 0.02

    def gate_error(self, gate, qubits):
        return 3e-4

    def gate_length(self, gate, qubits):
        return 35.5e-9

    def to_dict(self):
        return {"backend_name": "stand-in", "qubits": [], "gates": [], "general": []}


class _LegacySession:
    def __init__(self):
        self.session_id = uuid.uuid4().hex

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass

    def cancel(self):
        pass


LegacyBackend: Any = None


def _backend(name=None, *args, **kwargs):
    return LegacyBackend(str(name) if name else "ibmq_manila")


class _BackendService:
    """``provider.backend``: jobs of all devices, and devices by attribute (``provider.backend.ibmq_lima``)."""

    def jobs(self, *args, **kwargs):
        return []

    def retrieve_job(self, job_id):
        raise LookupError(f"no job {job_id} in the stand-in")

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return _backend(name)


class LegacyProvider:
    """``IBMQ.get_provider(...)`` / ``IBMProvider(...)``: every device is the seeded simulator."""

    def __init__(self, *args, **kwargs):
        self.runtime = _LegacyProgramService()
        self.backend = _BackendService()

    def get_backend(self, name=None, *args, **kwargs):
        return _backend(name)

    def backends(self, name=None, filters=None, **kwargs):
        found = [_backend(name or "ibmq_manila")]
        return [b for b in found if filters is None or filters(b)]

    def jobs(self, *args, **kwargs):
        return []

    def retrieve_job(self, job_id):
        raise LookupError(f"no job {job_id} in the stand-in")

    # IBMProvider's account API
    @staticmethod
    def save_account(*args, **kwargs):
        return None

    @staticmethod
    def saved_accounts(*args, **kwargs):
        return {}

    @staticmethod
    def delete_account(*args, **kwargs):
        return True

    def active_account(self):
        return {"channel": "ibm_quantum"}


class _CallableProvider(LegacyProvider):
    def __call__(self):
        return self


class _IBMQFactory:
    """``qiskit.IBMQ``; also the qiskit < 0.11 provider (``IBMQ.backends()``, ``IBMQ.get_backend``)."""

    def __init__(self):
        self._provider = None

    def _enabled(self, *args, **kwargs):
        self._provider = LegacyProvider()
        return self._provider

    enable_account = load_account = _enabled

    def load_accounts(self, *args, **kwargs):
        self._enabled()

    def save_account(self, *args, **kwargs):
        return None

    def delete_account(self, *args, **kwargs):
        return None

    delete_accounts = disable_account = disable_accounts = update_account = delete_account

    def active_account(self):
        return {"token": "stand-in"} if self._provider else None

    def stored_account(self):
        return {"token": "stand-in"}

    def active_accounts(self):
        return [self.active_account()] if self._provider else []

    stored_accounts = active_accounts

    def providers(self, *args, **kwargs):
        return [self._provider or LegacyProvider()]

    def get_provider(self, *args, **kwargs):
        return self._provider or LegacyProvider()

    def get_backend(self, name=None, *args, **kwargs):
        return _backend(name)

    def backends(self, name=None, filters=None, **kwargs):
        return LegacyProvider().backends(name, filters)

    available_backends = backends


def least_busy(backends):
    backends = list(backends)
    if not backends:
        raise ValueError("least_busy: empty list of backends")
    return backends[0]


def job_monitor(job, interval=None, quiet=False, output=None, line_discipline="\r"):
    job.result()
    if not quiet:
        print("Job Status: job has successfully run", file=output or sys.stdout)


def backend_overview(*args, **kwargs):
    print("stand-in backend overview")


def backend_monitor(backend, *args, **kwargs):
    print(f"stand-in backend monitor: {backend}")


# --------------------------------------------------------------------------- runtime 0.2x


class _LegacyProgramService:
    """``provider.runtime`` / ``service.run(program_id=...)`` of the program API."""

    def run(self, program_id=None, inputs=None, options=None, **kwargs):
        raise NotImplementedError("the program API is not simulated by the stand-in")


def _as_list(circuits):
    return list(circuits) if isinstance(circuits, (list, tuple)) else [circuits]


class _V1Result(types.SimpleNamespace):
    pass


class _SamplerResult:
    """``quasi_dists`` reports the counts behind it when the program reads it."""

    def __init__(self, quasi, counts, metadata):
        self._quasi, self._counts, self.metadata, self._seen = quasi, counts, metadata, False

    @property
    def quasi_dists(self):
        if not self._seen:
            self._seen = True
            for counts in self._counts:
                observed(counts)
        return self._quasi


class _V1Job:
    def __init__(self, result):
        self._result = result
        self._id = uuid.uuid4().hex

    def result(self):
        return self._result

    def job_id(self):
        return self._id

    def status(self):
        return "DONE"


class _Section(types.SimpleNamespace):
    def get(self, key, default=None):
        return getattr(self, key, default)


class LegacyOptions(types.SimpleNamespace):
    """V1 ``Options(optimization_level=, resilience_level=, execution={"shots": N}, ...)``; the
    sections are also set by attribute (``options.execution.shots = 1000``)."""

    SECTIONS = ("execution", "transpilation", "environment", "resilience", "simulator")

    def __init__(self, **fields):
        for section in self.SECTIONS:
            value = fields.get(section) or {}
            fields[section] = _Section(**value) if isinstance(value, dict) else value
        super().__init__(**fields)

    @property
    def shots(self):
        return getattr(self.execution, "shots", None) or LEGACY_BACKEND_SHOTS


#: V1 fields of each options section: a dict given as options may name them flat
#: (``{"shots": N}``), and V1's ``Options._merge_options`` puts them in their section
_SECTION_FIELDS = {"shots": "execution", "init_qubits": "execution", "skip_transpilation": "transpilation",
                   "initial_layout": "transpilation", "layout_method": "transpilation",
                   "routing_method": "transpilation", "log_level": "environment", "callback": "environment",
                   "noise_factors": "resilience", "noise_amplifier": "resilience", "extrapolator": "resilience",
                   "noise_model": "simulator", "seed_simulator": "simulator", "coupling_map": "simulator",
                   "basis_gates": "simulator"}


def _merged_options(given: dict) -> "LegacyOptions":
    fields: dict = {}
    for key, value in given.items():
        section = _SECTION_FIELDS.get(key)
        if section is None:
            fields[key] = value
        else:
            fields.setdefault(section, {})[key] = value
    return LegacyOptions(**fields)


class _V1Primitive:
    def __init__(self, backend=None, session=None, options=None, mode=None, **kwargs):
        if isinstance(options, dict):
            options = _merged_options(options)
        self.options = options or LegacyOptions()
        self.session = session

    def _bound(self, circuits, parameter_values):
        circuits = _as_list(circuits)
        if parameter_values is None:
            return circuits
        values = parameter_values
        if len(circuits) == 1 and values and not isinstance(values[0], (list, tuple)):
            values = [values]
        return [c.assign_parameters(v) if c.parameters else c for c, v in zip(circuits, values)]


class LegacySampler(_V1Primitive):
    """Runtime V1 Sampler: ``run(circuits, parameter_values)`` -> ``result.quasi_dists``."""

    def run(self, circuits, parameter_values=None, **run_options):
        from qiskit import transpile
        from qiskit.result import QuasiDistribution

        bound = self._bound(circuits, parameter_values)
        shots = run_options.get("shots") or self.options.shots
        result = simulator().run(transpile(bound, simulator()), shots=shots, seed_simulator=SEED).result()
        quasi, all_counts = [], []
        for index in range(len(bound)):
            counts = dict(result.get_counts(index))
            all_counts.append({k.replace(" ", ""): v for k, v in counts.items()})
            quasi.append(QuasiDistribution({int(k.replace(" ", ""), 2): v / shots for k, v in counts.items()},
                                           shots=shots))
        return _V1Job(_SamplerResult(quasi, all_counts, [{"shots": shots} for _ in bound]))


class LegacyEstimator(_V1Primitive):
    """Runtime V1 Estimator: ``run(circuits, observables, parameter_values)`` -> ``result.values``
    (exact expectation values: the stand-in device has no noise)."""

    def run(self, circuits, observables, parameter_values=None, **run_options):
        import numpy as np
        from qiskit.quantum_info import Statevector

        bound = self._bound(circuits, parameter_values)
        observables = _as_list(observables)
        if len(observables) == 1 and len(bound) > 1:
            observables = observables * len(bound)
        values = [Statevector(c.remove_final_measurements(inplace=False)).expectation_value(o).real
                  for c, o in zip(bound, observables)]
        metadata = [{"variance": 0.0, "shots": self.options.shots, "standard_error": 0.0} for _ in values]
        return _V1Job(_V1Result(values=np.array(values), metadata=metadata))


def _install_runtime():
    try:
        import qiskit_ibm_runtime as runtime
    except ImportError:
        return

    real_session, real_batch = runtime.Session, runtime.Batch
    real_sampler, real_estimator = runtime.SamplerV2, runtime.EstimatorV2

    def local(backend):
        """Anything a legacy program names as its device becomes the shared simulator."""
        if backend is None or isinstance(backend, (str, LegacyBackend)):
            return simulator()
        return backend

    class LegacyService:
        """Runtime 0.2x ``QiskitRuntimeService``: devices are ``LegacyBackend`` (``backend.run``)."""

        def __init__(self, *args, **kwargs):
            pass

        def backend(self, name=None, *args, **kwargs):
            return _backend(name)

        get_backend = backend

        def least_busy(self, *args, **kwargs):
            return _backend("ibm_least_busy")

        def backends(self, name=None, *args, **kwargs):
            return [_backend(name or "ibm_brisbane")]

        def run(self, *args, **kwargs):
            return _LegacyProgramService().run(*args, **kwargs)

        def job(self, job_id):
            raise LookupError(f"no job {job_id} in the stand-in")

        def jobs(self, *args, **kwargs):
            return []

        @staticmethod
        def save_account(*args, **kwargs):
            return None

        @staticmethod
        def saved_accounts(*args, **kwargs):
            return {}

        @staticmethod
        def delete_account(*args, **kwargs):
            return True

    def session_class(real):
        class LegacySessionClass(real):
            def __init__(self, service=None, backend=None, max_time=None, **kwargs):
                if backend is None and service is not None and not isinstance(service, LegacyService):
                    backend, service = service, None
                super().__init__(backend=local(backend), max_time=max_time)

            @classmethod
            def from_id(cls, session_id, service=None, backend=None):
                return cls(backend=backend)

        LegacySessionClass.__name__ = real.__name__
        return LegacySessionClass

    def v2_class(real):
        class LegacyV2(real):
            """V2 primitives of runtime 0.2x, which still took ``backend=`` and ``session=``."""

            def __init__(self, mode=None, backend=None, session=None, options=None, **kwargs):
                super().__init__(mode=local(mode or session or backend), options=options)

        LegacyV2.__name__ = real.__name__
        return LegacyV2

    runtime.QiskitRuntimeService = LegacyService
    runtime.IBMBackend = LegacyBackend
    runtime.Session = session_class(real_session)
    runtime.Batch = session_class(real_batch)
    runtime.SamplerV2 = v2_class(real_sampler)
    runtime.EstimatorV2 = v2_class(real_estimator)
    runtime.Sampler = runtime.SamplerV1 = LegacySampler
    runtime.Estimator = runtime.EstimatorV1 = LegacyEstimator
    runtime.Options = LegacyOptions


def _module(name: str, **attributes) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    module.__path__ = []  # a package, so its stand-in submodules import
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, module)
    return module


def install() -> None:
    """Make the legacy provider stack importable in this process (idempotent)."""
    global LegacyBackend
    if LegacyBackend is not None:
        return
    compat.install()
    LegacyBackend = _backend_class()
    import qiskit

    ibmq = _IBMQFactory()
    monitors = dict(job_monitor=job_monitor, backend_overview=backend_overview, backend_monitor=backend_monitor)
    job = dict(job_monitor=job_monitor, IBMQJob=object, IBMJob=object)
    for root in ("qiskit.providers.ibmq", "qiskit.backends.ibmq"):
        _module(root, IBMQ=ibmq, least_busy=least_busy, IBMQBackend=LegacyBackend, AccountProvider=LegacyProvider,
                IBMQFactory=_IBMQFactory, IBMQAccountError=RuntimeError)
        _module(root + ".job", **job)
    _module("qiskit_ibm_provider", IBMProvider=LegacyProvider, least_busy=least_busy, IBMBackend=LegacyBackend)
    _module("qiskit_ibm_provider.job", **job)
    tools = sys.modules.get("qiskit.tools") or _module("qiskit.tools")
    tools.__dict__.update(monitors)
    _module("qiskit.tools.monitor", **monitors)
    _module("qiskit.tools.jupyter")
    import qiskit.visualization

    sys.modules["qiskit.tools.visualization"] = qiskit.visualization
    tools.visualization = qiskit.visualization
    qiskit.IBMQ = ibmq  # noqa: QM001 - the stand-in of the retired name itself
    compat.export(qiskit, "IBMQ")
    _install_runtime()
