"""The Ropo One status-update feed: everything on the first pass, each change once, then 204.

Each account has its own feed, so the tests share the API sandbox and each drains a different
account's feed (the portal's in FI, NO and SE, two creditors'; nobody else drains these).
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.sandbox.helpers import RopoOne, truth
from tests.sandbox_process import SandboxProcess


@pytest.fixture(scope="module")
def sandbox(api_sandbox):
    return api_sandbox


@pytest.fixture(scope="module")
def small_batches(tmp_path_factory, sandbox_template):
    """A sandbox of this module's own that hands out 7 status updates per call."""
    env = {"SANDBOX_ROPO_ONE_UPDATES_PER_CALL": "7"}
    folder = tmp_path_factory.mktemp("sandbox")
    with SandboxProcess(folder, template=sandbox_template, env=env) as sandbox:
        yield sandbox


def creditor_in(sandbox, country: str, index: int = 0) -> dict:
    creditors = sandbox.get("/demo/creditors.json").json()["creditors"]
    return [c for c in creditors if c["country"] == country][index]


def test_a_fresh_portal_draining_the_feed_gets_every_seeded_case_of_its_country_once(sandbox):
    portal = RopoOne.integrator(sandbox, "fi")

    items = portal.drain()

    finnish = {c["jobid"]: c for c in truth(sandbox, "FI")["cases"]}
    assert Counter(i["jobid"] for i in items) == Counter(list(finnish))
    for item in items:
        assert item["country"] == "FI"
        assert item["version"] == finnish[item["jobid"]]["version"]
    update_ids = [i["updateid"] for i in items]
    assert update_ids == sorted(update_ids)
    assert len(set(update_ids)) == len(update_ids)


def test_calls_hand_out_at_most_a_batch_and_answer_204_when_drained(small_batches):
    portal = RopoOne.integrator(small_batches, "no")

    first = portal.get("jobs/statusupdates")
    rest = portal.drain()
    empty = portal.get("jobs/statusupdates")

    assert first.status_code == 200
    assert len(first.json()["result"]["status"]) == 7
    assert 7 + len(rest) == len(truth(small_batches, "NO")["cases"])
    assert empty.status_code == 204
    assert empty.content == b""


def test_an_invented_limit_changes_nothing(small_batches):
    portal = RopoOne.integrator(small_batches, "se")

    assert len(portal.updates(limit="1")) == 7
    assert len(portal.updates(limit="1000")) == 7


def test_date_or_billnum_read_that_days_or_that_invoices_changes_without_consuming(sandbox):
    portal = RopoOne.integrator(sandbox, "fi")
    case = truth(sandbox, "FI")["cases"][0]
    job = portal.job(case["jobid"])
    day = job["events"][-1]["occurred_at"][:10]

    by_billnum = portal.updates(billnum=job["billnum"])
    by_date = portal.updates(date=day)
    again = portal.updates(billnum=job["billnum"])

    assert case["jobid"] in {i["jobid"] for i in by_billnum}
    assert {i["billnum"] for i in by_billnum} == {job["billnum"]}
    assert case["jobid"] in {i["jobid"] for i in by_date}
    for item in by_date:
        assert day in {e["occurred_at"][:10] for e in item["events"]}
    assert again == by_billnum  # not consumed
    assert portal.updates(billnum="no-such-invoice") is None
    assert portal.updates(date="1999-01-01") is None


@pytest.mark.parametrize(
    "params",
    [
        {"date": "2026-01-01", "billnum": "1"},
        {"date": "2026-13-01"},
        {"date": "20260101"},
        {"date": "yesterday"},
    ],
)
def test_both_parameters_or_a_bad_date_are_refused(sandbox, params):
    portal = RopoOne.integrator(sandbox, "fi")

    response = portal.get("jobs/statusupdates", params=params)

    assert response.status_code == 400
    assert set(response.json()) == {"errorId", "errorText"}


def test_a_new_change_is_delivered_once_with_a_higher_version_and_updateid(sandbox):
    creditor = creditor_in(sandbox, "FI", 1)
    portal = RopoOne.creditor(sandbox, creditor)
    before = {i["jobid"]: i for i in portal.drain()}
    case = next(
        c for c in truth(sandbox, "FI")["cases"] if c["jobid"] in before and c["status"] == "open"
    )
    payment = {"jobid": case["jobid"], "amount": "1.00", "paydate": truth(sandbox)["today"]}
    paid = portal.post("jobs/payment", json=payment)
    assert paid.status_code == 201, paid.text

    after = portal.drain()

    assert [i["jobid"] for i in after] == [case["jobid"]]
    assert after[0]["version"] > before[case["jobid"]]["version"]
    assert after[0]["updateid"] > max(i["updateid"] for i in before.values())
    assert after[0]["paid"] != before[case["jobid"]]["paid"]
    assert portal.get("jobs/statusupdates").status_code == 204


def test_each_account_has_its_own_feed_limited_to_what_it_sees(sandbox):
    creditor = creditor_in(sandbox, "SE")
    RopoOne.integrator(sandbox, "se").drain()  # the portal's pass takes nothing from others

    own = RopoOne.creditor(sandbox, creditor).drain()

    expected = {c["jobid"] for c in truth(sandbox, "SE")["cases"]}
    own_jobs = {i["jobid"] for i in own}
    assert own_jobs and own_jobs < expected
    assert {i["creditor"]["business_id"] for i in own} == {creditor["business_id"]}
