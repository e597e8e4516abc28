"""Reading request fields with per-field errors, shared by the facades.

``Fields`` wraps one JSON object; each reader returns the parsed value (or ``None``) and
records an error against the field's name, so a facade can answer every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sandbox.engine.identities import is_valid_business_id, is_valid_person_code

MAX_AMOUNT = Decimal("10000000.00")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class Fields:
    """Typed reads from one JSON object; problems pile up in ``errors``."""

    def __init__(self, data: Any, *, prefix: str = "") -> None:
        self.data = data if isinstance(data, dict) else {}
        self.prefix = prefix
        self.errors: list[FieldError] = []
        if not isinstance(data, dict):
            self.errors.append(FieldError(prefix.rstrip(".") or "body", "must be an object"))

    def error(self, name: str, message: str) -> None:
        self.errors.append(FieldError(f"{self.prefix}{name}", message))

    def present(self, name: str) -> bool:
        return self.data.get(name) not in (None, "")

    def _raw(self, name: str, required: bool) -> Any:
        if not self.present(name):
            if required:
                self.error(name, "is required")
            return None
        return self.data[name]

    def text(self, name: str, *, required: bool = True, max_length: int = 200) -> str | None:
        value = self._raw(name, required)
        if value is None:
            return None
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.error(name, "must be a string")
            return None
        value = str(value).strip()
        if len(value) > max_length:
            self.error(name, f"must be at most {max_length} characters")
            return None
        return value

    def choice(self, name: str, options: list[str], *, required: bool = True) -> str | None:
        value = self.text(name, required=required)
        if value is not None and value not in options:
            self.error(name, f"must be one of: {', '.join(options)}")
            return None
        return value

    def date(self, name: str, *, required: bool = True) -> date | None:
        value = self._raw(name, required)
        if value is None:
            return None
        parsed = parse_day(value)
        if parsed is None:
            self.error(name, "must be a date in the form YYYY-MM-DD")
        return parsed

    def amount(
        self, name: str, *, required: bool = True, allow_zero: bool = False
    ) -> Decimal | None:
        value = self._raw(name, required)
        if value is None:
            return None
        parsed = parse_amount(value)
        if parsed is None:
            self.error(name, 'must be a decimal amount with at most 2 decimals, e.g. "12.50"')
        elif parsed < 0 or (parsed == 0 and not allow_zero):
            self.error(
                name, "must be greater than zero" if not allow_zero else "must not be negative"
            )
            return None
        elif parsed > MAX_AMOUNT:
            self.error(name, f"must be at most {MAX_AMOUNT}")
            return None
        return parsed

    def identity(
        self, name: str, *, country: str, company: bool, required: bool = True
    ) -> str | None:
        value = self.text(name, required=required, max_length=20)
        if value is None:
            return None
        valid = is_valid_business_id if company else is_valid_person_code
        if country not in ("FI", "SE", "NO") or not valid(country, value):
            kind = "business id" if company else "personal identity code"
            self.error(name, f"is not a valid {country} {kind}")
            return None
        return value


def parse_day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_moment(value: Any) -> datetime | None:
    """An ISO date-time (aware; naive ones are read in the sandbox's time zone)."""
    if not isinstance(value, str):
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_amount(value: Any) -> Decimal | None:
    """A decimal amount from a string or a JSON number (never via float), at most 2 decimals."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        return None
    try:
        amount = Decimal(str(value).strip())
        cents = amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    return cents if amount == cents else None
