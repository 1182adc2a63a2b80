"""Aliases of the provider module and class."""
import qiskit_ibm_provider as qip  # expect: QM001
from qiskit_ibm_provider import IBMProvider as Provider  # expect: QM001

first = qip.IBMProvider()  # expect: QM005
second = Provider(instance="ibm-q/open/main")  # expect: QM005
first.get_backend("ibm_kyiv")  # expect: QM005
second.backends()  # expect: QM005
qip.IBMProvider.save_account(token="MY_TOKEN")  # expect: QM005
Provider.saved_accounts()  # expect: QM005
