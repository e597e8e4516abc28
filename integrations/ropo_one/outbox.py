"""Delivering our events to Ropo One."""

import datetime
from decimal import Decimal

from integrations.models import OutboxEvent
from integrations.ropo_one.client import RopoOneClient
from invoices import services
from invoices.sync import apply_case_updates


def deliver_payment(event: OutboxEvent) -> dict:
    """POST the bypass payment, then read the case back so the replica shows the booking."""
    p = event.payload
    with RopoOneClient(p["country"]) as client:
        result = client.post_payment(
            jobid=p["jobid"],
            amount=Decimal(p["amount"]),
            paid_on=datetime.date.fromisoformat(p["paid_on"]),
            kind=p["kind"],
            idempotency_key=str(event.key),
        )
        snapshot = client.get_job(p["jobid"])
    services.record_reported_payment_booked(p["reported_payment"], snapshot=snapshot)
    return {
        "jobid": result.jobid,
        "open_amount": str(result.open_amount),
        "version": snapshot.version,
    }


def deliver_dispute(event: OutboxEvent) -> dict:
    """Hold or release the disputed case, then read it back so the replica shows the hold."""
    p = event.payload
    fields = (
        {"amount": p["amount"], "reason": p["reason"]}
        if p["action"] == "open"
        else {"outcome": p["outcome"]}
    )
    with RopoOneClient(p["country"]) as client:
        on_hold = client.post_dispute(
            jobid=p["jobid"], action=p["action"], idempotency_key=str(event.key), **fields
        )
        snapshot = client.get_job(p["jobid"])
    apply_case_updates([snapshot], source="dispute")
    return {"jobid": p["jobid"], "on_hold": on_hold, "version": snapshot.version}


def deliver_postponement(event: OutboxEvent) -> dict:
    """Move the due date upstream, then read the case back (new date, fee, confirmation)."""
    p = event.payload
    with RopoOneClient(p["country"]) as client:
        paydate = client.post_postponement(
            jobid=p["jobid"],
            paydate=datetime.date.fromisoformat(p["paydate"]),
            fee=Decimal(p["fee"]),
            idempotency_key=str(event.key),
        )
        snapshot = client.get_job(p["jobid"])
    apply_case_updates([snapshot], source="postponement")
    return {"jobid": p["jobid"], "paydate": paydate.isoformat(), "version": snapshot.version}


def deliver_plan(event: OutboxEvent) -> dict:
    """Agree or end a payment plan upstream, then read the case back."""
    from payments.plan_services import record_plan_agreed

    p = event.payload
    fields = {"fee": p["fee"], "instalments": p["instalments"]} if p["action"] == "agree" else {}
    with RopoOneClient(p["country"]) as client:
        agreed = client.post_payment_plan(
            jobid=p["jobid"], action=p["action"], idempotency_key=str(event.key), **fields
        )
        snapshot = client.get_job(p["jobid"])
    if p["action"] == "agree":
        record_plan_agreed(p["plan"], instalments=agreed)
    apply_case_updates([snapshot], source="plan")
    return {"jobid": p["jobid"], "action": p["action"], "version": snapshot.version}


def payment_refused(event: OutboxEvent) -> None:
    services.record_reported_payment_refused(
        event.payload["reported_payment"], reason=event.last_error
    )


def payment_retried(event: OutboxEvent, *, actor=None) -> bool:
    """The refused payment is sent again: it waits to be sent, so booking it counts."""
    services.record_reported_payment_retried(event.payload["reported_payment"], actor=actor)
    return True
