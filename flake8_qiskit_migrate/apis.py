"""What the checker knows about Qiskit's APIs, by fully qualified name.

Everything here is data about the outside world (DOMAIN.md); nothing here walks a tree.
Qualified names are the dotted paths an import resolves to, e.g.
``qiskit_ibm_provider.IBMProvider`` or ``qiskit.IBMQ.load_account``.
"""

from __future__ import annotations

from functools import lru_cache

# Kinds of objects the provenance model tracks. Qualified names are a separate
# value space: they are strings starting with QUAL_PREFIX.
BACKEND = "backend"  # an IBM Quantum backend
BACKENDS = "backends"  # a list of IBM Quantum backends
PROVIDER = "provider"  # a provider-era provider (IBMProvider, IBMQ's AccountProvider)
PROVIDERS = "providers"  # IBMQ.providers()
SERVICE = "service"  # a QiskitRuntimeService
SESSION = "session"  # a runtime Session
BATCH = "batch"  # a runtime Batch
PRIMITIVE = "primitive"  # a runtime SamplerV2/EstimatorV2
# A runtime Sampler / Estimator as code of the V1 era created it (QM009 when run the V1 way).
V1_SAMPLER = "v1-sampler"
V1_ESTIMATOR = "v1-estimator"
V1_PRIMITIVES = frozenset({V1_SAMPLER, V1_ESTIMATOR})
V1_JOB = "v1-job"  # a job a runtime Sampler/Estimator returned
V1_RESULT = "v1-result"  # the result of such a job: `.quasi_dists` / `.values` are V1 (QM009)
V1_OPTIONS = "v1-options"  # `qiskit_ibm_runtime.Options()`: the V1 options class
NON_IBM = "non-ibm"  # known not to be IBM Quantum (Aer, fakes, other vendors)
NONE = "none"  # the constant None: no evidence either way
STRING = "str"  # a string (constant or f-string)
UNKNOWN = "unknown"

IBM_KINDS = frozenset({BACKEND, BACKENDS, PROVIDER, PROVIDERS, SERVICE})
QUAL_PREFIX = "="
CLASS_PREFIX = "^"  # a class defined in the module being checked, by id of its ClassDef


def qual(name: str) -> str:
    return QUAL_PREFIX + name


# --- modules -----------------------------------------------------------------

PROVIDER_ERA_ROOTS = ("qiskit_ibm_provider", "qiskit.providers.ibmq", "qiskit.backends.ibmq", "qiskit.IBMQ",
                      "qiskit_ibmq_provider")
# Provider-era tools removed with Qiskit 1.0 (QM001), which do not by themselves make a module
# provider-era code (SPEC rule 4): the monitors and the IBMQ Jupyter dashboards.
REMOVED_TOOL_MODULES = ("qiskit.tools.monitor", "qiskit.tools.jupyter", "qiskit.wrapper.jupyter")
REMOVED_TOOL_NAMES = frozenset({"job_monitor", "backend_overview", "backend_monitor"})
RUNTIME_ROOT = "qiskit_ibm_runtime"
# Modules whose objects run locally or talk to another vendor: negative provenance.
NON_IBM_ROOTS = (
    "qiskit_ibm_runtime.fake_provider",
    "qiskit_ibm_provider.fake_provider",
    "qiskit.providers.fake_provider",
    "qiskit.test.mock",
    "qiskit_aer",
    "qiskit.providers.aer",
    "qiskit.Aer",
    "qiskit.BasicAer",
    "qiskit.providers.basicaer",
    "qiskit.providers.basic_provider",
    "qiskit_ionq",
    "qiskit_braket_provider",
    "qiskit_aqt_provider",
    "qiskit.providers.aqt",
    "qiskit.providers.honeywell",
    "qiskit_honeywell_provider",
    "qiskit.providers.ionq",
    "qiskit_quantinuum",
    "qiskit_iqm",
    "iqm.qiskit_iqm",
    "qiskit_rigetti",
    "qiskit_qir",
    "qiskit_superstaq",
    "qiskit_qryd_provider",
    "qiskit_alice_bob_provider",
    "quantum_inspire",
    "qiskit_quantuminspire",
    "azure.quantum",
    "braket",
    "qbraid",
    "cirq",
    "cirq_google",
    "pyquil",
    "pytket",
    "pennylane",
    "qsimcirq",
    "qiskit_qubic",
    "qiskit_qulacs",
    "strangeworks",
    "qiskit_strangeworks",
    "qiskit_quafu",
    "quafu",
    "qiskit_aws_braket",
    "amazon.braket",
    "projectq",
    "qulacs",
    "qibo",
)
# Class names that are local simulators or other vendors' providers whatever module they come from.
NON_IBM_NAMES = frozenset(
    {
        "AerSimulator", "AerProvider", "Aer", "BasicAer", "BasicSimulator", "BasicProvider",
        "GenericBackendV2", "StatevectorSimulator", "QasmSimulator", "UnitarySimulator",
        "IonQProvider", "AWSBraketProvider", "BraketProvider", "AQTProvider", "QuantinuumProvider",
        "IQMProvider", "AzureQuantumProvider", "QuantumInspireProvider", "FakeProvider",
        "FakeProviderForBackendV2", "FakeProviderFactory",
    }
)

