"""Typed snapshots of upstream cases: what the sync hands to `apply_case_updates`.

The integration clients turn each outside system's payload into these; nothing else in the
portal knows the outside shapes.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class CreditorSnapshot:
    name: str
    business_id: str
    country: str
    currency: str
    iban: str = ""
    bic: str = ""
    allows_legal_collection: bool = False


@dataclass(frozen=True)
class DebtorSnapshot:
    kind: str  # "person" | "company"
    name: str
    identity_code: str
    country: str
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    email: str = ""
    language: str = ""


@dataclass(frozen=True)
class RowSnapshot:
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal
    total: Decimal


@dataclass(frozen=True)
class LetterSnapshot:
    upstream_id: str
    kind: str
    sent_on: datetime.date
    language: str = ""


@dataclass(frozen=True)
class CaseSnapshot:
    """The whole current state of one upstream case, at one `version`."""

    upstream_system: str
    upstream_id: str
    version: int
    updated_at: datetime.datetime | None
    country: str
    currency: str
    invoice_number: str
    reference: str
    description: str
    capital: Decimal
    fees: Decimal
    interest: Decimal
    paid: Decimal
    balance: Decimal
    invoice_date: datetime.date
    due_date: datetime.date
    status: str
    stage: str
    collection_status: str
    creditor: CreditorSnapshot
    debtor: DebtorSnapshot
    maventa_assignment_id: uuid.UUID | None = None
    on_hold: bool = False  # disputed: upstream takes no collection steps
    rows: tuple[RowSnapshot, ...] = field(default_factory=tuple)
    letters: tuple[LetterSnapshot, ...] = field(default_factory=tuple)

    @property
    def key(self) -> tuple[str, str]:
        return (self.upstream_system, self.upstream_id)
