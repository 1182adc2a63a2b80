"""Def-use queries of the model of names: which bindings reach a read, which reads a binding reaches.

SPEC.md rule 1: the bindings that count are those that can reach the use. Each test is a
small program; a read is named by its line and name, a binding by the line it is on.
"""

from __future__ import annotations

import ast
import sys
import textwrap

import pytest

from flake8_qiskit_migrate.detect.model import ModelBuilder, ModuleModel


def model_of(source: str) -> tuple[ast.Module, ModuleModel]:
    tree = ast.parse(textwrap.dedent(source))
    return tree, ModelBuilder().build(tree)


def read_at(tree: ast.Module, line: int, name: str) -> ast.Name:
    found = [n for n in ast.walk(tree)
             if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id == name and n.lineno == line]
    assert len(found) == 1, f"expected one read of {name} on line {line}, found {len(found)}"
    return found[0]


def reaching_lines(source: str, line: int, name: str) -> list[int]:
    """The lines of the bindings that reach the read of ``name`` on ``line``."""
    tree, model = model_of(source)
    return [b.node.lineno for b in model.reaching(read_at(tree, line, name))]


def reads_of_line(source: str, line: int, name: str) -> list[int]:
    """The lines of the reads reached by the binding of ``name`` on ``line``."""
    tree, model = model_of(source)
    targets = [n for n in ast.walk(tree) if getattr(n, "lineno", None) == line
               and isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)]
    assert len(targets) == 1
    (binding,) = model.bindings_at(targets[0])
    return [n.lineno for n in model.reads_of(binding)]


# --- straight-line code ------------------------------------------------------


def test_the_last_binding_before_a_read_is_the_one_that_reaches_it():
    source = """\
    backend = provider.get_backend("ibm_kyiv")
    backend = AerSimulator()
    backend.run(qc)
    """
    assert reaching_lines(source, 3, "backend") == [2]
    assert reads_of_line(source, 1, "backend") == []
    assert reads_of_line(source, 2, "backend") == [3]


def test_a_value_reads_the_binding_before_its_own_target():
    source = """\
    x = 1
    x = x + 1
    print(x)
    """
    assert reaching_lines(source, 2, "x") == [1]
    assert reaching_lines(source, 3, "x") == [2]


def test_augmented_assignment_reads_then_rebinds():
    source = """\
    total = 0
    total += 1
    print(total)
    """
    tree, model = model_of(source)
    target = tree.body[1].target  # `total += 1` reads total through its target
    assert [b.node.lineno for b in model.reaching(target)] == [1]
    assert reaching_lines(source, 3, "total") == [2]


def test_del_kills_every_binding():
    source = """\
    backend = provider.get_backend("ibm_kyiv")
    del backend
    print(backend)
    """
    assert reaching_lines(source, 3, "backend") == []


def test_an_unbound_name_has_no_binding():
    assert reaching_lines("print(len)\n", 1, "len") == []


def test_a_binding_reaches_every_read_until_the_next_one():
    source = """\
    job = backend.run(qc)
    print(job.job_id())
    result = job.result()
    job = None
    print(job)
    """
    assert reads_of_line(source, 1, "job") == [2, 3]
    assert reads_of_line(source, 4, "job") == [5]


# --- branches ----------------------------------------------------------------


def test_if_else_joins_both_branches():
    source = """\
    if hardware:
        backend = service.backend("ibm_kyiv")
    else:
        backend = AerSimulator()
    backend.run(qc)
    """
    assert reaching_lines(source, 5, "backend") == [2, 4]


def test_if_without_else_keeps_what_reached_it():
    source = """\
    backend = AerSimulator()
    if hardware:
        backend = service.backend("ibm_kyiv")
    backend.run(qc)
    """
    assert reaching_lines(source, 4, "backend") == [1, 3]


def test_a_branch_that_returns_does_not_reach_the_code_after_it():
    source = """\
    def submit(qc, local):
        backend = service.backend("ibm_kyiv")
        if local:
            backend = AerSimulator()
            return backend.run(qc)
        return backend.run(qc)
    """
    assert reaching_lines(source, 5, "backend") == [4]
    assert reaching_lines(source, 6, "backend") == [2]


