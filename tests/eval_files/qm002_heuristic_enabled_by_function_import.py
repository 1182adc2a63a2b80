"""An import inside a function makes the whole module provider-era."""


def legacy_connect():
    from qiskit import IBMQ  # expect: QM001

    return IBMQ.load_account()  # expect: QM005


def submit(device, circuit):
    return device.run(circuit)  # expect: QM002
