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
def test_the_current_letter_is_a_pdf_with_the_facts_in_the_debtors_language(
    sandbox_server, sandbox_dump, tmp_path, country, stage, language
):
    case = a_case(sandbox_dump, country=country, stage=stage, language=language)
    client = RopoOne.integrator(sandbox_server, country)
    snapshot = client.job(case["jobid"])

    response = client.get("jobs/pdf", params={"jobid": case["jobid"], "origdata": 0})

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


def letter_facts(letter: dict) -> list[str]:
    return [letter["due_date"], money_text(letter["amount_due"], letter["language"])]


def test_by_default_the_original_document_comes_by_jobid_or_billnum(
    sandbox_server, sandbox_dump, tmp_path
):
    case = next(
        c
        for c in sandbox_dump["cases"]
        if c["country"] == "FI" and len(c["letters"]) >= 3 and c["letters"][0]["kind"] == "invoice"
    )
    client = RopoOne.integrator(sandbox_server, "fi")
    snapshot = client.job(case["jobid"])
    first, latest = snapshot["letters"][0], snapshot["letters"][-1]

    by_jobid = client.get("jobs/pdf", params={"jobid": case["jobid"]})
    by_billnum = client.get("jobs/pdf", params={"billnum": snapshot["billnum"], "origdata": 1})

    for response in (by_jobid, by_billnum):
        assert response.status_code == 200
        text = pdf_text(response.content, tmp_path)
        for fact in letter_facts(first):
            assert fact in text, fact
    assert latest["due_date"] != first["due_date"]
    assert latest["due_date"] not in pdf_text(by_jobid.content, tmp_path)


def test_documentdate_and_documenttype_pick_one_letter_with_its_own_breakdown(
    sandbox_server, sandbox_dump, tmp_path
):
    case = next(c for c in sandbox_dump["cases"] if c["country"] == "FI" and len(c["letters"]) >= 3)
    client = RopoOne.integrator(sandbox_server, "fi")
    snapshot = client.job(case["jobid"])
    second = snapshot["letters"][1]

    response = client.get(
        "jobs/pdf",
        params={
            "jobid": case["jobid"],
            "billnum": snapshot["billnum"],
            "documentdate": second["sent_on"],
            "documenttype": second["kind"],
        },
        headers={"Accept": "application/pdf"},
    )

    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    for fact in letter_facts(second):
        assert fact in text, fact
    assert Decimal(second["amount_due"]) >= 0


def test_refusals_are_job_response_errors(sandbox_server, sandbox_dump):
    client = RopoOne.integrator(sandbox_server, "fi")
    case = next(c for c in sandbox_dump["cases"] if c["country"] == "FI")
    jobid = case["jobid"]
    billnum = client.job(jobid)["billnum"]
    refused = {
        400: [
            {},
            {"jobid": "x"},
            {"jobid": jobid, "origdata": "2"},
            {"jobid": jobid, "documentdate": case["letters"][0]["sent_on"]},  # needs billnum
            {"billnum": billnum, "documentdate": "20260101"},
        ],
        404: [
            {"jobid": "1"},
            {"contractnum": "CN182838"},
            {"jobid": jobid, "billnum": "not-this-jobs-number"},
            {"billnum": billnum, "documentdate": "1999-01-01"},
            {"jobid": jobid, "documenttype": "no-such-type"},
        ],
    }
    for status, queries in refused.items():
        for params in queries:
            response = client.get("jobs/pdf", params=params)
            assert response.status_code == status, params
            assert set(response.json()) == {"error"}, params
            assert isinstance(response.json()["error"], str)
