# qiskit-migrate fix
# Dynamical decoupling with the provider's scheduling passes (IBM's dynamic-circuits guide).
from qiskit.circuit.library import XGate
from qiskit.transpiler import PassManager
from qiskit_ibm_provider import IBMProvider
from qiskit_ibm_provider.transpiler.passes.scheduling import (
    ALAPScheduleAnalysis,
    DynamicCircuitInstructionDurations,
    PadDynamicalDecoupling,
)

provider = IBMProvider()
backend = provider.get_backend("ibm_kyiv")
durations = DynamicCircuitInstructionDurations.from_backend(backend)
dd_sequence = [XGate(), XGate()]
pm = PassManager([ALAPScheduleAnalysis(durations), PadDynamicalDecoupling(durations, dd_sequence)])
