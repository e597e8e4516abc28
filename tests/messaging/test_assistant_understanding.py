"""The assistant understands questions as people write them, not only its own phrasings."""

import json
from pathlib import Path

import pytest

from messaging import assistant
from messaging.models import KnowledgeSynonym
from tests.messaging.test_assistant import anonymous_request

pytestmark = pytest.mark.django_db
EVERYDAY = json.loads((Path(__file__).parent / "everyday_questions.json").read_text("utf-8"))
LANGUAGES = ("en", "fi", "sv", "nb")


def shares_right(request) -> dict[str, float]:
    right = {}
    for language in LANGUAGES:
        items = EVERYDAY[language]
        hits = sum(
            (assistant.answer(request, question, language).topic or None) == expected
            for question, expected in items
        )
        right[language] = hits / len(items)
    return right


def test_everyday_questions_are_understood_90_percent_overall_and_85_in_each_language():
    assert all(len(EVERYDAY[language]) >= 15 for language in LANGUAGES)
    right = shares_right(anonymous_request())
    overall = sum(right[x] * len(EVERYDAY[x]) for x in LANGUAGES) / sum(
        len(EVERYDAY[x]) for x in LANGUAGES
    )
    assert overall >= 0.90, right
    assert min(right.values()) >= 0.85, right


@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("fi", "Maksoin jo tämän laskun"),
        ("en", "I paid this already"),
        ("sv", "jag har ju redan betalat"),
        ("nb", "har allerede betalt den"),
    ],
)
def test_i_already_paid_gets_its_own_answer_not_dispute_advice(language, question):
    assert assistant.answer(anonymous_request(), question, language).topic == "already-paid"


def test_an_inflected_finnish_question_about_the_next_due_date_is_about_due_dates():
    reply = assistant.answer(anonymous_request(), "Milloin on seuraava eräpäiväni?", "fi")
    assert reply.topic == "due-date"


def test_a_question_typed_without_umlauts_still_matches():
    assert (
        assistant.answer(anonymous_request(), "milloin on laskun erapaiva", "fi").topic
        == "due-date"
    )


def test_a_synonym_an_agent_adds_is_used_at_once():
    request = anonymous_request()
    assert assistant.answer(request, "hur gör jag med swishen", "sv").handover
    KnowledgeSynonym.objects.create(language="sv", word="swishen", means="betala i internetbanken")
    assert assistant.answer(request, "hur gör jag med swishen", "sv").topic == "pay"


def test_a_synonym_without_meaning_makes_a_word_ignored():
    request = anonymous_request()
    KnowledgeSynonym.objects.create(language="en", word="parking", means="")
    KnowledgeSynonym.objects.create(language="en", word="tickets", means="")
    assert assistant.answer(request, "parking tickets", "en").handover


def test_the_synonyms_are_loaded_with_the_knowledge_base():
    assert KnowledgeSynonym.objects.filter(language="fi", word="mulla").exists()
    assert set(KnowledgeSynonym.objects.values_list("language", flat=True)) == set(LANGUAGES)


def test_a_compound_is_read_in_its_parts():
    from messaging.assistant import index_for

    vocabulary = index_for("fi").vocabulary
    assert vocabulary.split("perintalasku") == ["perinta", "lasku"]


def _cases(*specs):
    from invoices.models import Invoice
    from invoices.services import apply_case_updates
    from tests.invoices import snapshots

    apply_case_updates([snapshots.case(jobid, **fields) for jobid, fields in specs])
    return [Invoice.objects.get(upstream_id=f"FI:{jobid}") for jobid, _ in specs]


def _ask(client, question, language="en"):
    from django.urls import reverse

    return client.post(
        reverse("messaging:assistant"),
        {"question": question},
        headers={"accept-language": language},
    ).content.decode()


def test_how_much_do_i_owe_in_total_gives_the_own_total_per_currency(client, debtor, other_debtor):
    from tests.conftest import log_in
    from tests.messaging.conftest import authorize

    _cases((701, {}), (703, {}), (704, {"currency": "SEK"}))
    (granted,) = _cases((702, {"person": 1}))
    authorize(granted, other_debtor, debtor)
    log_in(client, debtor)
    html = _ask(client, "how much do i owe altogether")
    total = html.split("In total you owe:")[1].split("</p>")[0]
    assert "€211.00" in total  # two own euro invoices; the one seen through a grant is not owed
    assert "SEK\xa0105.50" in total


def test_the_next_due_date_is_the_earliest_open_invoice_the_session_sees(client, debtor):
    import datetime

    from tests.conftest import log_in

    _cases(
        (701, {"due_date": datetime.date(2026, 10, 1)}),
        (705, {"due_date": datetime.date(2026, 9, 3)}),
    )
    log_in(client, debtor)
    html = _ask(client, "Milloin on seuraava eräpäiväni?", "fi")
    line = html.split("Seuraava eräpäiväsi:")[1].split("</p>")[0]
    assert "INV-705" in line
    assert "INV-701" not in line


def test_i_already_paid_points_to_writing_about_the_invoice(client, debtor, own_invoice):
    from django.urls import reverse

    from tests.conftest import log_in

    log_in(client, debtor)
    html = _ask(client, "Maksoin jo tämän laskun", "fi")
    assert f"{reverse('messaging:new')}?invoice={own_invoice.myropo_id}" in html
    assert "Riitauta" not in html


def test_a_question_the_assistant_cannot_answer_offers_a_message_and_the_chat(client, debtor):
    from django.urls import reverse

    from tests.conftest import log_in

    log_in(client, debtor)
    html = _ask(client, "can you water my plants")
    assert "I do not know the answer to that" in html
    assert f'href="{reverse("messaging:new")}"' in html
    assert f'href="{reverse("messaging:chat")}"' in html


def test_upgrading_moves_i_already_paid_out_of_dispute_and_keeps_what_agents_wrote():
    import importlib

    from django.apps import apps

    from messaging.models import KnowledgeEntry

    migration = importlib.import_module("messaging.migrations.0003_knowledge_synonyms")
    entry = KnowledgeEntry.objects.get(topic="dispute", language="fi")
    entry.questions = "olen eri mieltä laskusta\nolen jo maksanut tämän\nagentin oma rivi"
    entry.save()
    migration.load(apps, None)
    entry.refresh_from_db()
    assert entry.questions.split("\n") == [
        "olen eri mieltä laskusta",
        "agentin oma rivi",
        "tämä ei ole minun laskuni",
        "en ole tilannut tätä",
    ]


def test_an_agent_adds_a_synonym_in_the_admin_and_the_assistant_uses_it(client, agent):
    from django.urls import reverse

    from tests.conftest import log_in

    log_in(client, agent, how="password_totp")
    url = reverse("admin:messaging_knowledgesynonym_add")
    response = client.post(url, {"language": "en", "word": "venmo", "means": "pay online bank"})
    assert response.status_code == 302
    assert assistant.answer(anonymous_request(), "can i venmo it", "en").topic == "pay"
