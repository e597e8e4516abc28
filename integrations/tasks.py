from celery import shared_task

from integrations import outbox

# Celery's autodiscovery imports `<app>.tasks` only: register the per-system tasks too.
from integrations.maventa import tasks as maventa_tasks  # noqa: F401
from integrations.ropo_one import tasks as ropo_one_tasks  # noqa: F401


@shared_task
def relay_outbox_task() -> int:
    """Deliver due outbox events (beat runs this too, so nothing waits for a new event)."""
    return outbox.relay_due(limit=200)
