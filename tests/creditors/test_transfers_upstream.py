"""Transfers and the Ropo service against the sandbox's Maventa: pending, then sent or error."""

import datetime

import httpx
import pytest
from django.utils import timezone

from creditors import services as creditor_services
from creditors.models import MaventaLink, Transfer
from creditors.services import add_member, link_maventa_company
from integrations import outbox
from integrations.maventa.client import MaventaClient
from integrations.maventa.tasks import check_pending_transfers
from integrations.models import OutboxEvent
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Invoice
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def maventa_creditor(fresh_sandbox):
    """A Finnish creditor that came through Maventa, linked to its Maventa company."""
    pull_status_updates("FI")
    with MaventaClient() as client:
        items = client.assignments(per_page=100).items
    for item in items:
        case = Invoice.objects.filter(maventa_assignment_id=item.id).first()
        if case is not None:
            link_maventa_company(case.creditor, company_id=item.raw["company_id"])
            return case.creditor
    raise AssertionError("the sandbox has no Finnish Maventa assignment")


@pytest.fixture
def manager(client, creditor_user, maventa_creditor):
    add_member(creditor_user, maventa_creditor, role="manager")
    return log_in(client, creditor_user, how="passkey")


def transferable(page_form, days_overdue: int) -> str:
    """The id of the offered invoice that is `days_overdue` days past due."""
    due = datetime.date.today() - datetime.timedelta(days=days_overdue)
    for invoice in page_form.invoices.values():
        if invoice.due_date == due and not invoice.transferred:
            return invoice.id
    raise AssertionError(f"no invoice {days_overdue} days overdue")


def payer() -> dict:
    return {
        "payer_type": "person",
        "payer_name": "Maija Meikäläinen",
        "payer_identity_code": "131052-308T",
        "street": "Mannerheimintie 1",
        "postal_code": "00100",
        "city": "Helsinki",
        "country": "FI",
    }


def test_the_page_shows_the_service_status_and_the_invoices_to_transfer(manager, maventa_creditor):
    response = manager.get(f"/creditor/{maventa_creditor.public_id}/transfers/")
    assert response.status_code == 200
    link = MaventaLink.objects.get()
    assert link.service_status in MaventaLink.ServiceStatus.values and link.checked_at
    assert len(response.context["form"].fields["invoice_id"].choices) >= 3


def test_an_overdue_invoice_is_transferred_through_the_outbox(manager, maventa_creditor):
    base = f"/creditor/{maventa_creditor.public_id}/transfers"
    page = manager.get(f"{base}/")
    if MaventaLink.objects.get().service_status != "active":
        pytest.skip("the seeded company's Ropo service is not active")
    invoice_id = transferable(page.context["form"], 20)
    data = {
        "invoice_id": invoice_id,
        "collection_type": "reminder_and_collection",
        "receivables_type": "b2c",
        "summary": "Electricity",
        **payer(),
    }
    assert manager.post(f"{base}/new/", data).status_code == 302
    transfer = Transfer.objects.get()
    assert transfer.status == Transfer.Status.PENDING
    assert outbox.relay_due() == 1
    transfer.refresh_from_db()
    assert (transfer.status, transfer.error) == (Transfer.Status.SENT, "")
    assert transfer.assignment_id is not None
    again = manager.post(f"{base}/new/", data)  # Maventa now lists it as transferred
    assert again.status_code == 400 and Transfer.objects.count() == 1


def request_a_transfer(manager, creditor) -> Transfer:
    base = f"/creditor/{creditor.public_id}/transfers"
    page = manager.get(f"{base}/")
    if MaventaLink.objects.get().service_status != "active":
        pytest.skip("the seeded company's Ropo service is not active")
    data = {
        "invoice_id": transferable(page.context["form"], 20),
        "collection_type": "reminder_and_collection",
        "receivables_type": "b2c",
        "summary": "Electricity",
        **payer(),
    }
    assert manager.post(f"{base}/new/", data).status_code == 302
    return Transfer.objects.get()


def due_now(transfer: Transfer) -> None:
    Transfer.objects.filter(pk=transfer.pk).update(next_check_at=timezone.now())