IBM_BACKEND_CLASSES = frozenset({"IBMBackend", "IBMQBackend", "IBMRetiredBackend", "IBMSimulator"})
PROVIDER_CLASSES = frozenset({"IBMProvider", "AccountProvider"})
SERVICE_CLASSES = frozenset({"QiskitRuntimeService"})
PRIMITIVE_CLASSES = frozenset({"Sampler", "Estimator", "SamplerV2", "EstimatorV2"})
# The names under which runtime code of the V1 era created its primitives (QM009); since 0.28
# `Sampler` / `Estimator` are the V2 classes, so a V1 call shape decides.
V1_PRIMITIVE_CLASSES = frozenset({"Sampler", "Estimator", "SamplerV1", "EstimatorV1"})
V1_OPTIONS_CLASSES = frozenset({"Options"})
# V1 `Options` fields (as keywords, `options=` dict keys or assigned attributes) and run keywords.
V1_OPTION_FIELDS = frozenset({"optimization_level", "resilience_level", "execution", "transpilation"})
V1_RUN_KEYWORDS = frozenset({"circuits", "observables", "parameter_values"})
V1_RESULT_FIELDS = frozenset({"quasi_dists", "values"})
# Attribute names whose reads (or, for option fields, assignments) are sites to check.
SITE_ATTRIBUTES = frozenset({"session", "IBMQ", "ibmq"}) | V1_RESULT_FIELDS | V1_OPTION_FIELDS

# IBMQ (the account manager object of qiskit-ibmq-provider) methods.
IBMQ_PROVIDER_RETURNING = frozenset({"load_account", "enable_account", "get_provider"})
IBMQ_ACCOUNT_METHODS = frozenset(
    {"load_account", "enable_account", "save_account", "get_provider", "providers",
     "delete_account", "disable_account", "active_account", "stored_account", "update_account",
     # qiskit < 0.11, when IBMQ was itself the provider
     "load_accounts", "get_backend", "backends", "available_backends", "stored_accounts", "active_accounts"}
)
IBM_PROVIDER_CLASS_METHODS = frozenset({"save_account", "saved_accounts", "delete_account"})

# Methods called on an object to reach a backend.
BACKEND_LOOKUPS = frozenset({"get_backend", "backend", "least_busy"})
PROVIDER_LOOKUP_CALLS = frozenset({"get_backend", "backends", "jobs", "retrieve_job"})
SESSION_METHODS = frozenset({"open_session", "cancel_session", "close_session"})

EXECUTE_QUALS = frozenset({"qiskit.execute", "qiskit.execute_function.execute", "qiskit.execute_function"})

# The last part of every qualified name a call can be reported for (`checks._check_qualified_call`).
REPORTED_CALL_NAMES = (
    PROVIDER_CLASSES | IBM_PROVIDER_CLASS_METHODS | IBMQ_ACCOUNT_METHODS | PROVIDER_LOOKUP_CALLS
    | PRIMITIVE_CLASSES | V1_PRIMITIVE_CLASSES | V1_OPTIONS_CLASSES | {"least_busy", "Session", "Batch", "from_id"}
    | {name.rpartition(".")[2] for name in EXECUTE_QUALS}
)

# What a provider-era name is in the runtime, for the message of its import (QM001).
RUNTIME_EQUIVALENT_NAMES = {
    "IBMProvider": "QiskitRuntimeService", "IBMQ": "QiskitRuntimeService", "AccountProvider": "QiskitRuntimeService",
    "IBMBackend": "IBMBackend", "IBMQBackend": "IBMBackend", "IBMJob": "RuntimeJobV2", "IBMQJob": "RuntimeJobV2",
}
# Provider-era names with no runtime class of their own, and what replaces their use.
NO_RUNTIME_EQUIVALENT = {
    "least_busy": "service.least_busy()", "job_monitor": "job.status() or job.result()",
    "backend_overview": "service.backends()", "backend_monitor": "backend.status()",
    "IBMQJobManager": "Batch with primitive jobs",
}
# Provider-era submodules whose names live on under the same path in the runtime.
SAME_PATH_SUBMODULES = ("transpiler",)

RETIRED_SIMULATORS = frozenset(
    {"ibmq_qasm_simulator", "simulator_statevector", "simulator_mps",
     "simulator_extended_stabilizer", "simulator_stabilizer"}
)
REMOVED_CHANNEL = "ibm_quantum"

