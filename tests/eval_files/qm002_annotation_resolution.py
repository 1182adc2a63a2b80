"""Annotations resolve through imports: an alias counts, a look-alike class does not."""
from qiskit.execute_function import execute
from qiskit_ibm_runtime import IBMBackend as RuntimeBackend

from mylab.devices import IBMBackend


def submit(target: RuntimeBackend, circuit):
    return target.run(circuit)  # expect: QM002


def submit_with_execute(target: RuntimeBackend, circuit):
    return execute(circuit, target)  # expect: QM002


def submit_to_lab(target: IBMBackend, circuit):
    return target.run(circuit)
