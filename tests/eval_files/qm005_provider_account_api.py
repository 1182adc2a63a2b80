"""qiskit-ibm-provider account and lookup calls."""
from qiskit_ibm_provider import IBMProvider  # expect: QM001

IBMProvider.save_account(token="MY_TOKEN", overwrite=True)  # expect: QM005
print(IBMProvider.saved_accounts())  # expect: QM005
IBMProvider.delete_account(name="old-account")  # expect: QM005
ibm = IBMProvider(instance="ibm-q/open/main")  # expect: QM005
kyiv = ibm.get_backend("ibm_kyiv")  # expect: QM005
available = ibm.backends(min_num_qubits=5, simulator=False)  # expect: QM005
recent = ibm.jobs(limit=10)  # expect: QM005
old_job = ibm.retrieve_job("cq8x2vz")  # expect: QM005
counts = ibm.retrieve_job("cq8x2vz").result().get_counts()  # expect: QM005
IBMProvider().get_backend("ibm_kyiv").run(circuit)  # expect: QM005 QM002
explicit = IBMProvider(  # expect: QM005
    token="MY_TOKEN",
    instance="ibm-q/open/main",
)
kyiv.run(circuit)  # expect: QM002
print(kyiv.name, kyiv.num_qubits, kyiv.status())
