"""Uploads are counted and measured by their declared sizes before any byte is read: too many
files or too large a file is refused with a message (4xx) and nothing is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from integrations.models import OutboxEvent
from invoices.disputes import MAX_ATTACHMENT_BYTES
from invoices.models import Dispute, Invoice
from invoices.services import apply_case_updates
from messaging.models import Message
from tests.conftest import log_in
from tests.files import png_bytes
from tests.invoices.snapshots import case
from tests.invoices.snapshots import debtor as party

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(db) -> Invoice:
    apply_case_updates([case(101, debtor=party(0))])
    return Invoice.objects.get()


def dispute(client, invoice, files):
    fields = {"scope": "all", "reason": "I returned the goods in March.", "attachments": files}
    return client.post(reverse("invoices:dispute", args=[invoice.myropo_id]), fields)


def test_four_dispute_attachments_are_refused_before_any_is_read(
    client, debtor, invoice, upload_reads
):
    log_in(client, debtor)
    files = [SimpleUploadedFile(f"p{n}.png", png_bytes()) for n in range(4)]

    response = dispute(client, invoice, files)

    assert response.status_code == 400
    assert "Attach at most 3 files." in response.content.decode()
    assert upload_reads == []
    assert not Dispute.objects.exists() and not OutboxEvent.objects.exists()


def test_an_oversize_dispute_attachment_is_refused_by_its_size_without_being_read(
    client, debtor, invoice, upload_reads
):
    log_in(client, debtor)
    big = SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES)

    response = dispute(client, invoice, [big])

    assert response.status_code == 400
    assert "scan.pdf is larger than 5 MB." in response.content.decode()
    assert upload_reads == []
    assert not Dispute.objects.exists()


def test_a_dispute_attachment_within_the_limits_is_read_and_kept(
    client, debtor, invoice, upload_reads
):
    log_in(client, debtor)
    response = dispute(client, invoice, [SimpleUploadedFile("photo.png", png_bytes())])
    assert response.status_code == 302
    assert upload_reads == ["photo.png"]
    assert Dispute.objects.get().attachments.count() == 1


def test_a_request_with_more_files_than_any_form_takes_is_refused(client, debtor, invoice):
    log_in(client, debtor)
    # The form takes the last one, a good picture; the five before it are still parsed.
    files = [SimpleUploadedFile(f"p{n}.png", b"x") for n in range(5)]
    files.append(SimpleUploadedFile("photo.png", png_bytes()))
    response = client.post(
        reverse("messaging:new"), {"subject": "Hello", "body": "A question", "attachment": files}
    )
    assert response.status_code == 400
    assert not Message.objects.exists()


def test_the_refusal_is_in_the_persons_language(client, debtor, invoice, upload_reads):
    log_in(client, debtor)
    client.cookies["myropo_language"] = "fi"
    files = [SimpleUploadedFile(f"p{n}.png", png_bytes()) for n in range(4)]

    response = dispute(client, invoice, files)

    assert response.status_code == 400
    assert "Liitä enintään 3 tiedostoa." in response.content.decode()
    assert upload_reads == []
