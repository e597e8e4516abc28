"""The outbox: our changes on their way upstream, delivered at least once, booked once.

`enqueue` is called inside the service's transaction, so the event exists exactly when the
local change does. `relay_due` delivers due events one at a time under a row lock
(`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL), so two workers never send the same event;
the event's key travels as the Idempotency-Key where upstream honours one, so a retry after a
lost answer is not booked twice upstream. Failures back off exponentially with full jitter;
after `OUTBOX_MAX_ATTEMPTS` (or a permanent refusal) the event becomes a dead letter for an
agent to look at.

Topics marked `at_most_once` go to an upstream without an idempotency key (Ropo One payments).
A failure that may have taken effect (`UpstreamError.unsure`, or a crash after sending) marks
the event `in_doubt`; its deliverer then asks upstream whether the earlier send took effect
before sending again. Such an event is never a dead letter: when the question cannot be
settled (the answer does not tell, or the attempts run out) it waits in `needs_check` until an
agent checks upstream and says whether it took effect (`settle_check`).
"""

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import audit
from integrations.http import UpstreamError
from integrations.models import OutboxEvent
from myropo import logs

logger = logging.getLogger(__name__)

BASE_DELAY_SECONDS = 2
MAX_DELAY_SECONDS = 15 * 60


@dataclass(frozen=True)
class Topic:
    deliver: Callable[[OutboxEvent], dict]
    on_dead: Callable[[OutboxEvent], None] | None = None
    # Undoes what `on_dead` recorded when an agent sends the dead letter again; called as
    # on_retry(event, actor=...) in retry_dead's transaction. False: do not send it again.
    on_retry: Callable[..., bool] | None = None
    # Upstream has no idempotency key: a send whose answer was lost must be checked, not repeated.
    at_most_once: bool = False


class NeedsCheck(UpstreamError):
    """Upstream's answer cannot tell whether an earlier send took effect: an agent must check."""

    def __init__(self, message: str):
        super().__init__(message, permanent=True)


def enqueue(topic: str, payload: dict) -> OutboxEvent:
    """Write an event in the caller's transaction; a relay run starts after commit."""
    from integrations.tasks import relay_outbox_task

    if topic not in _topics():
        raise ValueError(f"unknown outbox topic {topic!r}")
    event = OutboxEvent.objects.create(
        topic=topic, payload=payload, request_id=logs.current_request_id()
    )
    transaction.on_commit(relay_outbox_task.delay)
    return event


def relay_due(*, limit: int = 100) -> int:
    """Deliver up to `limit` due events; returns how many were attempted."""
    attempted = 0
    while attempted < limit:
        with transaction.atomic():
            event = (
                OutboxEvent.objects.select_for_update(skip_locked=True)
                .filter(status=OutboxEvent.Status.PENDING, next_attempt_at__lte=timezone.now())
                .order_by("next_attempt_at", "id")
                .first()
            )
            if event is None:
                break
            _attempt(event)
        attempted += 1
    return attempted


def retry_dead(event: OutboxEvent, *, actor=None) -> bool:
    """An agent sends a dead letter again (after fixing what made it fail).

    Answers whether the event was queued again: not when it is no longer dead, nor when its
    topic's `on_retry` says it must not go (it then stays a dead letter)."""
    with transaction.atomic():
        locked = OutboxEvent.objects.select_for_update().get(pk=event.pk)
        if locked.status != OutboxEvent.Status.DEAD:
            return False
        topic = _topics().get(locked.topic)
        if topic and topic.on_retry and not topic.on_retry(locked, actor=actor):
            audit.record(
                "outbox.retry_refused", actor=actor, obj=locked, data={"topic": locked.topic}
            )
            logger.warning("outbox: %s %s stays a dead letter", locked.topic, locked.key)
            return False
        locked.status = OutboxEvent.Status.PENDING
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.save(update_fields=["status", "attempts", "next_attempt_at"])
        audit.record("outbox.retried", actor=actor, obj=locked, data={"topic": locked.topic})
        from integrations.tasks import relay_outbox_task

        transaction.on_commit(relay_outbox_task.delay)
    return True


