"""Who may read a conversation and its files: everyone else gets 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.services import LETTER_GRANTS_KEY
from messaging import files, services
from messaging.models import Thread
from tests.conftest import log_in
from tests.files import pdf_bytes
from tests.messaging.conftest import authorize

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice_thread(debtor, own_invoice):
    attachment = files.check_upload(SimpleUploadedFile("a.pdf", pdf_bytes()))
    return services.start_thread(
        owner=debtor,
        invoice=own_invoice,
        subject="Question",
        body="About the fee",
        attachments=[attachment],
    )


@pytest.fixture
def private_thread(debtor):
    return services.start_thread(owner=debtor, subject="Address", body="I moved.")


def urls(thread):
    stored = thread.messages.get().attachments.first()
    found = [reverse("messaging:thread", args=[thread.public_id])]
    if stored is not None:
        found.append(reverse("messaging:attachment", args=[thread.public_id, stored.public_id]))
    return found


def test_the_debtor_reads_their_thread_and_its_file(client, debtor, invoice_thread):
    log_in(client, debtor)
    for url in urls(invoice_thread):
        assert client.get(url).status_code == 200


def test_another_debtor_gets_404_for_thread_and_file(client, other_debtor, invoice_thread):
    log_in(client, other_debtor, how="bankid")
    for url in urls(invoice_thread):
        assert client.get(url).status_code == 404
    assert client.post(urls(invoice_thread)[0], {"body": "hi"}).status_code == 404
    assert invoice_thread.messages.count() == 1


def test_another_debtor_gets_404_for_a_thread_without_invoice(client, other_debtor, private_thread):
    log_in(client, other_debtor)
    assert client.get(urls(private_thread)[0]).status_code == 404


def test_another_debtor_does_not_see_the_thread_in_their_inbox(
    client, other_debtor, invoice_thread
):
    log_in(client, other_debtor)
    assert (
        str(invoice_thread.public_id) not in client.get(reverse("messaging:inbox")).content.decode()
    )


def test_writing_about_someone_elses_invoice_answers_404(client, debtor, others_invoice):
    log_in(client, debtor)
    url = reverse("messaging:new") + f"?invoice={others_invoice.myropo_id}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"subject": "x", "body": "y"}).status_code == 404
    assert Thread.objects.count() == 0


def test_a_delegate_with_the_message_scope_reads_the_invoice_thread(
    client, debtor, helper, own_invoice, invoice_thread
):
    authorize(own_invoice, debtor, helper, can_message=True)
    log_in(client, helper, how="bankid")
    for url in urls(invoice_thread):
        assert client.get(url).status_code == 200
    assert str(invoice_thread.public_id) in client.get(reverse("messaging:inbox")).content.decode()


def test_a_delegate_cannot_end_the_owners_conversation(
    client, debtor, helper, own_invoice, invoice_thread
):
    authorize(own_invoice, debtor, helper, can_message=True)
    log_in(client, helper, how="bankid")
    answer = client.post(reverse("messaging:chat_end", args=[invoice_thread.public_id]))
    assert answer.status_code == 404
    invoice_thread.refresh_from_db()
    assert invoice_thread.status != Thread.Status.CLOSED


def test_ending_a_chat_does_not_close_a_message_thread(client, debtor, invoice_thread):
    log_in(client, debtor, how="bankid")
    answer = client.post(reverse("messaging:chat_end", args=[invoice_thread.public_id]))
    assert answer.status_code == 404
    invoice_thread.refresh_from_db()
    assert invoice_thread.status != Thread.Status.CLOSED


def test_a_delegate_without_the_message_scope_gets_404(
    client, debtor, helper, own_invoice, invoice_thread, private_thread
):
    authorize(own_invoice, debtor, helper, can_pay=True)
    log_in(client, helper, how="bankid")
    for url in urls(invoice_thread) + urls(private_thread):
        assert client.get(url).status_code == 404
    new = reverse("messaging:new") + f"?invoice={own_invoice.myropo_id}"
    assert client.get(new).status_code == 404
    inbox = client.get(reverse("messaging:inbox")).content.decode()
    assert str(invoice_thread.public_id) not in inbox
    assert str(private_thread.public_id) not in inbox


def test_a_delegate_never_sees_the_debtors_threads_without_invoice(
    client, debtor, helper, own_invoice, private_thread
):
    authorize(own_invoice, debtor, helper, can_message=True)
    log_in(client, helper, how="bankid")
    assert client.get(urls(private_thread)[0]).status_code == 404


def test_a_letter_holder_cannot_read_messages(own_invoice, invoice_thread):
    import time

    client = Client()
    session = client.session
    session[LETTER_GRANTS_KEY] = {str(own_invoice.pk): time.time() + 600}
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert client.get(urls(invoice_thread)[0]).status_code == 302  # to the login page
    assert client.get(urls(invoice_thread)[1]).status_code == 302


def test_an_attachment_of_another_thread_answers_404(
    client, debtor, invoice_thread, private_thread
):
    log_in(client, debtor)
    stored = invoice_thread.messages.get().attachments.get()
    url = reverse("messaging:attachment", args=[private_thread.public_id, stored.public_id])
    assert client.get(url).status_code == 404


def test_debtors_cannot_open_the_agent_inbox(client, debtor, invoice_thread):
    log_in(client, debtor)
    assert client.get(reverse("messaging:agent_inbox")).status_code == 403
    url = reverse("messaging:agent_thread", args=[invoice_thread.public_id])
    assert client.post(url, {"body": "I am an agent"}).status_code == 403
    assert invoice_thread.messages.count() == 1


@pytest.mark.parametrize("raw", ["²", "٣", "99999999999999999999", "-1", "x"])
def test_an_odd_template_choice_shows_the_thread_without_a_template(
    client, agent, invoice_thread, raw
):
    log_in(client, agent, how="password_totp")
    url = reverse("messaging:agent_thread", args=[invoice_thread.public_id])
    assert client.get(url, {"template": raw}).status_code == 200


def test_agents_see_the_queue_and_the_case_beside_the_thread(client, agent, invoice_thread):
    log_in(client, agent, how="password_totp")
    inbox = client.get(reverse("messaging:agent_inbox")).content.decode()
    assert str(invoice_thread.public_id) in inbox
    page = client.get(reverse("messaging:agent_thread", args=[invoice_thread.public_id]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "About the fee" in html
    assert invoice_thread.invoice.invoice_number in html


def test_agents_start_from_a_reply_template_in_the_threads_language(client, agent, invoice_thread):
    from messaging.models import ReplyTemplate

    invoice_thread.language = "fi"
    invoice_thread.save()
    template = ReplyTemplate.objects.filter(language="fi").first()
    log_in(client, agent, how="password_totp")
    url = reverse("messaging:agent_thread", args=[invoice_thread.public_id])
    html = client.get(url + f"?template={template.pk}").content.decode()
    assert template.body.splitlines()[0] in html
    assert client.get(url + "?template=nonsense").status_code == 200


def test_agents_answer_from_the_admin(client, agent, invoice_thread):
    log_in(client, agent, how="password_totp")
    url = reverse("admin:messaging_thread_change", args=[invoice_thread.pk])
    assert client.get(url).status_code == 200
    first = invoice_thread.messages.get()
    inline = {
        "messages-TOTAL_FORMS": "1",
        "messages-INITIAL_FORMS": "1",
        "messages-MIN_NUM_FORMS": "0",
        "messages-MAX_NUM_FORMS": "1000",
        "messages-0-id": str(first.pk),
        "messages-0-thread": str(invoice_thread.pk),
    }
    response = client.post(url, {"reply": "Answered in the admin", "close": "on", **inline})
    assert response.status_code == 302
    invoice_thread.refresh_from_db()
    assert invoice_thread.status == Thread.Status.CLOSED
    assert invoice_thread.messages.filter(from_agent=True, body__isnull=False).count() == 1


def test_the_inbox_costs_the_same_with_2_and_20_threads_on_different_invoices(client, debtor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from invoices.models import Invoice
    from invoices.services import apply_case_updates
    from tests.invoices import snapshots

    apply_case_updates([snapshots.case(800 + n, person=0) for n in range(20)])
    invoices = list(Invoice.objects.order_by("pk"))
    log_in(client, debtor)

    def cost(count):
        for invoice in invoices[Thread.objects.count() : count]:
            services.start_thread(owner=debtor, invoice=invoice, subject="s", body="b")
        client.get(reverse("messaging:inbox"))
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(reverse("messaging:inbox")).content.decode()
        assert html.count("/messages/") >= count
        return len(ctx.captured_queries)

    assert cost(2) == cost(20)
