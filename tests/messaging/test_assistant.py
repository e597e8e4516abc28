"""The assistant answers from the knowledge base and the session's own invoices only."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from messaging import assistant
from messaging.models import Thread
from tests.conftest import log_in
from tests.messaging.assistant_questions import QUESTIONS

pytestmark = pytest.mark.django_db


def anonymous_request():
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    return request


def test_the_question_set_is_answered_correctly_at_least_85_percent_of_the_time(capsys):
    assert len(QUESTIONS) >= 40
    assert {lang for lang, _, _ in QUESTIONS} == {"en", "fi", "sv", "nb"}
    request = anonymous_request()
    wrong = []
    for language, question, expected in QUESTIONS:
        reply = assistant.answer(request, question, language)
        got = reply.topic or None
        if got != expected:
            wrong.append((language, question, expected, got, round(reply.score, 2)))
    share = 1 - len(wrong) / len(QUESTIONS)
    with capsys.disabled():
        print(f"\nassistant question set: {share:.0%} of {len(QUESTIONS)} answered correctly")
        for item in wrong:
            print("  missed:", item)
    assert share >= 0.85


def test_the_answer_is_in_the_language_asked(client):
    response = client.post(
        reverse("messaging:assistant"),
        {"question": "Miksi sain maksumuistutuksen?"},
        headers={"accept-language": "fi"},
        HTTP_COOKIE="django_language=fi",
    )
    assert response.status_code == 200
    assert "Maksumuistutus tarkoittaa" in response.content.decode()


def test_own_figures_come_from_the_session_and_never_from_another_person(
    client, debtor, own_invoice, others_invoice
):
    log_in(client, debtor)
    question = f"How much do I owe on invoice {others_invoice.invoice_number} of Other?"
    html = client.post(reverse("messaging:assistant"), {"question": question}).content.decode()
    assert own_invoice.invoice_number in html
    assert reverse("invoices:detail", args=[own_invoice.myropo_id]) in html
    assert others_invoice.myropo_id not in html
    assert reverse("invoices:detail", args=[others_invoice.myropo_id]) not in html
    assert others_invoice.invoice_number not in html


def test_someone_not_logged_in_gets_no_figures_at_all(client, own_invoice):
    html = client.post(
        reverse("messaging:assistant"), {"question": "How much do I owe?"}
    ).content.decode()
    assert own_invoice.invoice_number not in html
    assert "no open invoices" in html


def test_an_unknown_question_is_handed_over_with_the_conversation(client, debtor):
    log_in(client, debtor)
    client.post(reverse("messaging:assistant"), {"question": "How do I pay?"})
    response = client.post(reverse("messaging:assistant"), {"question": "Can you water my plants?"})
    assert "I do not know" in response.content.decode()
    response = client.post(reverse("messaging:assistant_handover"))
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.channel == Thread.Channel.ASSISTANT
    assert thread.owner == debtor
    body = thread.messages.get().body
    assert "water my plants" in body
    assert "How do I pay?" in body


def test_an_empty_question_is_refused_without_a_500(client):
    assert client.post(reverse("messaging:assistant"), {"question": ""}).status_code == 400


def test_agents_edit_the_knowledge_base_and_the_assistant_uses_it(client):
    from messaging.models import KnowledgeEntry

    entry = KnowledgeEntry.objects.get(topic="pay", language="en")
    entry.answer = "Pay with the reference number, always."
    entry.save()
    html = client.post(
        reverse("messaging:assistant"), {"question": "Can I pay in my online bank?"}
    ).content
    assert b"Pay with the reference number, always." in html


def test_how_to_postpone_links_to_the_debtors_own_invoice(client, debtor, own_invoice):
    log_in(client, debtor)
    html = client.post(
        reverse("messaging:assistant"), {"question": "Can I postpone the due date?"}
    ).content.decode()
    assert "Postpone" in html
    assert reverse("invoices:detail", args=[own_invoice.myropo_id]) in html


def test_loading_the_knowledge_base_again_keeps_what_agents_changed():
    from messaging.knowledge import seed_knowledge_base
    from messaging.models import KnowledgeEntry, ReplyTemplate

    assert KnowledgeEntry.objects.count() >= 14 * 4  # loaded by the data migration
    entry = KnowledgeEntry.objects.get(topic="refund", language="sv")
    entry.answer = "Ring oss."
    entry.save()
    KnowledgeEntry.objects.filter(topic="fees", language="nb").delete()
    assert seed_knowledge_base(KnowledgeEntry, ReplyTemplate) == 1
    assert KnowledgeEntry.objects.get(topic="refund", language="sv").answer == "Ring oss."


def test_a_client_asking_too_often_is_asked_to_wait(client, monkeypatch):
    from accounts import ratelimit
    from messaging import views

    monkeypatch.setattr(views, "ASK_LIMIT", ratelimit.Rule(failures=2, window=600, lockout=600))
    url = reverse("messaging:assistant")
    assert client.post(url, {"question": "How do I pay?"}).status_code == 200
    assert client.post(url, {"question": "How do I pay?"}).status_code == 200
    response = client.post(url, {"question": "How do I pay?"})
    assert response.status_code == 429
    assert "many questions" in response.content.decode()
