# qiskit-migrate fix
# least_busy(IBMQ.backends(...)) never becomes IBMQ.least_busy(...), which never existed.
from qiskit import IBMQ
from qiskit.providers.ibmq import least_busy

IBMQ.load_account()
backend = least_busy(IBMQ.backends(simulator=False, operational=True))
print(backend)
