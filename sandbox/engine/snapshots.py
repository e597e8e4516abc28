"""The case snapshot every Ropo One read answers (``docs/upstream-contracts.md``).

Every read answers the whole current state, so applying one twice changes nothing and a lower
``version`` never overwrites a higher one. Amounts are decimal strings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from sandbox.engine.models import Case, CaseEvent, Creditor, Debtor, EventKind
from sandbox.ropo_one import assumed


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def plain(value: Decimal) -> str:
    """A quantity or percentage without trailing zeros: ``1``, ``1.5``, ``25.5``."""
    return f"{value.normalize():f}"


def day(value: Any) -> str | None:
    return value.isoformat() if value else None


def moment(value: Any) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def with_details(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Load what a snapshot reads in a fixed number of queries."""
    return queryset.select_related("creditor", "debtor").prefetch_related(
        "rows", "letters", Prefetch("events", CaseEvent.objects.order_by("id"))
    )


def creditor_data(creditor: Creditor) -> dict[str, Any]:
    return {
        "name": creditor.name,
        "business_id": creditor.business_id,
        "country": creditor.country,
        "currency": creditor.currency,
        "iban": creditor.iban,
        "bic": creditor.bic,
        "allows_legal_collection": creditor.allows_legal_collection,
    }


def debtor_data(debtor: Debtor) -> dict[str, Any]:
    return {
        "kind": debtor.kind,
        "name": debtor.name,
        "identity_code": debtor.identity_code,
        "country": debtor.country,
        "address": debtor.address,
        "postcode": debtor.postcode,
        "city": debtor.city,
        "email": debtor.email,
        "language": debtor.language,
    }


def _rows(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "desc": r.desc,
            "count": plain(r.count),
            "amount": money(r.amount),
            "taxpr": plain(r.taxpr),
        }
        for r in case.rows.all()
    ]


def _letters(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "id": x.id,
            "kind": x.kind,
            "sent_on": day(x.sent_on),
            "language": x.language,
            "due_date": day(x.due_date),
            "amount_due": money(x.amount_due),
        }
        for x in case.letters.all()
    ]


def _events(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "kind": e.kind,
            "occurred_at": moment(e.occurred_at),
            "amount": money(e.amount),
            "data": e.data,
        }
        for e in case.events.all()
    ]


def _payments(case: Case) -> list[dict[str, Any]]:
    """The bookings as the job info lists them (``assumed.JOB_PAYMENTS_FIELD``)."""
    kinds = {
        EventKind.PAYMENT: assumed.PAYMENT_TYPE_DIRECT,
        EventKind.CREDIT_NOTE: assumed.PAYMENT_TYPE_CAPITAL_CANCELLATION,
    }
    return [
        {
            "type": kinds[e.kind],
            "amount": money(e.amount),
            "paydate": e.data.get("paydate"),
            "description": e.data.get("description", ""),
        }
        for e in case.events.all()
        if e.kind in kinds
    ]


def case_snapshot(case: Case, *, updateid: int | None = None) -> dict[str, Any]:
    """The whole current state of a case (``updateid`` only in the status-update feed)."""
    head = {"updateid": updateid} if updateid is not None else {}
    return {
        **head,
        "jobid": case.jobid,
        "version": case.version,
        "updated_at": moment(case.changed_at),
        "country": case.creditor.country,
        "channel": case.channel,
        "jobtype": case.jobtype,
        "stage": case.stage,
        "status": case.status,
        "collection_status": case.collection_status,
        "on_hold": case.on_hold,
        "billnum": case.billnum,
        "billcode": case.billcode,
        "description": case.description,
        "currency": case.currency,
        "capital": money(case.capital),
        "fees": money(case.fees),
        "interest": money(case.interest),
        "paid": money(case.paid),
        "open_amount": money(case.open_amount),
        "billdate": day(case.billdate),
        "paydate": day(case.paydate),
        "noticedate": day(case.noticedate),
        "receivables_type": case.receivables_type,
        "collection_type": case.collection_type,
        "maventa_assignment_id": str(case.maventa_assignment_id)
        if case.maventa_assignment_id
        else None,
        "creditor": creditor_data(case.creditor),
        "debtor": debtor_data(case.debtor),
        "payrow": _rows(case),
        "letters": _letters(case),
        "events": _events(case),
        assumed.JOB_PAYMENTS_FIELD: _payments(case),
    }
