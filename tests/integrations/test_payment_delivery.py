"""A payment reaches Ropo One at most once, although Ropo One documents no idempotency key.

The sandbox books every POST it gets. When an answer is lost (5xx, a cut connection, a
timeout), the outbox reads the job's booked payments before it posts again; what it cannot
settle waits for an agent (`needs_check`), never as a silent dead letter.
"""

import datetime
import json
from decimal import Decimal

import httpx
import pytest
from django.urls import reverse
from django.utils import timezone

from integrations import outbox
from integrations.http import UpstreamError
from integrations.models import OutboxEvent
from integrations.ropo_one.client import RopoOneClient
from integrations.ropo_one.outbox import payment_description
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Invoice, InvoiceStatus, ReportedPayment
from invoices.services import report_direct_payment
from tests.conftest import log_in
from tests.integrations.test_outbox import booked_times, portal_bookings, sandbox_truth

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today
CENT = Decimal("0.01")


@pytest.fixture
def synced(fresh_sandbox, settings):
    settings.OUTSIDE_TIMEOUT_SECONDS = 2.0
    pull_status_updates("FI")
    return fresh_sandbox


def set_faults(sandbox, **knobs) -> None:
    response = httpx.post(f"{sandbox.url}/faults", json=knobs, timeout=30)
    assert response.status_code == 200, response.text


def no_faults(sandbox) -> None:
    assert httpx.delete(f"{sandbox.url}/faults", timeout=30).status_code == 200


def relay_now() -> int:
    OutboxEvent.objects.filter(status=OutboxEvent.Status.PENDING).update(
        next_attempt_at=timezone.now()
    )
    return outbox.relay_due(limit=1000)


def open_invoices() -> list[Invoice]:
    return list(
        Invoice.objects.filter(country="FI", status=InvoiceStatus.OPEN, balance__gt=5).order_by(
            "upstream_id"
        )
    )


def one_payment() -> OutboxEvent:
    report_direct_payment(open_invoices()[0], amount=Decimal("2.00"), paid_on=TODAY())
    return OutboxEvent.objects.get()


def test_200_payments_whose_answers_are_lost_after_booking_are_booked_exactly_once(synced):
    invoices = open_invoices()
    lost = 0
    # Half the answers are lost after the booking: for 100 payments as a 502, for 100 more as
    # a connection cut in the middle of the answer.
    for lost_as in ("error", "reset"):
        for n in range(100):
            report_direct_payment(invoices[n % len(invoices)], amount=CENT, paid_on=TODAY())
        set_faults(synced, lost_response_rate=0.5, lost_response_as=lost_as)
        relay_now()
        lost += httpx.get(f"{synced.url}/faults", timeout=30).json()["injected"]["lost_responses"]
    no_faults(synced)
    for _ in range(10):
        if not relay_now():
            break

    assert lost > 50  # the storm really happened
    events = list(OutboxEvent.objects.all())
    assert len(events) == 200
    assert {e.status for e in events} == {OutboxEvent.Status.DELIVERED}
    booked = portal_bookings(sandbox_truth(synced))
    assert sum(booked.values()) == 200
    assert {booked[payment_description(e)] for e in events} == {1}
    found = [e for e in events if e.response["booked"] == "found upstream"]
    assert len(found) == lost
    assert set(ReportedPayment.objects.values_list("status", flat=True)) <= {"sent", "confirmed"}


@pytest.mark.parametrize(
    "faults",
    [
        {"error_rate": 1.0},  # 503 before any work
        {"timeout_rate": 1.0, "timeout_seconds": 3},  # no answer before the client gives up
    ],
)
def test_a_payment_that_was_not_booked_before_its_answer_was_lost_is_posted_again_once(
    synced, settings, faults
):
    settings.OUTSIDE_TIMEOUT_SECONDS = 1.0
    event = one_payment()
    set_faults(synced, **faults)
    outbox.relay_due()
    no_faults(synced)
    event.refresh_from_db()
    assert (event.status, event.in_doubt) == (OutboxEvent.Status.PENDING, True)
    assert booked_times(synced, event) == 0

    relay_now()

    event.refresh_from_db()
    assert (event.status, event.attempts, event.response["booked"]) == ("delivered", 2, "posted")
    assert booked_times(synced, event) == 1


