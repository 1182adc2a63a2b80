# qiskit-migrate fix
# Another import binds qiskit before its uses: the removed dashboards' import goes.
import qiskit
print(qiskit.__version__)
# remaining: none
