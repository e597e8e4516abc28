"""Ropo One jobs: posting invoices, reminders and collections, reading them, finding them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from sandbox.ropo_one.assumed import ERROR_IDS
from tests.sandbox.helpers import RopoOne, reference, reminder_job, sandbox_today

SNAPSHOT_KEYS = {
    "jobid", "version", "updated_at", "country", "jobtype", "stage", "status",
    "collection_status", "billnum", "billcode", "description", "currency", "capital", "fees",
    "interest", "paid", "open_amount", "billdate", "paydate", "noticedate",
    "maventa_assignment_id", "creditor", "debtor", "payrow", "letters", "events",
}  # fmt: skip


@pytest.fixture(scope="module")
def fi_creditor(creditors):
    return creditors["fi-revontuli-energia"]


@pytest.fixture(scope="module")
def person(people):
    return people["liisa.nieminen@example.com"]


@pytest.fixture(scope="module")
def today(api_sandbox):
    return sandbox_today(api_sandbox)


def post_jobs(client: RopoOne, *jobs: dict, key: str | None = None):
    return client.post("jobs", json={"datastream": {"dataset": list(jobs)}}, key=key)


def test_a_reminder_job_is_accepted_in_the_api_range_and_sent_at_once(
    portal_fi, fi_creditor, person, today
):
    response = post_jobs(portal_fi, reminder_job(fi_creditor, person, today))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "accepted"
    [job] = body["jobs"]
    assert int(job["jobid"]) >= 2_000_001
    case = portal_fi.job(job["jobid"])
    assert set(case) >= SNAPSHOT_KEYS
    assert (case["stage"], case["status"], case["collection_status"]) == (
        "reminder",
        "open",
        "reminder_sent",
    )
    assert case["capital"] == "120.00"
    assert case["fees"] == "5.00"
    assert Decimal(case["interest"]) > 0  # 30 days overdue
    assert case["debtor"]["identity_code"] == person["identity_code"]
    assert case["version"] == len(case["events"])
    assert [letter["kind"] for letter in case["letters"]] == ["reminder"]


def test_an_invoice_job_takes_its_capital_from_the_rows_including_tax(
    portal_fi, fi_creditor, person, today
):
    job = reminder_job(fi_creditor, person, today, jobtype=300)
    for field in ("billnum", "billcode", "amount"):
        job.pop(field)
    job["paydate"] = (today + timedelta(days=14)).isoformat()
    job["payrow"] = [
        {"desc": "Consulting", "count": 2, "amount": "50.00", "taxpr": "25.5"},
        {"desc": "Travel", "count": "1", "amount": "10.00", "taxpr": 0},
    ]

    response = post_jobs(portal_fi, job)

    assert response.status_code == 200, response.text
    [created] = response.json()["jobs"]
    assert created["billnum"] == created["jobid"]  # no number given: the job id
    case = portal_fi.job(created["jobid"])
    assert case["capital"] == "135.50"
    assert (case["stage"], case["fees"], case["interest"]) == ("invoice", "0.00", "0.00")
    assert [r["count"] for r in case["payrow"]] == ["2", "1"]


def test_a_collection_job_in_finland_needs_the_noticedate(portal_fi, fi_creditor, person, today):
    job = reminder_job(fi_creditor, person, today, jobtype=2)

    response = post_jobs(portal_fi, job)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"index": 0, "field": "noticedate", "message": "is required"}
    ]
    job["noticedate"] = (today - timedelta(days=20)).isoformat()
    assert post_jobs(portal_fi, job).status_code == 200


def test_every_bad_field_is_reported_with_its_index_and_nothing_is_stored(
    api_sandbox, portal_fi, fi_creditor, person, today
):
    good = reminder_job(fi_creditor, person, today)
    bad = reminder_job(
        fi_creditor,
        person,
        today,
        billcode="1234567",
        amount="12.345",
        paydate="2026-13-01",
        ssn="010101-0000",
        customertype=3,
    )
    del bad["city"]
    cases_before = api_sandbox.get("/healthz").json()["counts"]["cases"]

    response = post_jobs(portal_fi, good, bad)

    assert response.status_code == 400
    body = response.json()
    assert body["errorId"] == ERROR_IDS["validation_failed"]
    fields = {(e["index"], e["field"]) for e in body["errors"]}
    assert fields == {
        (1, f) for f in ("billcode", "amount", "paydate", "customertype", "city", "ssn")
    }
    assert all(e["message"] for e in body["errors"])
    assert api_sandbox.get("/healthz").json()["counts"]["cases"] == cases_before


def test_an_invalid_identity_code_is_refused(portal_fi, fi_creditor, person, today):
    response = post_jobs(portal_fi, reminder_job(fi_creditor, person, today, ssn="010101-0000"))

    assert response.status_code == 400
    assert {"index": 0, "field": "ssn", "message": "is not a valid FI personal identity code"} in (
        response.json()["errors"]
    )


def test_a_billnum_used_before_is_refused(portal_fi, fi_creditor, person, today):
    first = reminder_job(fi_creditor, person, today)
    assert post_jobs(portal_fi, first).status_code == 200

    again = reminder_job(fi_creditor, person, today, billnum=first["billnum"])
    response = post_jobs(portal_fi, again)

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["billnum"]


def test_the_integrator_must_name_the_creditor_and_a_creditor_posts_for_itself(
    api_sandbox, portal_fi, fi_creditor, person, today
):
    job = reminder_job(fi_creditor, person, today)
    del job["creditorbusinessid"]

    response = post_jobs(portal_fi, job)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "creditorbusinessid"

    own = RopoOne.creditor(api_sandbox, fi_creditor)
    response = post_jobs(own, job)
    assert response.status_code == 200
    jobid = response.json()["jobs"][0]["jobid"]
    assert own.job(jobid)["creditor"]["business_id"] == fi_creditor["business_id"]


@pytest.mark.parametrize(
    "body",
    [{}, {"datastream": {}}, {"datastream": {"dataset": []}}, {"datastream": {"dataset": "x"}}],
)
def test_a_body_without_a_dataset_is_refused(portal_fi, body):
    response = portal_fi.post("jobs", json=body)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "datastream.dataset"


def test_broken_json_is_refused_with_an_error_id(portal_fi):
    response = portal_fi.post(
        "jobs", content=b"{not json", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json()["errorId"] == ERROR_IDS["invalid_json"]


def test_reading_a_job_needs_a_jobid_and_an_unknown_one_is_404(portal_fi):
    assert portal_fi.get("jobs").json()["errorId"] == ERROR_IDS["missing_parameter"]
    assert portal_fi.get("jobs", params={"jobid": "999"}).status_code == 404


def test_a_swedish_job_checks_the_ocr_reference_and_needs_no_noticedate(
    api_sandbox, creditors, people, today
):
    client = RopoOne.integrator(api_sandbox, "se")
    creditor = creditors["se-nordhem-handel"]
    erik = people["erik.andersson@example.com"]
    job = reminder_job(creditor, erik, today, jobtype=2, billcode=reference("SE", "12345"))

    response = post_jobs(client, job)

    assert response.status_code == 200, response.text
    case = client.job(response.json()["jobs"][0]["jobid"])
    assert (case["country"], case["currency"], case["stage"]) == ("SE", "SEK", "collection")
    assert case["fees"] == "180.00"


def test_find_by_end_customer_lists_that_persons_open_jobs_as_documented(
    api_sandbox, portal_fi, people, sandbox_dump
):
    aino = people["aino.virtanen@example.com"]
    hers = [
        c for c in sandbox_dump["cases"] if c["debtor"]["identity_code"] == aino["identity_code"]
    ]
    open_ones = {int(c["jobid"]) for c in hers if c["status"] == "open"}

    response = portal_fi.post("jobs/findbyendcustomer", json={"ssn": aino["identity_code"]})

    assert response.status_code == 200
    jobs = response.json()["jobs"]
    assert open_ones and open_ones <= {j["case_number"] for j in jobs}
    assert {j["case_number"] for j in jobs} <= {int(c["jobid"]) for c in hers}
    for job in jobs:
        assert job["status"] in ("invoicing", "due", "reminder", "collection")
        assert isinstance(job["open_amount"], float)
        assert job["my_ropo_link"].startswith("https://myropo.fi/#/job/")
        assert set(job) <= {
            "case_number",
            "invoice_number",
            "original_invoice_date",
            "status",
            "open_amount",
            "group_job",
            "group_case_numbers",
            "group_total_payable",
            "my_ropo_link",
        }


def test_find_by_end_customer_lists_paid_jobs_only_when_asked(api_sandbox, portal_fi, sandbox_dump):
    paid = next(c for c in sandbox_dump["cases"] if c["country"] == "FI" and c["status"] == "paid")
    ssn = paid["debtor"]["identity_code"]

    default = portal_fi.post("jobs/findbyendcustomer", json={"ssn": ssn}).json()["jobs"]
    everything = portal_fi.post(
        "jobs/findbyendcustomer", json={"ssn": ssn, "all_invoices": 1}
    ).json()["jobs"]

    assert int(paid["jobid"]) not in {j["case_number"] for j in default}
    assert "paid" not in {j["status"] for j in default}
    listed = {j["case_number"]: j for j in everything}
    assert listed[int(paid["jobid"])]["status"] == "paid"


def test_find_by_end_customer_refuses_what_the_documentation_would(portal_fi):
    for body in ({}, {"ssn": ""}, {"ssn": "131052-308T", "custnum": "1"}, {"ssn": 131052}):
        refused = portal_fi.post("jobs/findbyendcustomer", json=body)
        assert refused.status_code == 400, body
    bad = portal_fi.post("jobs/findbyendcustomer", json={"ssn": "131052-308T", "all_invoices": 2})
    assert bad.status_code == 400


def test_find_by_end_customer_finds_nothing_for_a_stranger_or_a_customer_number(portal_fi):
    for body in ({"ssn": "131052-308T"}, {"custnum": "1022"}):
        response = portal_fi.post("jobs/findbyendcustomer", json=body)
        assert response.status_code == 200
        assert response.json() == {"jobs": []}
