"""QM007 needs no import: the channel string is the evidence."""
from config import make_service


def connect(token, channel="ibm_quantum"):  # expect: QM007
    return make_service(channel=channel, token=token)


service = make_service(channel="ibm_quantum", token="MY_TOKEN")  # expect: QM007
