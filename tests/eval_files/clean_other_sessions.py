"""Sessions from other libraries next to a runtime Batch."""
import aiohttp
import requests
from qiskit_ibm_runtime import Batch, QiskitRuntimeService, SamplerV2 as Sampler
from sqlalchemy.orm import Session

http = requests.Session()
with requests.Session() as s:
    s.get("https://quantum.cloud.ibm.com")
database = Session(engine)
with Session(engine) as orm_session:
    orm_session.commit()


async def fetch():
    async with aiohttp.ClientSession() as client:
        return await client.get("https://example.com")


backend = QiskitRuntimeService().backend("ibm_kyiv")
with Batch(backend=backend) as batch:
    Sampler(mode=batch).run([circuit])
