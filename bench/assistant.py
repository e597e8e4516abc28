"""Assistant latency: time to answer each question of the question set, with the seeded
knowledge base (14 topics) and with one grown to 500 topics per language.

Uses a scratch SQLite database in a temporary folder (the ranking is plain Python over the
entries, so the database engine hardly matters). Prints the median and 95th percentile in
milliseconds per question.

    .venv/bin/python bench/assistant.py
"""

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
