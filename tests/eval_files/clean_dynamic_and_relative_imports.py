"""Module names in strings and a project-local module that shares a name."""
import importlib

from .qiskit_ibm_provider import helpers

legacy = importlib.import_module("qiskit_ibm_provider")
ibmq = __import__("qiskit.providers.ibmq")
print(helpers, legacy, ibmq)
