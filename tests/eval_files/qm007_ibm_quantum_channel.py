"""channel="ibm_quantum" was removed in runtime 0.41."""
import os

from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService(channel="ibm_quantum")  # expect: QM007
QiskitRuntimeService.save_account(channel="ibm_quantum", token="MY_TOKEN", overwrite=True)  # expect: QM007
service = QiskitRuntimeService(
    token=os.environ["IBM_QUANTUM_TOKEN"],
    channel="ibm_quantum",  # expect: QM007
    instance="ibm-q/open/main",
)
service = QiskitRuntimeService(channel='ibm_quantum', instance="ibm-q/open/main")  # expect: QM007
channel = "ibm_quantum"  # expect: QM007
channel: str = "ibm_quantum"  # expect: QM007


def connect(token, channel="ibm_quantum"):  # expect: QM007
    return QiskitRuntimeService(channel=channel, token=token)


def connect_keyword_only(*, channel="ibm_quantum", instance=None):  # expect: QM007
    return QiskitRuntimeService(channel=channel, instance=instance)


def connect_multiline(
    token,
    channel="ibm_quantum",  # expect: QM007
):
    return QiskitRuntimeService(channel=channel, token=token)


# Current channels, other names and other positions are fine.
QiskitRuntimeService(channel="ibm_quantum_platform")
QiskitRuntimeService(channel="ibm_cloud")
channel = "ibm_quantum_platform"
default_channel = "ibm_quantum"
if channel == "ibm_quantum":
    print("classic platform")
selected = os.environ.get("QISKIT_IBM_CHANNEL", "ibm_quantum")
settings = {"channel": "ibm_quantum"}


def connect_other(platform="ibm_quantum"):
    """Call QiskitRuntimeService(channel="ibm_quantum") no more."""
    return platform
