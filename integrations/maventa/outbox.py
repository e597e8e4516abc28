"""Delivering our events to Maventa."""

from integrations.maventa.client import MaventaClient
from integrations.models import OutboxEvent


def deliver_event(event: OutboxEvent) -> dict:
    p = event.payload
    with MaventaClient() as client:
        return client.post_event(
            p["assignment_id"], event=p["event"], idempotency_key=str(event.key)
        )
