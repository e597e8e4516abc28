"""``GET /rest/jobs/pdf``: a real PDF of a letter, in the letter's language, text extractable."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest

from tests.sandbox.helpers import RopoOne

TITLES = {
    "fi": {"reminder": "Maksumuistutus", "collection": "Maksuvaatimus", "legal": "oikeudellisesta"},
    "sv": {"reminder": "Betalningspåminnelse", "collection": "Inkassokrav", "legal": "rättslig"},
    "nb": {
        "reminder": "Betalingspåminnelse",
        "collection": "Betalingsoppfordring",
        "legal": "rettslig",
    },
    "en": {"reminder": "Payment reminder", "collection": "Collection letter", "legal": "legal"},
}


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def money_text(amount: str, language: str) -> str:
    return amount if language == "en" else amount.replace(".", ",")


def a_case(sandbox_dump, *, country: str, stage: str, language: str) -> dict:
    languages = {p["identity_code"]: p["language"] for p in sandbox_dump["people"]}
    languages |= {c["business_id"]: c["language"] for c in sandbox_dump["companies"]}
    return next(
        c
        for c in sandbox_dump["cases"]
        if (c["country"], c["stage"]) == (country.upper(), stage)
        and languages[c["debtor"]["identity_code"]] == language
    )


@pytest.mark.parametrize(
    ("country", "stage", "language"),
    [
        ("fi", "reminder", "fi"),
        ("fi", "collection", "en"),
        ("se", "legal", "sv"),
        ("no", "collection", "nb"),
    ],
)
def test_the_latest_letter_is_a_pdf_with_the_facts_in_the_debtors_language(
    sandbox_server, sandbox_dump, tmp_path, country, stage, language
):
    case = a_case(sandbox_dump, country=country, stage=stage, language=language)
    client = RopoOne.integrator(sandbox_server, country)
    snapshot = client.job(case["jobid"])

    response = client.get("jobs/pdf", params={"jobid": case["jobid"]})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content, tmp_path)
    letter = max(snapshot["letters"], key=lambda x: (x["sent_on"], x["id"]))
    assert letter["language"] == language
    assert TITLES[language][letter["kind"]].lower() in text.lower()
    for fact in (
        snapshot["creditor"]["name"],
        snapshot["creditor"]["iban"],
        snapshot["debtor"]["name"],
        snapshot["debtor"]["postcode"],
        snapshot["billcode"],
        snapshot["jobid"],
        letter["due_date"],
        money_text(letter["amount_due"], language),
    ):
        assert fact in text, fact


def test_the_letter_parameter_picks_an_earlier_letter_with_its_own_breakdown(
    sandbox_server, sandbox_dump, tmp_path
):
    case = next(c for c in sandbox_dump["cases"] if c["country"] == "FI" and len(c["letters"]) >= 3)
    client = RopoOne.integrator(sandbox_server, "fi")
    first = client.job(case["jobid"])["letters"][0]

    response = client.get("jobs/pdf", params={"jobid": case["jobid"], "letter": first["id"]})

    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    language = first["language"]
    assert money_text(first["amount_due"], language) in text
    assert Decimal(first["amount_due"]) >= 0


def test_an_unknown_letter_or_job_is_404_and_the_jobid_is_required(sandbox_server, sandbox_dump):
    client = RopoOne.integrator(sandbox_server, "fi")
    jobid = next(c["jobid"] for c in sandbox_dump["cases"] if c["country"] == "FI")

    assert client.get("jobs/pdf", params={"jobid": jobid, "letter": "999999"}).status_code == 404
    assert client.get("jobs/pdf", params={"jobid": "1"}).status_code == 404
    assert client.get("jobs/pdf").status_code == 400
