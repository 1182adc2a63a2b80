"""qiskit.providers.ibmq reached through `import qiskit` anywhere an expression can sit."""
import qiskit


class RetryingBackend(qiskit.providers.ibmq.IBMQBackend):  # expect: QM001
    pass


def submit(job):
    try:
        return job.result()
    except qiskit.providers.ibmq.IBMQError:  # expect: QM001
        return None


def configure(*, backend: qiskit.providers.ibmq.IBMQBackend = None, retries=3):  # expect: QM001
    return backend, retries


def make_loader(load=qiskit.IBMQ.load_account):  # expect: QM001
    return load
