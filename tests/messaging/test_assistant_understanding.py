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
