"""Maventa invoices and their transfer to Ropo: one engine behind both facades.

A transfer (``POST /v2/invoices/{id}/assignment/ropo``) checks the company's receivables
service and the days past due on the sandbox clock, then creates the Ropo One case (a job in
the API range, with a Maventa assignment id) that both feeds report from then on.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from sandbox.engine.clock import sandbox_today
from sandbox.engine.fees import earliest_transfer
from sandbox.engine.models import (
    Case,
    Channel,
    CollectionType,
    Creditor,
    JobType,
    MaventaInvoice,
    ReceivablesService,
)
from sandbox.engine.references import is_valid_reference, make_reference
from sandbox.engine.services.cases import NewCase, Row, create_case
from sandbox.engine.services.errors import CaseError, Conflict, TooEarly
from sandbox.engine.services.parties import Party
from sandbox.engine.services.receivables import refresh_service


@dataclass(frozen=True)
class InvoiceInput:
    number: str
    date: date
    due_date: date
    rows: list[Row]
    total: Decimal
    buyer: dict[str, Any]
    reference: str = ""


@transaction.atomic
def create_invoice(creditor: Creditor, data: InvoiceInput) -> MaventaInvoice:
    """A company's invoice in Maventa (sandbox-only ``POST /v2/invoices``)."""
    if MaventaInvoice.objects.filter(creditor=creditor, number=data.number).exists():
        raise Conflict("duplicate_invoice", f"invoice {data.number} exists", field="number")
    if data.reference and not is_valid_reference(creditor.country, data.reference):
        message = f"is not a valid {creditor.country} payment reference"
        raise CaseError("validation_error", message, field="reference")
    digits = "".join(ch for ch in data.number if ch.isdigit())[-19:] or "1"
    reference = data.reference or make_reference(creditor.country, digits.rjust(3, "0"))
    return MaventaInvoice.objects.create(
        creditor=creditor,
        number=data.number,
        reference=reference,
        date=data.date,
        due_date=data.due_date,
        currency=creditor.currency,
        total=data.total,
        buyer=data.buyer,
        rows=[
            {"desc": r.desc, "count": str(r.count), "amount": str(r.amount), "taxpr": str(r.taxpr)}
            for r in data.rows
        ],
    )


@dataclass(frozen=True)
class TransferInput:
    collection_type: str
    receivables_type: str
    payers: list[Party]
    summary: str


def assignment_case(invoice_id: uuid.UUID) -> Case | None:
    return Case.objects.filter(maventa_invoice_id=invoice_id).first()


def _check_transfer(invoice: MaventaInvoice, data: TransferInput) -> None:
    creditor = refresh_service(invoice.creditor)
    if creditor.receivables_service != ReceivablesService.ACTIVE:
        message = f"the Ropo receivables service is {creditor.receivables_service}, not active"
        raise Conflict("service_not_active", message)
    if assignment_case(invoice.id) is not None:
        raise Conflict("already_assigned", f"invoice {invoice.number} is already transferred")
    earliest = earliest_transfer(invoice.due_date, data.receivables_type)
    if sandbox_today() < earliest:
        raise TooEarly(
            "transfer_too_early",
            f"a {data.receivables_type} invoice can be transferred from {earliest} on",
            details={"due_date": str(invoice.due_date), "earliest_transfer_date": str(earliest)},
        )


def _rows(invoice: MaventaInvoice) -> list[Row]:
    rows = [
        Row(r["desc"], Decimal(r["count"]), Decimal(r["amount"]), Decimal(r["taxpr"]))
        for r in invoice.rows
    ]
    return rows or [Row(f"Invoice {invoice.number}", Decimal(1), invoice.total, Decimal(0))]


@transaction.atomic
def transfer_invoice(
    invoice: MaventaInvoice, data: TransferInput, *, idempotency_key: str | None = None
) -> Case:
    """Transfer an overdue invoice to Ropo: checks, then the case (the first payer owes)."""
    invoice = MaventaInvoice.objects.select_related("creditor").get(pk=invoice.pk)
    _check_transfer(invoice, data)
    if not data.payers:
        raise CaseError("validation_error", "at least one payer is required", field="payers")
    reminders = data.collection_type == CollectionType.REMINDER_AND_COLLECTION
    created_data = {"maventa_invoice_id": str(invoice.id), "request_id": uuid.uuid4().hex}
    if idempotency_key:
        created_data["idempotency_key"] = idempotency_key
    new = NewCase(
        creditor=invoice.creditor,
        party=data.payers[0],
        jobtype=JobType.REMINDER if reminders else JobType.COLLECTION,
        billnum=invoice.number,
        billcode=invoice.reference,
        billdate=invoice.date,
        paydate=invoice.due_date,
        capital=invoice.total,
        rows=_rows(invoice),
        channel=Channel.MAVENTA,
        receivables_type=data.receivables_type,
        collection_type=data.collection_type,
        description=data.summary,
        maventa_invoice_id=invoice.id,
        maventa_assignment_id=uuid.uuid4(),
        created_data=created_data,
    )
    return create_case(new)
