"""Demo data for the sandbox: the cast (catalog), case histories (timeline) and assembly."""