# Names a star import from `qiskit` brought in that matter here.
QISKIT_STAR_NAMES = frozenset({"IBMQ", "execute", "Aer", "BasicAer"})
# Lower-case API functions a star import from an IBM package brings in.
STAR_IMPORTED_FUNCTIONS = frozenset({"least_busy", "job_monitor", "execute"})


def _under(name: str, root: str) -> bool:
    return name == root or name.startswith(root + ".")


@lru_cache(maxsize=4096)
def is_provider_era(name: str) -> bool:
    """A deprecated provider-era module or name (QM001)."""
    return any(_under(name, root) for root in PROVIDER_ERA_ROOTS)


@lru_cache(maxsize=4096)
def is_removed_tool(name: str) -> bool:
    """A provider-era monitor or IBMQ dashboard module or name (QM001, no heuristic)."""
    if any(_under(name, root) for root in REMOVED_TOOL_MODULES):
        return True
    owner, _, last = name.rpartition(".")
    return owner == "qiskit.tools" and last in REMOVED_TOOL_NAMES


@lru_cache(maxsize=4096)
def is_non_ibm(name: str) -> bool:
    if any(_under(name, root) for root in NON_IBM_ROOTS):
        return True
    last = name.rpartition(".")[2]
    return last in NON_IBM_NAMES or (last.startswith("Fake") and last[4:5].isupper())


@lru_cache(maxsize=4096)
def is_runtime(name: str) -> bool:
    return _under(name, RUNTIME_ROOT) and not is_non_ibm(name)


@lru_cache(maxsize=4096)
def is_ibm_package(name: str) -> bool:
    """Any IBM package import that makes retired simulator names meaningful (QM008)."""
    return is_provider_era(name) or is_runtime(name)


def last_part(name: str) -> str:
    return name.rpartition(".")[2]


@lru_cache(maxsize=4096)
def class_kind(name: str) -> str | None:
    """The kind of object an annotation or ``isinstance`` class names, if known."""
    last = last_part(name)
    if is_non_ibm(name):
        return NON_IBM
    if not (is_provider_era(name) or is_runtime(name)):
        return None
    if last in IBM_BACKEND_CLASSES:
        return BACKEND
    if last in PROVIDER_CLASSES:
        return PROVIDER
    if last in SERVICE_CLASSES:
        return SERVICE
    return None


@lru_cache(maxsize=4096)
def call_result(name: str) -> str:
    """The kind of object that calling the qualified name ``name`` returns."""
    if is_non_ibm(name):
        return NON_IBM
    last = last_part(name)
    if is_provider_era(name):
        if last in PROVIDER_CLASSES:
            return PROVIDER
        if last in IBM_BACKEND_CLASSES or last == "least_busy":
            return BACKEND
        owner = name.rpartition(".")[0]
        if last_part(owner) == "IBMQ":
            if last in IBMQ_PROVIDER_RETURNING:
                return PROVIDER
            if last == "providers":
                return PROVIDERS
            # Qiskit < 0.11 looked backends up on IBMQ itself.
            if last == "get_backend":
                return BACKEND
            if last in ("backends", "available_backends"):
                return BACKENDS
        return UNKNOWN
    if is_runtime(name):
        if last in SERVICE_CLASSES:
            return SERVICE
        if last in IBM_BACKEND_CLASSES:
            return BACKEND
        if last == "Session" or (last == "from_id" and last_part(name.rpartition(".")[0]) == "Session"):
            return SESSION
        if last == "Batch":
            return BATCH
        if last in V1_PRIMITIVE_CLASSES:
            return V1_ESTIMATOR if last.startswith("Estimator") else V1_SAMPLER
        if last in PRIMITIVE_CLASSES:
            return PRIMITIVE
        if last in V1_OPTIONS_CLASSES:
            return V1_OPTIONS
    return UNKNOWN


def method_result(receiver_kind: str, method: str) -> str:
    """The kind of object ``<receiver>.<method>(...)`` returns."""
    if receiver_kind in (PROVIDER, SERVICE):
        if method in BACKEND_LOOKUPS:
            return BACKEND
        if method == "backends":
            return BACKENDS
    elif receiver_kind in V1_PRIMITIVES and method == "run":
        return V1_JOB
    elif receiver_kind == V1_JOB and method == "result":
        return V1_RESULT
    elif receiver_kind == NON_IBM and method in ("get_backend", "backend", "backends", "get_provider", "from_backend"):
        return NON_IBM
    return UNKNOWN


def element_kind(container_kind: str) -> str | None:
    if container_kind == BACKENDS:
        return BACKEND
    if container_kind == PROVIDERS:
        return PROVIDER
    return None
