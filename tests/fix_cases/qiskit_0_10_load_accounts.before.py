# qiskit-migrate fix
# Qiskit < 0.11: IBMQ itself was the provider, reached as qiskit.IBMQ.
import qiskit

qiskit.IBMQ.load_accounts()
print(qiskit.IBMQ.backends())
backend = qiskit.IBMQ.get_backend("ibmqx4")
