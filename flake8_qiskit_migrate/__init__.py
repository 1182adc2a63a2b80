"""flake8-qiskit-migrate: find and fix code that uses the retired IBM Quantum provider stack."""

__version__ = "0.1.0"
