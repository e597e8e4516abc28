"""``POST /rest/jobs/payment``: bypass payments and capital cancellations, booked exactly once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.sandbox.helpers import RopoOne, new_key, reminder_job, sandbox_today, truth, truth_of


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


def test_a_payment_lowers_the_open_amount_and_is_answered_as_booked(
    api_sandbox, portal_fi, job, today
):
    response = pay(portal_fi, jobid=job["jobid"], amount="20.00", paydate=today.isoformat())

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "booked"
    assert body["jobid"] == job["jobid"]
    expected = Decimal(job["open_amount"]) - Decimal("20.00")
    assert Decimal(body["open_amount"]) == expected
    case = portal_fi.job(job["jobid"])
    assert (case["paid"], case["open_amount"], case["status"]) == (
        "20.00",
        body["open_amount"],
        "open",
    )
    assert case["version"] > job["version"]
    [booking] = truth_of(api_sandbox, job["jobid"])["bookings"]
    assert (booking["kind"], booking["amount"], booking["source"]) == (
        "payment",
        "20.00",
        "ropo_one_api",
    )


def test_a_retry_with_the_same_idempotency_key_replays_the_answer_and_books_once(
    api_sandbox, portal_fi, job, today
):
    key = new_key()
    body = {"jobid": job["jobid"], "amount": "10.00", "paydate": today.isoformat()}

    first = pay(portal_fi, key, **body)
    second = pay(portal_fi, key, **body)

    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert truth(api_sandbox)["idempotency_keys"][key] == 1
    assert truth_of(api_sandbox, job["jobid"])["paid"] == "10.00"


def test_the_same_key_with_another_body_is_refused(portal_fi, job, today):
    key = new_key()
    assert (
        pay(portal_fi, key, jobid=job["jobid"], amount="1.00", paydate=str(today)).status_code
        == 200
    )

    response = pay(portal_fi, key, jobid=job["jobid"], amount="2.00", paydate=str(today))

    assert response.status_code == 422
    assert response.json()["errorId"] == "idempotency_key_reused"


def test_paying_everything_closes_the_job_as_paid_and_a_later_payment_is_refused(
    portal_fi, job, today
):
    response = pay(
        portal_fi, billcode=job["billcode"], amount=job["open_amount"], paydate=str(today)
    )

    assert response.status_code == 200
    assert response.json()["open_amount"] == "0.00"
    case = portal_fi.job(job["jobid"])
    assert (case["stage"], case["status"], case["collection_status"]) == ("closed", "paid", "paid")
    again = pay(portal_fi, jobid=job["jobid"], amount="1.00", paydate=str(today))
    assert again.status_code == 409
    assert again.json()["errorId"] == "job_closed"


def test_a_partial_capital_cancellation_lowers_the_capital(portal_fi, job, today):
    response = pay(
        portal_fi,
        billnum=job["billnum"],
        amount="20.00",
        paydate=str(today),
        type="capital_cancellation",
        creditnotebillnum="CN-1",
    )

    assert response.status_code == 200
    case = portal_fi.job(job["jobid"])
    assert (case["capital"], case["status"]) == ("100.00", "open")
    assert case["events"][-1]["data"]["creditnotebillnum"] == "CN-1"


def test_cancelling_the_whole_capital_waives_fees_and_cancels_the_job(portal_fi, job, today):
    response = pay(
        portal_fi,
        jobid=job["jobid"],
        amount="120.00",
        paydate=str(today),
        type="capital_cancellation",
    )

    assert response.status_code == 200
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
        jobid=job["jobid"],
        amount="120.01",
        paydate=str(today),
        type="capital_cancellation",
    )

    assert response.status_code == 400
    assert response.json()["errorId"] == "amount_exceeds_capital"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": "-1.00"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "1.001"}, "amount"),
        ({"amount": None}, "amount"),
        ({"paydate": "yesterday"}, "paydate"),
        ({"type": "refund"}, "type"),
    ],
)
def test_bad_fields_are_refused_one_by_one(portal_fi, job, today, body, field):
    payment = {"jobid": job["jobid"], "amount": "1.00", "paydate": str(today), **body}

    response = pay(portal_fi, **payment)

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_a_payment_dated_in_the_future_is_refused(portal_fi, job, today):
    tomorrow = today + timedelta(days=1)

    response = pay(portal_fi, jobid=job["jobid"], amount="1.00", paydate=str(tomorrow))

    assert response.status_code == 400
    assert response.json()["errorId"] == "invalid_date"


def test_a_payment_needs_a_job_it_can_see(api_sandbox, portal_fi, creditors, job, today):
    other = RopoOne.creditor(api_sandbox, creditors["fi-saimaa-telecom"])
    payment = {"amount": "1.00", "paydate": str(today)}

    assert pay(portal_fi, **payment).status_code == 400
    assert pay(portal_fi, jobid="42", **payment).status_code == 404
    assert pay(other, jobid=job["jobid"], **payment).status_code == 404
