"""The 24/7 assistant: local, deterministic retrieval over the knowledge base (BM25), plus the
asking session's own figures, never anyone else's.

How words are compared (stemmer, synonyms, compounds) is in `messaging.assistant_text`. Below
a minimum score the assistant says it does not know and offers a person.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from accounts.selectors import messageable_invoices, owned_invoices, visible_invoices
from invoices.models import InvoiceStatus
from invoices.selectors import amount_due, totals_by_currency, with_amount_due
from messaging.assistant_text import (
    PART,
    STOP_WORDS,
    Vocabulary,
    fold,
    question_terms,
    synonym_key,
    terms,
    words,
)
from messaging.models import KnowledgeEntry, KnowledgeSynonym

# Topics answered with the session's own open invoices: figures, or links to act on one.
PERSONAL_TOPICS = {
    "what-i-owe",
    "due-date",
    "pay",
    "postpone",
    "payment-plan",
    "dispute",
    "already-paid",
}
MIN_SCORE = 2.0
# A question most of whose words the knowledge base never uses is about something else
# ("show me the invoices of Matti Meikäläinen"), however well one word matches.
MIN_KNOWN_SHARE = 0.3
K1, B = 1.2, 0.75


@dataclass
class Index:
    entries: list[KnowledgeEntry]
    docs: list[list[str]]
    frequency: Counter
    average: float
    vocabulary: Vocabulary


_indexes: dict[str, tuple[tuple, Index]] = {}


def _version(language: str) -> tuple:
    """Changes whenever an agent adds, changes or removes an entry or a synonym."""
    entries = KnowledgeEntry.objects.filter(language=language, is_active=True)
    synonyms = KnowledgeSynonym.objects.filter(language=language)
    return (
        tuple(entries.aggregate(n=Count("pk"), at=Max("updated_at"), top=Max("pk")).values()),
        tuple(synonyms.aggregate(n=Count("pk"), at=Max("updated_at"), top=Max("pk")).values()),
    )


def build_index(language: str) -> Index:
    entries = list(KnowledgeEntry.objects.filter(language=language, is_active=True))
    texts = [f"{e.title}\n{e.questions}" for e in entries]
    vocabulary = Vocabulary(language)
    for text in texts:
        vocabulary.stems.update(terms(text, language))
        vocabulary.surface.update(fold(w) for w in words(text) if len(w) >= PART)
    for synonym in KnowledgeSynonym.objects.filter(language=language):
        key = synonym_key(synonym.word, language)
        if key:
            vocabulary.synonyms[key] = terms(synonym.means, language)
    docs = [terms(text, language, vocabulary) for text in texts]
    average = sum(len(d) for d in docs) / len(docs) if docs else 0.0
    frequency = Counter(t for d in docs for t in set(d))
    return Index(entries, docs, frequency, average, vocabulary)


def index_for(language: str) -> Index:
    version = _version(language)
    cached = _indexes.get(language)
    if cached is None or cached[0] != version:
        cached = (version, build_index(language))
        _indexes[language] = cached
    return cached[1]


@dataclass
class Fact:
    creditor: str
    invoice_number: str
    amount: object
    currency: str
    due_date: object
    url: str
    # Where to tell customer service about this invoice ("I already paid"), if this session may.
    message_url: str = ""


@dataclass
class Reply:
    question: str
    topic: str = ""
    title: str = ""
    text: str = ""
    link: str = ""
    facts: list[Fact] = field(default_factory=list)
    # The person's own debt per currency ("how much do I owe in total"), sorted by currency.
    totals: list[tuple[str, Decimal]] = field(default_factory=list)
    # The open invoice due first ("when is my next due date").
    next_due: Fact | None = None
    score: float = 0.0

    @property
    def handover(self) -> bool:
        return not self.topic


def rank(
    question: str, language: str, index: Index | None = None
) -> list[tuple[float, KnowledgeEntry]]:
    """BM25 scores of the active entries in `language`, best first."""
    index = index or index_for(language)
    if not index.docs:
        return []
    query = set(question_terms(question, language, index.vocabulary))
    total = len(index.docs)
    scored = []
    for entry, doc in zip(index.entries, index.docs, strict=True):
        counts = Counter(doc)
        score = 0.0
        for term in query & counts.keys():
            seen = index.frequency[term]
            idf = math.log(1 + (total - seen + 0.5) / (seen + 0.5))
            tf = counts[term]
            score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(doc) / index.average))
        scored.append((score, entry))
    return sorted(scored, key=lambda pair: (-pair[0], pair[1].topic))


def known_share(question: str, language: str, index: Index | None = None) -> float:
    """The share of the question's content words (three letters or more) that the knowledge
    base uses: directly, through a synonym, one typing slip away, or as parts of a compound."""
    vocabulary = (index or index_for(language)).vocabulary
    stop = STOP_WORDS.get(language, frozenset())
    content = [w for w in words(question) if len(w) >= 3 and w not in stop]
    if not content:
        return 1.0
    return sum(vocabulary.recognises(w) for w in content) / len(content)


def own_facts(request: HttpRequest, *, with_messages: bool = False) -> list[Fact]:
    """The asking session's open invoices: only what the access selector lets it see (with a
    link to write about each one the session may message, if asked)."""
    invoices = with_amount_due(visible_invoices(request).filter(status=InvoiceStatus.OPEN))
    invoices = list(invoices.order_by("due_date", "pk")[:20])
    writable = set()
    if with_messages:
        ids = [invoice.pk for invoice in invoices]
        writable = set(
            messageable_invoices(request).filter(pk__in=ids).values_list("pk", flat=True)
        )
    new_message = reverse("messaging:new")
    return [
        Fact(
            creditor=invoice.creditor.name,
            invoice_number=invoice.invoice_number,
            amount=amount_due(invoice),
            currency=invoice.currency,
            due_date=invoice.due_date,
            url=reverse("invoices:detail", args=[invoice.myropo_id]),
            message_url=f"{new_message}?invoice={invoice.myropo_id}"
            if invoice.pk in writable
            else "",
        )
        for invoice in invoices
    ]


def own_totals(request: HttpRequest) -> list[tuple[str, Decimal]]:
    """What the person owes per currency: their own (and their company's) open invoices, as
    on the invoice list; never an invoice seen through a grant or a letter."""
    return sorted(totals_by_currency(owned_invoices(request)).items())


def _url(name: str) -> str:
    try:
        return reverse(name) if name else ""
    except NoReverseMatch:
        return ""


def answer(request: HttpRequest, question: str, language: str) -> Reply:
    """The best knowledge-base answer in `language` (with own figures where the topic asks),
    or a Reply whose `handover` is true when nothing matches well enough."""
    index = index_for(language)
    ranked = rank(question, language, index)
    best = ranked[0][0] if ranked else 0.0
    if best < MIN_SCORE or known_share(question, language, index) < MIN_KNOWN_SHARE:
        return Reply(question=question, score=best)
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
        reply.facts = own_facts(request, with_messages=entry.topic == "already-paid")
    if entry.topic == "what-i-owe":
        reply.totals = own_totals(request)
    if entry.topic == "due-date" and reply.facts:
        reply.next_due = min(reply.facts, key=lambda fact: fact.due_date)
    return reply
