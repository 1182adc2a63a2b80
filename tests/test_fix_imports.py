"""Imports a fix adds go where they are needed, and imports it drops are really unused.

Before/after cases: each legacy module is fixed and compared with the module a careful
person would write. The rules (fix/imports.py):
- a new import comes before the first line that uses it: with the module's imports when they
  come first, at the top (after the docstring and ``__future__`` imports) when the module's
  imports come late, in a notebook in the cell that needs it (or the nearest cell before);
- it never shadows: a name a star import may bring in, or one imported only under
  ``if TYPE_CHECKING:``, is imported under another name;
- an existing import is reused only where it runs at import time (not under
  ``if TYPE_CHECKING:``, not inside a function);
- an import is dropped only when no use is left: string annotations, ``# type:`` comments
  and ``__all__`` are uses; a package ``__init__.py`` keeps what it re-exports.
"""

from __future__ import annotations

import json
import textwrap

from flake8_qiskit_migrate.fix import engine
from flake8_qiskit_migrate.fix.engine import fix_text


def fix(source: str) -> str:
    return fix_text(textwrap.dedent(source)).text


def dedent(source: str) -> str:
    return textwrap.dedent(source)


# --- where new imports go ----------------------------------------------------------------------


def test_imports_that_come_late_get_the_new_imports_at_the_top_after_docstring_and_future():
    legacy = '''\
        """Submit a circuit."""
        from __future__ import annotations


        def submit(qc):
            provider = IBMProvider()
            backend = provider.get_backend("ibm_kyiv")
            return backend.run(transpile(qc, backend), shots=100).result().get_counts()


        if __name__ == "__main__":
            print(submit(QuantumCircuit(1, 1)))

        from qiskit import QuantumCircuit, transpile
        from qiskit_ibm_provider import IBMProvider
    '''
    assert fix(legacy) == dedent('''\
        """Submit a circuit."""
        from __future__ import annotations
        from qiskit_ibm_runtime import QiskitRuntimeService
        from qiskit_ibm_runtime.executor_sampler import Sampler


        def submit(qc):
            provider = QiskitRuntimeService()
            backend = provider.backend("ibm_kyiv")
            return Sampler(mode=backend).run([transpile(qc, backend)], shots=100).result()[0].join_data().get_counts()


        if __name__ == "__main__":
            print(submit(QuantumCircuit(1, 1)))

        from qiskit import QuantumCircuit, transpile
    ''')


def test_new_imports_join_the_modules_imports_when_they_come_first():
    legacy = '''\
        import os

        from qiskit import QuantumCircuit, transpile
        from qiskit_ibm_runtime import QiskitRuntimeService

        service = QiskitRuntimeService()
        backend = service.backend("ibm_kyiv")
        qc = QuantumCircuit(1, 1)
        counts = backend.run(transpile(qc, backend), shots=100).result().get_counts()
    '''
    assert fix(legacy) == dedent('''\
        import os

        from qiskit import QuantumCircuit, transpile
        from qiskit_ibm_runtime import QiskitRuntimeService
        from qiskit_ibm_runtime.executor_sampler import Sampler

        service = QiskitRuntimeService()
        backend = service.backend("ibm_kyiv")
        qc = QuantumCircuit(1, 1)
        counts = Sampler(mode=backend).run([transpile(qc, backend)], shots=100).result()[0].join_data().get_counts()
    ''')


def test_an_import_after_the_first_use_is_not_merged_into():
    """``from qiskit_ibm_runtime import ...`` exists, but only below the code that needs the
    new name: the new name gets its own import above the use."""
    legacy = '''\
        from qiskit_ibm_provider import IBMProvider
        provider = IBMProvider()
        backend = provider.get_backend("ibm_kyiv")
        counts = backend.run(qc, shots=100).result().get_counts()
        from qiskit import QuantumCircuit
        qc = QuantumCircuit(1, 1)
        from qiskit_ibm_runtime import Session
    '''
    fixed = fix(legacy)
    first_use = fixed.index("QiskitRuntimeService()")
    assert fixed.index("import QiskitRuntimeService") < first_use
    assert "from qiskit_ibm_runtime import Session\n" in fixed  # not merged into, below the use


def _notebook(*cells: str) -> str:
    return json.dumps({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": cell}
                  for cell in cells]}, indent=1)


def _fixed_cells(notebook: str) -> list:
    from flake8_qiskit_migrate.notebooks import fix_notebook_text

    fixed = fix_notebook_text(notebook, lambda text: fix_text(text).text)
    return ["".join(cell["source"]) for cell in json.loads(fixed.new_text)["cells"]]


