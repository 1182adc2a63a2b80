# qiskit-migrate fix
# Another import binds qiskit before its uses: the removed dashboards' import goes.
import qiskit
import qiskit.tools.jupyter
print(qiskit.__version__)
