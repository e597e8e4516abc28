"""Maventa-side invoices of the demo: one per transferred case, and a few still to transfer.

Every creditor gets ``OPEN_INVOICES`` overdue-or-not invoices that are not yet with Ropo, so the
transfer rules (B2B 7 days, B2C 14 days after the due date) can be tried at once:

| number suffix | buyer | due | transferable on the seeding day |
|---|---|---|---|
| 8001 | person | 20 days ago | yes |
| 8002 | person | 10 days ago | no (4 more days) |
| 8003 | company | 8 days ago | yes |
| 8004 | person | in 10 days | no (not even due) |

Idempotent by ``(creditor, number)``, like the rest of the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sandbox.engine.models import Case, Creditor, Debtor, DebtorKind, MaventaInvoice
from sandbox.engine.references import make_reference
from sandbox.engine.seed.dataset import Dataset, RowSpec, invoice_rows, rng_for, stable_uuid
from sandbox.engine.services.parties import payer_data

OPEN_INVOICES: tuple[tuple[int, str, int], ...] = (
    (1, DebtorKind.PERSON, -20),
    (2, DebtorKind.PERSON, -10),
    (3, DebtorKind.COMPANY, -8),
    (4, DebtorKind.PERSON, 10),
)
PAYMENT_TERM_DAYS = 14


def row_data(row: RowSpec) -> dict[str, str]:
    return {
        "desc": row.desc,
        "count": str(row.count),
        "amount": str(row.amount),
        "taxpr": str(row.taxpr),
    }


@dataclass(frozen=True)
class InvoiceSpec:
    creditor: Creditor
    debtor: Debtor
    number: str
    due: date
    rows: list[RowSpec]


def _open_specs(creditor: Creditor, number_prefix: str, today: date) -> list[InvoiceSpec]:
    specs = []
    for suffix, kind, due_offset in OPEN_INVOICES:
        rng = rng_for("maventa-invoice", creditor.key, suffix)
        buyers = Debtor.objects.filter(country=creditor.country, kind=kind).order_by(
            "identity_code"
        )
        debtor = rng.choice(list(buyers))
        rows = invoice_rows(creditor.industry, creditor.country, rng, company=kind == "company")
        number = f"{number_prefix}8{suffix:03d}"
        specs.append(
            InvoiceSpec(creditor, debtor, number, today + timedelta(days=due_offset), rows)
        )
    return specs


def _store(spec: InvoiceSpec, *, invoice_id: Any = None, issued: date | None = None) -> bool:
    total = sum((row.total for row in spec.rows), Decimal(0))
    defaults = {
        "reference": make_reference(spec.creditor.country, spec.number),
        "date": issued or spec.due - timedelta(days=PAYMENT_TERM_DAYS),
        "due_date": spec.due,
        "currency": spec.creditor.currency,
        "total": total,
        "buyer": payer_data(spec.debtor),
        "rows": [row_data(r) for r in spec.rows],
    }
    if invoice_id is not None:
        defaults["id"] = invoice_id
    _, created = MaventaInvoice.objects.get_or_create(
        creditor=spec.creditor, number=spec.number, defaults=defaults
    )
    return created


def _transferred(dataset: Dataset, creditors: dict[str, Creditor]) -> int:
    created = 0
    cases = Case.objects.filter(maventa_invoice_id__isnull=False).select_related("debtor")
    by_jobid = {c.jobid: c for c in cases}
    for spec in dataset.cases:
        case = by_jobid.get(spec.jobid)
        if case is None:
            continue
        invoice = InvoiceSpec(
            creditors[spec.creditor_key], case.debtor, spec.billnum, spec.paydate, spec.rows
        )
        created += _store(invoice, invoice_id=case.maventa_invoice_id, issued=spec.billdate)
    return created


def ensure_maventa_invoices(dataset: Dataset, creditors: dict[str, Creditor]) -> int:
    """Store the Maventa invoices that are missing; returns how many were created."""
    created = _transferred(dataset, creditors)
    for spec in dataset.creditors:
        creditor = creditors[spec.key]
        for invoice in _open_specs(creditor, spec.definition.number_prefix, dataset.today):
            created += _store(
                invoice, invoice_id=stable_uuid("maventa-open-invoice", invoice.number)
            )
    return created
