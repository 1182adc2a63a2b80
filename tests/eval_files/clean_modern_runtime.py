"""Current qiskit-ibm-runtime code: primitives with mode=, Batch, local testing mode."""
from qiskit import QuantumCircuit
from qiskit.quantum_info import SparsePauliOp
from qiskit.transpiler import generate_preset_pass_manager
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import Batch, EstimatorV2 as Estimator, QiskitRuntimeService, SamplerV2 as Sampler
from qiskit_ibm_runtime.fake_provider import FakeManilaV2


def bell():
    circuit = QuantumCircuit(2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure_all()
    return circuit


def run_locally():
    backend = FakeManilaV2()
    pm = generate_preset_pass_manager(backend=backend, optimization_level=1)
    isa = pm.run(bell())
    counts = backend.run(isa, shots=100).result().get_counts()
    sampler = Sampler(mode=backend)
    result = sampler.run([isa], shots=100).result()
    return counts, result[0].data.meas.get_counts()


def run_on_hardware(token):
    service = QiskitRuntimeService(channel="ibm_quantum_platform", token=token)
    backend = service.least_busy(operational=True, simulator=False)
    pm = generate_preset_pass_manager(backend=backend, optimization_level=1)
    isa = pm.run(bell())
    observable = SparsePauliOp("ZZ").apply_layout(isa.layout)
    with Batch(backend=backend) as batch:
        sampler = Sampler(mode=batch)
        estimator = Estimator(mode=batch)
        counts = sampler.run([isa]).result()[0].join_data().get_counts()
        value = estimator.run([(isa.remove_final_measurements(inplace=False), observable)]).result()[0].data.evs
    job = service.job(sampler.run([isa]).job_id())
    return counts, value, job.status()


simulator = AerSimulator()
print(simulator.run(bell(), shots=10).result().get_counts())
