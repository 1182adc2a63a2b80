"""Fixing: plans edits from the findings and the model of names, applies them, writes files safely."""
