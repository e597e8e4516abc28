"""Delivering our events to Maventa."""

import datetime
from decimal import Decimal

from integrations.http import UpstreamError
from integrations.maventa.client import (
    MaventaClient,
    credit_note_event,
    event_description,
    paid_event,
)
from integrations.models import OutboxEvent
from integrations.outbox import NeedsCheck
from integrations.ropo_one.outbox import payment_description
from invoices import services


def deliver_event(event: OutboxEvent) -> dict:
    """POST a creditor's direct payment (`paid`) or credit note (`credit_note`) on the case's
    assignment at most once, then read the case back from Ropo One for the replica.

    Maventa documents no idempotency key, so the event carries `description: "MyRopo <key>"`
    and one whose earlier send may have been booked (`in_doubt`) first reads the assignment's
    events: found, it is not sent again; not found, it is; events that show no description at
    all cannot tell, and an agent must check (the same rule as the Ropo One payment)."""
    from integrations.ropo_one.client import RopoOneClient

    p = event.payload
    description = payment_description(event)
    booked = event.checked_booked  # an agent checked upstream: it took effect
    answer, how = {}, "checked by an agent" if booked else "posted"
    with MaventaClient() as client:
        if not booked and event.in_doubt:
            found = [event_description(e) for e in client.events(p["assignment_id"])]
            if found and all(d is None for d in found):
                raise NeedsCheck("the events show no description: check upstream by hand")
            booked, how = description in found, "found upstream"
            event.in_doubt = False  # if not found, the earlier send was not booked: send now
        if not booked:
            make = paid_event if p["type"] == "paid" else credit_note_event
            amount, booked_at = Decimal(p["amount"]), datetime.date.fromisoformat(p["booked_at"])
            answer = client.post_event(
                p["assignment_id"], event=make(amount, booked_at, description=description)
            )
            how = "posted"
    try:
        with RopoOneClient(p["country"]) as ropo:
            snapshot = ropo.get_job(p["jobid"])
    except UpstreamError as exc:
        # Booked: the next attempt finds the event instead of sending it again.
        raise UpstreamError(
            f"booked, but reading the case back failed: {exc}", permanent=False, unsure=True
        ) from exc
    services.record_reported_payment_booked(p["reported_payment"], snapshot=snapshot)
    return {"assignment_id": p["assignment_id"], "booked": how, "answer": answer}


# Maventa answers 409 when the service is not active or the invoice is already transferred:
# waiting will not change that, so the transfer is an error at once.
TRANSFER_REFUSALS = {"service_not_active", "already_assigned"}


def deliver_transfer(event: OutboxEvent) -> dict:
    """POST the transfer; the creditor's transfer becomes `sent` (or stays `pending`)."""
    from creditors import services

    p = event.payload
    try:
        with MaventaClient() as client:
            answer = client.transfer(
                p["invoice_id"], body=p["body"], idempotency_key=str(event.key)
            )
    except UpstreamError as exc:
        if exc.code in TRANSFER_REFUSALS:
            raise UpstreamError(str(exc), permanent=True, status=exc.status, code=exc.code) from exc
        raise
    services.record_transfer_answer(
        p["transfer"],
        status=str(answer.get("status") or ""),
        assignment_id=answer.get("assignment_id"),
        error="; ".join(str(e) for e in answer.get("errors") or []),
    )
    return answer


def transfer_refused(event: OutboxEvent) -> None:
    from creditors import services

    services.record_transfer_answer(
        event.payload["transfer"], status="error", error=event.last_error
    )


def transfer_retried(event: OutboxEvent, *, actor=None) -> bool:
    """The transfer is pending again, unless another transfer of its invoice is under way."""
    from creditors import services

    return services.reopen_transfer(event.payload["transfer"], actor=actor)


def deliver_activation(event: OutboxEvent) -> dict:
    """PUT the agreement contact e-mail; keep the service status Maventa answers."""
    from creditors import services
    from creditors.models import MaventaLink

    p = event.payload
    with MaventaClient() as client:
        answer = client.request_activation(
            company_id=p["company_id"],
            contact_email=p["contact_email"],
            idempotency_key=str(event.key),
        )
    services.record_service_status(MaventaLink.objects.get(pk=p["link"]), answer=answer)
    return answer


def deliver_service_closing(event: OutboxEvent) -> dict:
    """DELETE the Ropo service (closing twice is closing); keep the status Maventa answers."""
    from creditors import services
    from creditors.models import MaventaLink

    p = event.payload
    with MaventaClient() as client:
        answer = client.close_service(company_id=p["company_id"], idempotency_key=str(event.key))
    services.record_service_status(MaventaLink.objects.get(pk=p["link"]), answer=answer)
    return answer
