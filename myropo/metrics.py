"""`/metrics` in the Prometheus text format (docs/operations.md says what each figure means).

Two kinds of figures:
- counters of things that happen in a process (requests, upstream calls and errors, failed
  logins, rate-limit refusals), kept by `prometheus_client`. With `PROMETHEUS_MULTIPROC_DIR`
  set, every process on the host (gunicorn's workers, Celery's) writes its own file there and a
  scrape adds them up; without it a scrape sees only the process that answers it.
- gauges read from the database and the broker at scrape time (`PortalCollector`): sync lag,
  the outbox, unconfirmed payments, the Celery queue. One aggregate query per family.
"""

import datetime
import hmac
import ipaddress
import logging
import time
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection
from kombu.exceptions import ChannelError
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from accounts.security import client_ip

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "myropo_http_requests",
    "Requests answered, by view (URL name, never the path), method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "myropo_http_request_duration_seconds",
    "Time from the first middleware to the response, by view.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
UPSTREAM_CALLS = Counter(
    "myropo_upstream_calls",
    "Calls to an outside system, by system, country and outcome (ok, retryable, permanent).",
    ["upstream", "country", "outcome"],
)
LOGIN_FAILURES = Counter("myropo_login_failures", "Failed logins (wrong password or code).")
RATE_LIMIT_REFUSALS = Counter(
    "myropo_rate_limit_refusals",
    "Requests refused because their key is locked (accounts.ratelimit), by limit.",
    ["limit"],
)

UNRESOLVED = "<unresolved>"


def view_label(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else UNRESOLVED


class RequestMetricsMiddleware:
    """Counts every response by view and status and times it (placed first, so it sees all)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        view = view_label(request)
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        return response


def upstream_of(base_url: str) -> tuple[str, str]:
    """(system, country) of a client's base URL, from the settings that configure them."""
    base_url = base_url.rstrip("/")
    for country, url in settings.ROPO_ONE_URLS.items():
        if url and base_url == url.rstrip("/"):
            return "ropo_one", country
    known = {
        settings.MAVENTA_URL: ("maventa", "FI"),
        settings.PAYTRAIL_URL: ("paytrail", ""),
    }
    for url, labels in known.items():
        if url and base_url == url.rstrip("/"):
            return labels
    return "other", ""


def count_upstream_call(base_url: str, outcome: str) -> None:
    UPSTREAM_CALLS.labels(*upstream_of(base_url), outcome).inc()


def count_rate_limit_refusal(key: str) -> None:
    # The key's first two parts name the limit ("letter:id", "messaging:send"), never the
    # address or the user in the rest of it.
    RATE_LIMIT_REFUSALS.labels(":".join(key.split(":")[:2])).inc()


class PortalCollector:
    """Gauges computed at scrape time from the database and the broker."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        for family in (self._sync, self._outbox, self._payments, self._celery):
            try:
                yield from family(now)
            except Exception:
                # One family that cannot be read must not hide the others.
                logger.warning("metrics: %s failed", family.__name__, exc_info=True)

    def _sync(self, now: datetime.datetime) -> Iterator[GaugeMetricFamily]:
        from integrations.sync import feeds

        labels = ["upstream", "country"]
        last = GaugeMetricFamily(
            "myropo_sync_last_success_timestamp_seconds",
            "When a run of the feed last finished without an error (Unix time).",
            labels=labels,
        )
        lag = GaugeMetricFamily(
            "myropo_sync_lag_seconds", "Seconds since the feed last succeeded.", labels=labels
        )
        for feed in feeds():
            if feed.succeeded_at is not None:
                last.add_metric([feed.upstream, feed.country], feed.succeeded_at.timestamp())
                lag.add_metric([feed.upstream, feed.country], feed.lag_seconds(now))
        yield last
        yield lag

    def _outbox(self, now: datetime.datetime) -> Iterator[GaugeMetricFamily]:
        from integrations.models import OutboxEvent

        Status = OutboxEvent.Status
        rows = (
            OutboxEvent.objects.exclude(status=Status.DELIVERED)
            .values("topic", "status")
            .annotate(
                events=Count("id"),
                retrying=Count("id", filter=Q(attempts__gt=0)),
                oldest=Min("created_at"),
            )
            .order_by()
        )
        events = GaugeMetricFamily(
            "myropo_outbox_events",
            "Undelivered outbox events by topic and status (pending, dead, needs_check).",
            labels=["topic", "status"],
        )
        retrying = GaugeMetricFamily(
            "myropo_outbox_retrying_events",
            "Pending outbox events that have failed at least once.",
            labels=["topic"],
        )
        oldest = GaugeMetricFamily(
            "myropo_outbox_oldest_pending_age_seconds",
            "Age of the oldest pending outbox event.",
            labels=["topic"],
        )
        for row in rows:
            events.add_metric([row["topic"], row["status"]], row["events"])
            if row["status"] == Status.PENDING:
                retrying.add_metric([row["topic"]], row["retrying"])
                oldest.add_metric([row["topic"]], (now - row["oldest"]).total_seconds())
        yield from (events, retrying, oldest)

    def _payments(self, now: datetime.datetime) -> Iterator[GaugeMetricFamily]:
        from payments.models import Payment
        from payments.services import RECHECK_AFTER

        pending = Payment.objects.filter(
            status=Payment.Status.PENDING, created_at__lte=now - RECHECK_AFTER
        ).count()
        family = GaugeMetricFamily(
            "myropo_payments_unconfirmed",
            "Payments pending at the gateway for longer than the re-check window.",
        )
        family.add_metric([], pending)
        yield family

    def _celery(self, now: datetime.datetime) -> Iterator[GaugeMetricFamily]:
        queue = "celery"  # the default queue; no task is routed elsewhere
        family = GaugeMetricFamily(
            "myropo_celery_queue_length", "Tasks waiting in the broker.", labels=["queue"]
        )
        family.add_metric([queue], celery_queue_length(queue))
        yield family


def celery_queue_length(queue: str) -> int:
    """Messages waiting in `queue` (Redis: its list's LLEN; the embedded broker: its files)."""
    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        connect_timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT,
    ) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)  # a scrape must not hang
        try:
            return conn.default_channel.queue_declare(queue, passive=True).message_count
        except ChannelError:
            return 0  # never declared: no worker has started on this broker yet


def allowed(request: HttpRequest) -> bool:
    """A bearer token equal to METRICS_TOKEN, or a client in METRICS_ALLOWED_NETWORKS."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if settings.METRICS_ALLOWED_NETWORKS:
        try:
            address = ipaddress.ip_address(client_ip(request))
        except ValueError:
            return False
        return any(
            address in ipaddress.ip_network(net, strict=False)
            for net in settings.METRICS_ALLOWED_NETWORKS
        )
    return False


def exposition() -> bytes:
    if settings.PROMETHEUS_MULTIPROC_DIR:
        counters = CollectorRegistry()
        multiprocess.MultiProcessCollector(counters)
    else:
        counters = REGISTRY
    gauges = CollectorRegistry(auto_describe=False)
    gauges.register(PortalCollector())
    return generate_latest(counters) + generate_latest(gauges)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        raise Http404  # no sign that the endpoint exists
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
