"""IBMQ account management as in the qiskit-ibmq-provider tutorials."""
from qiskit import IBMQ  # expect: QM001

IBMQ.save_account("MY_TOKEN", overwrite=True)  # expect: QM005
IBMQ.enable_account("MY_TOKEN")  # expect: QM005
IBMQ.disable_account()  # expect: QM005
IBMQ.load_account()  # expect: QM005
IBMQ.delete_account()  # expect: QM005
print(IBMQ.active_account(), IBMQ.stored_account())  # expect: QM005
ibmq_hub = IBMQ.get_provider(hub="ibm-q", group="open", project="main")  # expect: QM005
every_hub = IBMQ.providers()  # expect: QM005
for candidate in IBMQ.providers():  # expect: QM005
    print(candidate.backends())  # expect: QM005
lima = ibmq_hub.get_backend("ibmq_lima")  # expect: QM005
job = lima.run(circuit)  # expect: QM002
again = ibmq_hub.retrieve_job(job.job_id())  # expect: QM005
print(IBMQ.get_provider(hub="ibm-q").get_backend("ibmq_lima").status())  # expect: QM005
