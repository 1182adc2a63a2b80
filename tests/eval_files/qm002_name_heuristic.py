"""Helpers of a provider-era module take their backend or provider as a parameter."""
import asyncio
import subprocess

from qiskit import execute, transpile
from qiskit_ibm_provider import IBMProvider  # expect: QM001


def run(backend, circuit):
    return backend.run(transpile(circuit, backend))  # expect: QM002


def run_private(_backend, circuit):
    return _backend.run(circuit)  # expect: QM002


def run_dunder(__backend, circuit):
    return __backend.run(circuit)  # expect: QM002


def run_mine(my_backend, circuit):
    return my_backend.run(circuit)  # expect: QM002


def run_suffixed(backend_x, circuit):
    return backend_x.run(circuit)  # expect: QM002


def on_device(device, circuit):
    return device.run(circuit)  # expect: QM002


def on_qpu(qpu, circuit):
    return qpu.run(circuit)  # expect: QM002


def execute_on(backend, circuit):
    return execute(circuit, backend, shots=100)  # expect: QM002


def open_session_on(backend):
    return backend.open_session()  # expect: QM003


def with_provider(provider):
    return provider.get_backend("ibm_kyiv")  # expect: QM005


def with_named_provider(ibm_provider):
    return ibm_provider.backends(simulator=False)  # expect: QM005


def with_provider_prefix(provider_hub):
    return provider_hub.jobs(limit=5)  # expect: QM005


def retrieve(provider, job_id):
    return provider.retrieve_job(job_id)  # expect: QM005


def lookup_then_run(provider, circuit):
    # What a provider known only by its name looks up is an IBM backend too.
    chosen = provider.get_backend("ibm_kyiv")  # expect: QM005
    return chosen.run(circuit)  # expect: QM002


# Receivers whose names are not backend-like are left alone.
def on_simulator(simulator, circuit):
    return simulator.run(circuit)


def on_engine(engine, circuit):
    return engine.run(circuit)


def on_mybackend(mybackend, circuit):
    return mybackend.run(circuit)


def sample(sampler, pubs):
    return sampler.run(pubs)


def transpile_with(pm, circuit):
    return pm.run(circuit)


def services(registry):
    return registry.get_backend("ibm_kyiv")


def shell(command):
    return subprocess.run(command, check=True)


def event_loop(main):
    return asyncio.run(main())
