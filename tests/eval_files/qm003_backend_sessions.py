"""Provider-style sessions on a runtime backend (qiskit-ibm-runtime 0.2x)."""
import requests
from qiskit_ibm_runtime import QiskitRuntimeService

service = QiskitRuntimeService()
backend = service.backend("ibm_kyiv")

with backend.open_session() as session:  # expect: QM003
    job = backend.run(circuit)  # expect: QM002
    print(backend.session.session_id)  # expect: QM003
    backend.cancel_session()  # expect: QM003

session = backend.open_session(max_time="1h")  # expect: QM003
current = backend.session  # expect: QM003
backend.close_session()  # expect: QM003
service.backend("ibm_fez").open_session()  # expect: QM003


class Client:
    session = None

    def open_session(self):
        return self

    def close_session(self):
        return None


client = Client()
client.open_session()
print(client.session)
client.close_session()
http = requests.Session()
