"""IBMQ-era backends with names the heuristic would not guess: provenance decides."""
from qiskit import IBMQ, transpile  # expect: QM001
from qiskit.providers.ibmq import least_busy  # expect: QM001

account = IBMQ.load_account()  # expect: QM005
open_hub = IBMQ.get_provider(hub="ibm-q", group="open", project="main")  # expect: QM005
lima = open_hub.get_backend("ibmq_lima")  # expect: QM005
quito = account.get_backend("ibmq_quito")  # expect: QM005
cheapest = least_busy(open_hub.backends(simulator=False, operational=True))  # expect: QM005

lima.run(transpile(circuit, lima), shots=4000)  # expect: QM002
quito.run(circuit)  # expect: QM002
cheapest.run(circuit)  # expect: QM002
for candidate in open_hub.backends(n_qubits=5):  # expect: QM005
    candidate.run(circuit)  # expect: QM002
first = open_hub.backends()[0]  # expect: QM005
first.run(circuit)  # expect: QM002
for hub in IBMQ.providers():  # expect: QM005
    hub.get_backend("ibmq_manila").run(circuit)  # expect: QM005 QM002
# The IBMQ provider's backend namespace: provider.backend.<name>.
manila = open_hub.backend.ibmq_manila
manila.run(circuit)  # expect: QM002
