"""The bundled ast-grep rules (``rules/``, ``sgconfig.yml``) as a raw ast-grep user runs them.

They are checked against the one catalog (ids, messages, docs links), against their own
valid/invalid cases and committed snapshots (``ast-grep test``), and end to end: a scan
finds the legacy examples and nothing in the modern one, ``--update-all`` leaves code that
parses, and a large file does not make the scan hang.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path
from functools import lru_cache
from typing import Dict, List, Tuple

import pytest
import yaml

from flake8_qiskit_migrate.catalog import RULES

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIG = REPO_ROOT / "sgconfig.yml"
RULE_FILES = sorted((REPO_ROOT / "rules" / "checks").glob("*.yml"))
TEST_FILES = sorted((REPO_ROOT / "rule-tests").glob("*-test.yml"))
CODES = [code for code in RULES if code != "QM000"]  # QM000 is the checker's own failure

LEGACY = '''\
from qiskit import IBMQ
IBMQ.load_account()
provider = IBMQ.get_provider(hub="ibm-q")
backend = provider.get_backend("ibmq_manila")
job = backend.run(circuit, shots=1024)
counts = job.result().get_counts()
with backend.open_session() as session:
    backend.run(circuit)
'''

RUNTIME_LEGACY = '''\
from qiskit_ibm_runtime import QiskitRuntimeService, Session, SamplerV2 as Sampler
service = QiskitRuntimeService(channel="ibm_quantum", token=token)
backend = service.get_backend("ibm_kyiv")
with Session(service=service, backend="ibm_kyiv") as session:
    sampler = Sampler(session=session)
'''

MODERN = '''\
import asyncio
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import Batch, QiskitRuntimeService, SamplerV2 as Sampler
from qiskit_ibm_runtime.fake_provider import FakeManilaV2
sim = AerSimulator()
sim.run(circuit)
fake = FakeManilaV2()
fake.run(circuit)
pm.run(circuit)
asyncio.run(main())
service = QiskitRuntimeService(channel="ibm_quantum_platform")
with Batch(backend=service.backend("ibm_kyiv")) as batch:
    Sampler(mode=batch).run([circuit])
'''


def ast_grep() -> str:
    beside_python = Path(sys.executable).with_name("ast-grep")
    found = str(beside_python) if beside_python.is_file() else shutil.which("ast-grep")
    if found is None:
        pytest.skip("the ast-grep executable (ast-grep-cli) is not installed")
    return found


def run_ast_grep(*args: str, cwd: Path = REPO_ROOT, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([ast_grep(), *args], cwd=str(cwd), capture_output=True, text=True, timeout=timeout)


def scan(*paths: Path, config: Path = CONFIG) -> List[Dict]:
    completed = run_ast_grep("scan", "-c", str(config), "--json=compact", *map(str, paths))
    assert completed.returncode in (0, 1), completed.stderr  # 1: error-level findings
    return json.loads(completed.stdout)


@lru_cache(maxsize=None)
def rule_documents() -> Tuple[Dict, ...]:
    return tuple(doc for path in RULE_FILES for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")))


# --- the rules agree with the catalog ------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_rule_and_its_catalog_id_is_one_of_them(code):
    ids = {doc["id"] for doc in rule_documents()}
    assert RULES[code].rule_id in ids


@pytest.mark.parametrize("doc", rule_documents(), ids=lambda doc: doc["id"])
def test_each_rule_shows_its_codes_catalog_message_and_docs_link(doc):
    rule = RULES[doc["id"][:5]]
    assert doc["id"].startswith(rule.code + "-")
    assert doc["message"] == rule.message
    assert doc["url"] == rule.docs_url
    assert doc["language"].lower() == "python"
    # error, not warning: `ast-grep scan` exits 0 on warnings, so CI would pass.
    assert doc["severity"] == "error"
    assert "Before:" in doc["note"] and "After:" in doc["note"]


def test_rule_ids_are_unique_and_each_has_a_test_file():
    ids = [doc["id"] for doc in rule_documents()]
    assert len(ids) == len(set(ids))
    tested = {yaml.safe_load(path.read_text(encoding="utf-8"))["id"] for path in TEST_FILES}
    assert tested == set(ids)


# --- the rules' own test cases and snapshots -----------------------------------------------


def test_ast_grep_test_passes_with_the_committed_snapshots():
    completed = run_ast_grep("test", "-c", str(CONFIG), timeout=300)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-2000:]


def _break_snapshot(snapshot: Path, how: str) -> None:
    if how == "missing":
        snapshot.unlink()
    else:  # stale: the recorded fix is no longer what the rule produces
        text = snapshot.read_text(encoding="utf-8")
        snapshot.write_text(text.replace("ibm_quantum_platform", "ibm_quantum_platfrom", 1), encoding="utf-8")


@pytest.mark.parametrize("how", ["missing", "stale"])
def test_ast_grep_test_fails_on_a_missing_or_stale_snapshot(tmp_path, how):
    project = tmp_path / "project"
    for name in ("rules", "rule-tests"):
        shutil.copytree(REPO_ROOT / name, project / name)
    shutil.copy(CONFIG, project / "sgconfig.yml")
    _break_snapshot(project / "rule-tests" / "__snapshots__" / "QM007-ibm-quantum-channel-snapshot.yml", how)
    completed = run_ast_grep("test", "-c", str(project / "sgconfig.yml"), "-f", "QM007", cwd=project)
    assert completed.returncode != 0


# --- scanning, as a raw ast-grep user does -------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def codes_found(matches: List[Dict]) -> set:
    return {match["ruleId"][:5] for match in matches}


def test_legacy_code_is_found_and_modern_code_is_not(tmp_path):
    legacy, runtime, modern = (write(tmp_path, name, text) for name, text in
                               (("legacy.py", LEGACY), ("runtime.py", RUNTIME_LEGACY), ("modern.py", MODERN)))
    assert codes_found(scan(legacy)) == {"QM001", "QM002", "QM003", "QM005"}
    assert codes_found(scan(runtime)) == {"QM004", "QM005", "QM006", "QM007"}
    assert scan(modern) == []


EXAMPLES = sorted((REPO_ROOT / "examples").glob("*.py"))


@pytest.mark.skipif(not EXAMPLES, reason="no examples/ in this checkout")
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_examples_legacy_ones_are_found_modern_ones_are_clean(example):
    matches = scan(example)
    if example.name.startswith("modern"):
        assert matches == []
    else:
        assert matches, f"no rule matched the legacy example {example.name}"


def test_the_config_works_from_another_directory_as_in_the_wheel(tmp_path):
    # The wheel ships sgconfig.yml next to rules/ (flake8_qiskit_migrate/); its paths are
    # relative to the config file, not to the working directory.
    package = tmp_path / "flake8_qiskit_migrate"
    shutil.copytree(REPO_ROOT / "rules", package / "rules")
    shutil.copy(CONFIG, package / "sgconfig.yml")
    legacy = write(tmp_path, "legacy.py", LEGACY)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    completed = run_ast_grep("scan", "-c", str(package / "sgconfig.yml"), "--json=compact", str(legacy), cwd=elsewhere)
    assert {m["ruleId"] for m in json.loads(completed.stdout)} == {m["ruleId"] for m in scan(legacy)}


def test_each_fix_alone_leaves_code_that_parses(tmp_path):
    # The fixer applies any subset of the replacements (those on sites the checker flagged
    # with the same code), so every single replacement must produce valid Python.
    cases = [case for path in TEST_FILES for case in yaml.safe_load(path.read_text(encoding="utf-8"))["invalid"]]
    for number, case in enumerate(cases):
        write(tmp_path, f"case_{number}.py", case)
    fixes = 0
    for match in scan(tmp_path):
        if "replacement" not in match:
            continue
        source = (tmp_path / Path(match["file"]).name).read_bytes()
        start, end = match["replacementOffsets"]["start"], match["replacementOffsets"]["end"]
        assert (start, end) == (match["range"]["byteOffset"]["start"], match["range"]["byteOffset"]["end"])
        fixed = source[:start] + match["replacement"].encode("utf-8") + source[end:]
        ast.parse(fixed.decode("utf-8"), filename=f"{match['file']} after {match['ruleId']}")
        fixes += 1
    assert fixes >= 40


def test_update_all_leaves_code_that_parses_and_reaches_a_fixed_point(tmp_path):
    # A runtime import first, so that the names the fixes introduce have one to join.
    target = write(tmp_path, "legacy.py", RUNTIME_LEGACY + LEGACY)
    previous = None
    for _ in range(5):  # overlapping fixes wait for the next pass; imports follow the fixes
        completed = run_ast_grep("scan", "-c", str(CONFIG), "--update-all", str(target))
        assert completed.returncode in (0, 1), completed.stderr
        text = target.read_text(encoding="utf-8")
        ast.parse(text)
        if text == previous:
            break
        previous = text
    assert text == previous, "--update-all kept changing the file"
    assert "backend.run(" not in text and "Sampler(mode=backend).run([circuit], shots=1024)" in text
    assert "job.result()[0].join_data().get_counts()" in text
    assert 'channel="ibm_quantum_platform"' in text and "Sampler(mode=session)" in text
    assert not undefined_names(text) & {"Sampler", "Batch", "Session", "QiskitRuntimeService", "IBMQ"}


def undefined_names(text: str) -> set:
    """Names pyflakes (flake8's F821) finds used but never bound."""
    from pyflakes import checker, messages

    found = checker.Checker(ast.parse(text)).messages
    return {message.message_args[0] for message in found if isinstance(message, messages.UndefinedName)}


def test_scanning_a_large_file_does_not_hang(tmp_path):
    # Rules put cheap kind/regex checks before module-wide searches, and scope searches stop
    # at expressions; a badly ordered rule takes minutes on this file. The cost still grows
    # with (candidate calls x statements), so the file is big but not huge, and there is
    # only a generous timeout, no timing assertion.
    body = "\n".join(
        f"x{i} = obj{i}.run(build(a, 'ibm_quantum'), shots=1).result()\n"
        f"s{i} = Session(service=svc, backend=b{i}).get_backend('n')\n"
        f"Sampler(backend=b{i}).run([c])"
        for i in range(150)
    )
    for header in ("import os\n", "from qiskit_ibm_provider import IBMProvider\n",
                   "from qiskit_ibm_runtime import Session, SamplerV2 as Sampler\n"):
        big = write(tmp_path, "big.py", header + body + "\n")
        completed = run_ast_grep("scan", "-c", str(CONFIG), "--json=compact", str(big), timeout=90)
        assert completed.returncode in (0, 1), completed.stderr


SAMPLE = """\
from qiskit_ibm_provider import IBMBackend


def sample(backend: IBMBackend, circuit):
    job = backend.run(circuit, shots=100)
    return job.result().get_counts()
"""


def test_migrated_code_runs_in_local_testing_mode(tmp_path):
    # What --update-all writes must not only parse but run: here on a fake backend, which the
    # Sampler accepts as mode= (local testing mode).
    pytest.importorskip("qiskit_ibm_runtime.executor_sampler")
    target = write(tmp_path, "sample.py", SAMPLE)
    for _ in range(3):
        run_ast_grep("scan", "-c", str(CONFIG), "--update-all", str(target))
    migrated = target.read_text(encoding="utf-8")
    assert "qiskit_ibm_provider" not in migrated and ".run([circuit], shots=100)" in migrated

    from qiskit import QuantumCircuit
    from qiskit.transpiler import generate_preset_pass_manager
    from qiskit_ibm_runtime.fake_provider import FakeManilaV2

    backend = FakeManilaV2()
    circuit = QuantumCircuit(2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure_all()
    isa_circuit = generate_preset_pass_manager(backend=backend, optimization_level=1).run(circuit)
    namespace: Dict = {}
    exec(compile(migrated, str(target), "exec"), namespace)
    counts = namespace["sample"](backend, isa_circuit)
    assert sum(counts.values()) == 100
