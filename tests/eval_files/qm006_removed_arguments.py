"""Arguments removed from the runtime primitives and Session/Batch (0.30 / 0.34)."""
import qiskit_ibm_runtime as runtime
from qiskit_ibm_runtime import (
    Batch,
    Estimator,
    EstimatorV2,
    QiskitRuntimeService,
    Sampler,
    SamplerV2,
    Session,
)
from qiskit_ibm_runtime import SamplerV2 as RuntimeSampler

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")

Sampler(backend=backend)  # expect: QM006
Estimator(backend=backend, options={"resilience_level": 1})  # expect: QM006
SamplerV2(session=session)  # expect: QM006
EstimatorV2(session=session)  # expect: QM006
RuntimeSampler(backend=backend)  # expect: QM006
runtime.SamplerV2(backend=backend)  # expect: QM006
runtime.Estimator(session=session)  # expect: QM006
Sampler(mode="ibm_kyiv")  # expect: QM006
Estimator(mode=backend)
Sampler(mode=backend, options={"default_shots": 100})
session = Session(service=service, backend="ibm_kyiv")  # expect: QM004 QM006
session = Session(service, backend=backend)  # expect: QM004 QM006
batch = Batch(service=service, backend=backend)  # expect: QM006
batch = Batch(service, backend=backend)  # expect: QM006
batch = Batch(backend="ibm_kyiv")  # expect: QM006
Batch(backend=backend)
Batch(backend)
with Batch(backend=backend) as batch:
    estimator = Estimator(  # expect: QM006
        session=batch,
        options={"default_shots": 4000},
    )
    sampler = SamplerV2(mode=batch)