def test_elif_chains_join_every_branch():
    source = """\
    if a:
        b = 1
    elif c:
        b = 2
    else:
        b = 3
    print(b)
    """
    assert reaching_lines(source, 7, "b") == [2, 4, 6]


def test_try_handlers_see_every_binding_of_the_try_body_and_what_reached_its_start():
    source = """\
    backend = None
    try:
        backend = service.backend("ibm_kyiv")
        backend = AerSimulator()
    except Exception:
        print(backend)
    print(backend)
    """
    assert reaching_lines(source, 6, "backend") == [1, 3, 4]
    # After the try: the body's end, or the handler (which saw everything).
    assert reaching_lines(source, 7, "backend") == [1, 3, 4]


def test_try_else_runs_after_the_body_only():
    source = """\
    try:
        backend = service.backend("ibm_kyiv")
    except Exception:
        backend = AerSimulator()
    else:
        print(backend)
    print(backend)
    """
    assert reaching_lines(source, 6, "backend") == [2]
    assert reaching_lines(source, 7, "backend") == [2, 4]


def test_finally_sees_every_path():
    source = """\
    backend = AerSimulator()
    try:
        backend = service.backend("ibm_kyiv")
        backend = FakeManilaV2()
    except Exception:
        backend = None
    finally:
        print(backend)
    """
    assert reaching_lines(source, 8, "backend") == [1, 3, 4, 6]


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs Python 3.10")
def test_match_cases_join_and_an_unmatched_subject_keeps_what_reached():
    source = """\
    backend = AerSimulator()
    match mode:
        case "hardware":
            backend = service.backend("ibm_kyiv")
        case "fake":
            backend = FakeManilaV2()
    print(backend)
    """
    assert reaching_lines(source, 7, "backend") == [1, 4, 6]


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs Python 3.10")
def test_match_with_a_wildcard_case_always_matches():
    source = """\
    backend = AerSimulator()
    match mode:
        case "hardware":
            backend = service.backend("ibm_kyiv")
        case _:
            backend = FakeManilaV2()
    print(backend)
    """
    assert reaching_lines(source, 7, "backend") == [4, 6]


# --- loops -------------------------------------------------------------------


def test_the_end_of_a_loop_body_feeds_its_start():
    source = """\
    backend = AerSimulator()
    for name in names:
        backend.run(qc)
        backend = service.backend(name)
    backend.run(qc)
    """
    assert reaching_lines(source, 3, "backend") == [1, 4]
    # After the loop: zero iterations, or the last one.
    assert reaching_lines(source, 5, "backend") == [1, 4]


def test_a_binding_just_before_the_read_in_a_loop_is_the_only_one():
    source = """\
    backend = service.backend("ibm_kyiv")
    while pending:
        backend = AerSimulator()
        backend.run(qc)
    """
    assert reaching_lines(source, 4, "backend") == [3]


def test_loop_variables_and_break_and_else():
    source = """\
    found = None
    for candidate in service.backends():
        if candidate.num_qubits > 5:
            found = candidate
            break
    else:
        found = AerSimulator()
    print(found, candidate)
    """
    assert reaching_lines(source, 4, "candidate") == [2]
    assert reaching_lines(source, 8, "found") == [4, 7]


def test_continue_feeds_the_loop_start():
    source = """\
    b = AerSimulator()
    while True:
        b.run(qc)
        if retry:
            b = service.backend("ibm_kyiv")
            continue
        b = FakeManilaV2()
    """
    assert reaching_lines(source, 3, "b") == [1, 5, 7]


# --- with, comprehensions, walrus --------------------------------------------


def test_with_binds_its_target():
    source = """\
    session = None
    with Session(backend=backend) as session:
        print(session)
    """
    assert reaching_lines(source, 3, "session") == [2]


def test_comprehension_targets_and_enclosing_names():
    source = """\
    backend = service.backend("ibm_kyiv")
    jobs = [backend.run(c) for c in circuits]
    backend = AerSimulator()
    """
    # A comprehension may run at any time (a generator): every binding of the enclosing name.
    assert reaching_lines(source, 2, "backend") == [1, 3]
    assert reaching_lines(source, 2, "c") == [2]


