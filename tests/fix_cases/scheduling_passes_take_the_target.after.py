# qiskit-migrate fix
# Dynamical decoupling with the provider's scheduling passes (IBM's dynamic-circuits guide).
from qiskit.circuit.library import XGate
from qiskit.transpiler import PassManager
from qiskit_ibm_runtime import QiskitRuntimeService
from qiskit_ibm_provider.transpiler.passes.scheduling import (
    ALAPScheduleAnalysis,
    PadDynamicalDecoupling,
)

provider = QiskitRuntimeService()
backend = provider.backend("ibm_kyiv")
dd_sequence = [XGate(), XGate()]
pm = PassManager([ALAPScheduleAnalysis(target=backend.target), PadDynamicalDecoupling(dd_sequences=dd_sequence, target=backend.target)])
# remaining: QM001
