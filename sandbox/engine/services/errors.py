"""Refusals of the case engine, with a stable code the facades map to their own dialects."""

from __future__ import annotations

from typing import Any


class CaseError(Exception):
    """A write the engine refuses: ``code`` is stable, ``field`` names the culprit if one."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str = "", details: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.details = details


class CaseClosed(CaseError):
    status = 409


class Conflict(CaseError):
    status = 409


class TooEarly(CaseError):
    status = 422
