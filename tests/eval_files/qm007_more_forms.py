"""channel="ibm_quantum" as a lambda default and a class attribute named channel."""
from qiskit_ibm_runtime import QiskitRuntimeService

make_service = lambda channel="ibm_quantum": QiskitRuntimeService(channel=channel)  # expect: QM007


class AccountConfig:
    channel = "ibm_quantum"  # expect: QM007
    instance = "ibm-q/open/main"

    def service(self):
        return QiskitRuntimeService(channel=self.channel, instance=self.instance)


account_options = dict(channel="ibm_quantum", token="MY_TOKEN")  # expect: QM007
