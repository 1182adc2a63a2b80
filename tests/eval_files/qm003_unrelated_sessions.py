"""open_session() and .session on objects that are not IBM backends."""
from qiskit_aer import AerSimulator
from qiskit_ibm_runtime import QiskitRuntimeService


class Database:
    def open_session(self):
        return self

    def cancel_session(self):
        return None


db = Database()
with db.open_session() as transaction:
    db.cancel_session()

simulator = AerSimulator()
print(getattr(simulator, "session", None))


def check(connection):
    connection.open_session()
    return connection.session


service = QiskitRuntimeService()
