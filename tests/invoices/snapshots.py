"""Builders of upstream case snapshots for tests (valid identity codes, exact money)."""

import datetime
from dataclasses import replace
from decimal import Decimal

from invoices.snapshots import (
    CaseSnapshot,
    CreditorSnapshot,
    DebtorSnapshot,
    LetterSnapshot,
    RowSnapshot,
)

CREDITOR = CreditorSnapshot(
    name="Lumo Energia Oy",
    business_id="20774740",
    country="FI",
    currency="EUR",
    iban="FI2112345600000785",
    bic="NDEAFIHH",
    allows_legal_collection=True,
)
PEOPLE = [
    "131052-308T",
    "070986-620Y",
    "010190-002R",
    "020285-002W",
    "150372-002R",
    "241299-002S",
    "300601-002H",
    "111111-002V",
    "050505-002L",
    "121212-002K",
]


def debtor(n: int = 0, **overrides) -> DebtorSnapshot:
    fields = {
        "kind": "person",
        "name": f"Person {n}",
        "identity_code": PEOPLE[n % len(PEOPLE)],
        "country": "FI",
        "street_address": "Mannerheimintie 1",
        "postal_code": "00100",
        "city": "Helsinki",
        "email": f"person{n}@example.com",
        "language": "fi",
    }
    return DebtorSnapshot(**(fields | overrides))


def case(jobid: int, *, version: int = 1, person: int = 0, **overrides) -> CaseSnapshot:
    fields = {
        "upstream_system": "ropo_one",
        "upstream_id": f"FI:{jobid}",
        "version": version,
        "updated_at": None,
        "country": "FI",
        "currency": "EUR",
        "invoice_number": f"INV-{jobid}",
        "reference": "1232",
        "description": "Electricity",
        "capital": Decimal("100.00"),
        "fees": Decimal("5.00"),
        "interest": Decimal("0.50"),
        "paid": Decimal("0.00"),
        "balance": Decimal("105.50"),
        "invoice_date": datetime.date(2026, 9, 1),
        "due_date": datetime.date(2026, 9, 15),
        "status": "open",
        "stage": "reminder",
        "collection_status": "reminder_sent",
        "creditor": CREDITOR,
        "debtor": debtor(person),
        "rows": (
            RowSnapshot("Energy", Decimal("1"), Decimal("80.65"), Decimal("24"), Decimal("100.00")),
        ),
        "letters": (
            LetterSnapshot(f"{jobid}-1", "invoice", datetime.date(2026, 9, 1), "fi"),
            LetterSnapshot(f"{jobid}-2", "reminder", datetime.date(2026, 10, 1), "fi"),
        ),
    }
    return CaseSnapshot(**(fields | overrides))


def newer(snapshot: CaseSnapshot, **changes) -> CaseSnapshot:
    return replace(snapshot, version=snapshot.version + 1, **changes)
