"""The Ropo One status-update feed: everything on the first pass, each change once, then 204.

Each account has its own feed, so the tests share the API sandbox and each drains a different
account's feed (the portal's in FI, NO and SE, two creditors'; nobody else drains these).
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.sandbox.helpers import RopoOne, truth


@pytest.fixture(scope="module")
def sandbox(api_sandbox):
    return api_sandbox


def creditor_in(sandbox, country: str, index: int = 0) -> dict:
    creditors = sandbox.get("/demo/creditors.json").json()["creditors"]
    return [c for c in creditors if c["country"] == country][index]


def test_a_fresh_portal_draining_the_feed_gets_every_seeded_case_of_its_country_once(sandbox):
    portal = RopoOne.integrator(sandbox, "fi")

    items = portal.drain(limit=30)

    finnish = {c["jobid"]: c for c in truth(sandbox, "FI")["cases"]}
    assert Counter(i["jobid"] for i in items) == Counter(list(finnish))
    for item in items:
        assert item["country"] == "FI"
        assert item["version"] == finnish[item["jobid"]]["version"]
    update_ids = [i["updateid"] for i in items]
    assert update_ids == sorted(update_ids)
    assert len(set(update_ids)) == len(update_ids)


def test_calls_hand_out_at_most_limit_items_and_answer_204_when_drained(sandbox):
    portal = RopoOne.integrator(sandbox, "no")

    first = portal.get("jobs/statusupdates", params={"limit": 7})
    rest = portal.drain(limit=1000)
    empty = portal.get("jobs/statusupdates")

    assert first.status_code == 200
    assert len(first.json()) == 7
    assert len(first.json()) + len(rest) == len(truth(sandbox, "NO")["cases"])
    assert empty.status_code == 204
    assert empty.content == b""


@pytest.mark.parametrize("limit", ["0", "1001", "x", "-1"])
def test_a_limit_outside_1_to_1000_is_refused(sandbox, limit):
    portal = RopoOne.integrator(sandbox, "fi")

    response = portal.get("jobs/statusupdates", params={"limit": limit})

    assert response.status_code == 400


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
