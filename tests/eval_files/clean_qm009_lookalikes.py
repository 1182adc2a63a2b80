"""V2 primitives, reference primitives and other `.run` / `.values` look-alikes: nothing here is V1."""
import pandas as pd
from qiskit import QuantumCircuit
from qiskit.primitives import Estimator as ReferenceEstimator
from qiskit.primitives import Sampler as ReferenceSampler
from qiskit.transpiler import generate_preset_pass_manager
from qiskit_ibm_runtime import EstimatorOptions, EstimatorV2, QiskitRuntimeService, SamplerOptions, SamplerV2
from qiskit_ibm_runtime import Estimator, Sampler

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")
qc = QuantumCircuit(2)
qc.measure_all()
isa = generate_preset_pass_manager(optimization_level=1, backend=backend).run(qc)

sampler = Sampler(mode=backend, options=SamplerOptions(default_shots=1000))
result = sampler.run([isa]).result()
counts = result[0].data.meas.get_counts()
pubs = [(isa, None)]
sampler.run(pubs, shots=100)
circuits = [isa, isa]
sampler.run(circuits)
sampler.run((isa,))
sampler.run([isa for _ in range(3)])

estimator = Estimator(mode=backend, options={"resilience_level": 2})
estimator.options.resilience_level = 1
estimator.run([(isa, "ZZ")]).result()[0].data.evs
EstimatorV2(mode=backend, options=EstimatorOptions(resilience_level=1)).run([(isa, "ZZ")])
SamplerV2(mode=backend).run([isa])

# qiskit.primitives reference primitives still take circuits (until Qiskit 2.0, locally).
reference = ReferenceSampler()
reference.run(qc).result().quasi_dists
ReferenceEstimator().run(qc, "ZZ").result().values

# A dict's values(), a DataFrame's values, and primitives handed in as parameters.
totals = {"0": 10, "1": 5}
print(sum(totals.values()))
frame = pd.DataFrame(totals, index=[0])
print(frame.values)


def run_on(sampler, circuit):
    return sampler.run(circuit).result().quasi_dists
