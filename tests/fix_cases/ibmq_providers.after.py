# qiskit-migrate fix --unsafe-fixes
# IBMQ.providers() listed one provider per hub/group/project of the account.
from qiskit_ibm_runtime import QiskitRuntimeService

provider = QiskitRuntimeService()
backend = provider.backend("ibm_kyiv")
# remaining: none
# safe fix leaves: QM001 QM005
