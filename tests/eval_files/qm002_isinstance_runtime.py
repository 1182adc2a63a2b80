"""isinstance() narrows a name inside the if and its else (runtime-only module)."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import IBMBackend, QiskitRuntimeService, SamplerV2 as Sampler


def submit(target, circuit):
    if isinstance(target, IBMBackend):
        return target.run(circuit)  # expect: QM002
    else:
        return target.run(circuit)


def submit_hardware_through_sampler(target, circuit):
    if isinstance(target, IBMBackend):
        return Sampler(mode=target).run([circuit])
    return target.run(circuit)


device = QiskitRuntimeService().backend("ibm_kyiv")
if isinstance(device, AerSimulator):
    device.run(circuit)
