"""Maventa shapes: assignments, their events, invoices (``docs/upstream-contracts.md``)."""

from __future__ import annotations

from typing import Any

from sandbox.engine.fees import earliest_transfer
from sandbox.engine.models import Case, CaseEvent, EventKind, MaventaInvoice
from sandbox.engine.services.parties import payer_data
from sandbox.engine.snapshots import day, moment, money

# Engine event kinds in Maventa's words (``paid`` and ``credit_note`` as documented).
EVENT_TYPES = {
    EventKind.PAYMENT: "paid",
    EventKind.MOVED_TO_COLLECTION: "debt_collection",
    EventKind.MOVED_TO_LEGAL: "legal_collection",
    EventKind.PLAN_AGREED: "payment_plan",
}


def assignment_data(case: Case) -> dict[str, Any]:
    """Documented: ``invoice_id`` and ``reference_ids`` (the sent invoice's UUID); the rest A."""
    invoice_id = str(case.maventa_invoice_id) if case.maventa_invoice_id else None
    return {
        "id": str(case.maventa_assignment_id),
        "invoice_id": invoice_id,
        "reference_ids": [invoice_id] if invoice_id else [],
        "company_id": str(case.creditor.maventa_company_uuid),
        "invoice_number": case.billnum,
        "reference": case.billcode,
        "currency": case.currency,
        "collection_status": case.collection_status,
        "collection_type": case.collection_type,
        "receivables_type": case.receivables_type,
        "assignment_summary": case.description,
        "payers": [payer_data(case.debtor)],
        "amounts": {
            "capital": money(case.capital),
            "fees": money(case.fees),
            "interest": money(case.interest),
            "paid": money(case.paid),
            "open": money(case.open_amount),
        },
        "due_date": day(case.paydate),
        "invoice_date": day(case.billdate),
        "created_at": moment(case.created),
        "updated_at": moment(case.changed_at),
    }


def _booked_at(event: CaseEvent) -> str | None:
    return event.data.get("paydate") or day(event.occurred_at.date())


def _event_fields(event: CaseEvent) -> dict[str, Any]:
    extra = {k: v for k, v in event.data.items() if k != "paydate"}
    if event.kind == EventKind.PAYMENT:
        return {"sum_paid": money(event.amount), "booked_at": _booked_at(event), **extra}
    if event.kind == EventKind.CREDIT_NOTE:
        return {"credit_sum": money(event.amount), "booked_at": _booked_at(event), **extra}
    amount = {"amount": money(event.amount)} if event.amount is not None else {}
    return {**amount, **event.data}


def event_data(event: CaseEvent) -> dict[str, Any]:
    return {
        "id": str(event.id),  # ids are strings (UUIDs in Maventa [I])
        "type": EVENT_TYPES.get(event.kind, event.kind),
        "created_at": moment(event.occurred_at),
        "data": _event_fields(event),
    }


def invoice_data(invoice: MaventaInvoice, case: Case | None) -> dict[str, Any]:
    return {
        "id": str(invoice.id),
        "company_id": str(invoice.creditor.maventa_company_uuid),
        "number": invoice.number,
        "reference": invoice.reference,
        "date": day(invoice.date),
        "due_date": day(invoice.due_date),
        "currency": invoice.currency,
        "sum": money(invoice.total),
        "buyer": invoice.buyer,
        "rows": invoice.rows,
        "transferable_from": {
            kind: day(earliest_transfer(invoice.due_date, kind)) for kind in ("b2b", "b2c")
        },
        "assignment": transfer_data(case) if case else None,
    }


def transfer_data(case: Case) -> dict[str, Any]:
    """``GET /v2/invoices/{id}/assignment``: the transfer's status."""
    status = case.maventa_transfer_status or "sent"
    assignment = str(case.maventa_assignment_id) if status == "sent" else None
    return {"status": status, "assignment_id": assignment, "errors": []}
