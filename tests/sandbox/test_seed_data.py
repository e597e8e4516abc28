"""The seeded demo data: valid identities, every stage and status, consistent amounts."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from stdnum import iban
from stdnum.fi import hetu, ytunnus
from stdnum.no import fodselsnummer
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr
from stdnum.se import personnummer

PERSON_CODES = {"FI": hetu, "SE": personnummer, "NO": fodselsnummer}
BUSINESS_IDS = {"FI": ytunnus, "SE": se_orgnr, "NO": no_orgnr}
CURRENCIES = {"FI": "EUR", "SE": "SEK", "NO": "NOK"}
STAGES = {"invoice", "reminder", "collection", "legal", "payment_plan", "closed"}
STATUSES = {"open", "paid", "cancelled"}
STAGE_LETTERS = {
    "reminder": "reminder",
    "collection": "collection",
    "legal": "legal",
    "payment_plan": "plan_confirmation",
}


def _amount(value: str | None) -> Decimal:
    return Decimal(value) if value is not None else Decimal(0)


def _sum(case: dict, kind: str) -> Decimal:
    return sum((_amount(e["amount"]) for e in case["events"] if e["kind"] == kind), Decimal(0))


def _fi_reference_ok(reference: str) -> bool:
    weights = (7, 3, 1)
    body, check = reference[:-1], int(reference[-1])
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def _luhn_ok(number: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(number)):
        digit = int(char) * (2 if i % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def test_every_seeded_personal_identity_code_is_valid_for_its_country(sandbox_dump):
    assert sandbox_dump["people"]
    for person in sandbox_dump["people"]:
        module = PERSON_CODES[person["country"]]
        assert module.is_valid(person["identity_code"]), person


def test_every_seeded_business_id_is_valid_for_its_country(sandbox_dump):
    companies = sandbox_dump["companies"] + sandbox_dump["creditors"]
    assert len(sandbox_dump["companies"]) >= 3
    for company in companies:
        assert BUSINESS_IDS[company["country"]].is_valid(company["business_id"]), company


def test_every_creditor_has_a_valid_iban_of_its_country_and_a_currency_of_its_country(
    sandbox_dump,
):
    for creditor in sandbox_dump["creditors"]:
        assert iban.is_valid(creditor["iban"])
        assert creditor["iban"].startswith(creditor["country"])
        assert creditor["currency"] == CURRENCIES[creditor["country"]]


def test_there_are_people_and_companies_in_all_three_countries(sandbox_dump):
    assert {p["country"] for p in sandbox_dump["people"]} == {"FI", "SE", "NO"}
    assert {c["country"] for c in sandbox_dump["companies"]} == {"FI", "SE", "NO"}
    emails = {p["email"] for p in sandbox_dump["people"]}
    assert "aino.virtanen@example.com" in emails


def test_every_company_is_represented_by_a_seeded_person_of_its_country(sandbox_dump):
    people = {p["identity_code"]: p for p in sandbox_dump["people"]}
    for company in sandbox_dump["companies"]:
        assert company["representatives"]
        assert all(
            people[code]["country"] == company["country"] for code in company["representatives"]
        )


def test_every_stage_and_status_is_present(sandbox_dump):
    cases = sandbox_dump["cases"]

    assert {c["stage"] for c in cases} == STAGES
    assert {c["status"] for c in cases} == STATUSES
    for country in ("FI", "SE", "NO"):
        assert {c["stage"] for c in cases if c["country"] == country} == STAGES, country


def test_open_cases_are_not_closed_and_closed_cases_are_paid_or_cancelled(sandbox_dump):
    for case in sandbox_dump["cases"]:
        assert (case["status"] == "open") == (case["stage"] != "closed"), case["jobid"]


def test_some_debtors_have_many_cases_for_the_long_list_pages(sandbox_dump):
    per_debtor = Counter(c["debtor"]["identity_code"] for c in sandbox_dump["cases"])
    most = per_debtor.most_common(2)

    assert most[0][1] >= 20
    assert most[1][1] >= 10


def test_amounts_are_non_negative_and_open_amount_is_capital_plus_fees_plus_interest_minus_paid(
    sandbox_dump,
):
    for case in sandbox_dump["cases"]:
        amounts = {k: Decimal(case[k]) for k in ("capital", "fees", "interest", "paid")}
        assert all(v >= 0 and v == v.quantize(Decimal("0.01")) for v in amounts.values()), case
        expected = amounts["capital"] + amounts["fees"] + amounts["interest"] - amounts["paid"]
        assert Decimal(case["open_amount"]) == max(expected, Decimal(0)), case["jobid"]
        if case["status"] != "open":
            assert Decimal(case["open_amount"]) == 0, case["jobid"]


def test_amounts_are_exactly_what_the_events_say(sandbox_dump):
    for case in sandbox_dump["cases"]:
        capital = _sum(case, "created") - _sum(case, "credit_note")
        costs = _sum(case, "fee_added") + _sum(case, "interest_added") - _sum(case, "fees_waived")
        assert Decimal(case["capital"]) == capital, case["jobid"]
        assert Decimal(case["fees"]) + Decimal(case["interest"]) == costs, case["jobid"]
        assert Decimal(case["paid"]) == _sum(case, "payment"), case["jobid"]


def _row_total(row: dict) -> Decimal:
    gross = Decimal(row["count"]) * Decimal(row["amount"]) * (100 + Decimal(row["taxpr"])) / 100
    return gross.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_capital_posted_is_the_sum_of_the_rows_including_tax(sandbox_dump):
    for case in sandbox_dump["cases"]:
        assert case["rows"], case["jobid"]
        rows_total = sum((_row_total(r) for r in case["rows"]), Decimal(0))
        assert _sum(case, "created") == rows_total, case["jobid"]


def test_fees_and_interest_follow_the_stage(sandbox_dump):
    for case in sandbox_dump["cases"]:
        if case["stage"] == "invoice":
            assert Decimal(case["fees"]) == 0 and Decimal(case["interest"]) == 0, case["jobid"]
        if case["stage"] in ("collection", "legal"):
            assert Decimal(case["fees"]) > 0, case["jobid"]


def test_case_timelines_start_with_created_run_forward_and_never_pass_today(sandbox_dump):
    today = sandbox_dump["today"]
    for case in sandbox_dump["cases"]:
        events = case["events"]
        assert events[0]["kind"] == "created", case["jobid"]
        times = [e["occurred_at"] for e in events]
        assert times == sorted(times), case["jobid"]
        assert all(t[:10] <= today for t in times), case["jobid"]
        assert case["billdate"] <= case["paydate"]
        if case["status"] != "open":
            assert events[-1]["kind"] == "closed", case["jobid"]


def test_every_stage_reached_has_its_letter_in_the_debtors_language(sandbox_dump):
    languages = {p["identity_code"]: p["language"] for p in sandbox_dump["people"]}
    languages |= {c["business_id"]: c["language"] for c in sandbox_dump["companies"]}
    for case in sandbox_dump["cases"]:
        kinds = {letter["kind"] for letter in case["letters"]}
        reached = {e["kind"] for e in case["events"]}
        if "reminder_sent" in reached:
            assert "reminder" in kinds, case["jobid"]
        if "moved_to_collection" in reached:
            assert "collection" in kinds, case["jobid"]
        if "moved_to_legal" in reached:
            assert "legal" in kinds, case["jobid"]
        if "plan_agreed" in reached:
            assert "plan_confirmation" in kinds, case["jobid"]
        if case["jobtype"] in (0, 300):
            assert "invoice" in kinds, case["jobid"]
        if case["stage"] in STAGE_LETTERS:
            assert STAGE_LETTERS[case["stage"]] in kinds, case["jobid"]
        language = languages[case["debtor"]["identity_code"]]
        assert {letter["language"] for letter in case["letters"]} <= {language}


def test_cases_use_their_creditors_currency_and_a_valid_reference(sandbox_dump):
    creditors = {c["key"]: c for c in sandbox_dump["creditors"]}
    for case in sandbox_dump["cases"]:
        creditor = creditors[case["creditor"]]
        assert case["currency"] == creditor["currency"]
        assert case["debtor"]["country"] == creditor["country"]
        check = _fi_reference_ok if creditor["country"] == "FI" else _luhn_ok
        assert case["billcode"].isdigit() and check(case["billcode"]), case["billcode"]


def test_legal_collection_only_happens_for_creditors_that_allow_it(sandbox_dump):
    creditors = {c["key"]: c for c in sandbox_dump["creditors"]}
    for case in sandbox_dump["cases"]:
        if any(e["kind"] == "moved_to_legal" for e in case["events"]):
            assert creditors[case["creditor"]]["allows_legal_collection"], case["jobid"]


def test_job_ids_invoice_numbers_and_references_are_unique(sandbox_dump):
    cases = sandbox_dump["cases"]

    assert len({c["jobid"] for c in cases}) == len(cases)
    assert all(c["jobid"].isdigit() for c in cases)
    assert len({(c["creditor"], c["billnum"]) for c in cases}) == len(cases)
    assert len({(c["creditor"], c["billcode"]) for c in cases}) == len(cases)


def test_maventa_assignments_are_transferred_late_enough_after_the_due_date(sandbox_dump):
    maventa = [c for c in sandbox_dump["cases"] if c["channel"] == "maventa"]

    assert maventa
    for case in maventa:
        assert case["maventa_assignment_id"]
        transferred = date.fromisoformat(case["events"][0]["occurred_at"][:10])
        minimum = 7 if case["receivables_type"].startswith("b2b") else 14
        assert (transferred - date.fromisoformat(case["paydate"])).days >= minimum, case["jobid"]


@pytest.mark.parametrize("stage", sorted(STAGES - {"closed"}))
def test_the_collection_status_speaks_maventas_vocabulary_for_each_open_stage(sandbox_dump, stage):
    expected = {
        "invoice": "invoice_sent",
        "reminder": "reminder_sent",
        "collection": "debt_collection",
        "legal": "legal_collection",
        "payment_plan": "payment_plan",
    }[stage]
    statuses = {c["collection_status"] for c in sandbox_dump["cases"] if c["stage"] == stage}
    assert statuses == {expected}


def test_no_seeded_print_service_job_was_reminded_or_collected(sandbox_dump):
    """Jobtype 300 is the print service: Ropo never reminds or collects it."""
    printed = [c for c in sandbox_dump["cases"] if c["jobtype"] == 300]
    assert printed
    for case in printed:
        kinds = {e["kind"] for e in case["events"]}
        assert not kinds & {"reminder_sent", "moved_to_collection", "moved_to_legal"}, case["jobid"]
        assert case["stage"] not in ("reminder", "collection", "legal"), case["jobid"]
