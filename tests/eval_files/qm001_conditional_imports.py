"""Library code that supports both the old and the new IBM stacks."""
try:
    from qiskit_ibm_runtime import QiskitRuntimeService
except ImportError:  # pragma: no cover - old environments
    from qiskit_ibm_provider import IBMProvider  # expect: QM001

try:
    from qiskit import IBMQ  # expect: QM001
except ImportError:
    IBMQ = None


def load_ibmq_account():
    if IBMQ is not None:
        IBMQ.load_account()  # expect: QM005


def load_legacy_provider(token):
    from qiskit_ibm_provider import IBMProvider  # expect: QM001

    return IBMProvider(token=token)  # expect: QM005


def monitor(job):
    import qiskit_ibm_provider.job  # expect: QM001

    qiskit_ibm_provider.job.job_monitor(job)


def connect(token):
    return QiskitRuntimeService(token=token)
