"""A creditor's reported payment goes to the sandbox's Ropo One and the balance follows."""

import datetime
import uuid
from decimal import Decimal

import httpx
import pytest

from creditors.services import create_api_token
from integrations import outbox
from integrations.maventa.client import MaventaClient, event_description
from integrations.models import OutboxEvent
from integrations.ropo_one.outbox import payment_description
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Invoice, InvoiceStatus, ReportedPayment
from invoices.services import report_direct_payment

pytestmark = pytest.mark.django_db


def test_a_paid_event_from_the_api_is_booked_upstream_and_lowers_the_balance(fresh_sandbox, client):
    pull_status_updates("FI")
    case = (
        Invoice.objects.filter(country="FI", status=InvoiceStatus.OPEN, balance__gt=20)
        .order_by("upstream_id")
        .first()
    )
    before = case.balance
    _token, key = create_api_token(case.creditor, name="erp", scope="read_write")
    body = {"type": "paid", "amount": "10.00", "booked_at": datetime.date.today().isoformat()}
    response = client.post(
        f"/api/v1/assignments/{case.myropo_id}/events/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_IDEMPOTENCY_KEY="erp-payment-1",
    )
    assert response.status_code == 201
    assert outbox.relay_due() == 1
    assert OutboxEvent.objects.get().status == OutboxEvent.Status.DELIVERED
    assert ReportedPayment.objects.get().status == ReportedPayment.Status.CONFIRMED
    case.refresh_from_db()
    assert case.balance == before - Decimal("10.00")
    detail = client.get(
        f"/api/v1/assignments/{case.myropo_id}/", HTTP_AUTHORIZATION=f"Bearer {key}"
    ).json()
    assert detail["balance"] == str(case.balance)


def a_maventa_case() -> Invoice:
    pull_status_updates("FI")
    case = (
        Invoice.objects.filter(
            country="FI",
            status=InvoiceStatus.OPEN,
            balance__gt=20,
            maventa_assignment_id__isnull=False,
        )
        .order_by("upstream_id")
        .first()
    )
    assert case is not None, "the sandbox has no open Finnish Maventa case"
    return case


def report(client, case, body) -> None:
    _token, key = create_api_token(case.creditor, name="erp", scope="read_write")
    response = client.post(
        f"/api/v1/assignments/{case.myropo_id}/events/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_IDEMPOTENCY_KEY="erp-event-1",
    )
    assert response.status_code == 201, response.content


def bookings_of(sandbox, case) -> list[dict]:
    body = httpx.get(f"{sandbox.url}/truth", params={"jobid": case.upstream_job[1]}, timeout=30)
    [held] = body.json()["cases"]
    return held["bookings"]


@pytest.mark.parametrize(
    ("kind", "amount_key"), [("paid", "sum_paid"), ("credit_note", "credit_sum")]
)
def test_a_maventa_case_reports_to_its_assignment_as_the_documented_event(
    fresh_sandbox, client, kind, amount_key
):
    case = a_maventa_case()
    before = case.balance
    today = datetime.date.today().isoformat()

    report(client, case, {"type": kind, "amount": "10.00", "booked_at": today})

    event = OutboxEvent.objects.get()
    assert event.topic == "maventa.event"
    assert outbox.relay_due() == 1
    event.refresh_from_db()
    assert event.status == OutboxEvent.Status.DELIVERED, event.last_error
    assert ReportedPayment.objects.get().status == ReportedPayment.Status.CONFIRMED
    case.refresh_from_db()
    assert case.balance == before - Decimal("10.00")
    with MaventaClient() as maventa:
        posted = [
            e
            for e in maventa.events(str(case.maventa_assignment_id))
            if event_description(e) == payment_description(event)
        ]
    assert [e["type"] for e in posted] == [kind]
    assert posted[0]["data"][amount_key] == "10.00"
    assert posted[0]["data"]["booked_at"] == today


def test_a_case_posted_to_ropo_one_directly_still_reports_there(fresh_sandbox, client):
    pull_status_updates("FI")
    case = Invoice.objects.filter(
        country="FI", status=InvoiceStatus.OPEN, balance__gt=20, maventa_assignment_id=None
    ).first()
    today = datetime.date.today().isoformat()

    report(client, case, {"type": "paid", "amount": "10.00", "booked_at": today})

    assert OutboxEvent.objects.get().topic == "ropo_one.payment"


