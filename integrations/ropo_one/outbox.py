"""Delivering our events to Ropo One."""

import datetime
from decimal import Decimal

from integrations.models import OutboxEvent
from integrations.ropo_one.client import RopoOneClient
from invoices import services


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


def payment_refused(event: OutboxEvent) -> None:
    services.record_reported_payment_refused(
        event.payload["reported_payment"], reason=event.last_error
    )
