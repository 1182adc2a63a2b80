"""qiskit.execute() with IBM and with local backends."""
import qiskit
from qiskit import IBMQ, Aer, execute  # expect: QM001
from qiskit import execute as qiskit_execute
from qiskit_aer import AerSimulator

provider = IBMQ.load_account()  # expect: QM005
lima = provider.get_backend("ibmq_lima")  # expect: QM005
simulator = Aer.get_backend("qasm_simulator")

execute(circuit, lima)  # expect: QM002
execute(circuit, lima, shots=8192, optimization_level=3)  # expect: QM002
execute([circuit, circuit], backend=lima)  # expect: QM002
qiskit.execute(circuit, lima)  # expect: QM002
qiskit_execute(circuit, lima)  # expect: QM002
execute(circuit, provider.get_backend("ibmq_quito"))  # expect: QM002 QM005
job = execute(  # expect: QM002
    circuit,
    lima,
    shots=1024,
)

execute(circuit, simulator)
execute(circuit, Aer.get_backend("qasm_simulator"), shots=100)
execute(circuit, backend=AerSimulator())
execute(circuit, simulator, shots=100).result().get_counts()
cursor.execute("SELECT name FROM backends")
database.execute(circuit, lima)
