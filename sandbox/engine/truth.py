"""``GET /truth``: what the sandbox holds for every case, for tests to compare replicas with.

Besides the amounts, each case lists its bookings (payments and credit notes) with the
``Idempotency-Key`` or ``description`` each came with, and ``idempotency_keys`` counts the
effects per key across all cases (bookings, and requests that created jobs or Maventa
assignments): every key must appear exactly once, however often a client retried.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Prefetch

from sandbox.engine.clock import sandbox_today
from sandbox.engine.models import Case, CaseEvent, Clock, EventKind
from sandbox.engine.snapshots import moment, money

BOOKINGS = (EventKind.PAYMENT, EventKind.CREDIT_NOTE)


def _booking(event: CaseEvent) -> dict[str, Any]:
    return {
        "event_id": event.id,
        "kind": event.kind,
        "amount": money(event.amount),
        "source": event.data.get("source"),
        "paydate": event.data.get("paydate"),
        "idempotency_key": event.data.get("idempotency_key"),
        "description": event.data.get("description", ""),
        "recorded_at": moment(event.occurred_at),
    }


def _created_by(events: list[CaseEvent]) -> dict[str, str] | None:
    """The Idempotency-Key and request id that created the case through an API, if keyed."""
    data = events[0].data if events else {}
    key = data.get("idempotency_key")
    return {"idempotency_key": key, "request_id": data.get("request_id", "")} if key else None


def case_truth(case: Case) -> dict[str, Any]:
    events = list(case.events.all())
    bookings = [_booking(e) for e in events if e.kind in BOOKINGS]
    return {
        "jobid": case.jobid,
        "country": case.creditor.country,
        "creditor": case.creditor.business_id,
        "maventa_assignment_id": str(case.maventa_assignment_id)
        if case.maventa_assignment_id
        else None,
        "version": case.version,
        "events": len(events),
        "stage": case.stage,
        "status": case.status,
        "collection_status": case.collection_status,
        "on_hold": case.on_hold,
        "currency": case.currency,
        "capital": money(case.capital),
        "fees": money(case.fees),
        "interest": money(case.interest),
        "paid": money(case.paid),
        "open_amount": money(case.open_amount),
        "paydate": case.paydate.isoformat(),
        "bookings": bookings,
        "created_by": _created_by(events),
    }


def idempotency_counts() -> dict[str, int]:
    """Effects per Idempotency-Key over every case: bookings, and requests that created jobs."""
    keyed = CaseEvent.objects.filter(data__has_key="idempotency_key").values_list("kind", "data")
    keys: Counter[str] = Counter()
    requests = set()
    for kind, data in keyed:
        if kind in BOOKINGS:
            keys[data["idempotency_key"]] += 1
        elif kind == EventKind.CREATED:
            # A request that created several jobs at once counts once for its key.
            requests.add((data["idempotency_key"], data.get("request_id", "")))
    keys.update(key for key, _ in requests)
    return dict(sorted(keys.items()))


def truth(country: str | None = None, jobid: str | None = None) -> dict[str, Any]:
    cases = Case.objects.select_related("creditor").prefetch_related(
        Prefetch("events", CaseEvent.objects.order_by("id"))
    )
    if country:
        cases = cases.filter(creditor__country=country.upper())
    if jobid:
        cases = cases.filter(jobid=jobid)
    return {
        "today": sandbox_today().isoformat(),
        "offset_days": Clock.current().offset_days,
        "cases": [case_truth(c) for c in cases.order_by("jobid")],
        "idempotency_keys": idempotency_counts(),
    }