def test_a_transfer_answered_pending_is_checked_again_until_sent(
    manager, maventa_creditor, fresh_sandbox
):
    httpx.post(f"{fresh_sandbox.url}/faults", json={"transfer_pending_reads": 2}, timeout=30)
    transfer = request_a_transfer(manager, maventa_creditor)

    assert outbox.relay_due() == 1
    transfer.refresh_from_db()
    assert (transfer.status, transfer.checks, transfer.assignment_id) == ("pending", 1, None)
    first_wait = transfer.next_check_at - timezone.now()
    assert check_pending_transfers() == 0  # not due yet: nothing read
    due_now(transfer)
    assert check_pending_transfers() == 0  # Maventa still says pending
    transfer.refresh_from_db()
    assert transfer.checks == 2
    assert transfer.next_check_at - timezone.now() > first_wait  # backing off
    due_now(transfer)
    assert check_pending_transfers() == 1

    transfer.refresh_from_db()
    assert (transfer.status, transfer.error, transfer.next_check_at) == ("sent", "", None)
    with MaventaClient() as client:
        status = client.transfer_status(str(transfer.maventa_invoice_id))
    assert status["assignment_id"] == str(transfer.assignment_id)


def test_a_pending_transfer_ends_as_an_error_with_maventas_reasons(manager, maventa_creditor):
    transfer = request_a_transfer(manager, maventa_creditor)
    creditor_services.record_transfer_answer(transfer.public_id, status="pending")
    due_now(transfer)

    def maventa(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            body = {"access_token": "t", "token_type": "bearer", "expires_in": 3600}
            return httpx.Response(200, json={**body, "scope": "receivables:assignments"})
        assert request.url.path == f"/v2/invoices/{transfer.maventa_invoice_id}/assignment"
        return httpx.Response(200, json={"status": "error", "errors": ["payer address missing"]})

    client = MaventaClient(base_url="http://maventa", transport=httpx.MockTransport(maventa))
    with client:
        assert check_pending_transfers(client=client) == 1

    transfer.refresh_from_db()
    assert (transfer.status, transfer.error) == ("error", "payer address missing")


def test_a_status_check_that_fails_is_tried_again_later(manager, maventa_creditor):
    transfer = request_a_transfer(manager, maventa_creditor)
    creditor_services.record_transfer_answer(transfer.public_id, status="pending")
    due_now(transfer)
    client = MaventaClient(
        base_url="http://maventa", transport=httpx.MockTransport(lambda r: httpx.Response(503))
    )
    with client:
        assert check_pending_transfers(client=client) == 0

    transfer.refresh_from_db()
    assert (transfer.status, transfer.checks) == ("pending", 2)
    assert transfer.next_check_at > timezone.now()


def test_a_transfer_too_early_is_refused_on_the_page(manager, maventa_creditor):
    base = f"/creditor/{maventa_creditor.public_id}/transfers"
    form = manager.get(f"{base}/").context["form"]
    data = {
        "invoice_id": transferable(form, 10),
        "collection_type": "collection",
        "receivables_type": "b2c",
        "summary": "Electricity",
        **payer(),
    }
    response = manager.post(f"{base}/new/", data)
    assert response.status_code == 400
    assert "14 days" in response.content.decode()
    assert not Transfer.objects.exists() and not OutboxEvent.objects.exists()


def test_a_refusal_by_maventa_makes_the_transfer_an_error(manager, maventa_creditor, settings):
    """Maventa checks the 7/14-day rule again; its refusal (422) ends the transfer as an error.

    The event's body is edited after our check to reach Maventa's refusal.
    """
    base = f"/creditor/{maventa_creditor.public_id}/transfers"
    form = manager.get(f"{base}/").context["form"]
    invoice_id = transferable(form, 10)
    data = {
        "invoice_id": invoice_id,
        "collection_type": "collection",
        "receivables_type": "b2b",
        "summary": "Electricity",
        **payer(),
    }
    assert manager.post(f"{base}/new/", data).status_code == 302
    event = OutboxEvent.objects.get()
    event.payload["body"]["receivables_type"] = "b2c"  # as if the rules had changed upstream
    event.save()
    outbox.relay_due()
    transfer = Transfer.objects.get()
    assert transfer.status == Transfer.Status.ERROR
    assert "422" in transfer.error
    assert OutboxEvent.objects.get().status == OutboxEvent.Status.DEAD


def test_a_csv_upload_with_errors_transfers_nothing(manager, maventa_creditor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    base = f"/creditor/{maventa_creditor.public_id}/transfers"
    form = manager.get(f"{base}/").context["form"]
    header = "invoice_id,collection_type,receivables_type,summary,payer_type,payer_name,"
    header += "payer_identity_code,payer_email,payer_language,street,postal_code,city,country"
    person = "person,Maija,131052-308T,,fi,Katu 1,00100"
    good = f"{transferable(form, 20)},collection,b2c,Rent,{person},Helsinki,FI"
    bad = f"{transferable(form, 10)},collection,b2c,Rent,{person},,FI"
    upload = SimpleUploadedFile("t.csv", f"{header}\n{good}\n{bad}\n".encode(), "text/csv")
    response = manager.post(f"{base}/upload/", {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Row 3 (city)" in html and "Row 3 (receivables_type)" in html
    assert not Transfer.objects.exists()


def test_an_activation_request_reaches_maventa(manager, maventa_creditor):
    link = MaventaLink.objects.get()
    MaventaLink.objects.filter(pk=link.pk).update(service_status="inactive")
    url = f"/creditor/{maventa_creditor.public_id}/maventa/activation/"
    response = manager.post(url, {"agreement_contact_email": "contracts@example.com"})
    assert response.status_code == 302
    assert OutboxEvent.objects.get().topic == "maventa.activation"
    assert outbox.relay_due() == 1
    link.refresh_from_db()
    assert link.agreement_contact_email == "contracts@example.com"


def test_a_viewer_cannot_transfer(client, other_creditor_user, maventa_creditor):
    add_member(other_creditor_user, maventa_creditor, role="viewer")
    log_in(client, other_creditor_user, how="passkey")
    url = f"/creditor/{maventa_creditor.public_id}/transfers/new/"
    assert client.post(url, {"invoice_id": "x"}).status_code == 403
    assert not Transfer.objects.exists()


# --- The same through the API ---------------------------------------------------------------


def api_transfer(client, key, invoice_id, *, kind="b2c", idempotency_key="t-1"):
    body = {
        "invoice_id": invoice_id,
        "collection_type": "reminder_and_collection",
        "receivables_type": kind,
        "assignment_summary": "Electricity",
        "payers": [
            {
                "type": "person",
                "name": "Maija Meikäläinen",
                "identity_code": "131052-308T",
                "address": {
                    "street": "Mannerheimintie 1",
                    "postal_code": "00100",
                    "city": "Helsinki",
                    "country": "FI",
                },
            }
        ],
    }
    return client.post(
        "/api/v1/transfers/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_IDEMPOTENCY_KEY=idempotency_key,
    )


def test_the_api_transfers_once_per_idempotency_key(client, manager, maventa_creditor):
    from creditors.maventa import company_invoices
    from creditors.services import create_api_token

    if MaventaLink.objects.get().service_status not in ("", "active"):
        pytest.skip("the seeded company's Ropo service is not active")
    _token, key = create_api_token(maventa_creditor, name="erp", scope="read_write")
    due = datetime.date.today() - datetime.timedelta(days=20)
    invoices = company_invoices(MaventaLink.objects.get()).values()
    invoice_id = next(i.id for i in invoices if i.due_date == due and not i.transferred)
    first = api_transfer(client, key, invoice_id)
    again = api_transfer(client, key, invoice_id)
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json() and first.json()["status"] == "pending"
    assert Transfer.objects.count() == 1
    outbox.relay_due()
    listed = client.get("/api/v1/transfers/", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert [t["status"] for t in listed["results"]] == ["sent"]


def test_the_api_refuses_a_transfer_too_early_with_422(client, manager, maventa_creditor):
    from creditors.maventa import company_invoices
    from creditors.services import create_api_token

    _token, key = create_api_token(maventa_creditor, name="erp", scope="read_write")
    due = datetime.date.today() - datetime.timedelta(days=10)
    invoices = company_invoices(MaventaLink.objects.get()).values()
    invoice_id = next(i.id for i in invoices if i.due_date == due)
    response = api_transfer(client, key, invoice_id, kind="b2c")
    assert response.status_code == 422
    assert "receivables_type" in response.json()["details"]
    assert not Transfer.objects.exists()


def test_an_oversize_csv_is_refused_by_its_size_without_being_read(
    manager, maventa_creditor, upload_reads
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from creditors.transfers import MAX_CSV_BYTES

    header = b"invoice_id,collection_type\n"
    big = SimpleUploadedFile("t.csv", header + b"x" * MAX_CSV_BYTES, "text/csv")

    response = manager.post(
        f"/creditor/{maventa_creditor.public_id}/transfers/upload/", {"file": big}
    )

    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.content.decode()
    assert upload_reads == []
    assert not Transfer.objects.exists() and not OutboxEvent.objects.exists()


def test_a_csv_is_streamed_in_chunks_and_dropped_once_past_the_limit():
    from creditors.transfers import MAX_CSV_BYTES, read_upload

    taken = []

    class Upload:  # says it is small, then sends more: what arrives is counted too
        size = 10

        def chunks(self):
            for _ in range(100):
                taken.append(1)
                yield b"x" * (256 * 1024)

    assert read_upload(Upload()) is None
    assert len(taken) == MAX_CSV_BYTES // (256 * 1024) + 1
