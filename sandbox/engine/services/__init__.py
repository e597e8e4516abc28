"""The case engine's writes: every change to a case goes through one function here.

Each function is atomic, bumps the case's ``version`` once per event it writes (the events feed
the status updates) and raises a ``CaseError`` for a refusal; the facades translate.
"""
