"""Every IBMQ method is a provider-era account or lookup call (QM005), qiskit < 0.11 ones included."""
from qiskit import IBMQ  # expect: QM001

IBMQ.save_account("MY_TOKEN", overwrite=True)  # expect: QM005
IBMQ.enable_account("MY_TOKEN")  # expect: QM005
IBMQ.load_account()  # expect: QM005
IBMQ.get_provider(hub="ibm-q", group="open", project="main")  # expect: QM005
IBMQ.providers()  # expect: QM005
IBMQ.active_account()  # expect: QM005
IBMQ.stored_account()  # expect: QM005
IBMQ.update_account()  # expect: QM005
IBMQ.disable_account()  # expect: QM005
IBMQ.delete_account()  # expect: QM005

# qiskit < 0.11: IBMQ was itself the provider.
IBMQ.load_accounts()  # expect: QM005
IBMQ.stored_accounts()  # expect: QM005
IBMQ.active_accounts()  # expect: QM005
print(IBMQ.available_backends())  # expect: QM005
device = IBMQ.get_backend("ibmqx4")  # expect: QM005
for backend in IBMQ.backends(simulator=False):  # expect: QM005
    backend.run(circuit)  # expect: QM002
device.run(circuit)  # expect: QM002
