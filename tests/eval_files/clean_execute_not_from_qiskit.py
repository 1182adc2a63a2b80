"""A project's own execute() helper is not qiskit.execute()."""
from qiskit_ibm_runtime import QiskitRuntimeService, SamplerV2 as Sampler


def execute(circuits, backend, shots=1024):
    return Sampler(mode=backend).run(circuits, shots=shots)


backend = QiskitRuntimeService().backend("ibm_kyiv")
job = execute([circuit], backend)
print(job.result()[0].data.meas.get_counts())
