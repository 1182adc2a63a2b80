"""Reports: findings with their location, selection by code, and output formats."""
