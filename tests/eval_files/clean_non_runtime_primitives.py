"""backend= is fine on primitives that do not come from qiskit_ibm_runtime."""
from qiskit.primitives import BackendEstimatorV2, BackendSamplerV2 as Sampler, StatevectorSampler
from qiskit_aer import AerSimulator
from qiskit_aer.primitives import SamplerV2 as AerSampler
from qiskit_ibm_runtime import QiskitRuntimeService

backend = AerSimulator()
Sampler(backend=backend).run([circuit])
BackendEstimatorV2(backend=backend).run([(circuit, observable)])
StatevectorSampler().run([circuit])
AerSampler(options={"backend_options": {"method": "statevector"}}).run([circuit])
service = QiskitRuntimeService(channel="ibm_quantum_platform")


class Estimator:
    def __init__(self, backend=None, session=None):
        self.backend = backend
        self.session = session


Estimator(backend=backend, session=None)