def test_an_event_in_doubt_is_looked_up_on_the_assignment_and_not_sent_twice(fresh_sandbox, client):
    case = a_maventa_case()
    report(
        client, case, {"type": "paid", "amount": "10.00", "booked_at": str(datetime.date.today())}
    )
    outbox.relay_due()
    booked = len(bookings_of(fresh_sandbox, case))
    # As if the answer had been lost: the event is due again, in doubt.
    event = OutboxEvent.objects.get()
    OutboxEvent.objects.filter(pk=event.pk).update(
        status=OutboxEvent.Status.PENDING, in_doubt=True, delivered_at=None
    )

    outbox.relay_due()

    event.refresh_from_db()
    assert event.status == OutboxEvent.Status.DELIVERED
    assert event.response["booked"] == "found upstream"
    assert len(bookings_of(fresh_sandbox, case)) == booked


def stub_maventa(events: list[dict], posted: list) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            body = {"access_token": "t", "token_type": "bearer", "expires_in": 3600}
            return httpx.Response(200, json={**body, "scope": "receivables:assignments"})
        if request.method == "GET":
            return httpx.Response(200, json=events)
        posted.append(request)
        return httpx.Response(201, json={})

    return httpx.MockTransport(answer)


@pytest.mark.parametrize(
    ("events", "sent", "status"),
    [
        ([{"id": "1", "type": "paid"}], 0, OutboxEvent.Status.NEEDS_CHECK),  # cannot tell
        ([{"id": "1", "type": "paid", "data": {"description": "other"}}], 1, "delivered"),
        ([], 1, "delivered"),
    ],
)
def test_an_event_in_doubt_goes_again_only_when_the_assignment_shows_it_is_not_there(
    db, monkeypatch, creditor, events, sent, status
):
    from integrations.maventa import outbox as maventa_outbox
    from tests.invoices import snapshots

    case = Invoice.objects.filter(creditor=creditor).first()
    Invoice.objects.filter(pk=case.pk).update(maventa_assignment_id=uuid.uuid4())
    case.refresh_from_db()
    report_direct_payment(
        case, amount=Decimal("1.00"), paid_on=datetime.date.today(), via_maventa=True
    )
    OutboxEvent.objects.update(in_doubt=True)
    posted: list = []
    transport = stub_maventa(events, posted)
    monkeypatch.setattr(
        maventa_outbox,
        "MaventaClient",
        lambda: MaventaClient(base_url="http://maventa", transport=transport),
    )
    monkeypatch.setattr(
        "integrations.ropo_one.client.RopoOneClient.get_job",
        lambda self, jobid: snapshots.case(int(jobid), creditor=snapshots.CREDITOR),
    )

    outbox.relay_due()

    assert len(posted) == sent
    assert OutboxEvent.objects.get().status == status


def test_the_case_page_and_the_api_say_where_reports_go(client, creditor, creditor_manager):
    from tests.conftest import log_in

    maventa_case, ropo_case = Invoice.objects.filter(creditor=creditor).order_by("pk")[:2]
    Invoice.objects.filter(pk=maventa_case.pk).update(maventa_assignment_id=uuid.uuid4())
    _token, key = create_api_token(creditor, name="erp", scope="read")
    log_in(client, creditor_manager, how="passkey")
    said = {}
    for case in (maventa_case, ropo_case):
        page = client.get(
            f"/creditor/{creditor.public_id}/assignments/{case.myropo_id}/",
            HTTP_ACCEPT_LANGUAGE="fi",
        )
        detail = client.get(
            f"/api/v1/assignments/{case.myropo_id}/", HTTP_AUTHORIZATION=f"Bearer {key}"
        )
        said[case.pk] = (page.content.decode(), detail.json()["events_go_to"])

    assert "ilmoitus menee Maventaan" in said[maventa_case.pk][0]
    assert said[maventa_case.pk][1] == "maventa"
    assert "ilmoitus menee Ropo Oneen" in said[ropo_case.pk][0]
    assert said[ropo_case.pk][1] == "ropo_one"
