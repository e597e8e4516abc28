"""Regression tests of review findings: malformed amounts in the feeds, an unreadable CSV,
sending dead letters again, and Maventa's assignment paging."""

import datetime
import uuid
from decimal import Decimal

import httpx
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from creditors import services as creditor_services
from creditors.models import Transfer
from creditors.transfers import CSV_COLUMNS, MaventaInvoice, TransferInput, read_csv
from integrations import outbox
from integrations.http import UpstreamError
from integrations.maventa.client import MaventaClient
from integrations.models import OutboxEvent
from integrations.ropo_one.client import PaymentReceipt, RopoOneClient
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Invoice, ReportedPayment
from tests.conftest import log_in
from tests.invoices import snapshots

pytestmark = pytest.mark.django_db


# --- Bug 2: Decimal("1,5") is an ArithmeticError, not a ValueError -------------------------


def _job(jobid: int, count: str = "1") -> dict:
    return {
        "jobid": jobid,
        "country": "FI",
        "version": 1,
        "currency": "EUR",
        "billnum": f"B{jobid}",
        "billcode": "1232",
        "capital": "10.00",
        "fees": "0",
        "interest": "0",
        "paid": "0",
        "open_amount": "10.00",
        "billdate": "2024-01-01",
        "paydate": "2024-02-01",
        "status": "open",
        "stage": "invoice",
        "creditor": {"name": "C Oy", "business_id": "20774740", "country": "FI", "currency": "EUR"},
        "debtor": {"kind": "person", "name": "P", "identity_code": "131052-308T", "country": "FI"},
        "payrow": [{"desc": "x", "count": count, "amount": "10.00", "taxpr": "0"}],
    }


def test_a_comma_decimal_in_one_feed_case_skips_only_that_case(settings):
    settings.ROPO_ONE_APICODE = "x"
    pages = [[_job(1), _job(2, count="1,5"), _job(3)]]  # the feed hands each page out once

    def handler(request):
        if request.url.path.endswith("/rest/token"):
            return httpx.Response(200, json={"token": "t", "expires_in": 3600})
        return httpx.Response(200, json=pages.pop(0)) if pages else httpx.Response(204)

    client = RopoOneClient(
        "FI", base_url="http://ropo.test/fi", transport=httpx.MockTransport(handler)
    )
    assert pull_status_updates("FI", client=client) == 2
    assert set(Invoice.objects.values_list("upstream_id", flat=True)) == {"FI:1", "FI:3"}


def test_a_malformed_maventa_amount_skips_only_that_assignment(settings):
    settings.MAVENTA_API_KEY = "x"
    good, bad = uuid.uuid4(), uuid.uuid4()

    def handler(request):
        if request.url.path.endswith("/oauth2/token"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        body = [{"id": str(bad), "amounts": {"open": "n/a"}}, {"id": str(good), "amounts": {}}]
        return httpx.Response(200, json=body, headers={"X-Total": "2"})

    client = MaventaClient(base_url="http://m.test", transport=httpx.MockTransport(handler))
    assert [a.id for a in client.assignments().items] == [good]


# --- Bug 4: a CSV field over csv.field_size_limit() ---------------------------------------


def test_a_csv_field_over_the_csv_limit_is_a_row_error_not_a_500(
    client, creditor_manager, creditor, monkeypatch
):
    creditor_services.link_maventa_company(creditor, company_id=uuid.uuid4())
    monkeypatch.setattr("creditors.views.maventa.company_invoices", lambda link: {})
    log_in(client, creditor_manager, how="passkey")
    client.raise_request_exception = False
    body = (",".join(CSV_COLUMNS) + "\nx," + "a" * 140_000 + "\n").encode()
    response = client.post(
        f"/creditor/{creditor.public_id}/transfers/upload/",
        {"file": SimpleUploadedFile("t.csv", body, "text/csv")},
    )
    assert response.status_code == 400
    assert response.context["row_errors"][0].row == 2


def test_an_oversized_csv_header_is_a_file_error():
    inputs, errors = read_csv(("a" * 140_000 + "\n").encode(), invoices={})
    assert inputs == [] and [e.row for e in errors] == [1]


# --- Bug 1: sending a dead letter again undoes what on_dead recorded ----------------------


class FakeRopo:
    fail = True

    def __init__(self, country, **kw):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *a):
        pass

    def post_payment(self, **kw):
        if FakeRopo.fail:
            raise UpstreamError("503", permanent=False, status=503)
        return PaymentReceipt(9001, "B9001", "9001", "2026-01-01", {})

    def get_job(self, jobid):
        return snapshots.case(9001, version=5)


