"""The rule catalog: the one source of codes, messages, replacements and docs.

The flake8 messages, the ast-grep rule messages, ``docs/rules/QM00N.md`` and
``qiskit-migrate explain`` all come from (or are tested against) this module.
Adding a rule means one entry here, one check in ``checks.py`` and one eval file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DOCS_BASE_URL = "https://github.com/flake8-qiskit-migrate/flake8-qiskit-migrate/blob/main/docs/rules/"


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    #: What is deprecated or removed (first half of the message).
    deprecated: str
    #: What to use instead, naming the concrete replacement (second half).
    replacement: str
    what_it_does: str
    why_bad: str
    example: str
    use_instead: str
    #: "safe", "partial" or "none"; ``fix_notes`` says why.
    fix: str
    fix_notes: str
    versions: str
    #: Code snippets that must produce this code (Fixit-style INVALID) ...
    invalid: tuple[str, ...] = field(default=())
    #: ... and snippets that must not (VALID). Both are run as tests.
    valid: tuple[str, ...] = field(default=())
    #: The messages about one site, by variant: ``(variant, template)`` pairs, each template a
    #: ``str.format`` string of ``<what is deprecated>; <what to use instead>`` whose fields the
    #: check fills from the site (``{site}`` is the call or import as written, shortened).
    templates: tuple[tuple[str, str], ...] = field(default=())

    @property
    def message(self) -> str:
        """The general one-line message (docs, explain, ast-grep), ``QM00N <deprecated>; <instead>``."""
        return f"{self.code} {self.deprecated}; {self.replacement}"

    def template(self, variant: str) -> str:
        for name, text in self.templates:
            if name == variant:
                return text
        raise KeyError(f"{self.code} has no message template {variant!r}")

    def site_message(self, variant: str, **fields: str) -> str:
        """The message about one site: ``QM00N`` and the variant's template filled in."""
        return f"{self.code} " + self.template(variant).format(**fields)

    @property
    def rule_id(self) -> str:
        """The ast-grep rule id, e.g. ``QM002-backend-run``."""
        return f"{self.code}-{self.slug}"

    @property
    def docs_url(self) -> str:
        return f"{DOCS_BASE_URL}{self.code}.md"


