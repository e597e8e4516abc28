"""The 24/7 assistant: local, deterministic retrieval over the knowledge base (BM25), plus the
asking session's own figures, never anyone else's.

Words are normalised per language by lower-casing, dropping common stop words and cutting
each word to its first few letters (prefix stemming; it copes with Finnish and Scandinavian
inflection and compounds well enough for short questions, with no extra dependency). Below a
minimum score the assistant says it does not know and offers a person.
"""

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from accounts.selectors import visible_invoices
from invoices.models import InvoiceStatus
from invoices.selectors import amount_due, with_amount_due
from messaging.models import KnowledgeEntry

# Topics answered with the session's own open invoices: figures, or links to act on one.
PERSONAL_TOPICS = {"what-i-owe", "due-date", "pay", "postpone", "payment-plan", "dispute"}
PREFIX = {"fi": 5, "sv": 5, "nb": 5, "en": 5}
MIN_SCORE = 2.0
COMPOUND = 9
K1, B = 1.2, 0.75


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = {
    "en": _words(
        "a an the i my me is are am do does did to of on in for and or it this that what "
        "how can could with be have has will would you your we our there these at by"
    ),
    "fi": _words(
        "ja on ei se ne minä minun mä mun olen oli että kun jos mitä mikä miten voinko "
        "voiko onko tämä tämän tuo mitä"
    ),
    "sv": _words(
        "och i att det som en ett är jag min mitt mina på för med av till har kan vad hur "
        "den de du om ska"
    ),
    "nb": _words(
        "og i at det som en et er jeg min mitt mine på for med av til har kan hva hvordan "
        "den de du om skal"
    ),
}
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def terms(text: str, language: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    stop = STOP_WORDS.get(language, frozenset())
    size = PREFIX.get(language, 5)
    words = [w for w in WORD.findall(text) if w not in stop and len(w) > 1]
    found = [w[:size] for w in words]
    # Compounds (maksusuunnitelma, betalingsutsettelse): their inner parts count too.
    for word in words:
        if len(word) >= COMPOUND:
            found += ["~" + word[i : i + size] for i in range(3, len(word) - size + 1)]
    return found


@dataclass
class Fact:
    creditor: str
    invoice_number: str
    amount: object
    currency: str
    due_date: object
    url: str


@dataclass
class Reply:
    question: str
    topic: str = ""
    title: str = ""
    text: str = ""
    link: str = ""
    facts: list[Fact] = field(default_factory=list)
    score: float = 0.0

    @property
    def handover(self) -> bool:
        return not self.topic


def rank(question: str, language: str) -> list[tuple[float, KnowledgeEntry]]:
    """BM25 scores of the active entries in `language`, best first."""
    entries = list(KnowledgeEntry.objects.filter(language=language, is_active=True))
    docs = [terms(f"{e.title}\n{e.questions}", language) for e in entries]
    if not docs:
        return []
    average = sum(len(d) for d in docs) / len(docs)
    frequency = Counter(t for d in docs for t in set(d))
    query = set(terms(question, language))
    scored = []
    for entry, doc in zip(entries, docs, strict=True):
        counts = Counter(doc)
        score = 0.0
        for term in query & counts.keys():
            idf = math.log(1 + (len(docs) - frequency[term] + 0.5) / (frequency[term] + 0.5))
            tf = counts[term]
            score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(doc) / average))
        scored.append((score, entry))
    return sorted(scored, key=lambda pair: (-pair[0], pair[1].topic))


def own_facts(request: HttpRequest) -> list[Fact]:
    """The asking session's open invoices: only what the access selector lets it see."""
    invoices = with_amount_due(visible_invoices(request).filter(status=InvoiceStatus.OPEN))
    return [
        Fact(
            creditor=invoice.creditor.name,
            invoice_number=invoice.invoice_number,
            amount=amount_due(invoice),
            currency=invoice.currency,
            due_date=invoice.due_date,
            url=reverse("invoices:detail", args=[invoice.myropo_id]),
        )
        for invoice in invoices.order_by("due_date", "pk")[:20]
    ]


def _url(name: str) -> str:
    try:
        return reverse(name) if name else ""
    except NoReverseMatch:
        return ""


def answer(request: HttpRequest, question: str, language: str) -> Reply:
    """The best knowledge-base answer in `language` (with own figures where the topic asks),
    or a Reply whose `handover` is true when nothing matches well enough."""
    ranked = rank(question, language)
    if not ranked or ranked[0][0] < MIN_SCORE:
        return Reply(question=question, score=ranked[0][0] if ranked else 0.0)
    score, entry = ranked[0]
    reply = Reply(
        question=question,
        topic=entry.topic,
        title=entry.title,
        text=entry.answer,
        link=_url(entry.link),
        score=score,
    )
    if entry.topic in PERSONAL_TOPICS:
        reply.facts = own_facts(request)
    return reply
