# qiskit-migrate fix --unsafe-fixes
# IBMQ.providers() listed one provider per hub/group/project of the account.
from qiskit import IBMQ

IBMQ.load_account()
provider = IBMQ.providers()[0]
backend = provider.get_backend("ibm_kyiv")
