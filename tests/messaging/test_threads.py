"""Conversations with customer service: encrypted at rest, status, unread, e-mail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from messaging.models import Attachment, Message, Thread
from tests.conftest import log_in
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

SECRET = "My neighbour Pekka owes me 300 euros"


def start(client, invoice=None, **extra):
    url = reverse("messaging:new")
    if invoice is not None:
        url += f"?invoice={invoice.myropo_id}"
    data = {"subject": "About my electricity bill", "body": SECRET, **extra}
    return client.post(url, data)


def test_raw_database_rows_contain_no_message_text(client, debtor, own_invoice):
    log_in(client, debtor)
    upload = SimpleUploadedFile("pekka-letter.pdf", pdf_bytes())
    response = start(client, own_invoice, attachment=upload)
    assert response.status_code == 302
    with connection.cursor() as cursor:
        rows = []
        for table in ("messaging_thread", "messaging_message", "messaging_attachment"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            rows += [str(row) for row in cursor.fetchall()]
    dump = "\n".join(rows)
    assert "Pekka" not in dump
    assert "electricity" not in dump
    assert "pekka-letter" not in dump
    assert "enc1$" in dump
    message = Message.objects.get()
    assert message.body == SECRET
    assert message.attachments.get().filename == "pekka-letter.pdf"


def test_a_reply_from_customer_service_is_unread_until_opened_and_mailed_without_content(
    client, debtor, own_invoice, agent, mailoutbox, django_capture_on_commit_callbacks
):
    log_in(client, debtor)
    start(client, own_invoice)
    thread = Thread.objects.get()
    assert thread.status == Thread.Status.OPEN
    assert thread.invoice == own_invoice

    agent_client = type(client)()
    log_in(agent_client, agent, how="password_totp")
    url = reverse("messaging:agent_thread", args=[thread.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(
            url, {"body": "We moved your due date, Pekka is not our case."}
        )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.status == Thread.Status.ANSWERED

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [debtor.email]
    assert "Pekka" not in mail.body + mail.subject
    assert "due date" not in mail.body
    assert str(thread.public_id) in mail.body

    inbox = client.get(reverse("messaging:inbox")).content.decode()
    assert "<strong>1</strong>" in inbox
    page = client.get(reverse("messaging:thread", args=[thread.public_id]))
    assert "Pekka is not our case" in page.content.decode()
    assert not Message.objects.filter(from_agent=True, read_at__isnull=True).exists()


def test_the_debtor_replies_and_the_thread_waits_for_customer_service_again(
    client, debtor, own_invoice, agent
):
    log_in(client, debtor)
    start(client, own_invoice)
    thread = Thread.objects.get()
    from messaging import services

    services.post_message(thread, author=agent, body="Noted.", from_agent=True)
    url = reverse("messaging:thread", args=[thread.public_id])
    assert client.post(url, {"body": "Thanks!"}).status_code == 302
    thread.refresh_from_db()
    assert thread.status == Thread.Status.OPEN
    assert thread.messages.count() == 3


def test_an_empty_message_is_refused_with_a_message_and_nothing_is_written(
    client, debtor, own_invoice
):
    log_in(client, debtor)
    response = start(client, own_invoice, body="   ")
    assert response.status_code == 400
    assert Thread.objects.count() == 0


def test_a_closed_thread_takes_no_more_debtor_messages(client, debtor, own_invoice, agent):
    from messaging import services

    log_in(client, debtor)
    start(client, own_invoice)
    thread = Thread.objects.get()
    services.close_thread(thread, actor=agent)
    response = client.post(reverse("messaging:thread", args=[thread.public_id]), {"body": "Hi"})
    assert response.status_code == 400
    assert "closed" in response.content.decode()
    assert thread.messages.count() == 1


def test_a_file_is_judged_by_its_content_not_its_name(client, debtor, own_invoice):
    log_in(client, debtor)
    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 this is a program, not a PDF")
    response = start(client, own_invoice, attachment=fake)
    assert response.status_code == 400
    assert "Only PDF, PNG and JPEG" in response.content.decode()
    assert Thread.objects.count() == 0

    real = SimpleUploadedFile("photo.txt", pdf_bytes())
    assert start(client, own_invoice, attachment=real).status_code == 302
    assert Attachment.objects.get().content_type == "application/pdf"


def test_a_file_over_the_limit_is_refused(client, debtor, own_invoice, settings):
    settings.MESSAGING_MAX_ATTACHMENT_BYTES = 1024 * 1024
    log_in(client, debtor)
    big = pdf_bytes()[:-7] + b" " * (1024 * 1024) + b"\n%%EOF\n"
    response = start(client, own_invoice, attachment=SimpleUploadedFile("big.pdf", big))
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert Thread.objects.count() == 0


def test_the_attachment_downloads_as_sent(client, debtor, own_invoice):
    from tests.files import png_bytes

    log_in(client, debtor)
    start(client, own_invoice, attachment=SimpleUploadedFile("scan.png", png_bytes()))
    thread, stored = Thread.objects.get(), Attachment.objects.get()
    response = client.get(
        reverse("messaging:attachment", args=[thread.public_id, stored.public_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == png_bytes()
    assert response["X-Content-Type-Options"] == "nosniff"


def test_starting_and_replying_are_audited_without_content(client, debtor, own_invoice):
    from accounts.models import AuditEntry

    log_in(client, debtor)
    start(client, own_invoice)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"thread.started", "message.posted"} <= actions
    assert SECRET not in str(list(AuditEntry.objects.values_list("data", "after")))


def test_too_many_messages_in_a_short_time_are_refused(client, debtor, own_invoice, monkeypatch):
    from accounts import ratelimit
    from messaging import services

    monkeypatch.setattr(services, "SEND_LIMIT", ratelimit.Rule(failures=2, window=600, lockout=600))
    log_in(client, debtor)
    assert start(client, own_invoice).status_code == 302
    thread = Thread.objects.get()
    url = reverse("messaging:thread", args=[thread.public_id])
    assert client.post(url, {"body": "second"}).status_code == 302
    response = client.post(url, {"body": "third"})
    assert response.status_code == 400
    assert "many messages" in response.content.decode()
    assert thread.messages.count() == 2
