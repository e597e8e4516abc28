"""Loading the first knowledge base, synonyms and reply templates (idempotent: agents' edits
stay)."""

from messaging.knowledge_data import KNOWLEDGE, REPLY_TEMPLATES, SYNONYMS


def seed_knowledge_base(knowledge_model, template_model, synonym_model=None) -> int:
    """Create the entries, templates and synonyms that do not exist yet; returns how many were
    made.

    Takes the models as arguments so that a data migration can pass its historical ones.
    """
    made = 0
    for topic, spec in KNOWLEDGE.items():
        for language in ("en", "fi", "sv", "nb"):
            title, questions, text = spec[language]
            _, created = knowledge_model.objects.get_or_create(
                topic=topic,
                language=language,
                defaults={
                    "title": title,
                    "questions": questions,
                    "answer": text,
                    "link": spec["link"],
                },
            )
            made += created
    for language, items in REPLY_TEMPLATES.items():
        for title, body in items:
            _, created = template_model.objects.get_or_create(
                language=language, title=title, defaults={"body": body}
            )
            made += created
    if synonym_model is not None:
        for language, pairs in SYNONYMS.items():
            for word, means in pairs:
                _, created = synonym_model.objects.get_or_create(
                    language=language, word=word, defaults={"means": means}
                )
                made += created
    return made
