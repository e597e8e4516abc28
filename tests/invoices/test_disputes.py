"""A debtor disputes a claim: it is recorded, encrypted, sent upstream, and only theirs to see."""

import base64
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from accounts.models import AuditEntry
from integrations.models import OutboxEvent
from invoices import disputes
from invoices.models import Dispute, DisputeAttachment, Invoice, ReportedPayment
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.files import pdf_bytes, png_bytes
from tests.invoices.snapshots import case
from tests.invoices.snapshots import debtor as party

pytestmark = pytest.mark.django_db

PNG = png_bytes()
PDF = pdf_bytes()


@pytest.fixture
def invoice(db) -> Invoice:
    apply_case_updates([case(101, debtor=party(0))])
    return Invoice.objects.get()


def dispute_url(invoice) -> str:
    return reverse("invoices:dispute", args=[invoice.myropo_id])


def post(client, invoice, **data):
    fields = {"scope": "all", "reason": "I returned the goods in March."} | data
    return client.post(dispute_url(invoice), fields)


def test_disputing_the_whole_claim_records_it_and_asks_upstream_to_hold_the_case(
    client, debtor, invoice
):
    log_in(client, debtor)
    response = post(client, invoice)
    assert response.status_code == 302
    dispute = Dispute.objects.get()
    assert dispute.amount == invoice.balance
    assert dispute.status == Dispute.Status.OPEN
    event = OutboxEvent.objects.get(topic="ropo_one.dispute")
    assert event.payload["action"] == "open"
    assert event.payload["jobid"] == "101"
    assert event.payload["amount"] == str(invoice.balance)
    assert AuditEntry.objects.filter(action="dispute.opened").count() == 1
    page = client.get(reverse("invoices:detail", args=[invoice.myropo_id])).content.decode()
    assert "Disputed, collection paused." in page
    assert "Collection is paused while your dispute is looked into." in page


def test_the_reason_and_attachments_are_encrypted_at_rest(client, debtor, invoice):
    log_in(client, debtor)
    upload = SimpleUploadedFile("receipt.png", PNG, content_type="image/png")
    post(client, invoice, reason="Secret words about my refund", attachments=[upload])
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM invoices_dispute")
        (raw_reason,) = cursor.fetchone()
        cursor.execute("SELECT content FROM invoices_disputeattachment")
        (raw_content,) = cursor.fetchone()
    assert "Secret" not in raw_reason and raw_reason.startswith("enc1$")
    assert base64.b64encode(PNG).decode() not in raw_content
    attachment = DisputeAttachment.objects.get()
    assert disputes.attachment_bytes(attachment) == PNG
    assert attachment.content_type == "image/png"


def test_the_debtor_can_download_their_attachment_and_others_get_404(
    client, debtor, other_debtor, invoice
):
    log_in(client, debtor)
    post(client, invoice, attachments=[SimpleUploadedFile("scan.pdf", PDF)])
    attachment = DisputeAttachment.objects.get()
    url = reverse("invoices:dispute_attachment", args=[invoice.myropo_id, attachment.public_id])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    log_in(client, other_debtor)
    assert client.get(url).status_code == 404
    assert client.get(dispute_url(invoice)).status_code == 404
    assert post(client, invoice).status_code == 404
    assert Dispute.objects.count() == 1


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_written(
    client, debtor, invoice
):
    log_in(client, debtor)
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 this is an executable")
    response = post(client, invoice, attachments=[fake])
    assert response.status_code == 400
    assert "is not a PDF, PNG or JPEG file" in response.content.decode()
    assert not Dispute.objects.exists()
    assert not OutboxEvent.objects.exists()


def test_more_than_three_attachments_are_refused(client, debtor, invoice):
    log_in(client, debtor)
    files = [SimpleUploadedFile(f"p{n}.png", PNG) for n in range(4)]
    response = post(client, invoice, attachments=files)
    assert response.status_code == 400
    assert not Dispute.objects.exists()