def settle_check(event: OutboxEvent, *, took_effect: bool, actor=None) -> bool:
    """An agent checked upstream whether an event in `needs_check` took effect.

    Took effect: the event goes again without sending (its deliverer only reads the result
    back). Did not: it is sent again. Answers whether the event was queued."""
    with transaction.atomic():
        locked = OutboxEvent.objects.select_for_update().get(pk=event.pk)
        if locked.status != OutboxEvent.Status.NEEDS_CHECK:
            return False
        locked.status = OutboxEvent.Status.PENDING
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.checked_booked = took_effect
        locked.in_doubt = False
        locked.save(
            update_fields=["status", "attempts", "next_attempt_at", "checked_booked", "in_doubt"]
        )
        audit.record(
            "outbox.checked",
            actor=actor,
            obj=locked,
            data={"topic": locked.topic, "took_effect": took_effect},
        )
        from integrations.tasks import relay_outbox_task

        transaction.on_commit(relay_outbox_task.delay)
    return True


def backoff_seconds(attempts: int) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2**attempts)]."""
    return random.uniform(0, min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2**attempts))


def _attempt(event: OutboxEvent) -> None:
    with logs.bound(event.request_id or logs.current_request_id()):
        _deliver(event)


def _deliver(event: OutboxEvent) -> None:
    topic = _topics()[event.topic]
    event.attempts += 1
    try:
        with transaction.atomic():  # a savepoint: a failed delivery leaves no local writes
            event.response = topic.deliver(event)
    except UpstreamError as exc:
        event.in_doubt = event.in_doubt or (topic.at_most_once and exc.unsure)
        _failed(event, topic, str(exc), permanent=exc.permanent, check=isinstance(exc, NeedsCheck))
        return
    except Exception as exc:  # a bug must not lose the event: keep it and retry later
        logger.exception("outbox: delivering %s %s crashed", event.topic, event.key)
        event.in_doubt = event.in_doubt or topic.at_most_once  # it may have crashed after sending
        _failed(event, topic, f"internal error: {exc!r}", permanent=False)
        return
    event.status = OutboxEvent.Status.DELIVERED
    event.delivered_at = timezone.now()
    event.last_error = ""
    event.in_doubt = False
    event.save(
        update_fields=["attempts", "response", "status", "delivered_at", "last_error", "in_doubt"]
    )
    audit.record(
        "outbox.delivered", obj=event, data={"topic": event.topic, "attempts": event.attempts}
    )


def _failed(
    event: OutboxEvent, topic: Topic, error: str, *, permanent: bool, check: bool = False
) -> None:
    event.last_error = error[:2000]
    final = permanent or event.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    if check or (final and event.in_doubt):
        event.status = OutboxEvent.Status.NEEDS_CHECK
        audit.record(
            "outbox.needs_check", obj=event, data={"topic": event.topic, "error": event.last_error}
        )
        logger.error("outbox: %s %s needs checking upstream: %s", event.topic, event.key, error)
    elif final:
        event.status = OutboxEvent.Status.DEAD
        if topic.on_dead:
            topic.on_dead(event)
        audit.record(
            "outbox.dead", obj=event, data={"topic": event.topic, "error": event.last_error}
        )
        logger.error("outbox: %s %s is a dead letter: %s", event.topic, event.key, error)
    else:
        event.next_attempt_at = timezone.now() + timedelta(seconds=backoff_seconds(event.attempts))
        logger.warning(
            "outbox: %s %s failed (attempt %s): %s", event.topic, event.key, event.attempts, error
        )
    event.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "in_doubt"])


def _topics() -> dict[str, Topic]:
    from integrations.topics import TOPICS

    return TOPICS
