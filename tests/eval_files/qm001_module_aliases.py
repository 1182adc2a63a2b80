"""The qiskit package and the IBMQ module under other names."""
import qiskit as q
import qiskit.providers.ibmq as ibmq_module  # expect: QM001
from qiskit.providers import ibmq  # expect: QM001

q.IBMQ.load_account()  # expect: QM001 QM005
hub = ibmq.IBMQ.get_provider(hub="ibm-q")  # expect: QM005
chosen = ibmq_module.least_busy(hub.backends())  # expect: QM005
job = q.execute(q.transpile(circuit, chosen), chosen)  # expect: QM002
print(q.QuantumCircuit(1), q.providers.JobStatus.DONE)
