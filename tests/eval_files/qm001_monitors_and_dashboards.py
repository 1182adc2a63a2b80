"""The provider-era monitors and IBMQ dashboards, removed with Qiskit 1.0 (no runtime counterpart)."""
import qiskit.tools.jupyter  # expect: QM001
from qiskit.tools.monitor import job_monitor, backend_overview  # expect: QM001
from qiskit.tools.monitor import backend_monitor  # expect: QM001
from qiskit.tools import job_monitor as watch  # expect: QM001
from qiskit.tools.jupyter import *  # expect: QM001
from qiskit.wrapper.jupyter import *  # expect: QM001
from qiskit.tools.visualization import plot_histogram
from qiskit.tools import parallel_map
from qiskit_aer import AerSimulator

simulator = AerSimulator()
job = simulator.run(circuit)
job_monitor(job)
watch(job)
backend_overview()
plot_histogram(job.result().get_counts())


def submit(backend, circuit):
    # The monitors alone do not make this provider-era code: no name heuristic (SPEC rule 4).
    return backend.run(circuit)
