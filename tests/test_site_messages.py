"""Messages about the site (SPEC "Messages"): each finding names the call as written and its
concrete replacement there, from the catalog's templates; the rule-level texts stay general."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from flake8_qiskit_migrate.catalog import RULES
from flake8_qiskit_migrate.detect.checker import check_source

PROVIDER_ERA = textwrap.dedent(
    """\
    from qiskit import IBMQ, execute
    from qiskit_ibm_provider import IBMProvider, least_busy
    from qiskit.tools.monitor import job_monitor
    IBMQ.load_account()
    provider = IBMProvider()
    backend = provider.get_backend("ibm_kyiv")
    job = execute(bv, backend)
    job = backend.run(qc, shots=1000)
    with backend.open_session() as session:
        pass
    backend.close_session()
    device = least_busy(provider.backends(simulator=False))
    job = provider.retrieve_job("c0ffee")
    print(backend.name())
    """
)

RUNTIME = textwrap.dedent(
    """\
    from qiskit_ibm_runtime import Estimator, Options, QiskitRuntimeService, Sampler, Session
    service = QiskitRuntimeService(channel="ibm_quantum")
    backend = service.get_backend("ibmq_qasm_simulator")
    with Session(service=service, backend="ibm_osaka") as session:
        sampler = Sampler(session=session)
        quasi = sampler.run(qc).result().quasi_dists[0]
    resumed = Session.from_id("abc")
    options = Options(optimization_level=1)
    value = Estimator(mode=backend).run(qc, observable).result().values
    again = service.backend(str(backend))
    """
)


def messages(text: str) -> dict[tuple[int, str], str]:
    return {(f.line, f.code): f.message for f in check_source(text)}


@pytest.mark.parametrize(
    ("line", "code", "message"),
    [
        (1, "QM001", "QM001 from qiskit import IBMQ, execute is deprecated and no longer reaches IBM Quantum; "
                     "use from qiskit_ibm_runtime import QiskitRuntimeService"),
        (2, "QM001", "QM001 from qiskit_ibm_provider import IBMProvider, least_busy is deprecated and no longer "
                     "reaches IBM Quantum; use from qiskit_ibm_runtime import QiskitRuntimeService "
                     "(and service.least_busy() for least_busy)"),
        (3, "QM001", "QM001 from qiskit.tools.monitor import job_monitor was removed with Qiskit 1.0 and has no "
                     "runtime counterpart; use job.status() to poll or job.result() to wait"),
        (4, "QM005", "QM005 IBMQ.load_account() was removed; use QiskitRuntimeService() (it loads the saved account)"),
        (5, "QM005", "QM005 IBMProvider() was removed; use QiskitRuntimeService()"),
        (6, "QM005", 'QM005 provider.get_backend("ibm_kyiv") was removed; use service.backend("ibm_kyiv")'),
        (7, "QM002", "QM002 execute(bv, backend) was removed; use Sampler(mode=backend).run([transpile(bv, backend)])"),
        (8, "QM002", "QM002 backend.run(qc, shots=1000) was removed; use Sampler(mode=backend).run([qc], shots=1000)"),
        (9, "QM003", "QM003 backend.open_session() was removed; use with Session(backend=backend) as session: "
                     "(Batch(backend=backend) on the Open Plan)"),
        (11, "QM003", "QM003 backend.close_session() was removed; use session.close() on the Session opened with "
                      "Session(backend=backend)"),
        (12, "QM005", "QM005 least_busy(provider.backends(simulator=False)) was removed; "
                      "use service.least_busy(simulator=False)"),
        (13, "QM005", 'QM005 provider.retrieve_job("c0ffee") was removed; use service.job("c0ffee")'),
        (14, "QM010", "QM010 backend.name() calls the V1 backend interface; use backend.name (an attribute on BackendV2)"),
    ],
)
def test_provider_era_messages_name_the_site_and_its_replacement(line, code, message):
    assert messages(PROVIDER_ERA)[(line, code)] == message


@pytest.mark.parametrize(
    ("line", "code", "message"),
    [
        (2, "QM007", 'QM007 channel="ibm_quantum" was removed in runtime 0.41; use channel="ibm_quantum_platform"'),
        (3, "QM005", 'QM005 service.get_backend("ibmq_qasm_simulator") was removed; '
                     'use service.backend("ibmq_qasm_simulator")'),
        (3, "QM008", 'QM008 "ibmq_qasm_simulator" was retired on 2024-05-15; '
                     "use local testing mode (FakeManilaV2(), AerSimulator())"),
        (4, "QM004", 'QM004 Session(service=service, backend="ibm_osaka") fails on Open Plan instances; '
                     'use Batch(backend=service.backend("ibm_osaka")) or job mode (mode=service.backend("ibm_osaka"))'),
        (4, "QM006", 'QM006 Session(service=service, backend="ibm_osaka") passes a service, removed in runtime 0.34; '
                     'use Session(backend=service.backend("ibm_osaka"))'),
        (5, "QM006", "QM006 Sampler(session=session) passes session=, removed in runtime 0.30; use Sampler(mode=session)"),
        (6, "QM009", "QM009 sampler.run(qc) is the V1 primitive interface, removed in runtime 0.28; use sampler.run([qc]) with ISA circuits (transpiled for the backend)"),
        (7, "QM004", 'QM004 Session.from_id("abc") resumes a session, which Open Plan instances cannot run; '
                     "use job mode (mode=backend) on the Open Plan"),
        (8, "QM009", "QM009 Options(optimization_level=1) sets V1 options (optimization_level), removed in runtime "
                     "0.28; use SamplerOptions / EstimatorOptions (default_shots=, resilience_level=) and transpile "
                     "first with generate_preset_pass_manager(optimization_level=..., backend=backend)"),
        (9, "QM009", "QM009 Estimator(mode=backend).run(qc, observable) is the V1 primitive interface, removed in "
                     "runtime 0.28; use Estimator(mode=backend).run([(qc, observable)]) with ISA circuits "
                     "(transpiled for the backend)"),
        (10, "QM010", "QM010 str(backend) is not a backend name on BackendV2 (it is a repr); use backend.name"),
    ],
)
def test_runtime_messages_name_the_site_and_its_replacement(line, code, message):
    assert messages(RUNTIME)[(line, code)] == message


def test_session_from_id_is_never_told_to_use_batch():
    message = messages("from qiskit_ibm_runtime import Session\nSession.from_id(session_id)\n")[(2, "QM004")]
    assert "Batch" not in message


def test_a_long_call_is_shortened_with_an_ellipsis():
    text = ("from qiskit import IBMQ\nbackend = IBMQ.get_provider().get_backend('ibmq_lima')\n"
            "job = backend.run(transpile(circuit, backend, optimization_level=3), shots=8192, memory=True, "
            "rep_delay=0.0005, init_qubits=False, job_tags=['a-very-long-tag', 'another'])\n")
    message = messages(text)[(3, "QM002")]
    site = message.split(" was removed;")[0]
    assert site.startswith("QM002 backend.run(transpile(") and "..." in site and len(site) < 90
    assert message.endswith(", shots=8192)")


def test_a_call_spread_over_lines_is_quoted_on_one():
    text = "from qiskit_ibm_provider import IBMProvider\nprovider = IBMProvider()\nprovider.get_backend(\n    'ibm_kyiv',\n)\n"
    assert messages(text)[(3, "QM005")] == "QM005 provider.get_backend('ibm_kyiv') was removed; use service.backend('ibm_kyiv')"


def test_every_code_has_templates_and_a_general_message_for_the_rule_level_texts():
    for code, rule in RULES.items():
        if code == "QM000":
            continue
        assert rule.templates, code
        for variant, template in rule.templates:
            assert "{site}" in template and ";" in template, (code, variant)
        assert rule.message.startswith(code + " ") and "{" not in rule.message


def test_flake8_and_check_print_the_site_message(tmp_path, run_flake8):
    legacy = tmp_path / "legacy.py"
    legacy.write_text("from qiskit_ibm_provider import IBMProvider\nprovider = IBMProvider()\n"
                      "backend = provider.get_backend('ibm_kyiv')\n")
    expected = "QM005 provider.get_backend('ibm_kyiv') was removed; use service.backend('ibm_kyiv')"
    flake8 = subprocess.run([sys.executable, "-m", "flake8", "--isolated", "--select", "QM", str(legacy)],
                            capture_output=True, text=True, check=False)
    assert f"{legacy}:3:11: {expected}" in flake8.stdout.splitlines()
    check = subprocess.run([sys.executable, "-m", "flake8_qiskit_migrate.cli", "check", "--format", "json",
                            str(legacy)], capture_output=True, text=True, check=False)
    rows = json.loads(check.stdout)
    assert {(row["line"], row["message"]) for row in rows if row["code"] == "QM005"} == {
        (2, "QM005 IBMProvider() was removed; use QiskitRuntimeService()"), (3, expected)}


def test_a_site_below_a_form_feed_is_quoted_from_its_own_line():
    """Python does not end a line at a page break (``\\x0c``), so neither do the messages: the
    line numbers come from the AST."""
    text = ("from qiskit_ibm_runtime import QiskitRuntimeService\n"
            "# part two\x0c of the tutorial\n"
            "service = QiskitRuntimeService(channel=\"ibm_quantum\")\n")
    [finding] = check_source(text)
    assert finding.line == 3
    assert finding.message.startswith('QM007 channel="ibm_quantum" was removed')
