"""``POST /rest/jobs/payment`` as documented: bypass payments and capital cancellations.

201 ``JobAddPaymentResponse`` ``{jobid, billnum, billcode, paydate}``; no idempotency key is
documented, so every POST books; errors are problems (``sandbox/ropo_one/assumed.py``).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.sandbox.helpers import RopoOne, new_key, reminder_job, sandbox_today, truth_of


@pytest.fixture(scope="module")
def today(api_sandbox):
    return sandbox_today(api_sandbox)


@pytest.fixture
def job(portal_fi, creditors, people, today):
    """A fresh open reminder job (120.00 capital, 5.00 fee, some interest)."""
    item = reminder_job(
        creditors["fi-revontuli-energia"], people["matti.korhonen@example.com"], today
    )
    response = portal_fi.post("jobs", json={"datastream": {"dataset": [item]}})
    assert response.status_code == 200, response.text
    return portal_fi.job(response.json()["jobs"][0]["jobid"])


def pay(client: RopoOne, key: str | None = None, **body):
    return client.post("jobs/payment", json=body, key=key)


def problem_code(response) -> str:
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == response.status_code
    assert isinstance(body["title"], str) and isinstance(body["detail"], str)
    return body["type"].rsplit("/", 1)[-1]


def test_a_payment_lowers_the_open_amount_and_is_answered_as_documented(
    api_sandbox, portal_fi, job, today
):
    response = pay(portal_fi, jobid=int(job["jobid"]), amount=20.5, paydate=today.isoformat())

    assert response.status_code == 201
    assert response.json() == {
        "jobid": int(job["jobid"]),
        "billnum": job["billnum"],
        "billcode": job["billcode"],
        "paydate": today.isoformat(),
    }
    case = portal_fi.job(job["jobid"])
    expected = Decimal(job["open_amount"]) - Decimal("20.50")
    assert (case["paid"], Decimal(case["open_amount"]), case["status"]) == (
        "20.50",
        expected,
        "open",
    )
    assert case["version"] > job["version"]
    [booking] = truth_of(api_sandbox, job["jobid"])["bookings"]
    assert (booking["kind"], booking["amount"], booking["source"]) == (
        "payment",
        "20.50",
        "ropo_one_api",
    )


def test_the_guides_string_amount_and_a_string_jobid_are_accepted_too(
    api_sandbox, portal_fi, job, today
):
    response = pay(portal_fi, jobid=job["jobid"], amount="1.50", paydate=str(today))

    assert response.status_code == 201
    assert response.json()["jobid"] == int(job["jobid"])
    assert truth_of(api_sandbox, job["jobid"])["paid"] == "1.50"


def test_every_post_books_even_with_the_same_idempotency_key(api_sandbox, portal_fi, job, today):
    key = new_key()
    body = {"jobid": int(job["jobid"]), "amount": 10, "paydate": today.isoformat()}

    first = pay(portal_fi, key, **body)
    second = pay(portal_fi, key, **body)

    assert first.status_code == second.status_code == 201
    assert "Idempotent-Replayed" not in second.headers
    assert truth_of(api_sandbox, job["jobid"])["paid"] == "20.00"


def test_the_job_info_lists_each_booking_with_the_description_it_was_posted_with(
    portal_fi, job, today
):
    pay(portal_fi, jobid=int(job["jobid"]), amount=3, paydate=str(today), description="ours 1")

    payments = portal_fi.job(job["jobid"])["payments"]

    assert payments[-1] == {
        "type": "directpayment",
        "amount": "3.00",
        "paydate": str(today),
        "description": "ours 1",
    }


def test_billcode_decides_when_several_keys_name_different_jobs(
    portal_fi, creditors, people, today, job
):
    item = reminder_job(
        creditors["fi-revontuli-energia"], people["matti.korhonen@example.com"], today
    )
    created = portal_fi.post("jobs", json={"datastream": {"dataset": [item]}})
    other = portal_fi.job(created.json()["jobs"][0]["jobid"])

    response = pay(
        portal_fi, billcode=job["billcode"], jobid=int(other["jobid"]), amount=1, paydate=str(today)
    )

    assert response.status_code == 201
    assert response.json()["jobid"] == int(job["jobid"])  # billcode -> jobid -> billnum
    assert portal_fi.job(other["jobid"])["paid"] == "0.00"


def test_paying_everything_closes_the_job_as_paid_and_a_later_payment_is_refused(
    portal_fi, job, today
):
    response = pay(
        portal_fi, billcode=job["billcode"], amount=job["open_amount"], paydate=str(today)
    )

    assert response.status_code == 201
    case = portal_fi.job(job["jobid"])
    assert (case["stage"], case["status"], case["collection_status"]) == ("closed", "paid", "paid")
    again = pay(portal_fi, jobid=int(job["jobid"]), amount=1, paydate=str(today))
    assert again.status_code == 409
    assert problem_code(again) == "job_closed"


def test_a_partial_capital_cancellation_lowers_the_capital(portal_fi, job, today):
    response = pay(
        portal_fi,
        billnum=job["billnum"],
        amount=20,
        paydate=str(today),
        type="capitalcancellation",
        creditnotebillnum="CN-1",
    )

    assert response.status_code == 201
    case = portal_fi.job(job["jobid"])
    assert (case["capital"], case["status"]) == ("100.00", "open")
    assert case["events"][-1]["data"]["creditnotebillnum"] == "CN-1"
    assert case["payments"][-1]["type"] == "capitalcancellation"


def test_cancelling_the_whole_capital_waives_fees_and_cancels_the_job(portal_fi, job, today):
    response = pay(
        portal_fi,
        jobid=int(job["jobid"]),
        amount=120,
        paydate=str(today),
        type="capitalcancellation",
    )

    assert response.status_code == 201
    case = portal_fi.job(job["jobid"])
    assert (case["stage"], case["status"]) == ("closed", "cancelled")
    assert (case["capital"], case["fees"], case["interest"], case["open_amount"]) == (
        "0.00",
        "0.00",
        "0.00",
        "0.00",
    )


def test_cancelling_more_than_the_capital_is_refused(portal_fi, job, today):
    response = pay(
        portal_fi,
        jobid=int(job["jobid"]),
        amount=120.01,
        paydate=str(today),
        type="capitalcancellation",
    )

    assert response.status_code == 400
    assert problem_code(response) == "amount_exceeds_capital"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": -1}, "amount"),
        ({"amount": 0}, "amount"),
        ({"amount": 1.001}, "amount"),
        ({"amount": None}, "amount"),
        ({"amount": True}, "amount"),
        ({"paydate": "yesterday"}, "paydate"),
        ({"type": "refund"}, "type"),
        ({"type": "payment"}, "type"),
        ({"jobid": "12a"}, "jobid"),
        ({"jobid": 1.5}, "jobid"),
        ({"description": "x" * 201}, "description"),
    ],
)
def test_bad_fields_are_refused_one_by_one_and_nothing_is_booked(
    api_sandbox, portal_fi, job, today, body, field
):
    payment = {"jobid": int(job["jobid"]), "amount": 1, "paydate": str(today), **body}

    response = pay(portal_fi, **payment)

    assert response.status_code == 400
    assert problem_code(response) == "validation_failed"
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert truth_of(api_sandbox, job["jobid"])["bookings"] == []


def test_a_payment_dated_in_the_future_is_refused(portal_fi, job, today):
    tomorrow = today + timedelta(days=1)

    response = pay(portal_fi, jobid=int(job["jobid"]), amount=1, paydate=str(tomorrow))

    assert response.status_code == 400
    assert problem_code(response) == "invalid_date"


def test_a_body_that_is_not_json_is_refused(portal_fi):
    response = portal_fi.request(
        "POST", "jobs/payment", content=b"{nope", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert problem_code(response) == "invalid_json"


def test_a_payment_needs_a_job_it_can_see(api_sandbox, portal_fi, creditors, job, today):
    other = RopoOne.creditor(api_sandbox, creditors["fi-saimaa-telecom"])
    payment = {"amount": 1, "paydate": str(today)}

    missing = pay(portal_fi, **payment)
    assert missing.status_code == 400
    assert [e["field"] for e in missing.json()["errors"]] == ["jobid"]
    unknown = pay(portal_fi, jobid=42, **payment)
    assert unknown.status_code == 404
    assert problem_code(unknown) == "job_not_found"
    assert pay(other, jobid=int(job["jobid"]), **payment).status_code == 404
