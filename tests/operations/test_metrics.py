"""/metrics: who may read it, and each figure moves when the thing it counts happens."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from kombu import Connection

from integrations import outbox
from integrations.models import OutboxEvent, SyncCursor
from integrations.ropo_one.tasks import pull_status_updates, pull_status_updates_task
from integrations.sync import record_success, ropo_one_status_updates
from invoices.models import Invoice
from invoices.services import report_direct_payment
from payments.models import Payment
from tests.accounts.test_staff_login import password_login
from tests.operations.conftest import scrape, value

pytestmark = pytest.mark.django_db

TOKEN = "t" * 40  # noqa: S105


def test_metrics_is_a_404_for_anyone_outside_the_operator_networks_without_a_token(
    client, settings
):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="192.168.1.5").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_metrics_answers_the_right_bearer_token_only(client, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = []
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 404
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")


def test_metrics_is_off_when_neither_a_token_nor_a_network_is_set(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = []
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_the_metrics_network_rule_uses_the_trusted_client_address(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    settings.TRUSTED_PROXY_COUNT = 1
    # The proxy saw 203.0.113.9; the client's own claim further left is not believed.
    outside = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.9"}
    assert client.get("/metrics", **outside).status_code == 404
    inside = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "10.0.0.7"}
    assert client.get("/metrics", **inside).status_code == 200


def test_a_request_moves_its_views_counter_and_histogram(client):
    before = scrape(client)
    assert client.get("/").status_code == 200
    after = scrape(client)
    labels = {"view": "home", "method": "GET", "status": "200"}
    assert value(after, "myropo_http_requests_total", **labels) == (
        value(before, "myropo_http_requests_total", **labels) + 1
    )
    count = "myropo_http_request_duration_seconds_count"
    assert value(after, count, view="home") == value(before, count, view="home") + 1


def test_an_unknown_path_is_counted_without_its_path(client):
    before = scrape(client)
    assert client.get("/no-such-page-4711/").status_code == 404
    response = client.get("/metrics")
    after = scrape(client)
    labels = {"view": "<unresolved>", "method": "GET", "status": "404"}
    assert value(after, "myropo_http_requests_total", **labels) >= (
        value(before, "myropo_http_requests_total", **labels) + 1
    )
    assert b"no-such-page-4711" not in response.content


def test_a_failed_login_moves_the_login_failure_counter(client, agent):
    before = scrape(client)
    password_login(Client(), agent, password="wrong-password")  # noqa: S106
    after = scrape(client)
    name = "myropo_login_failures_total"
    assert value(after, name) == value(before, name) + 1


def test_a_locked_letter_lookup_moves_the_rate_limit_counter(client):
    from invoices.services import apply_case_updates
    from tests.invoices.snapshots import case

    apply_case_updates([case(1)])
    invoice = Invoice.objects.get()
    name, labels = "myropo_rate_limit_refusals_total", {"limit": "letter:id"}
    before = scrape(client)
    visitor = Client()
    for _ in range(6):
        visitor.post("/letter/", {"myropo_id": invoice.myropo_id, "postal_code_or_reference": "1"})
    after = scrape(client)
    assert value(after, name, **labels) == value(before, name, **labels) + 1


def test_an_old_pending_payment_is_counted_as_unconfirmed(client, open_invoice):
    def payment(key: str, minutes: int, status=Payment.Status.PENDING) -> None:
        made = Payment.objects.create(
            invoice=open_invoice,
            idempotency_key=key,
            amount=Decimal("10.00"),
            currency="EUR",
            status=status,
        )
        then = timezone.now() - datetime.timedelta(minutes=minutes)
        Payment.objects.filter(pk=made.pk).update(created_at=then)

    payment("fresh", minutes=1)
    payment("paid", minutes=60, status=Payment.Status.PAID)
    assert value(scrape(client), "myropo_payments_unconfirmed") == 0
    payment("lost", minutes=60)
    assert value(scrape(client), "myropo_payments_unconfirmed") == 1


class EmptyFeed:
    def status_updates(self):
        return []


def test_a_sync_at_a_dead_port_lets_the_lag_grow_and_counts_the_error(client, settings):
    feed = ropo_one_status_updates("FI")
    pull_status_updates("FI", client=EmptyFeed())
    lag = value(scrape(client), "myropo_sync_lag_seconds", upstream="ropo_one", country="FI")
    assert 0 <= lag < 60
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    SyncCursor.objects.filter(name=feed).update(succeeded_at=an_hour_ago)
    errors = {"upstream": "ropo_one", "country": "FI", "outcome": "retryable"}
    before = scrape(client)
    settings.ROPO_ONE_URLS = {**settings.ROPO_ONE_URLS, "FI": "http://127.0.0.1:9/fi"}
    pull_status_updates_task("FI")
    after = scrape(client)
    assert SyncCursor.objects.get(name=feed).succeeded_at == an_hour_ago
    assert value(after, "myropo_sync_lag_seconds", upstream="ropo_one", country="FI") >= 3600
    assert value(
        after, "myropo_sync_last_success_timestamp_seconds", upstream="ropo_one", country="FI"
    ) == pytest.approx(an_hour_ago.timestamp())
    name = "myropo_upstream_calls_total"
    assert value(after, name, **errors) == value(before, name, **errors) + 1


def test_a_successful_run_brings_the_lag_back_down(client):
    record_success(ropo_one_status_updates("SE"))
    SyncCursor.objects.filter(name=ropo_one_status_updates("SE")).update(
        succeeded_at=timezone.now() - datetime.timedelta(hours=2)
    )
    pull_status_updates("SE", client=EmptyFeed())
    assert value(scrape(client), "myropo_sync_lag_seconds", upstream="ropo_one", country="SE") < 60


def test_a_dead_letter_raises_the_outbox_gauge(client, settings, fresh_sandbox):
    for country in ("FI", "SE", "NO"):
        pull_status_updates(country)
    invoice = Invoice.objects.filter(country="FI", balance__gt=20).order_by("upstream_id").first()
    report_direct_payment(invoice, amount=Decimal("5.00"), paid_on=datetime.date.today())
    topic = OutboxEvent.objects.get().topic
    pending = value(scrape(client), "myropo_outbox_events", topic=topic, status="pending")
    assert pending == 1
    settings.OUTBOX_MAX_ATTEMPTS = 1
    settings.ROPO_ONE_URLS = dict.fromkeys(settings.ROPO_ONE_URLS, "http://127.0.0.1:9/x")
    outbox.relay_due()
    after = scrape(client)
    assert value(after, "myropo_outbox_events", topic=topic, status="dead") == 1
    assert value(after, "myropo_outbox_events", topic=topic, status="pending") == 0


def test_a_failed_delivery_counts_as_retrying_with_the_oldest_age(client, settings, fresh_sandbox):
    pull_status_updates("FI")
    invoice = Invoice.objects.filter(country="FI", balance__gt=20).order_by("upstream_id").first()
    report_direct_payment(invoice, amount=Decimal("5.00"), paid_on=datetime.date.today())
    event = OutboxEvent.objects.get()
    OutboxEvent.objects.filter(pk=event.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    settings.ROPO_ONE_URLS = dict.fromkeys(settings.ROPO_ONE_URLS, "http://127.0.0.1:9/x")
    outbox.relay_due()
    after = scrape(client)
    assert value(after, "myropo_outbox_retrying_events", topic=event.topic) == 1
    assert value(after, "myropo_outbox_oldest_pending_age_seconds", topic=event.topic) >= 1800


def test_the_celery_queue_length_counts_waiting_tasks(client, settings, tmp_path):
    if settings.CELERY_BROKER_URL == "filesystem://":  # a broker folder of this test's own
        folder = str(tmp_path)
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
            "data_folder_in": folder,
            "data_folder_out": folder,
            "control_folder": folder,
        }
    with Connection(
        settings.CELERY_BROKER_URL, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS
    ) as conn:
        queue = conn.SimpleQueue("celery")
        queue.clear()
        assert value(scrape(client), "myropo_celery_queue_length", queue="celery") == 0
        queue.put({"task": "waiting"})
        queue.put({"task": "waiting"})
        try:
            assert value(scrape(client), "myropo_celery_queue_length", queue="celery") == 2
        finally:
            queue.clear()
            queue.close()


def test_an_unreachable_gateway_counts_as_a_paytrail_error(client, settings):
    from integrations.http import UpstreamError
    from payments.providers import get_provider

    settings.PAYTRAIL_URL = "http://127.0.0.1:9/paytrail"
    errors = {"upstream": "paytrail", "country": "", "outcome": "retryable"}
    name = "myropo_upstream_calls_total"
    before = value(scrape(client), name, **errors)
    with pytest.raises(UpstreamError):
        get_provider().get_payment("00000000-0000-4000-8000-00000000abcd")
    assert value(scrape(client), name, **errors) == before + 1


def test_an_unreachable_broker_leaves_out_only_the_queue_length_and_fast(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    started = timezone.now()
    samples = scrape(client)
    assert (timezone.now() - started).total_seconds() < 3
    assert not [name for name, _ in samples if name == "myropo_celery_queue_length"]
    assert ("myropo_payments_unconfirmed", frozenset()) in samples