def test_a_refused_payment_sent_again_and_booked_is_sent(creditor, monkeypatch, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    FakeRopo.fail = True
    monkeypatch.setattr("integrations.ropo_one.outbox.RopoOneClient", FakeRopo)
    case = creditor.invoices.order_by("pk").first()
    payment = creditor_services.report_event(
        case, kind="paid", amount=Decimal("3.00"), booked_at=datetime.date.today()
    )
    outbox.relay_due()
    event = OutboxEvent.objects.get()
    payment.refresh_from_db()
    assert (event.status, payment.status) == ("dead", ReportedPayment.Status.FAILED)

    FakeRopo.fail = False
    assert outbox.retry_dead(event) is True
    payment.refresh_from_db()
    assert payment.status == ReportedPayment.Status.PENDING
    outbox.relay_due()
    event.refresh_from_db()
    payment.refresh_from_db()
    assert event.status == "delivered"
    # booked upstream (and confirmed at once: the case read back already includes it)
    assert payment.status in (ReportedPayment.Status.SENT, ReportedPayment.Status.CONFIRMED)


class FakeMaventa:
    fail = True

    def __init__(self, **kw):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *a):
        pass

    def transfer(self, invoice_id, *, body, idempotency_key):
        if FakeMaventa.fail:
            raise UpstreamError("503", permanent=False, status=503)
        return {"status": "sent", "assignment_id": str(ASSIGNMENT), "errors": []}


ASSIGNMENT = uuid.UUID("5b2b6b4e-9f9a-4a8e-8d7e-1d1d1d1d1d1d")
INVOICE = MaventaInvoice(
    id="0b7e6f1e-1111-4a8e-8d7e-1d1d1d1d1d1d",
    number="A1",
    due_date=datetime.date(2024, 1, 1),
    currency="EUR",
    total="10",
    transferred=False,
)


def _transfer(creditor) -> Transfer:
    (transfer,) = creditor_services.request_transfers(
        creditor, [TransferInput(INVOICE, "collection", "b2c", "x", {"type": "person"})]
    )
    return transfer


def _dead_transfer(creditor, monkeypatch, settings) -> tuple[Transfer, OutboxEvent]:
    settings.OUTBOX_MAX_ATTEMPTS = 1
    FakeMaventa.fail = True
    monkeypatch.setattr("integrations.maventa.outbox.MaventaClient", FakeMaventa)
    transfer = _transfer(creditor)
    outbox.relay_due()
    event = OutboxEvent.objects.get()
    transfer.refresh_from_db()
    assert (event.status, transfer.status) == ("dead", Transfer.Status.ERROR)
    FakeMaventa.fail = False
    return transfer, event


def test_a_transfer_sent_again_and_accepted_is_sent(creditor, monkeypatch, settings):
    transfer, event = _dead_transfer(creditor, monkeypatch, settings)
    assert outbox.retry_dead(event) is True
    outbox.relay_due()
    event.refresh_from_db()
    transfer.refresh_from_db()
    assert event.status == "delivered"
    assert (transfer.status, transfer.assignment_id, transfer.error) == (
        Transfer.Status.SENT,
        ASSIGNMENT,
        "",
    )


def test_a_transfer_is_not_sent_again_when_its_invoice_is_transferred_anew(
    creditor, monkeypatch, settings, admin_user
):
    transfer, event = _dead_transfer(creditor, monkeypatch, settings)
    FakeMaventa.fail = True  # the new transfer stays pending
    _transfer(creditor)

    assert outbox.retry_dead(event) is False
    event.refresh_from_db()
    transfer.refresh_from_db()
    assert (event.status, transfer.status) == ("dead", Transfer.Status.ERROR)

    said = []
    model_admin = admin.site._registry[OutboxEvent]
    monkeypatch.setattr(model_admin, "message_user", lambda request, text, level: said.append(text))
    request = RequestFactory().post("/")
    request.user = admin_user
    model_admin.retry(request, OutboxEvent.objects.filter(pk=event.pk))
    assert said == ["0 events queued again."]
    event.refresh_from_db()
    assert event.status == "dead"


@pytest.mark.parametrize(
    ("status", "code", "permanent"),
    [(409, "job_closed", True), (409, "in_progress", False), (404, "", True), (503, "", False)],
)
def test_a_closed_case_is_not_retried_but_other_conflicts_are(status, code, permanent):
    from integrations.http import send

    client = httpx.Client(
        base_url="http://upstream.invalid",
        transport=httpx.MockTransport(lambda request: httpx.Response(status, json={"c": code})),
    )
    with pytest.raises(UpstreamError) as caught:
        send(client, "POST", "/x", error_message=lambda r: (r.json()["c"], "refused"))
    assert caught.value.permanent is permanent
