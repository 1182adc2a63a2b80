"""Objects called `service` that are not shown to be a QiskitRuntimeService."""
from qiskit_ibm_runtime import SamplerV2 as Sampler

from inventory import Service

service = Service()
device = service.backend("lab-rig")
device.run(circuit)
service.get_backend("lab-rig")


def submit(service, circuit):
    target = service.backend("ibm_kyiv")
    return Sampler(mode=target).run([circuit]), target.run(circuit)
