# qiskit-migrate fix
from qiskit import IBMQ

if IBMQ.active_account() is None:
    IBMQ.load_account()
provider = IBMQ.get_provider()
print(provider.backends())