def test_walrus_binds_for_what_follows_it():
    source = """\
    backend = AerSimulator()
    if (backend := service.backend("ibm_kyiv")) is not None:
        backend.run(qc)
    """
    assert reaching_lines(source, 3, "backend") == [2]


# --- scopes ------------------------------------------------------------------


def test_a_function_reading_a_module_name_sees_every_module_binding():
    source = """\
    backend = service.backend("ibm_kyiv")

    def submit(qc):
        return backend.run(qc)

    backend = AerSimulator()
    """
    assert reaching_lines(source, 4, "backend") == [1, 6]
    assert reads_of_line(source, 1, "backend") == [4]


def test_a_function_binding_the_name_on_every_path_sees_only_its_own():
    source = """\
    backend = service.backend("ibm_kyiv")

    def local(qc):
        backend = AerSimulator()
        return backend.run(qc)

    def maybe_local(qc, flag):
        if flag:
            backend = AerSimulator()
        return backend.run(qc)
    """
    assert reaching_lines(source, 5, "backend") == [4]
    # Not bound on every path: the module's bindings count too.
    assert reaching_lines(source, 10, "backend") == [1, 9]


def test_lambda_reads_see_every_enclosing_binding():
    source = """\
    backend = AerSimulator()
    submit = lambda qc: backend.run(qc)
    backend = service.backend("ibm_kyiv")
    """
    assert reaching_lines(source, 2, "backend") == [1, 3]
    assert reaching_lines(source, 2, "qc") == [2]


def test_global_bindings_made_in_a_function_reach_module_reads():
    source = """\
    hardware = None

    def connect(name):
        global hardware
        hardware = service.backend(name)

    hardware = None
    hardware.run(qc)
    """
    assert reaching_lines(source, 8, "hardware") == [5, 7]


def test_parameters_are_bindings_of_the_function():
    source = """\
    def submit(backend, qc):
        return backend.run(qc)
    """
    tree, model = model_of(source)
    (binding,) = model.reaching(read_at(tree, 2, "backend"))
    assert binding.kind == "param" and isinstance(binding.node, ast.arg)
    assert [n.lineno for n in model.reads_of(binding)] == [2]


def test_class_bodies_run_in_place():
    source = """\
    backend = AerSimulator()

    class Runner:
        default = backend
        backend = service.backend("ibm_kyiv")
        again = backend
    """
    assert reaching_lines(source, 4, "backend") == [1]
    assert reaching_lines(source, 6, "backend") == [5]


def test_self_attributes_see_every_binding_in_the_class():
    source = """\
    class Runner:
        def __init__(self, service):
            self.backend = service.backend("ibm_kyiv")

        def use_simulator(self):
            self.backend = AerSimulator()

        def submit(self, qc):
            return self.backend.run(qc)
    """
    tree, model = model_of(source)
    runner = model.class_scopes["Runner"]
    assert sorted(b.node.lineno for b in runner.attrs["backend"]) == [3, 6]
    assert [b.node.lineno for b in model.reaching(read_at(tree, 3, "service"))] == [2]


def test_bindings_carry_their_defining_node():
    source = """\
    from qiskit_ibm_runtime import QiskitRuntimeService
    import os
    service = QiskitRuntimeService()
    for backend in service.backends():
        pass
    """
    tree, model = model_of(source)
    (imported,) = model.reaching(read_at(tree, 3, "QiskitRuntimeService"))
    assert imported.kind == "qual" and imported.node is tree.body[0]
    (service,) = model.reaching(read_at(tree, 4, "service"))
    assert service.kind == "value" and service.node is tree.body[2].targets[0]
    assert model.bindings_at(tree.body[2].targets[0]) == [service]
    assert model.scope_of(read_at(tree, 4, "service")) is model.module


def test_a_checker_model_answers_through_the_complete_model():
    source = "backend = AerSimulator()\nbackend.run(qc)\nprint(backend)\n"
    tree = ast.parse(source)
    hot_only = ModelBuilder([2]).build(tree)
    (binding,) = hot_only.reaching(read_at(tree, 3, "backend"))
    assert binding.node is tree.body[0].targets[0]
    assert [n.lineno for n in hot_only.reads_of(binding)] == [2, 3]
