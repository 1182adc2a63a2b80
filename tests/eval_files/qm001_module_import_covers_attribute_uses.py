"""Attribute uses under a module that was imported (and reported) once already."""
import qiskit.providers.ibmq  # expect: QM001
import qiskit_ibm_provider  # expect: QM001
import qiskit_ibm_provider as qip  # expect: QM001

provider = qiskit_ibm_provider.IBMProvider()  # expect: QM005
other = qip.IBMProvider(instance="ibm-q/open/main")  # expect: QM005
target = qiskit.providers.ibmq.least_busy(provider.backends())  # expect: QM005
job = target.run(circuit)  # expect: QM002
qiskit_ibm_provider.job.job_monitor(job)