@pytest.mark.parametrize("lost_as", ["error", "reset", "timeout"])
def test_a_payment_booked_before_its_answer_was_lost_is_not_posted_again(synced, settings, lost_as):
    settings.OUTSIDE_TIMEOUT_SECONDS = 1.0
    event = one_payment()
    set_faults(synced, lost_response_rate=1.0, lost_response_as=lost_as, timeout_seconds=2)
    outbox.relay_due()
    no_faults(synced)
    event.refresh_from_db()
    assert (event.status, event.in_doubt) == (OutboxEvent.Status.PENDING, True)

    relay_now()

    assert booked_times(synced, event) == 1
    event.refresh_from_db()
    assert (event.status, event.response["booked"]) == ("delivered", "found upstream")
    payment = ReportedPayment.objects.get()
    assert payment.status in (ReportedPayment.Status.SENT, ReportedPayment.Status.CONFIRMED)


def test_a_payment_that_cannot_be_confirmed_waits_for_an_agent_and_is_never_a_dead_letter(
    synced, monkeypatch, client, agent
):
    # A job answer without the (undocumented) payment list cannot tell what was booked.
    monkeypatch.setattr("integrations.ropo_one.client.JOB_PAYMENTS_FIELD", "not_in_the_answer")
    event = one_payment()
    set_faults(synced, lost_response_rate=1.0)
    outbox.relay_due()
    no_faults(synced)
    relay_now()

    event.refresh_from_db()
    payment = ReportedPayment.objects.get()
    assert event.status == OutboxEvent.Status.NEEDS_CHECK
    assert payment.status == ReportedPayment.Status.PENDING  # still shown as awaiting upstream
    assert relay_now() == 0  # nothing is sent while it waits
    assert booked_times(synced, event) == 1

    # A customer-service agent (the group's permissions, a second factor in the session).
    log_in(client, agent, how="password_totp")
    changelist = reverse("admin:integrations_outboxevent_changelist")
    listed = client.get(changelist, {"status__exact": "needs_check"})
    assert listed.status_code == 200
    assert [e.pk for e in listed.context["cl"].queryset] == [event.pk]
    # The agent looked in Ropo One: the payment is there.
    answer = client.post(
        changelist, {"action": "checked_took_effect", "_selected_action": [event.pk]}
    )
    assert answer.status_code == 302
    relay_now()  # the action queues a relay run on commit

    event.refresh_from_db()
    payment.refresh_from_db()
    assert (event.status, event.response["booked"]) == ("delivered", "checked by an agent")
    assert booked_times(synced, event) == 1
    assert payment.status in (ReportedPayment.Status.SENT, ReportedPayment.Status.CONFIRMED)


def test_an_agent_who_finds_nothing_upstream_sends_the_payment_again_once(synced, monkeypatch):
    monkeypatch.setattr("integrations.ropo_one.client.JOB_PAYMENTS_FIELD", "not_in_the_answer")
    event = one_payment()
    set_faults(synced, error_rate=1.0)  # refused before any work: nothing was booked
    outbox.relay_due()
    no_faults(synced)
    relay_now()
    event.refresh_from_db()
    assert event.status == OutboxEvent.Status.NEEDS_CHECK

    assert outbox.settle_check(event, took_effect=False) is True
    relay_now()

    event.refresh_from_db()
    assert (event.status, event.response["booked"]) == ("delivered", "posted")
    assert booked_times(synced, event) == 1
    assert outbox.settle_check(event, took_effect=False) is False  # settled once only


