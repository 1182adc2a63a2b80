# qiskit-migrate fix
# The provider's fix is unsafe (its hub is dropped), so without --unsafe-fixes it stays an
# IBMQ provider and its .backends() stays a finding too.
from qiskit import IBMQ
provider = IBMQ.get_provider(hub="ibm-q")
print(provider.backends(simulator=False))
# remaining: QM001 QM005
