"""The sandbox's health page, its index for testers and its demo JSON endpoints."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tests.sandbox_process import SandboxProcess


def test_health_page_answers_200_json_with_the_seeded_counts_and_today(sandbox_server):
    response = sandbox_server.get("/healthz")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "ok"
    assert body["service"] == "sandbox"
    assert body["database"] == "ok"
    assert body["counts"]["creditors"] == 6
    assert 28 <= body["counts"]["debtors"] <= 32
    assert 190 <= body["counts"]["cases"] <= 210
    assert date.fromisoformat(body["today"])


def test_health_page_answers_503_when_the_database_is_unusable(tmp_path: Path):
    with SandboxProcess(tmp_path, migrate=False, seed=False) as sandbox:
        response = sandbox.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "service": "sandbox", "database": "error"}


def test_index_page_says_what_the_sandbox_plays_and_whom_to_log_in_as(sandbox_server):
    response = sandbox_server.get("/")

    assert response.status_code == 200
    html = response.text
    assert '<html lang="en">' in html
    assert "<main>" in html and "</main>" in html
    assert re.search(r"<title>[^<]+</title>", html)
    for stand_in in ("Ropo One", "Maventa", "Paytrail", "OpenID Connect"):
        assert stand_in in html
    people = sandbox_server.get("/demo/people.json").json()["people"]
    aino = next(p for p in people if p["email"] == "aino.virtanen@example.com")
    assert aino["name"] in html and aino["identity_code"] in html
    for creditor in sandbox_server.get("/demo/creditors.json").json()["creditors"]:
        assert creditor["name"] in html


def test_demo_people_endpoint_lists_people_and_companies_with_their_representatives(
    sandbox_server,
):
    body = sandbox_server.get("/demo/people.json").json()

    people = {p["identity_code"]: p for p in body["people"]}
    assert (
        len(people) + len(body["companies"])
        == sandbox_server.get("/healthz").json()["counts"]["debtors"]
    )
    for company in body["companies"]:
        assert company["representatives"], company["name"]
        for code in company["representatives"]:
            assert people[code]["country"] == company["country"]
            assert company["business_id"] in people[code]["represents"]


def test_demo_creditors_endpoint_gives_each_creditor_its_demo_credentials(sandbox_server):
    creditors = sandbox_server.get("/demo/creditors.json").json()["creditors"]

    assert {c["country"] for c in creditors} == {"FI", "SE", "NO"}
    assert len({c["ropo_one"]["cid"] for c in creditors}) == len(creditors)
    for creditor in creditors:
        assert creditor["ropo_one"]["apicode"]
        assert creditor["maventa"]["company_uuid"]
        assert creditor["currency"] == {"FI": "EUR", "SE": "SEK", "NO": "NOK"}[creditor["country"]]


def test_each_country_has_exactly_one_creditor_allowing_legal_collection(sandbox_server):
    creditors = sandbox_server.get("/demo/creditors.json").json()["creditors"]

    for country in ("FI", "SE", "NO"):
        legal = [c for c in creditors if c["country"] == country and c["allows_legal_collection"]]
        assert len(legal) == 1, country


def test_the_clock_page_shows_the_sandbox_date(sandbox_server):
    body = sandbox_server.get("/clock").json()

    assert body["offset_days"] == 0
    assert body["today"] == sandbox_server.get("/healthz").json()["today"]