def test_in_a_notebook_the_import_goes_into_the_cell_that_needs_it_not_a_later_one():
    cells = _fixed_cells(_notebook(
        "import os\n",
        "from qiskit import QuantumCircuit, transpile\nqc = QuantumCircuit(1, 1)\n",
        "from qiskit_ibm_runtime import QiskitRuntimeService\nservice = QiskitRuntimeService()\n"
        "backend = service.backend('ibm_kyiv')\n"
        "counts = backend.run(transpile(qc, backend), shots=100).result().get_counts()\n",
        "import numpy\n"))
    assert cells[0] == "import os\n"
    assert cells[1] == "from qiskit import QuantumCircuit, transpile\nqc = QuantumCircuit(1, 1)\n"
    assert cells[2].startswith("from qiskit_ibm_runtime import QiskitRuntimeService\n"
                               "from qiskit_ibm_runtime.executor_sampler import Sampler\n")
    assert cells[3] == "import numpy\n"


def test_in_a_notebook_whose_imports_come_late_the_imports_go_into_the_first_code_cell():
    cells = _fixed_cells(_notebook(
        "def submit(backend, circuit: 'QuantumCircuit'):\n"
        "    return backend.run(circuit, shots=100).result().get_counts()\n",
        "from qiskit import QuantumCircuit\nfrom qiskit_ibm_provider import IBMProvider\n"
        "backend = IBMProvider().get_backend('ibm_kyiv')\n",
        "print(submit(backend, QuantumCircuit(1, 1)))\n"))
    assert cells[0] == ("from qiskit import transpile\n"
                        "from qiskit_ibm_runtime.executor_sampler import Sampler\n"
                        "def submit(backend, circuit: 'QuantumCircuit'):\n"
                        "    return Sampler(mode=backend).run([transpile(circuit, backend)], shots=100)"
                        ".result()[0].join_data().get_counts()\n")
    assert cells[1] == ("from qiskit import QuantumCircuit\nfrom qiskit_ibm_runtime import QiskitRuntimeService\n"
                        "backend = QiskitRuntimeService().backend('ibm_kyiv')\n")


def test_a_star_import_from_qiskit_stays_and_is_fixed_once_no_ibmq_use_is_left():
    """`from qiskit import *` is flagged for the IBMQ it brought in before Qiskit 1.0; with
    IBMQ's uses fixed it is right as it is (QuantumCircuit still comes from it)."""
    legacy = dedent('''\
        from qiskit import *
        provider = IBMQ.enable_account("TOKEN")
        backend = provider.get_backend("ibm_kyiv")
        qc = QuantumCircuit(1, 1)
    ''')
    outcome = fix_text(legacy, unsafe_fixes=True)
    assert outcome.text == dedent('''\
        from qiskit import *
        from qiskit_ibm_runtime import QiskitRuntimeService
        provider = QiskitRuntimeService(token="TOKEN")
        backend = provider.backend("ibm_kyiv")
        qc = QuantumCircuit(1, 1)
    ''')
    assert outcome.remaining == [] and {f.code for f in outcome.kinds} == {"QM001", "QM005"}


def test_a_star_import_from_qiskit_stays_flagged_while_ibmq_is_still_used():
    legacy = dedent('''\
        from qiskit import *
        IBMQ.load_account()
        IBMQ.update_account()
    ''')
    outcome = fix_text(legacy, unsafe_fixes=True)
    assert outcome.text == "from qiskit import *\nIBMQ.update_account()\n"  # no runtime twin
    assert [(f.line, f.code) for f in outcome.remaining if f.code == "QM001"] == [(1, "QM001")]


# --- never shadowing, never reusing what does not run --------------------------------------------


def test_the_new_sampler_does_not_shadow_the_sampler_a_star_import_brings_in():
    legacy = '''\
        from qiskit import QuantumCircuit, transpile
        from qiskit.primitives import *
        from qiskit_ibm_runtime import QiskitRuntimeService
        qc = QuantumCircuit(1, 1)
        backend = QiskitRuntimeService().backend("ibm_kyiv")
        counts = backend.run(transpile(qc, backend), shots=100).result().get_counts()
        local = Sampler().run([qc]).result()
    '''
    fixed = fix(legacy)
    assert "from qiskit_ibm_runtime.executor_sampler import Sampler as RuntimeSampler\n" in fixed
    assert "counts = RuntimeSampler(mode=backend).run(" in fixed
    assert "local = Sampler().run([qc]).result()" in fixed


def test_a_name_imported_only_for_type_checking_is_not_reused_at_run_time():
    legacy = '''\
        from typing import TYPE_CHECKING
        from qiskit_ibm_provider import IBMProvider
        if TYPE_CHECKING:
            from qiskit_ibm_runtime import QiskitRuntimeService
        provider = IBMProvider()
    '''
    fixed = fix(legacy)
    # a runtime binding of its own (another name: the same name again would be a redefinition)
    assert "from qiskit_ibm_runtime import QiskitRuntimeService as RuntimeQiskitRuntimeService\n" in fixed
    assert "provider = RuntimeQiskitRuntimeService()" in fixed
    namespace: dict = {}
    exec(compile("TYPE_CHECKING = False\n" + fixed.split("\n", 1)[1].replace(
        "from qiskit_ibm_runtime import QiskitRuntimeService as RuntimeQiskitRuntimeService",
        "RuntimeQiskitRuntimeService = lambda: 'service'"), "fixed", "exec"), namespace)
    assert namespace["provider"] == "service"


