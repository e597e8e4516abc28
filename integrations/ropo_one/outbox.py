"""Delivering our events to Ropo One."""

import datetime
from decimal import Decimal

from integrations.http import UpstreamError
from integrations.models import OutboxEvent
from integrations.outbox import NeedsCheck
from integrations.ropo_one.client import RopoOneClient
from integrations.ropo_one.payloads import case_snapshot
from invoices import services
from invoices.sync import apply_case_updates


def payment_description(event: OutboxEvent) -> str:
    """Sent with the payment and read back to tell whether this very event was booked."""
    return f"MyRopo {event.key}"


def deliver_payment(event: OutboxEvent) -> dict:
    """POST the bypass payment at most once, then read the job back for the replica.

    Ropo One has no idempotency key, so an event whose earlier send may have been booked
    (`in_doubt`: its answer was lost) first reads the job's booked payments: found, it is not
    sent again; not found, it is; no payment list in the answer, an agent must check."""
    p = event.payload
    description = payment_description(event)
    with RopoOneClient(p["country"]) as client:
        if event.checked_booked:
            return _booked(p, client.get_job(p["jobid"]), how="checked by an agent")
        if event.in_doubt:
            job, booked = client.job_payments(p["jobid"])
            if booked is None:
                raise NeedsCheck("the job answer lists no payments: check upstream by hand")
            if any(b.description == description for b in booked):
                return _booked(p, case_snapshot(job), how="found upstream")
            event.in_doubt = False  # the earlier send was not booked: send it now
        receipt = client.post_payment(
            jobid=p["jobid"],
            amount=Decimal(p["amount"]),
            paid_on=datetime.date.fromisoformat(p["paid_on"]),
            kind=p["kind"],
            description=description,
        )
        try:
            snapshot = client.get_job(p["jobid"])
        except UpstreamError as exc:
            # Booked: the next attempt finds the booking instead of sending it again.
            raise UpstreamError(
                f"booked, but reading the job back failed: {exc}", permanent=False, unsure=True
            ) from exc
    return {**_booked(p, snapshot, how="posted"), "receipt": receipt.raw}


def _booked(p: dict, snapshot, *, how: str) -> dict:
    services.record_reported_payment_booked(p["reported_payment"], snapshot=snapshot)
    return {"jobid": p["jobid"], "booked": how, "version": snapshot.version}


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
