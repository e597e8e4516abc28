"""Chaos: the sandbox fails 30% of calls, times out, loses answers and repeats itself.

While it misbehaves the portal keeps syncing and sending payments; once it recovers, the
replica equals the sandbox's truth and every outbox event took effect exactly once.
"""

import contextlib
import datetime
import random
from decimal import Decimal

import httpx
import pytest
from django.utils import timezone

from integrations import outbox
from integrations.http import UpstreamError
from integrations.maventa.tasks import pull_assignments
from integrations.models import OutboxEvent
from integrations.ropo_one.outbox import payment_description
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Invoice, InvoiceStatus, ReportedPayment
from invoices.services import report_direct_payment
from tests.integrations.test_outbox import portal_bookings
from tests.integrations.test_sync_from_sandbox import assert_replica_matches

pytestmark = pytest.mark.django_db

COUNTRIES = ("FI", "SE", "NO")
ROUNDS = 25
PAYMENTS = 10


def sync_everything() -> None:
    for country in COUNTRIES:
        with contextlib.suppress(UpstreamError):
            pull_status_updates(country)
    with contextlib.suppress(UpstreamError):
        pull_assignments()


def relay_now() -> None:
    OutboxEvent.objects.filter(status=OutboxEvent.Status.PENDING).update(
        next_attempt_at=timezone.now()
    )
    outbox.relay_due()


def test_after_the_storm_replica_equals_truth_and_every_event_took_effect_once(
    fresh_sandbox, settings
):
    settings.OUTSIDE_TIMEOUT_SECONDS = 1.0
    settings.OUTBOX_MAX_ATTEMPTS = 1000  # the storm must not turn events into dead letters
    web = httpx.Client(base_url=fresh_sandbox.url, timeout=30)
    sync_everything()  # a calm start: the replica exists
    faults = {
        "error_rate": 0.3,
        "timeout_rate": 0.1,
        "timeout_seconds": 2,
        "duplicate_rate": 0.2,
        "lost_response_rate": 0.15,
        "seed": 20261122,
    }
    assert web.post("/faults", json=faults).status_code == 200
    dice = random.Random(7)
    try:
        for round_number in range(ROUNDS):
            if round_number < PAYMENTS:
                candidates = list(Invoice.objects.filter(status=InvoiceStatus.OPEN, balance__gt=5))
                invoice = dice.choice(candidates)
                report_direct_payment(
                    invoice, amount=Decimal("1.00"), paid_on=datetime.date.today()
                )
            if round_number % 8 == 7:
                web.post("/clock/advance", json={"days": 5})
            relay_now()
            sync_everything()
        counters = web.get("/faults").json()["injected"]
    finally:
        web.delete("/faults")
    # The storm really happened.
    assert sum(counters.get(name, 0) for name in ("errors", "timeouts", "lost_responses")) > 0

    for _ in range(20):  # recovery: deliver what is left, then read every feed to the end
        relay_now()
        if not OutboxEvent.objects.filter(status=OutboxEvent.Status.PENDING).exists():
            break
    sync_everything()
    sync_everything()

    assert not OutboxEvent.objects.exclude(status=OutboxEvent.Status.DELIVERED).exists()
    truth = web.get("/truth").json()
    booked = portal_bookings(truth)
    for event in OutboxEvent.objects.all():
        assert booked[payment_description(event)] == 1, event.key
    assert OutboxEvent.objects.count() == PAYMENTS
    assert set(ReportedPayment.objects.values_list("status", flat=True)) == {"confirmed"}
    assert_replica_matches(fresh_sandbox)
