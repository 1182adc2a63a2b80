# qiskit-migrate fix --target-runtime 0.45
# Before runtime 0.51 the passes still take durations: only the import moves.
from qiskit.circuit.library import XGate
from qiskit.transpiler import PassManager
from qiskit_ibm_runtime import QiskitRuntimeService
from qiskit_ibm_provider.transpiler.passes.scheduling import (
    ALAPScheduleAnalysis,
    DynamicCircuitInstructionDurations,
    PadDynamicalDecoupling,
)

provider = QiskitRuntimeService()
backend = provider.backend("ibm_kyiv")
durations = DynamicCircuitInstructionDurations.from_backend(backend)
dd_sequence = [XGate(), XGate()]
pm = PassManager([ALAPScheduleAnalysis(durations), PadDynamicalDecoupling(durations, dd_sequence)])
# remaining: QM001
