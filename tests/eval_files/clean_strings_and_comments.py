"""Migration notes for the team wiki.

Old code looked like this:

    from qiskit import IBMQ
    IBMQ.load_account()
    provider = IBMQ.get_provider(hub="ibm-q")
    backend = provider.get_backend("ibmq_qasm_simulator")
    job = backend.run(circuit)
"""
from qiskit_aer import AerSimulator

# from qiskit_ibm_provider import IBMProvider
# provider = IBMProvider(); provider.get_backend("ibm_kyiv").run(qc)
MIGRATION_HINT = "replace backend.run(circuit) with Sampler(mode=backend).run([circuit])"
OLD_IMPORT = "from qiskit import IBMQ"
OLD_SERVICE = 'QiskitRuntimeService(channel="ibm_quantum")'
OLD_SESSION = "with backend.open_session() as session:"
print(MIGRATION_HINT, OLD_IMPORT, OLD_SERVICE, OLD_SESSION)
simulator = AerSimulator()
print(simulator.run.__doc__)
