"""Our changes on their way upstream: delivered once, retried when the sandbox fails."""

import datetime
import threading
from collections import Counter
from decimal import Decimal

import httpx
import pytest
from django.db import connection
from django.utils import timezone

from integrations import outbox
from integrations.models import OutboxEvent
from integrations.ropo_one.outbox import payment_description
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Invoice, InvoiceStatus, ReportedPayment
from invoices.services import report_direct_payment

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def sandbox_truth(sandbox) -> dict:
    return httpx.get(f"{sandbox.url}/truth", timeout=30).json()


def portal_bookings(truth: dict) -> Counter:
    """How often the sandbox booked each outbox event's payment (by the description it
    carries: Ropo One has no idempotency key)."""
    return Counter(
        booking["description"]
        for case in truth["cases"]
        for booking in case["bookings"]
        if booking["description"].startswith("MyRopo ")
    )


def booked_times(sandbox, event: OutboxEvent) -> int:
    return portal_bookings(sandbox_truth(sandbox))[payment_description(event)]


def open_invoice(country: str = "FI") -> Invoice:
    return (
        Invoice.objects.filter(country=country, status=InvoiceStatus.OPEN, balance__gt=20)
        .order_by("upstream_id")
        .first()
    )


@pytest.fixture
def synced(fresh_sandbox):
    for country in ("FI", "SE", "NO"):
        pull_status_updates(country)
    return fresh_sandbox


def make_due(event: OutboxEvent) -> None:
    OutboxEvent.objects.filter(pk=event.pk).update(next_attempt_at=timezone.now())


def test_a_reported_payment_is_booked_upstream_once_and_confirmed(synced):
    invoice = open_invoice()
    before = invoice.balance
    payment = report_direct_payment(invoice, amount=Decimal("10.00"), paid_on=TODAY())
    event = OutboxEvent.objects.get()
    assert outbox.relay_due() == 1
    event.refresh_from_db()
    assert event.status == OutboxEvent.Status.DELIVERED
    payment.refresh_from_db()
    assert payment.status == ReportedPayment.Status.CONFIRMED
    invoice.refresh_from_db()
    assert invoice.balance == before - Decimal("10.00")
    assert booked_times(synced, event) == 1


def test_relaying_again_sends_nothing_more(synced):
    report_direct_payment(open_invoice(), amount=Decimal("5.00"), paid_on=TODAY())
    outbox.relay_due()
    assert outbox.relay_due() == 0
    assert sum(portal_bookings(sandbox_truth(synced)).values()) == 1


def test_an_unreachable_upstream_leaves_the_event_pending_with_backoff(synced, settings):
    invoice = open_invoice()
    report_direct_payment(invoice, amount=Decimal("5.00"), paid_on=TODAY())
    real = settings.ROPO_ONE_URLS
    settings.ROPO_ONE_URLS = dict.fromkeys(real, "http://127.0.0.1:9/fi")
    outbox.relay_due()
    event = OutboxEvent.objects.get()
    assert (event.status, event.attempts) == (OutboxEvent.Status.PENDING, 1)
    assert event.next_attempt_at > timezone.now()
    assert "failed" in event.last_error or "timed out" in event.last_error
    assert outbox.relay_due() == 0  # not due yet
    settings.ROPO_ONE_URLS = real
    make_due(event)
    outbox.relay_due()
    event.refresh_from_db()
    assert event.status == OutboxEvent.Status.DELIVERED
    assert booked_times(synced, event) == 1


def test_a_refused_payment_becomes_a_dead_letter_and_is_marked_failed(synced):
    invoice = open_invoice()
    payment = report_direct_payment(invoice, amount=Decimal("5.00"), paid_on=TODAY())
    event = OutboxEvent.objects.get()
    OutboxEvent.objects.filter(pk=event.pk).update(payload={**event.payload, "jobid": "999999999"})
    outbox.relay_due()
    event.refresh_from_db()
    payment.refresh_from_db()
    assert event.status == OutboxEvent.Status.DEAD
    assert payment.status == ReportedPayment.Status.FAILED


def test_after_the_last_attempt_an_event_is_dead(synced, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    report_direct_payment(open_invoice(), amount=Decimal("5.00"), paid_on=TODAY())
    real = settings.ROPO_ONE_URLS
    settings.ROPO_ONE_URLS = dict.fromkeys(real, "http://127.0.0.1:9/x")
    event = OutboxEvent.objects.get()
    for _ in range(2):
        make_due(event)
        outbox.relay_due()
    event.refresh_from_db()
    assert (event.status, event.attempts) == (OutboxEvent.Status.DEAD, 2)


def test_backoff_grows_and_stays_within_its_cap():
    for attempts in range(1, 20):
        delay = outbox.backoff_seconds(attempts)
        assert 0 <= delay <= min(outbox.MAX_DELAY_SECONDS, outbox.BASE_DELAY_SECONDS * 2**attempts)


def test_a_payment_above_what_is_owed_is_refused_and_nothing_is_written(synced):
    from invoices.errors import InvoiceActionError

    invoice = open_invoice()
    with pytest.raises(InvoiceActionError):
        report_direct_payment(invoice, amount=invoice.balance + 1, paid_on=TODAY())
    assert not OutboxEvent.objects.exists()
    assert not ReportedPayment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_relays_at_once_never_send_the_same_event(synced):
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL")
    invoices = list(
        Invoice.objects.filter(status=InvoiceStatus.OPEN, balance__gt=20).order_by("pk")[:6]
    )
    for invoice in invoices:
        report_direct_payment(invoice, amount=Decimal("3.00"), paid_on=TODAY())

    def relay():
        try:
            outbox.relay_due()
        finally:
            connection.close()

    workers = [threading.Thread(target=relay) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert OutboxEvent.objects.filter(status=OutboxEvent.Status.DELIVERED).count() == 6
    assert sorted(portal_bookings(sandbox_truth(synced)).values()) == [1] * 6
