"""Two findings of one code on one line are reported once."""
from qiskit import IBMQ; from qiskit_ibm_provider import IBMProvider  # expect: QM001
IBMQ.load_account(); IBMQ.get_provider(hub="ibm-q")  # expect: QM005
provider = IBMProvider(); other = IBMProvider()  # expect: QM005
backend = provider.get_backend("ibm_kyiv"); backend.run(first); backend.run(second)  # expect: QM005 QM002
execute_both = [backend.run(c) for c in circuits] + [backend.run(c) for c in more]  # expect: QM002
SIMS = "ibmq_qasm_simulator"; OTHER = "simulator_mps"  # expect: QM008
