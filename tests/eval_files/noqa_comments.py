"""# noqa silences a finding on its line, as for any flake8 plugin."""
from qiskit_ibm_provider import IBMProvider  # noqa
from qiskit import IBMQ  # noqa: QM001
provider = IBMProvider()  # noqa: QM005
backend = provider.get_backend("ibmq_qasm_simulator")  # noqa: QM005,QM008
backend.run(circuit)  # noqa:E501,QM002
backend.run(circuit)  # NOQA:QM002
backend.run(circuit)  # noqa: E501  # expect: QM002
other = provider.get_backend("ibmq_qasm_simulator")  # noqa: QM005  # expect: QM008
IBMQ.load_account()  # expect: QM005