def test_a_part_above_what_is_owed_is_refused_with_a_message(client, debtor, invoice):
    log_in(client, debtor)
    response = post(client, invoice, scope="part", amount="100000")
    assert response.status_code == 400
    assert "at most what is owed" in response.content.decode()
    assert not Dispute.objects.exists()


def test_a_part_needs_an_amount(client, debtor, invoice):
    log_in(client, debtor)
    response = post(client, invoice, scope="part", amount="")
    assert response.status_code == 400
    assert "Give the amount you dispute." in response.content.decode()


def test_a_part_in_finnish_notation_is_understood(client, debtor, invoice):
    log_in(client, debtor)
    client.cookies["myropo_language"] = "fi"
    assert post(client, invoice, scope="part", amount="12,50").status_code == 302
    assert Dispute.objects.get().amount == Decimal("12.50")


def test_a_second_dispute_while_one_is_open_is_refused(client, debtor, invoice):
    log_in(client, debtor)
    post(client, invoice)
    response = post(client, invoice)
    assert response.status_code == 400
    assert Dispute.objects.count() == 1


def test_a_letter_holder_cannot_dispute(client, invoice):
    import time

    from accounts.services import LETTER_GRANTS_KEY

    session = client.session
    session[LETTER_GRANTS_KEY] = {str(invoice.pk): time.time() + 600}
    session.save()
    assert client.get(reverse("invoices:detail", args=[invoice.myropo_id])).status_code == 200
    assert client.get(dispute_url(invoice)).status_code == 404
    assert (
        client.post(dispute_url(invoice), {"scope": "all", "reason": "x" * 20}).status_code == 404
    )


def test_upholding_cancels_the_disputed_capital_releases_the_case_and_tells_the_debtor(
    debtor, agent, invoice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dispute = disputes.open_dispute(
            invoice,
            scope="part",
            amount=Decimal("30.00"),
            reason="Billed twice for March.",
            uploads=[],
            actor=debtor,
        )
        disputes.resolve_dispute(dispute, outcome="upheld", answer="You are right.", actor=agent)
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.UPHELD
    cancel = ReportedPayment.objects.get()
    assert cancel.kind == ReportedPayment.Kind.CAPITAL_CANCELLATION
    assert cancel.amount == Decimal("30.00")
    actions = [e.payload.get("action") for e in OutboxEvent.objects.order_by("pk")]
    assert actions == ["open", None, "close"]  # the cancellation is a ropo_one.payment
    assert len(mail.outbox) == 1
    assert invoice.creditor.name in mail.outbox[0].body
    assert "30" not in mail.outbox[0].body  # no amounts in e-mail


def test_a_resolved_dispute_cannot_be_resolved_again(debtor, agent, invoice):
    from invoices.errors import InvoiceActionError

    dispute = disputes.open_dispute(
        invoice, scope="all", amount=None, reason="Never ordered this.", uploads=[], actor=debtor
    )
    disputes.resolve_dispute(dispute, outcome="rejected", answer="Order 55 was yours.", actor=agent)
    with pytest.raises(InvoiceActionError):
        disputes.resolve_dispute(dispute, outcome="upheld", answer="", actor=agent)
    assert OutboxEvent.objects.filter(topic="ropo_one.dispute").count() == 2


def test_agents_resolve_a_dispute_in_the_admin(client, debtor, agent, invoice):
    dispute = disputes.open_dispute(
        invoice, scope="all", amount=None, reason="Never ordered this.", uploads=[], actor=debtor
    )
    log_in(client, agent, how="password_totp")
    url = reverse("admin:invoices_dispute_resolve", args=[dispute.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"outcome": "sideways", "answer": "x"}).status_code == 400
    response = client.post(url, {"outcome": "rejected", "answer": "The order was yours."})
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.REJECTED
    assert dispute.resolved_by == agent