def test_a_name_imported_inside_a_function_is_not_reused_at_module_level():
    legacy = '''\
        from qiskit_ibm_provider import IBMProvider
        def helper():
            from qiskit_ibm_runtime import QiskitRuntimeService
            return QiskitRuntimeService
        provider = IBMProvider()
    '''
    fixed = fix(legacy)
    assert fixed.startswith("from qiskit_ibm_runtime import QiskitRuntimeService\n")
    assert "provider = QiskitRuntimeService()" in fixed


# --- uses that are not names in code --------------------------------------------------------------


def test_a_string_annotation_is_a_use_and_is_renamed_with_the_import():
    legacy = '''\
        from typing import Optional
        from qiskit_ibm_provider import IBMProvider
        def connect(provider: Optional["IBMProvider"] = None) -> "IBMProvider":
            return provider or IBMProvider()
    '''
    assert fix(legacy) == dedent('''\
        from typing import Optional
        from qiskit_ibm_runtime import QiskitRuntimeService
        def connect(provider: Optional["QiskitRuntimeService"] = None) -> "QiskitRuntimeService":
            return provider or QiskitRuntimeService()
    ''')


def test_a_module_imported_for_string_annotations_under_type_checking_is_kept():
    legacy = '''\
        from typing import TYPE_CHECKING
        from qiskit_ibm_provider import IBMProvider
        if TYPE_CHECKING:
            from qiskit_ibm_provider import ibm_backend
        def describe(backend: "ibm_backend.IBMBackend") -> str:
            return backend.name
        provider = IBMProvider()
    '''
    fixed = fix(legacy)
    assert "    from qiskit_ibm_provider import ibm_backend\n" in fixed
    assert 'def describe(backend: "ibm_backend.IBMBackend") -> str:' in fixed


def test_a_name_in_a_type_comment_keeps_its_import():
    legacy = '''\
        from qiskit_ibm_provider import IBMProvider
        provider = IBMProvider()
        other = None  # type: IBMProvider
    '''
    fixed = fix(legacy)
    assert "from qiskit_ibm_provider import IBMProvider\n" in fixed
    assert "provider = QiskitRuntimeService()" in fixed


def test_a_name_listed_in_dunder_all_is_never_dropped():
    legacy = '''\
        from qiskit_ibm_provider import IBMProvider
        __all__ = ["IBMProvider"]
        provider = IBMProvider()
    '''
    fixed = fix(legacy)
    assert "from qiskit_ibm_provider import IBMProvider\n" in fixed
    assert '__all__ = ["IBMProvider"]' in fixed


def test_a_package_init_keeps_the_deprecated_names_it_re_exports(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    init = package / "__init__.py"
    init.write_text("from qiskit_ibm_provider import IBMProvider, least_busy\n")
    script = tmp_path / "script.py"
    script.write_text("from qiskit_ibm_provider import IBMProvider, least_busy\n")
    engine.run_fix([str(tmp_path)], engine.DEFAULT_OPTIONS, engine.ALL_CODES, diff_only=False)
    assert init.read_text() == "from qiskit_ibm_provider import IBMProvider, least_busy\n"
    assert "qiskit_ibm_provider" not in script.read_text()  # a script's unused imports go


def test_an_unused_name_of_a_commented_multi_line_import_goes_line_by_line():
    legacy = '''\
        from qiskit import (  # the circuit API
            QuantumCircuit,
            execute,
            transpile,
        )
        from qiskit_ibm_runtime import QiskitRuntimeService
        backend = QiskitRuntimeService().backend("ibm_kyiv")
        qc = QuantumCircuit(1, 1)
        counts = execute(qc, backend, shots=100).result().get_counts()
    '''
    fixed = fix(legacy)
    assert fixed.startswith(dedent('''\
        from qiskit import (  # the circuit API
            QuantumCircuit,
            transpile,
        )
    '''))
    assert "execute" not in fixed


def test_a_deprecated_import_written_twice_is_moved_once():
    legacy = '''\
        from qiskit.providers.ibmq import IBMQBackend
        import os
        from qiskit.providers.ibmq import IBMQBackend
        def describe(backend: IBMQBackend) -> str:
            return os.fspath(backend.name)
    '''
    assert fix(legacy) == dedent('''\
        from qiskit_ibm_runtime import IBMBackend
        import os
        def describe(backend: IBMBackend) -> str:
            return os.fspath(backend.name)
    ''')


def test_a_name_also_bound_by_another_import_is_not_renamed_behind_its_back():
    legacy = '''\
        from qiskit.providers.ibmq.ibmqbackend import IBMQBackend
        from .ibmqbackend import IBMQBackend
        def describe(backend: IBMQBackend) -> str:
            return backend.name
    '''
    fixed = fix(legacy)
    assert "def describe(backend: IBMQBackend) -> str:" in fixed
    assert "from .ibmqbackend import IBMQBackend\n" in fixed
