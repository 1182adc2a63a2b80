# qiskit-migrate fix
# Qiskit < 0.11: IBMQ itself was the provider, reached as qiskit.IBMQ.
import qiskit
from qiskit_ibm_runtime import QiskitRuntimeService

print(QiskitRuntimeService().backends())
backend = QiskitRuntimeService().backend("ibmqx4")
# remaining: none
