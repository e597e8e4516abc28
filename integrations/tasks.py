from celery import shared_task

from integrations import outbox


@shared_task
def relay_outbox_task() -> int:
    """Deliver due outbox events (beat runs this too, so nothing waits for a new event)."""
    return outbox.relay_due(limit=200)
