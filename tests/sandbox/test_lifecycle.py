"""The sandbox clock drives every case: stages move, fees (within the caps) and interest are added,
every change bumps the version and shows up in the feeds; Maventa activations complete."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.sandbox.helpers import Maventa, RopoOne, reminder_job, sandbox_today, truth

# Statutory caps the sandbox must stay within, per country and fee (kept apart from the
# sandbox's own table on purpose): FI consumer caps of the Debt Collection Act, SE's
# inkassoförordning, NO's inkassoforskrift.
CAPS = {
    "FI": {"reminder": Decimal("5.00"), "collection": Decimal("50.00")},
    "SE": {"reminder": Decimal("60.00"), "collection": Decimal("180.00")},
    "NO": {"reminder": Decimal("35.00"), "collection": Decimal("140.00")},
}
FI_DEMAND = ((Decimal("50"), Decimal("14.00")), (Decimal("200"), Decimal("24.00")))


@pytest.fixture(scope="module")
def sandbox(module_sandbox):
    return module_sandbox


def advance(sandbox, days: int) -> dict:
    response = sandbox.post("/clock/advance", json={"days": days})
    assert response.status_code == 200, response.text
    return response.json()


def test_advancing_the_clock_moves_the_date_and_the_stages(sandbox):
    before = {c["jobid"]: c for c in truth(sandbox)["cases"]}
    today = sandbox_today(sandbox)

    report = advance(sandbox, 30)

    assert report["today"] == str(today + timedelta(days=30))
    assert sandbox.get("/clock").json()["today"] == report["today"]
    after = {c["jobid"]: c for c in truth(sandbox)["cases"]}
    moves = {(before[j]["stage"], after[j]["stage"]) for j in before}
    assert ("invoice", "reminder") in moves
    assert ("reminder", "collection") in moves
    assert report["steps"]["remind"] > 0 and report["steps"]["collect"] > 0
    for jobid, case in after.items():
        assert case["version"] == case["events"]
        changed = case["version"] != before[jobid]["version"]
        assert changed == (case != before[jobid]), jobid


def test_open_overdue_cases_accrue_interest_and_closed_ones_do_not_change(sandbox):
    before = {c["jobid"]: c for c in truth(sandbox)["cases"]}

    advance(sandbox, 10)

    after = {c["jobid"]: c for c in truth(sandbox)["cases"]}
    for jobid, old in before.items():
        new = after[jobid]
        if old["status"] != "open":
            assert new == old, jobid
        elif old["stage"] in ("reminder", "collection", "legal"):
            assert Decimal(new["interest"]) > Decimal(old["interest"]), jobid
            assert Decimal(new["open_amount"]) > Decimal(old["open_amount"]), jobid


def test_fees_stay_within_the_statutory_caps_and_legal_only_where_allowed(sandbox):
    advance(sandbox, 120)
    creditors = sandbox.get("/demo/creditors.json").json()["creditors"]
    cases = [case for c in creditors for case in RopoOne.creditor(sandbox, c).drain()]
    assert len(cases) == len(truth(sandbox)["cases"])

    for case in cases:
        country = case["country"]
        capital = Decimal(next(e["amount"] for e in case["events"] if e["kind"] == "created"))
        fees = [e for e in case["events"] if e["kind"] == "fee_added"]
        for step, cap in CAPS[country].items():
            charged = sum(Decimal(e["amount"]) for e in fees if e["data"]["step"] == step)
            assert charged <= cap, (case["jobid"], step, charged)
            if country == "FI" and step == "collection" and charged:
                expected = next((fee for top, fee in FI_DEMAND if capital <= top), Decimal("50"))
                assert charged == expected, case["jobid"]
        if case["stage"] == "legal":
            assert case["creditor"]["allows_legal_collection"], case["jobid"]
    assert "legal" in {c["stage"] for c in cases}


def test_every_change_reaches_the_feed_once(sandbox):
    portal = RopoOne.integrator(sandbox, "se")
    portal.drain()
    before = {c["jobid"]: c["version"] for c in truth(sandbox, "SE")["cases"]}

    advance(sandbox, 5)

    after = {c["jobid"]: c["version"] for c in truth(sandbox, "SE")["cases"]}
    changed = {j for j in after if after[j] != before.get(j)}
    delivered = portal.drain()
    assert changed
    assert sorted(i["jobid"] for i in delivered) == sorted(changed)
    assert all(i["version"] == after[i["jobid"]] for i in delivered)


def test_the_management_command_advances_the_clock_too(sandbox):
    offset = sandbox.get("/clock").json()["offset_days"]

    output = sandbox.manage("advance_clock", "--days", "2").stdout

    assert '"today"' in output
    assert sandbox.get("/clock").json()["offset_days"] == offset + 2


@pytest.mark.parametrize("days", [-1, "3", 1.5, 10_000])
def test_the_clock_moves_forward_by_whole_days_only(sandbox, days):
    response = sandbox.post("/clock/advance", json={"days": days})

    assert response.status_code == 400


def business_days_until_weekday(start: date, count: int) -> int:
    """Calendar days from ``start`` until ``count`` weekdays have passed."""
    days, passed = 0, 0
    while passed < count:
        days += 1
        passed += (start + timedelta(days=days)).weekday() < 5
    return days


def test_a_finnish_activation_goes_through_kyc_and_completes_on_business_days(sandbox):
    creditors = {c["key"]: c for c in sandbox.get("/demo/creditors.json").json()["creditors"]}
    company = Maventa.company(sandbox, creditors["fi-saimaa-telecom"])
    path = "v2/services/ropo/receivables"
    assert company.get(path).json()["status"] == "inactive"

    requested = company.request("PUT", path, json={"agreement_contact_email": "cfo@example.com"})
    assert requested.status_code == 200
    assert requested.json()["status"] == "pending"
    today = sandbox_today(sandbox)
    advance(sandbox, business_days_until_weekday(today, 1))
    assert company.get(path).json()["status"] == "kyc_pending"
    advance(sandbox, business_days_until_weekday(sandbox_today(sandbox), 1))
    active = company.get(path).json()
    assert active["status"] == "active"
    assert active["agreement_contact_email"] == "cfo@example.com"
    assert active["activated_at"]

    closed = company.request("DELETE", path)
    assert closed.json()["status"] == "closed"


def test_an_activation_request_needs_an_email_and_the_partner_names_the_company(sandbox):
    partner = Maventa.partner(sandbox)
    path = "v2/services/ropo/receivables"

    assert partner.get(path).status_code == 400
    creditors = sandbox.get("/demo/creditors.json").json()["creditors"]
    company_id = next(c for c in creditors if c["key"] == "se-vasa-bostader")["maventa"][
        "company_uuid"
    ]
    bad = partner.request(
        "PUT", path, json={"company_id": company_id, "agreement_contact_email": "x"}
    )
    assert bad.status_code == 400
    assert bad.json()["details"][0]["field"] == "agreement_contact_email"
    assert partner.get(path, params={"company_id": company_id}).json()["status"] in (
        "pending",
        "active",
    )


def test_a_consumer_invoice_becomes_transferable_when_the_clock_reaches_day_14(sandbox):
    partner = Maventa.partner(sandbox)
    people = sandbox.get("/demo/people.json").json()["people"]
    person = next(p for p in people if p["email"] == "nora.berg@example.com")
    creditors = sandbox.get("/demo/creditors.json").json()["creditors"]
    company = next(c for c in creditors if c["key"] == "no-fjellstrom-kraft")
    today = sandbox_today(sandbox)
    buyer = {
        "type": "person",
        "name": person["name"],
        "identity_code": person["identity_code"],
        "address": {
            "street": "Storgata 1",
            "postal_code": "9008",
            "city": "Tromsø",
            "country": "NO",
        },
    }
    invoice = partner.post(
        "v2/invoices",
        json={
            "company_id": company["maventa"]["company_uuid"],
            "number": "NO-CLOCK-1",
            "date": str(today - timedelta(days=24)),
            "due_date": str(today - timedelta(days=10)),
            "sum": "990.00",
            "buyer": buyer,
        },
    ).json()
    body = {
        "collection_type": "reminder_and_collection",
        "receivables_type": "b2c",
        "payers": [buyer],
        "assignment_summary": "Electricity",
    }
    path = f"v2/invoices/{invoice['id']}/assignment/ropo"

    assert partner.post(path, json=body).status_code == 422
    advance(sandbox, 4)
    response = partner.post(path, json=body)
    assert response.status_code == 201, response.text


def test_a_print_service_job_is_never_reminded_or_collected(sandbox, creditors, people):
    """Jobtype 300 (print service, own account and reference): Ropo sends no reminders and
    does no collection; an ordinary invoice (0) due the same day goes on to collection."""
    client = RopoOne.integrator(sandbox, "fi")
    today = sandbox_today(sandbox)
    jobids = {}
    for jobtype in (0, 300):
        job = reminder_job(
            creditors["fi-revontuli-energia"],
            people["aino.virtanen@example.com"],
            today,
            jobtype=jobtype,
        )
        for key in ("billnum", "billcode", "amount"):
            job.pop(key)
        job["billdate"] = (today - timedelta(days=15)).isoformat()
        job["paydate"] = (today - timedelta(days=1)).isoformat()
        job["payrow"] = [{"desc": "Service", "count": 1, "amount": "80.00", "taxpr": 0}]
        response = client.post("jobs", json={"datastream": {"dataset": [job]}})
        assert response.status_code == 200, response.text
        jobids[jobtype] = response.json()["jobs"][0]["jobid"]

    advance(sandbox, 120)

    ordinary, printed = client.job(jobids[0]), client.job(jobids[300])
    assert ordinary["stage"] in ("collection", "legal")
    assert (printed["stage"], printed["status"]) == ("invoice", "open")
    assert (printed["fees"], printed["interest"]) == ("0.00", "0.00")
    assert [letter["kind"] for letter in printed["letters"]] == ["invoice"]
    assert {e["kind"] for e in printed["events"]} == {"created", "invoice_sent"}
