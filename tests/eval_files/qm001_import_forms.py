"""Every way a legacy module imports the retired provider packages."""
import os

import qiskit_ibm_provider  # expect: QM001
import qiskit_ibm_provider.job  # expect: QM001
import qiskit_ibm_provider.job as ibm_job  # expect: QM001
import os.path, qiskit_ibm_provider  # expect: QM001
import qiskit.providers.ibmq  # expect: QM001
import qiskit.providers.ibmq as ibmq  # expect: QM001
from qiskit_ibm_provider import IBMProvider  # expect: QM001
from qiskit_ibm_provider import IBMProvider as Provider, IBMBackend  # expect: QM001
from qiskit_ibm_provider import (  # expect: QM001
    IBMBackend,
    IBMJob,
    least_busy,
)
from qiskit_ibm_provider.job import job_monitor  # expect: QM001
from qiskit_ibm_provider.transpiler.passes.scheduling import ALAPScheduleAnalysis  # expect: QM001
from qiskit import IBMQ  # expect: QM001
from qiskit import IBMQ, Aer, execute  # expect: QM001
from qiskit import (  # expect: QM001
    QuantumCircuit,
    IBMQ,
    transpile,
)
from qiskit import IBMQ as ibmq_account  # expect: QM001
from qiskit.providers import ibmq  # expect: QM001
from qiskit.providers.ibmq import IBMQ, least_busy  # expect: QM001
from qiskit.providers.ibmq.managed import IBMQJobManager  # expect: QM001
from qiskit.providers.ibmq.job import IBMQJob  # expect: QM001

# Names that merely look alike are current API.
import qiskit
import qiskit.providers
import qiskit_ibm_runtime
import qiskit_ibm_runtime.fake_provider
from qiskit import QuantumCircuit, transpile
from qiskit.providers import BackendV2, JobStatus
from qiskit.providers.basic_provider import BasicProvider
from qiskit.providers.fake_provider import GenericBackendV2
from qiskit_ibm_runtime import IBMBackend as RuntimeBackend, QiskitRuntimeService
from qiskit_ibm_runtime.transpiler.passes.scheduling import ALAPScheduleAnalysis

print(os.getcwd(), qiskit.__version__)
