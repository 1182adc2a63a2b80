"""Detection: imports, the model of names, provenance, checks, and the checker entry points."""
