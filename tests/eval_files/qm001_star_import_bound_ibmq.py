"""IBMQ bound by its own import: that import is reported, not the star import."""
from qiskit import *
from qiskit import IBMQ  # expect: QM001

IBMQ.load_account()  # expect: QM005
