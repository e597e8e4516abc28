"""The assistant: the share of everyday questions it answers with the right topic, per
language and overall (tests/messaging/everyday_questions.json: how people really write, kept
apart from the knowledge base's phrasings), and the time to answer each question, with the
seeded knowledge base and with one grown to 500 topics per language.

Uses a scratch SQLite database in a temporary folder (the ranking is plain Python over the
entries, so the database engine hardly matters). Prints the shares right, then the median and
95th percentile in milliseconds per question.

    .venv/bin/python bench/assistant.py
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myropo.settings")
SCRATCH = tempfile.mkdtemp(prefix="bench-assistant-")
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}/bench.sqlite3"


def timings(request, questions) -> list[float]:
    from messaging import assistant

    found = []
    for language, question, _ in questions:
        start = time.perf_counter()
        assistant.answer(request, question, language)
        found.append((time.perf_counter() - start) * 1000)
    return found


def shares_right(request) -> None:
    from messaging import assistant

    items = json.loads((ROOT / "tests/messaging/everyday_questions.json").read_text("utf-8"))
    right = total = 0
    for language in ("en", "fi", "sv", "nb"):
        questions = items[language]
        hits = sum(
            (assistant.answer(request, question, language).topic or None) == expected
            for question, expected in questions
        )
        print(f"{language}: {hits}/{len(questions)} right ({hits / len(questions):.0%})")
        right, total = right + hits, total + len(questions)
    print(f"right overall: {right}/{total} ({right / total:.0%})")


def report(label: str, values: list[float]) -> None:
    p95 = statistics.quantiles(values, n=20)[-1]
    print(f"{label}: median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms per question")


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.test import RequestFactory

    from messaging.models import KnowledgeEntry
    from tests.messaging.assistant_questions import QUESTIONS

    call_command("migrate", verbosity=0)
    request = RequestFactory().get("/")
    request.user, request.session = AnonymousUser(), SessionStore()
    shares_right(request)
    report(f"{KnowledgeEntry.objects.count() // 4} topics", timings(request, QUESTIONS))
    filler = [
        KnowledgeEntry(
            topic=f"extra-{n}",
            language=language,
            title=f"Extra topic {n} about subject number {n}",
            questions=f"question about thing {n}\nanother way to ask about item {n}",
            answer=f"Answer {n}.",
        )
        for n in range(486)
        for language in ("en", "fi", "sv", "nb")
    ]
    KnowledgeEntry.objects.bulk_create(filler)
    report(f"{KnowledgeEntry.objects.count() // 4} topics", timings(request, QUESTIONS))


if __name__ == "__main__":
    main()