def test_running_out_of_attempts_on_a_payment_in_doubt_needs_checking_not_a_dead_letter(
    synced, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    event = one_payment()
    set_faults(synced, lost_response_rate=1.0)
    outbox.relay_due()
    real = settings.ROPO_ONE_URLS
    settings.ROPO_ONE_URLS = dict.fromkeys(real, "http://127.0.0.1:9/fi")
    relay_now()
    settings.ROPO_ONE_URLS = real
    no_faults(synced)

    event.refresh_from_db()
    assert (event.status, event.attempts) == (OutboxEvent.Status.NEEDS_CHECK, 2)
    assert ReportedPayment.objects.get().status == ReportedPayment.Status.PENDING


def test_a_definite_refusal_is_permanent_and_not_posted_again(synced):
    event = one_payment()
    OutboxEvent.objects.filter(pk=event.pk).update(payload={**event.payload, "jobid": "999999"})

    outbox.relay_due()

    event.refresh_from_db()
    assert (event.status, event.attempts, event.in_doubt) == ("dead", 1, False)
    assert "job_not_found" in event.last_error or "404" in event.last_error
    assert ReportedPayment.objects.get().status == ReportedPayment.Status.FAILED


def test_a_capital_cancellation_whose_answer_was_lost_is_booked_once(synced):
    invoice = open_invoices()[0]
    report_direct_payment(
        invoice,
        amount=Decimal("1.00"),
        paid_on=TODAY(),
        kind=ReportedPayment.Kind.CAPITAL_CANCELLATION,
    )
    event = OutboxEvent.objects.get()
    set_faults(synced, lost_response_rate=1.0)
    outbox.relay_due()
    no_faults(synced)
    relay_now()

    event.refresh_from_db()
    assert (event.status, event.response["booked"]) == ("delivered", "found upstream")
    jobid = invoice.upstream_id.split(":")[1]
    [case] = [c for c in sandbox_truth(synced)["cases"] if c["jobid"] == jobid]
    ours = [b for b in case["bookings"] if b["description"] == payment_description(event)]
    assert [b["kind"] for b in ours] == ["credit_note"]


# --- The client's side of the documented contract ---------------------------------------


def recording_client(answer: httpx.Response, seen: list) -> RopoOneClient:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/rest/token"):
            return httpx.Response(201, json={"token": "t"})
        seen.append(request)
        return answer

    return RopoOneClient(
        "FI", base_url="http://ropo.test/fi", transport=httpx.MockTransport(handler)
    )


def test_a_payment_goes_with_a_json_number_an_integer_jobid_and_the_documented_type():
    seen = []
    answer = httpx.Response(
        201,
        json={"jobid": 123, "billnum": "R1", "billcode": "11", "paydate": "2026-01-02", "new": 1},
    )
    with recording_client(answer, seen) as client:
        receipt = client.post_payment(
            jobid="123",
            amount=Decimal("710.10"),
            paid_on=datetime.date(2026, 1, 2),
            kind="payment",
            description="MyRopo x",
        )

    [request] = seen
    assert b'"amount":710.1,' in request.content  # a JSON number, not a string
    assert json.loads(request.content, parse_float=Decimal) == {
        "jobid": 123,
        "amount": Decimal("710.1"),
        "paydate": "2026-01-02",
        "type": "directpayment",
        "description": "MyRopo x",
    }
    assert "Idempotency-Key" not in request.headers
    assert (receipt.jobid, receipt.billnum, receipt.billcode, receipt.paydate) == (
        123,
        "R1",
        "11",
        "2026-01-02",
    )
    assert receipt.raw["new"] == 1  # unknown fields are kept, not refused


def test_a_201_whose_body_does_not_parse_still_counts_as_booked():
    with recording_client(httpx.Response(201, content=b"<html>"), []) as client:
        receipt = client.post_payment(
            jobid="5", amount=Decimal("1.00"), paid_on=TODAY(), kind="payment", description="d"
        )
    assert receipt.jobid is None
    assert receipt.raw == {"unparsed": "<html>"}


def test_a_problem_answer_is_read_for_its_code_and_detail():
    problem = {
        "status": 409,
        "type": "https://x.invalid/problems/job_closed",
        "title": "Conflict",
        "detail": "job 5 is paid",
    }
    answer = httpx.Response(409, json=problem, headers={"Content-Type": "application/problem+json"})
    with recording_client(answer, []) as client, pytest.raises(UpstreamError) as caught:
        client.post_payment(
            jobid="5", amount=Decimal("1.00"), paid_on=TODAY(), kind="payment", description="d"
        )
    assert caught.value.code == "job_closed"
    assert caught.value.permanent and not caught.value.unsure
    assert "job 5 is paid" in str(caught.value)