_RULES = [
    Rule(
        code="QM000",
        slug="internal-error",
        deprecated="flake8-qiskit-migrate failed on this file",
        replacement="please report this file to the project; the other checks and files keep running",
        what_it_does=(
            "Reports that the checker itself raised an exception on this file. The message names "
            "the exception. Other files, and other flake8 plugins, are still checked."
        ),
        why_bad=(
            "It is a bug in flake8-qiskit-migrate, not in your code: the file was not checked for "
            "QM001-QM010, so findings may be missing from it."
        ),
        example="# any file on which the checker raised, e.g. an expression nested 100,000 deep",
        use_instead="# nothing to change in your code; report the file (or a reduced copy) upstream",
        fix="none",
        fix_notes="Nothing to fix in your code.",
        versions="Not tied to a Qiskit release.",
    ),
    Rule(
        code="QM001",
        slug="deprecated-provider-import",
        deprecated='qiskit_ibm_provider and IBMQ are deprecated and no longer reach IBM Quantum',
        replacement='import from qiskit_ibm_runtime (QiskitRuntimeService, IBMBackend)',
        what_it_does=(
            "Flags every import of `qiskit_ibm_provider` (any form, submodules and star imports "
            "included), of `qiskit.providers.ibmq` (and its pre-0.7 path `qiskit.backends.ibmq`) "
            "and of `IBMQ` from `qiskit`; the provider-era monitors (`qiskit.tools.monitor`: "
            "`job_monitor`, `backend_overview`, `backend_monitor`, also from `qiskit.tools`) and the "
            "IBMQ dashboards (`qiskit.tools.jupyter`, `qiskit.wrapper.jupyter`); `from qiskit import *` "
            "in a module that uses `IBMQ` without binding it (Qiskit < 1.0 exported it; reported "
            "once, at the first such star import); and every `qiskit.IBMQ` / `qiskit.providers.ibmq` "
            "attribute use that such an import does not already cover. The monitors and dashboards "
            "alone do not switch the provider-era name heuristic on."
        ),
        why_bad=(
            "`qiskit-ibmq-provider` was removed with Qiskit 1.0 and `qiskit-ibm-provider` was "
            "archived; both speak only to the classic IBM Quantum platform API, which was shut down "
            "on 2025-07-01. Code importing them either fails to import or fails at the first request."
        ),
        example="from qiskit_ibm_provider import IBMProvider\nfrom qiskit import IBMQ",
        use_instead="from qiskit_ibm_runtime import QiskitRuntimeService",
        fix="partial",
        fix_notes=(
            "The import is rewritten to its `qiskit_ibm_runtime` equivalent (`IBMProvider` -> "
            "`QiskitRuntimeService`, `IBMBackend` -> runtime `IBMBackend`, "
            "`qiskit_ibm_provider.transpiler.passes.scheduling` -> the runtime module of the same "
            "name). Names with no runtime equivalent (`least_busy`, `job_monitor`, "
            "`IBMQJobManager`) are dropped only when every use of them is fixed too; otherwise the "
            "import stays and the finding remains."
        ),
        versions=(
            "IBMQ: deprecated in qiskit-terra 0.23 / qiskit-ibmq-provider 0.20, removed in Qiskit "
            "1.0. qiskit-ibm-provider: deprecated in 0.11.0 (April 2024); its API was shut down "
            "on 2025-07-01."
        ),
        templates=(
            ('import', '{site} is deprecated and no longer reaches IBM Quantum; use {replacement}'),
            ('attribute', '{site} is deprecated and no longer reaches IBM Quantum; use QiskitRuntimeService from qiskit_ibm_runtime'),
            ('star', '{site} brings in IBMQ, removed with Qiskit 1.0; use from qiskit_ibm_runtime import QiskitRuntimeService'),
            ('monitor', '{site} was removed with Qiskit 1.0 and has no runtime counterpart; use job.status() to poll or job.result() to wait'),
            ('dashboard', '{site} (the IBMQ Jupyter dashboards) was removed with Qiskit 1.0; use service.backends() and job.status()'),
        ),
        invalid=(
            "from qiskit_ibm_provider import IBMProvider\n",
            "import qiskit_ibm_provider.job as ibm_job\n",
            "from qiskit import IBMQ\n",
            "from qiskit.providers.ibmq import least_busy\n",
            "import qiskit\nqiskit.IBMQ.load_account()\n",
        ),
        valid=(
            "from qiskit_ibm_runtime import QiskitRuntimeService\n",
            "from qiskit import QuantumCircuit, transpile\n",
            "# from qiskit import IBMQ  (a comment is not code)\n",
        ),
    ),
    Rule(
        code="QM002",
        slug="backend-run",
        deprecated='backend.run() was removed from Qiskit Runtime',
        replacement='use Sampler(mode=backend).run([circuit])',
        what_it_does=(
            "Flags `.run(...)` on an IBM Quantum backend and `qiskit.execute(circuits, backend)` "
            "with an IBM Quantum backend. What counts as an IBM backend is decided from evidence "
            "(see the README): where the object came from, annotations, `isinstance` checks, and "
            "only in provider-era modules the receiver's name."
        ),
        why_bad=(
            "`IBMBackend.run()` raises `IBMBackendError` since qiskit-ibm-runtime 0.35 and "
            "`qiskit.execute` does not exist since Qiskit 1.0. IBM Quantum hardware is reached "
            "through the Sampler and Estimator primitives."
        ),
        example=(
            "job = backend.run(transpiled_circuit, shots=1000)\n"
            "counts = job.result().get_counts()"
        ),
        use_instead=(
            "from qiskit_ibm_runtime.executor_sampler import Sampler  # runtime >= 0.50\n\n"
            "job = Sampler(mode=backend).run([transpiled_circuit], shots=1000)\n"
            "counts = job.result()[0].join_data().get_counts()"
        ),
        fix="partial",
        fix_notes=(
            "Offered when the result access of the job in the same scope can be migrated too "
            "(`job.result().get_counts()` -> `job.result()[0].join_data().get_counts()`); a list "
            "argument is not wrapped twice. Not offered when the call passes options with no "
            "Sampler equivalent (`dynamic`, `init_circuit`, `init_num_resets`, `header`, "
            "`use_measure_esp`) or when the job escapes the scope: the finding then stays."
        ),
        versions=(
            "`IBMBackend.run()`: deprecated in qiskit-ibm-runtime 0.23, removed in 0.35. "
            "`qiskit.execute()`: deprecated in Qiskit 0.46, removed in 1.0."
        ),
        templates=(
            ('run', '{site} was removed; use Sampler(mode={backend}).run({pubs}{rest})'),
            ('execute', '{site} was removed; use Sampler(mode={backend}).run({pubs}{rest})'),
        ),
        invalid=(
            "from qiskit_ibm_runtime import QiskitRuntimeService\n"
            "service = QiskitRuntimeService()\n"
            "backend = service.backend('ibm_brisbane')\n"
            "job = backend.run(circuit)\n",
            "from qiskit_ibm_provider import IBMProvider\n\n"
            "def submit(backend, circuit):\n"
            "    return backend.run(circuit)\n",
        ),
        valid=(
            "from qiskit_aer import AerSimulator\nsim = AerSimulator()\njob = sim.run(circuit)\n",
            "from qiskit_ibm_runtime.fake_provider import FakeManilaV2\n"
            "FakeManilaV2().run(circuit)\n",
            "import asyncio\nasyncio.run(main())\n",
        ),
    ),
    Rule(
        code="QM003",
        slug="backend-session",
        deprecated='backend.open_session(), .session and .close_session() were removed from Qiskit Runtime',
        replacement='use `with Session(backend=backend) as session:` (Batch on the Open Plan) and session.close()',
        what_it_does=(
            "Flags `.open_session()`, `.cancel_session()` and `.close_session()` calls and "
            "`.session` reads on an IBM Quantum backend."
        ),
        why_bad=(
            "Provider-style sessions were removed from `IBMBackend` in qiskit-ibm-runtime 0.35; "
            "these calls now raise `AttributeError`."
        ),
        example="with backend.open_session() as session:\n    job = backend.run(circuit)",
        use_instead=(
            "from qiskit_ibm_runtime import Batch\n"
            "from qiskit_ibm_runtime.executor_sampler import Sampler  # runtime >= 0.50\n\n"
            "with Batch(backend=backend) as batch:\n"
            "    job = Sampler(mode=batch).run([circuit])"
        ),
        fix="partial",
        fix_notes=(
            "`with backend.open_session() as s:` becomes `with Batch(backend=backend) as s:` "
            "(`Session` when QM004 is ignored, for paid plans) and `backend.run(...)` inside it "
            "runs `Sampler(mode=s)`; `backend.cancel_session()` / `close_session()` become "
            "`s.cancel()` / `s.close()` when the session object is in view. Otherwise not offered."
        ),
        versions="Deprecated in qiskit-ibm-runtime 0.23, removed in 0.35.",
        templates=(
            ('open_session', '{site} was removed; use with Session(backend={backend}) as session: (Batch(backend={backend}) on the Open Plan)'),
            ('close_session', '{site} was removed; use session.close() on the Session opened with Session(backend={backend})'),
            ('cancel_session', '{site} was removed; use session.cancel() on the Session opened with Session(backend={backend})'),
            ('session', '{site} was removed; use the session of with Session(backend={backend}) as session:'),
        ),
        invalid=(
            "from qiskit_ibm_runtime import QiskitRuntimeService\n"
            "backend = QiskitRuntimeService().backend('ibm_kyiv')\n"
            "with backend.open_session() as session:\n"
            "    pass\n",
        ),
        valid=(
            "class Client:\n    def open_session(self):\n        return self\n\n"
            "Client().open_session()\n",
        ),
    ),
    Rule(
        code="QM004",
        slug="open-plan-session",
        deprecated='Open Plan instances cannot run a runtime Session',
        replacement='use Batch(backend=backend) or job mode (mode=backend)',
        what_it_does=(
            "Flags each creation of a `qiskit_ibm_runtime.Session`: `Session(...)`, "
            "`with Session(...)`, `Session.from_id(...)`, `mode=Session(...)`; not where QM003 "
            "already reports, and not when the session's backend (its `backend=` keyword, else the "
            "positional argument that is not a service) is known to be local: a fake backend or a "
            "simulator runs the session in local testing mode, where the Open Plan does not apply."
        ),
        why_bad=(
            "Open (free) Plan instances can run only job mode and batch mode; creating a session "
            "is refused by the server (HTTP 400, code 1352). Paid plans can run sessions: turn "
            "the code off there with `extend-ignore = QM004`."
        ),
        example="with Session(backend=backend) as session:\n    sampler = Sampler(mode=session)",
        use_instead="with Batch(backend=backend) as batch:\n    sampler = Sampler(mode=batch)",
        fix="safe",
        fix_notes=(
            "`Session` -> `Batch` (same constructor arguments, same context-manager use). "
            "`Session.from_id` is reported but not rewritten: a batch cannot resume a session id."
        ),
        versions=(
            "Open Plan users lost session access in 2024; since qiskit-ibm-runtime 0.34 the "
            "failure happens when `Session(backend)` is constructed."
        ),
        templates=(
            ('session', '{site} fails on Open Plan instances; use {batch} or job mode (mode={backend})'),
            ('from_id', '{site} resumes a session, which Open Plan instances cannot run; use job mode (mode=backend) on the Open Plan'),
        ),
        invalid=(
            "from qiskit_ibm_runtime import Session\nsession = Session(backend=backend)\n",
        ),
        valid=(
            "from qiskit_ibm_runtime import Batch\nbatch = Batch(backend=backend)\n",
            "import requests\nsession = requests.Session()\n",
        ),
    ),
    Rule(
        code="QM005",
        slug="provider-account-api",
        deprecated='provider-era account and backend lookup APIs were removed',
        replacement='use QiskitRuntimeService(...), service.backend(name), service.least_busy() or service.job(job_id)',
        what_it_does=(
            "Flags calls of `IBMProvider(...)`, `IBMProvider.save_account/saved_accounts/"
            "delete_account`, every `IBMQ` method (`load_account`, `enable_account`, `save_account`, "
            "`get_provider`, `providers`, `active_account`, `stored_account`, `disable_account`, "
            "`delete_account`, `update_account`, and qiskit < 0.11's `load_accounts`, `get_backend`, "
            "`backends`, `available_backends`, `stored_accounts`, `active_accounts`), "
            "`<provider>.get_backend/backends/jobs/retrieve_job`, `<IBM backend>.jobs/retrieve_job`, "
            "`<service>.get_backend` and `least_busy(...)` from a deprecated module."
        ),
        why_bad=(
            "Each has a runtime equivalent with a different name or arguments; the provider-era "
            "ones no longer reach IBM Quantum, and `QiskitRuntimeService.get_backend` was removed "
            "in qiskit-ibm-runtime 0.30."
        ),
        example=(
            "IBMQ.load_account()\n"
            "provider = IBMQ.get_provider(hub='ibm-q')\n"
            "backend = provider.get_backend('ibm_kyiv')"
        ),
        use_instead=(
            "service = QiskitRuntimeService()\n"
            "backend = service.backend('ibm_kyiv')"
        ),
        fix="partial",
        fix_notes=(
            "`IBMProvider(...)` -> `QiskitRuntimeService(...)`, `provider.get_backend(n)` / "
            "`service.get_backend(n)` -> `.backend(n)`, `provider.retrieve_job(i)` -> `.job(i)`, "
            "`IBMQ.load_account()` + `IBMQ.get_provider(...)` -> one `QiskitRuntimeService()`, "
            "`least_busy(provider.backends(...))` -> `service.least_busy(...)` when the filters "
            "map. `hub/group/project` instances have no meaning on the new platform, so they are "
            "dropped with a note rather than guessed."
        ),
        versions=(
            "IBMQ: removed in Qiskit 1.0. qiskit-ibm-provider: deprecated in 0.11.0, API shut "
            "down 2025-07-01. `QiskitRuntimeService.get_backend`: deprecated in 0.24, removed in 0.30."
        ),
        templates=(
            ('call', '{site} was removed; use {replacement}'),
            ('no_counterpart', '{site} was removed and has no runtime counterpart; {replacement}'),
        ),
        invalid=(
            "from qiskit import IBMQ\nprovider = IBMQ.load_account()\n",
            "from qiskit_ibm_provider import IBMProvider\nprovider = IBMProvider()\n",
            "from qiskit_ibm_runtime import QiskitRuntimeService\n"
            "QiskitRuntimeService().get_backend('ibm_kyiv')\n",
        ),
        valid=(
            "from qiskit_ibm_runtime import QiskitRuntimeService\n"
            "QiskitRuntimeService().backend('ibm_kyiv')\n",
            "from qiskit_aer import Aer\nAer.get_backend('aer_simulator')\n",
        ),
    ),
    Rule(
        code="QM006",
        slug="removed-primitive-arguments",
        deprecated='backend=, session=, service= and backend names as strings were removed from runtime primitives and Session/Batch',
        replacement='pass mode= a backend, Session or Batch object',
        what_it_does=(
            "Flags `backend=` or `session=` passed to `Sampler`/`Estimator`/`SamplerV2`/"
            "`EstimatorV2` from `qiskit_ibm_runtime`, a service passed to `Session`/`Batch` "
            "(`service=` or as first positional argument), and a backend name string given as "
            "`mode`/`backend`."
        ),
        why_bad=(
            "`backend=`/`session=` on primitives raise `TypeError` since qiskit-ibm-runtime 0.30; "
            "`Session(service=...)` and backend names as strings were removed in 0.34."
        ),
        example="sampler = Sampler(session=session)\nsession = Session(service=service, backend='ibm_kyiv')",
        use_instead="sampler = Sampler(mode=session)\nsession = Session(backend=service.backend('ibm_kyiv'))",
        fix="partial",
        fix_notes=(
            "`backend=`/`session=` on a primitive -> `mode=` (safe). A service argument or a "
            "backend name string needs a backend object built from the service, which the fix "
            "does only when the service is in view; otherwise the finding stays."
        ),
        versions="`backend=`/`session=`: removed in 0.30. `service=` and name strings: removed in 0.34.",
        templates=(
            ('primitive_keyword', '{site} passes {keyword}=, removed in runtime 0.30; use {replacement}'),
            ('backend_name', '{site} passes a backend name string, removed in runtime 0.34; use {replacement}'),
            ('service', '{site} passes a service, removed in runtime 0.34; use {replacement}'),
        ),
        invalid=(
            "from qiskit_ibm_runtime import SamplerV2\nsampler = SamplerV2(backend=backend)\n",
            "from qiskit_ibm_runtime import Session\nSession(service=service, backend='ibm_kyiv')\n",
        ),
        valid=(
            "from qiskit_ibm_runtime import SamplerV2\nsampler = SamplerV2(mode=backend)\n",
            "from qiskit.primitives import BackendSamplerV2\nBackendSamplerV2(backend=backend)\n",
        ),
    ),
    Rule(
        code="QM007",
        slug="ibm-quantum-channel",
        deprecated='channel="ibm_quantum" was removed from Qiskit Runtime (0.41)',
        replacement='use channel="ibm_quantum_platform"',
        what_it_does=(
            'Flags `channel="ibm_quantum"` as a keyword argument, as the default of a parameter '
            "named `channel`, or assigned to a variable named `channel`."
        ),
        why_bad=(
            "The `ibm_quantum` channel was the classic platform, shut down in 2025; "
            "qiskit-ibm-runtime 0.41 raises `InvalidAccountError` for it."
        ),
        example='service = QiskitRuntimeService(channel="ibm_quantum", token=token)',
        use_instead='service = QiskitRuntimeService(channel="ibm_quantum_platform", token=token)',
        fix="safe",
        fix_notes=(
            "The string is replaced. An `instance=\"hub/group/project\"` next to it no longer "
            "means anything (instances are a CRN or a name): review it by hand."
        ),
        versions="Deprecated in 0.38/0.40, removed in qiskit-ibm-runtime 0.41.",
        templates=(
            ('channel', '{site} was removed in runtime 0.41; use channel="ibm_quantum_platform"'),
        ),
        invalid=(
            'QiskitRuntimeService(channel="ibm_quantum")\n',
            'def connect(channel="ibm_quantum"):\n    pass\n',
        ),
        valid=('QiskitRuntimeService(channel="ibm_quantum_platform")\n', 'channel = "ibm_cloud"\n'),
    ),
    Rule(
        code="QM008",
        slug="retired-cloud-simulator",
        deprecated='the IBM cloud simulators were retired on 2024-05-15',
        replacement='use local testing mode, e.g. Sampler(mode=FakeManilaV2()) or AerSimulator()',
        what_it_does=(
            "Flags a retired cloud simulator name used directly as a call argument, a parameter "
            "default or an assigned value, in a module that imports an IBM package."
        ),
        why_bad=(
            "The cloud simulators were retired on 2024-05-15; asking a service for them fails."
        ),
        example='backend = service.backend("ibmq_qasm_simulator")',
        use_instead=(
            "from qiskit_ibm_runtime.fake_provider import FakeManilaV2\n\n"
            "backend = FakeManilaV2()  # local testing mode"
        ),
        fix="none",
        fix_notes=(
            "Which local simulator fits (a fake device with its noise, or an ideal Aer "
            "simulator) is a choice for the author; the rule's note shows local testing mode."
        ),
        versions="The simulators were retired on 2024-05-15.",
        templates=(
            ('simulator', '{site} was retired on 2024-05-15; use local testing mode (FakeManilaV2(), AerSimulator())'),
        ),
        invalid=(
            "from qiskit_ibm_runtime import QiskitRuntimeService\n"
            "backend = QiskitRuntimeService().backend('ibmq_qasm_simulator')\n",
        ),
        valid=(
            "from qiskit_aer import AerSimulator\nname = 'ibmq_qasm_simulator'\n",
            "from qiskit_ibm_runtime import QiskitRuntimeService\n"
            "NAMES = ['ibmq_qasm_simulator']\n",
        ),
    ),
    Rule(
        code="QM009",
        slug="v1-primitives",
        deprecated="V1 primitives and the program API were removed from Qiskit Runtime (0.28 / 0.30)",
        replacement="V2 takes pubs: sampler.run([isa_circuit]), estimator.run([(isa_circuit, observable)]), results in result[i].data",
        what_it_does=(
            "Flags the V1 primitive interface of `qiskit_ibm_runtime`: `.run(...)` on a `Sampler`/"
            "`Estimator` (any alias, `SamplerV1`/`EstimatorV1` included) when the call has the V1 "
            "shape (a first argument that is one circuit rather than a list or tuple of pubs, the "
            "keywords `circuits=`, `observables=` or `parameter_values=`, or more than one positional "
            "argument); reads of `.quasi_dists` / `.values` on the result of a job of such a primitive; "
            "`Options(...)` from `qiskit_ibm_runtime` given V1 fields (`optimization_level`, "
            "`resilience_level`, `execution=`, `transpilation=`), `options=` dicts with those keys and "
            "those fields set by assignment on such an `Options()`; and the program API, "
            "`service.run(program_id=...)` / `service.run(\"sampler\", ...)` (also on a provider's "
            "`.runtime`). Which class an object is, is decided from its reaching bindings like an "
            "IBM backend (one runtime binding is enough); a parameter has no primitive provenance, "
            "and `qiskit.primitives` reference primitives, V2 `run([pubs])` calls and a dict's "
            "`.values()` are never flagged."
        ),
        why_bad=(
            "The V1 primitives were removed in qiskit-ibm-runtime 0.28 (server support ended on "
            "2024-08-15); since then `Sampler` and `Estimator` are the V2 classes, which take a list "
            "of pubs, return `PrimitiveResult`s without `quasi_dists` / `values`, and whose `Options` "
            "rejects V1 fields. `service.run(program_id=...)` was removed in 0.30."
        ),
        example=(
            "sampler = Sampler(session=backend, options=Options(optimization_level=1))\n"
            "quasi = sampler.run(circuit).result().quasi_dists[0]\n"
            "value = estimator.run(circuit, observable).result().values[0]"
        ),
        use_instead=(
            "isa = generate_preset_pass_manager(optimization_level=1, backend=backend).run(circuit)\n"
            "counts = Sampler(mode=backend).run([isa]).result()[0].join_data().get_counts()\n"
            "value = estimator.run([(isa, observable.apply_layout(isa.layout))]).result()[0].data.evs"
        ),
        fix="partial",
        fix_notes=(
            "`qiskit-migrate fix` migrates a run call together with its results and options: "
            "`sampler.run(qc)` -> `sampler.run([isa])` with the circuit transpiled for the backend "
            "at the V1 optimization level, `quasi_dists[i]` -> probabilities from the counts of "
            "`result[i].join_data()`, `values[i]` -> `result[i].data.evs`, V1 `Options` -> "
            "`SamplerOptions` / `EstimatorOptions`. V1 Sampler quasi-probabilities were "
            "readout-mitigated, V2 probabilities are counts / shots: that fix is unsafe. The "
            "program API, V1 metadata and shapes it cannot pair are left with the finding. The "
            "ast-grep rule reports without rewriting: the rewrite depends on code around the call."
        ),
        versions=(
            "V1 `Sampler`/`Estimator`: deprecated in qiskit-ibm-runtime 0.23, removed in 0.28. "
            "`service.run(program_id=...)`: removed in 0.30."
        ),
        templates=(
            ("run", "{site} is the V1 primitive interface, removed in runtime 0.28; use {receiver}.run({pubs}) with ISA circuits (transpiled for the backend)"),
            ("quasi_dists", "{site} is a V1 result field, removed in runtime 0.28; use {base}[i].join_data().get_counts() (counts / shots as probabilities)"),
            ("values", "{site} is a V1 result field, removed in runtime 0.28; use {base}[i].data.evs"),
            ("options", "{site} sets V1 options ({fields}), removed in runtime 0.28; use {replacement}"),
            ("program", "{site} runs a runtime program, removed in runtime 0.30; use {replacement}"),
        ),
        invalid=(
            "from qiskit_ibm_runtime import Sampler\nsampler = Sampler(mode=backend)\njob = sampler.run(qc)\n",
            "from qiskit_ibm_runtime import Estimator\n"
            "values = Estimator(mode=backend).run(qc, observable).result().values\n",
            "from qiskit_ibm_runtime import Options\noptions = Options(optimization_level=1)\n",
            "from qiskit_ibm_runtime import QiskitRuntimeService\n"
            "QiskitRuntimeService().run(program_id='sampler', inputs={})\n",
        ),
        valid=(
            "from qiskit_ibm_runtime import SamplerV2 as Sampler\nSampler(mode=backend).run([isa])\n",
            "from qiskit.primitives import Sampler\nSampler().run(qc).result().quasi_dists\n",
            "from qiskit_ibm_runtime import QiskitRuntimeService\ncounts = {'0': 1}\nprint(counts.values())\n",
        ),
    ),
    Rule(
        code="QM010",
        slug="v1-backend-name",
        deprecated="the V1 backend interface is gone: runtime backends are BackendV2",
        replacement="use backend.name (an attribute), never str(backend), as the backend's name",
        what_it_does=(
            "Flags `backend.name()` on an IBM Quantum backend (decided like QM002: provenance, "
            "annotations, `isinstance`, and in provider-era modules the receiver's name), and "
            "`str(backend)` or `backend.name()` passed as the backend name to a lookup "
            "(`service.backend(str(backend))`, `provider.get_backend(backend.name())`). `.name()` on "
            "anything that is not an IBM backend is never flagged."
        ),
        why_bad=(
            "`qiskit.providers.ibmq` backends were `BackendV1`, where `name()` was a method. Runtime "
            "`IBMBackend` is a `BackendV2`: `name` is a string attribute, so `backend.name()` raises "
            "`TypeError`, and `str(backend)` is a repr such as `<IBMBackend('ibm_kyiv')>` that "
            "`service.backend(...)` does not accept."
        ),
        example="print(backend.name())\nsame = service.backend(str(backend))",
        use_instead="print(backend.name)\nsame = service.backend(backend.name)",
        fix="safe",
        fix_notes=(
            "`backend.name()` -> `backend.name` (the same string on a BackendV2), also by the "
            "ast-grep rule; `str(backend)` given as a backend name -> `backend.name` by "
            "`qiskit-migrate fix` (the ast-grep rule reports it only)."
        ),
        versions="`BackendV1` was removed with Qiskit 1.0 (qiskit-ibmq-provider); qiskit-ibm-runtime backends were always `BackendV2`.",
        templates=(
            ("name_call", "{site} calls the V1 backend interface; use {receiver}.name (an attribute on BackendV2)"),
            ("str", "{site} is not a backend name on BackendV2 (it is a repr); use {receiver}.name"),
        ),
        invalid=(
            "from qiskit_ibm_runtime import QiskitRuntimeService\n"
            "backend = QiskitRuntimeService().backend('ibm_kyiv')\nprint(backend.name())\n",
            "from qiskit import IBMQ\nprovider = IBMQ.load_account()\n"
            "backend = provider.get_backend('ibmq_lima')\nsame = provider.get_backend(backend.name())\n",
        ),
        valid=(
            "from qiskit_aer import AerSimulator\nprint(AerSimulator().name())\n",
            "from qiskit_ibm_runtime import QiskitRuntimeService\n"
            "backend = QiskitRuntimeService().backend('ibm_kyiv')\nprint(backend.name)\n",
        ),
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def message(code: str) -> str:
    return RULES[code].message
