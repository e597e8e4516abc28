"""Render one letter of a case as a PDF (WeasyPrint), in the letter's language."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from sandbox.engine.letters.texts import LABELS, TITLES, amount, text
from sandbox.engine.models import Case, Letter


def _labels(language: str) -> dict[str, str]:
    return {key: text(LABELS, key, language) for key in LABELS}


def _amounts(letter: Letter, currency: str) -> list[tuple[str, str]]:
    language = letter.language
    rows = [
        ("capital", letter.capital),
        ("fees", letter.fees),
        ("interest", letter.interest),
        ("paid", letter.paid),
    ]
    return [
        (text(LABELS, key, language), amount(value, currency, language))
        for key, value in rows
        if value is not None
    ]


def letter_context(case: Case, letter: Letter) -> dict[str, Any]:
    language = letter.language
    return {
        "case": case,
        "letter": letter,
        "language": language,
        "title": text(TITLES, letter.kind, language),
        "label": _labels(language),
        "amounts": _amounts(letter, case.currency),
        "amount_due": amount(letter.amount_due, case.currency, language),
    }


def render_letter(case: Case, letter: Letter) -> bytes:
    from weasyprint import HTML  # imported late: slow to import, needed by this view only

    html = render_to_string("sandbox/letter.html", letter_context(case, letter))
    return HTML(string=html).write_pdf()
