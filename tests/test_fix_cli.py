"""`qiskit-migrate fix` as a user runs it: exit codes, --diff, --select/--ignore, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from flake8_qiskit_migrate.cli import main

FIXABLE = ("from qiskit_ibm_runtime import QiskitRuntimeService, Session\n"
           "service = QiskitRuntimeService(channel='ibm_quantum')\n"
           "backend = service.get_backend('ibm_kyiv')\n"
           "with Session(backend=backend) as session:\n"
           "    pass\n")
UNFIXABLE_LEFT = ("from qiskit_ibm_runtime import QiskitRuntimeService\n"
                  "service = QiskitRuntimeService(channel='ibm_quantum')\n"
                  "backend = service.backend('ibmq_qasm_simulator')\n")


@pytest.fixture
def write(tmp_path):
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    return _write


def test_fix_writes_the_file_and_exits_0_when_nothing_remains(write, capsys):
    path = write("legacy.py", FIXABLE)
    assert main(["fix", "--unsafe-fixes", str(path)]) == 0
    assert "with Batch(backend=backend) as session:" in path.read_text()
    assert "service.backend('ibm_kyiv')" in path.read_text()
    assert capsys.readouterr().out == ""


def test_findings_left_after_fixing_are_listed_and_exit_1(write, capsys):
    path = write("legacy.py", UNFIXABLE_LEFT)
    assert main(["fix", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:3:27: QM008 " in out
    assert "QM007" not in out
    assert "ibm_quantum_platform" in path.read_text()


def test_diff_prints_a_unified_diff_and_writes_nothing(write, capsys):
    path = write("legacy.py", FIXABLE)
    assert main(["fix", "--diff", "--unsafe-fixes", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"--- {path}\n+++ {path}\n")
    assert "\n-with Session(backend=backend) as session:\n" in out
    assert "\n+with Batch(backend=backend) as session:\n" in out
    assert path.read_text() == FIXABLE


def test_a_file_that_does_not_parse_is_left_untouched_and_others_are_still_fixed(write, capsys):
    broken = write("broken.py", "from qiskit import IBMQ\ndef (:\n")
    good = write("good.py", FIXABLE)
    assert main(["fix", "--unsafe-fixes", str(broken), str(good)]) == 2
    err = [line for line in capsys.readouterr().err.strip().splitlines() if "fixed unsafely" not in line]
    assert len(err) == 1 and err[0].startswith(f"{broken}:2:") and "SyntaxError" in err[0]
    assert broken.read_text() == "from qiskit import IBMQ\ndef (:\n"
    assert "Batch" in good.read_text()


def test_a_missing_path_is_a_usage_error_but_other_paths_are_fixed(write, tmp_path, capsys):
    good = write("good.py", FIXABLE)
    assert main(["fix", "--unsafe-fixes", str(tmp_path / "missing.py"), str(good)]) == 2
    assert "missing.py" in capsys.readouterr().err
    assert "Batch" in good.read_text()


def test_ignored_codes_are_neither_fixed_nor_reported(write, capsys):
    path = write("legacy.py", FIXABLE)
    assert main(["fix", "--ignore", "QM004", str(path)]) == 0
    text = path.read_text()
    assert "with Session(backend=backend) as session:" in text
    assert "ibm_quantum_platform" in text


def test_selected_codes_only(write, capsys):
    path = write("legacy.py", FIXABLE)
    assert main(["fix", "--select", "QM007", str(path)]) == 0
    text = path.read_text()
    assert "ibm_quantum_platform" in text
    assert "get_backend" in text and "Session(" in text


def test_a_clean_file_is_not_rewritten(write, capsys):
    clean = "from qiskit_ibm_runtime import QiskitRuntimeService\nservice = QiskitRuntimeService()\n"
    path = write("clean.py", clean)
    before = path.stat().st_mtime_ns
    assert main(["fix", str(path)]) == 0
    assert path.read_text() == clean and path.stat().st_mtime_ns == before


def test_each_finding_left_says_why_it_was_not_fixed(write, capsys):
    path = write("legacy.py", "from qiskit_ibm_provider import IBMProvider\n"
                              "provider = IBMProvider()\n"
                              "backend = provider.get_backend('ibm_kyiv')\n"
                              "job = backend.run(circuits, dynamic=True)\n")
    assert main(["fix", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith(f"{path}:4:7: QM002 ")
    assert out[0].endswith("[not fixed: run option 'dynamic' has no Sampler equivalent]")


# --- safe and unsafe fixes, configuration, target runtime -------------------------------------


def test_without_unsafe_fixes_session_stays_and_the_finding_says_how_to_get_batch(write, capsys):
    path = write("legacy.py", FIXABLE)
    assert main(["fix", str(path)]) == 1
    text = path.read_text()
    assert "with Session(backend=backend) as session:" in text  # Batch for Session is unsafe
    assert "service.backend('ibm_kyiv')" in text and "ibm_quantum_platform" in text  # the safe fixes
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and f"{path}:4:6: QM004 " in out[0]
    assert "an unsafe fix is available with --unsafe-fixes (Batch instead of Session" in out[0]


def test_fix_honours_extend_ignore_of_a_flake8_config_file(write, tmp_path, capsys, monkeypatch):
    """A paid plan turns QM004 off in setup.cfg: fix must not turn Session into Batch."""
    (tmp_path / "setup.cfg").write_text("[flake8]\nextend-ignore = QM004\n")
    path = write("legacy.py", FIXABLE)
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "--unsafe-fixes", str(path)]) == 0
    text = path.read_text()
    assert "with Session(backend=backend) as session:" in text
    assert "Batch" not in text
    assert "service.backend('ibm_kyiv')" in text


SUBMIT = ("from qiskit_ibm_provider import IBMProvider\n"
          "provider = IBMProvider()\n"
          "def submit(backend, c):\n"
          "    return backend.run(c, dynamic=True)\n")


def test_fix_never_reports_clean_while_a_finding_of_the_original_remains(write, capsys):
    """Rewriting the provider import removes the only evidence that `backend` is an IBM
    backend; the backend.run the fix could not migrate is still listed, and the exit is 1."""
    path = write("submit.py", SUBMIT)
    assert main(["fix", str(path)]) == 1
    text = path.read_text()
    assert "from qiskit_ibm_runtime import QiskitRuntimeService" in text
    assert "return backend.run(c, dynamic=True)" in text
    out = capsys.readouterr().out
    assert f"{path}:4:12: QM002 " in out and "not fixed" in out


LEGACY_RUN = (Path(__file__).parent / "data" / "runtime_backend_run.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("target, sampler_import", [
    (None, "from qiskit_ibm_runtime.executor_sampler import Sampler\n"),
    ("0.51", "from qiskit_ibm_runtime.executor_sampler import Sampler\n"),
    ("0.50", "from qiskit_ibm_runtime.executor_sampler import Sampler\n"),
    ("0.49", "from qiskit_ibm_runtime import QiskitRuntimeService, SamplerV2 as Sampler\n"),
    ("0.40", "from qiskit_ibm_runtime import QiskitRuntimeService, SamplerV2 as Sampler\n"),
])
def test_target_runtime_picks_the_sampler_the_fix_imports(write, capsys, target, sampler_import):
    path = write("run.py", LEGACY_RUN)
    options = ["--target-runtime", target] if target else []
    assert main(["fix", *options, str(path)]) == 0
    text = path.read_text()
    assert sampler_import in text
    assert "counts = Sampler(mode=backend).run([transpile(qc, backend)], shots=100)" in text


def test_a_target_runtime_outside_the_known_versions_is_a_usage_error(write, capsys):
    path = write("run.py", LEGACY_RUN)
    assert main(["fix", "--target-runtime", "0.30", str(path)]) == 2
    assert path.read_text() == LEGACY_RUN


def test_unsafe_fixes_list_what_to_review(write, capsys):
    path = write("legacy.py", FIXABLE)
    assert main(["fix", "--unsafe-fixes", str(path)]) == 0
    reviews = [line for line in capsys.readouterr().err.splitlines() if "fixed unsafely" in line]
    assert len(reviews) == 1
    assert reviews[0].startswith(f"{path}:4:6: QM004 ")
    assert "[fixed unsafely, review: Batch instead of Session" in reviews[0]
