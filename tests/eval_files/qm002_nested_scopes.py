"""Closures see their enclosing function; class bodies and comprehensions do not leak."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService()


def outer(circuits):
    hardware = service.backend("ibm_kyiv")

    def submit(circuit):
        return hardware.run(circuit)  # expect: QM002

    return [submit(c) for c in circuits]


class Settings:
    device = service.backend("ibm_brisbane")

    def submit(self, circuit):
        # ``device`` here is not the class attribute: class scope does not reach methods.
        return device.run(circuit)


device = AerSimulator()
remote = service.backend("ibm_fez")
local_jobs = [remote.run(c) for remote in [AerSimulator(), AerSimulator()]]
remote_job = remote.run(circuit)  # expect: QM002


def lookup(service, name):
    # The parameter shadows the module's QiskitRuntimeService and carries no evidence.
    return service.get_backend(name)


async def submit_async(circuit):
    chosen = service.backend("ibm_torino")
    return chosen.run(circuit)  # expect: QM002
