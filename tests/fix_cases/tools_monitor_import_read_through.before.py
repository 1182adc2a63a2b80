# qiskit-migrate fix
# The code reads the removed module through the name the import binds: it stays (a person
# replaces backend_overview()).
import qiskit.tools.monitor
qiskit.tools.monitor.backend_overview()
print(qiskit.__version__)
