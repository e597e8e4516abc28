"""Optional: let a language model phrase the assistant's answer, grounded only on the facts
the local retrieval found (the knowledge-base answer and the session's own figures).

An OpenAI-compatible `POST {ASSISTANT_LLM_URL}/chat/completions`; off when the URL is empty.
Any failure falls back to the retrieved answer, so the assistant never depends on it.
"""

import logging

import httpx
from django.conf import settings

from messaging.assistant import Reply

log = logging.getLogger(__name__)
LANGUAGE_NAMES = {"en": "English", "fi": "Finnish", "sv": "Swedish", "nb": "Norwegian Bokmål"}


def grounding(reply: Reply) -> str:
    lines = [f"Answer: {reply.text}"]
    for currency, total in reply.totals:
        lines.append(f"Total owed in {currency}: {total}")
    if reply.next_due:
        lines.append(f"Next due date: {reply.next_due.due_date.isoformat()}")
    for fact in reply.facts:
        lines.append(
            f"Invoice {fact.invoice_number} from {fact.creditor}: {fact.amount} {fact.currency}"
            f" due {fact.due_date.isoformat()}"
        )
    return "\n".join(lines)


def compose(reply: Reply, language: str) -> str | None:
    """The model's wording of the retrieved answer, or None (off, or it failed)."""
    if not settings.ASSISTANT_LLM_URL:
        return None
    system = (
        "You are the MyRopo customer-service assistant. Reply in "
        f"{LANGUAGE_NAMES.get(language, 'English')}, in at most three sentences, using only "
        "the facts given. If they do not answer the question, say you do not know."
    )
    body = {
        "model": settings.ASSISTANT_LLM_MODEL,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": system},
            {
                "role": "user",
                "content": f"Facts:\n{grounding(reply)}\n\nQuestion: {reply.question}",
            },
        ],
    }
    headers = {"Authorization": f"Bearer {settings.ASSISTANT_LLM_API_KEY}"}
    try:
        response = httpx.post(
            f"{settings.ASSISTANT_LLM_URL}/chat/completions",
            json=body,
            headers=headers,
            timeout=settings.OUTSIDE_TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        text = response.json()["choices"][0]["message"]["content"].strip()
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        log.warning("assistant language model unavailable; using the retrieved answer")
        return None
    return text or None
