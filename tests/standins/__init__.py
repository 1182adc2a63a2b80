"""Stand-ins for IBM Quantum, so legacy and migrated programs run offline on one simulator.

Nothing here touches the installed packages on disk: each ``install()`` puts modules into
``sys.modules`` or sets attributes on already imported modules, inside the process that runs
the programs (``runner.py``, one subprocess per program).

- ``legacy``: the retired provider stack (``qiskit.IBMQ``, ``qiskit.providers.ibmq``,
  ``qiskit_ibm_provider``, ``qiskit.execute``, ``qiskit.tools.monitor``, runtime 0.2x
  ``backend.run`` / ``open_session`` and V1 primitives). Every backend is the one seeded
  simulator below, with the legacy default of 4000 shots of ``backend.run``.
- ``today``: a ``QiskitRuntimeService`` whose lookups return that same simulator, so migrated
  code runs in local testing mode; ``run()`` called by user code on it fails as it does on
  runtime >= 0.35.
- ``compat``: the parts of Qiskit < 1.0 that are outside this project's scope (``Aer`` /
  ``BasicAer`` from ``qiskit``, ``qiskit.providers.aer``, ``assemble``, ``execute`` on a local
  simulator), so real tutorials fail only on what a migration is responsible for.
"""

SEED = 1234
#: ``backend.run()`` of qiskit-ibmq-provider 0.20, qiskit-ibm-provider 0.11 and runtime
#: 0.2x IBMBackend (their ``_default_options`` / ``QASM2Options``).
LEGACY_BACKEND_SHOTS = 4000

_SIMULATOR = None
#: Set by the runner: called with each counts dict a program obtains through a stand-in
#: (the counts behind a V1 Sampler's ``quasi_dists``, say).
record_counts = None


def observed(counts: dict) -> None:
    if record_counts is not None:
        record_counts(counts)


def simulator():
    """The one seeded ``AerSimulator`` every stand-in backend runs on."""
    global _SIMULATOR
    if _SIMULATOR is None:
        from qiskit_aer import AerSimulator

        _SIMULATOR = AerSimulator(seed_simulator=SEED)
    return _SIMULATOR
