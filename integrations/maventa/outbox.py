"""Delivering our events to Maventa."""

from integrations.http import UpstreamError
from integrations.maventa.client import MaventaClient
from integrations.models import OutboxEvent


def deliver_event(event: OutboxEvent) -> dict:
    p = event.payload
    with MaventaClient() as client:
        return client.post_event(
            p["assignment_id"], event=p["event"], idempotency_key=str(event.key)
        )


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
