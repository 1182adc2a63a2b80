"""Other vendors' providers in a provider-era module are never IBM's, their lookups included."""
from qiskit import IBMQ, execute  # expect: QM001
from qiskit.providers.aqt import AQT
from qiskit.providers.honeywell import Honeywell
from qiskit_aqt_provider import AQTProvider
from qiskit_braket_provider import BraketProvider
from qiskit_ionq import IonQProvider
from qiskit_iqm import IQMProvider
from qiskit_quantinuum import Quantinuum
from qiskit_superstaq import SuperstaqProvider
from azure.quantum.qiskit import AzureQuantumProvider

IBMQ.load_account()  # expect: QM005
aqt_backend = AQT.get_backend("aqt_qasm_simulator")
execute(circuit, aqt_backend)
backend = Honeywell.get_backend("HQS-LT-S1-APIVAL")
backend.run(circuit)
print(backend.name())
provider = AQTProvider("token")
device = provider.get_backend("offline_simulator_no_noise")
device.run(circuit)
for machine in BraketProvider().backends():
    machine.run(circuit)
IonQProvider().get_backend("ionq_simulator").run(circuit)
IQMProvider("https://cocos.example").get_backend().run(circuit)
Quantinuum.get_backend("H1-1E").run(circuit)
SuperstaqProvider().get_backend("cq_sqorpius_simulator").run(circuit)
AzureQuantumProvider(resource_id="x").get_backend("ionq.simulator").run(circuit)
