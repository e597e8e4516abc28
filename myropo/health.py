"""`/healthz` (liveness): is the database answering, is the broker reachable.
`/readyz` (readiness): is the portal's data fresh enough to serve (docs/operations.md)."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("health: database check failed", exc_info=True)
        return False


def broker_ok() -> bool:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT,
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            # Opening a channel makes the transport talk to the broker (Redis: a PING).
            conn.default_channel  # noqa: B018
        return True
    except Exception:
        logger.warning("health: broker check failed", exc_info=True)
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_ok(), "broker": broker_ok()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "error",
        **{name: "ok" if good else "error" for name, good in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


def not_ready_reasons() -> list[str]:
    """Why the portal should not be trusted with traffic: stale feeds, too many dead letters."""
    from integrations.models import OutboxEvent
    from integrations.sync import feeds

    if not database_ok():
        return ["database unreachable"]
    reasons = []
    now = timezone.now()
    for feed in feeds():
        lag = feed.lag_seconds(now)
        if lag is not None and lag > settings.READY_MAX_SYNC_LAG_SECONDS:
            where = f"{feed.upstream} {feed.country}".strip()
            reasons.append(f"sync {where}: last success {int(lag)} s ago")
    dead = OutboxEvent.objects.filter(status=OutboxEvent.Status.DEAD).count()
    if dead > settings.READY_MAX_DEAD_LETTERS:
        reasons.append(f"outbox: {dead} dead letters")
    return reasons


@never_cache
@require_GET
def readyz(request):
    reasons = not_ready_reasons()
    if reasons:
        return JsonResponse({"status": "not ready", "reasons": reasons}, status=503)
    return JsonResponse({"status": "ready", "reasons": []})
