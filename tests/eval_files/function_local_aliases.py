"""Imports aliased inside functions resolve in that function's scope."""


def connect_legacy():
    from qiskit_ibm_provider import IBMProvider as Prov  # expect: QM001

    account = Prov()  # expect: QM005
    return account.get_backend("ibm_kyiv")  # expect: QM005


def submit_legacy(circuit):
    from qiskit import IBMQ as Q, execute as ex  # expect: QM001

    hub = Q.load_account()  # expect: QM005
    target = hub.get_backend("ibmq_lima")  # expect: QM005
    return ex(circuit, target)  # expect: QM002


def sample_runtime(target, circuit):
    from qiskit_ibm_runtime import SamplerV2 as S, Session as RS

    with RS(backend=target) as sess:  # expect: QM004
        return S(session=sess).run([circuit])  # expect: QM006


def sample_reference(target, circuit):
    from qiskit.primitives import BackendSamplerV2 as S

    return S(backend=target).run([circuit])
