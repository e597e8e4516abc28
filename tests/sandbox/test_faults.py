"""Fault knobs: errors and timeouts before any work, lost answers after it, duplicate feed items.

The knobs live in the database, so both worker processes of the sandbox apply them.
"""

from __future__ import annotations

import time

import httpx
import pytest

from sandbox.ropo_one.assumed import ERROR_IDS
from tests.sandbox.helpers import (
    Maventa,
    RopoOne,
    new_key,
    reminder_job,
    sandbox_today,
    truth,
    truth_of,
)
from tests.sandbox_process import SandboxProcess

DEFAULTS = {
    "error_rate": 0.0,
    "timeout_rate": 0.0,
    "timeout_seconds": 5.0,
    "latency_ms": 0,
    "duplicate_rate": 0.0,
    "lost_response_rate": 0.0,
    "lost_response_as": "error",
    "seed": None,
}


@pytest.fixture(scope="module")
def sandbox(api_sandbox):
    return api_sandbox


@pytest.fixture(autouse=True)
def no_faults_after(sandbox):
    yield
    assert sandbox.request("DELETE", "/faults").status_code == 200


def set_faults(sandbox, **knobs) -> dict:
    response = sandbox.post("/faults", json=knobs)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def clients(sandbox):
    """Logged in before any knob is turned (logins go through the faulty APIs too)."""
    return RopoOne.integrator(sandbox, "fi"), Maventa.partner(sandbox)


def an_open_job(sandbox) -> dict:
    return next(c for c in truth(sandbox, "FI")["cases"] if c["status"] == "open")


def test_the_knobs_are_shown_replaced_and_reset(sandbox):
    assert {k: v for k, v in sandbox.get("/faults").json().items() if k in DEFAULTS} == DEFAULTS

    shown = set_faults(sandbox, error_rate=0.3, timeout_rate=0.1, seed=42)
    assert shown["error_rate"] == 0.3 and shown["seed"] == 42
    assert shown["latency_ms"] == 0  # a POST replaces the whole set
    assert sandbox.get("/faults").json()["timeout_rate"] == 0.1

    reset = sandbox.request("DELETE", "/faults").json()
    assert {k: v for k, v in reset.items() if k in DEFAULTS} == DEFAULTS


@pytest.mark.parametrize(
    "knobs",
    [
        {"error_rate": 1.5},
        {"timeout_rate": -0.1},
        {"seed": "x"},
        {"latency_ms": "slow"},
        {"typo": 1},
    ],
)
def test_bad_knobs_are_refused_field_by_field(sandbox, knobs):
    response = sandbox.post("/faults", json=knobs)

    assert response.status_code == 400
    assert set(response.json()["fields"]) == set(knobs)


def test_errors_strike_before_any_work_in_each_apis_own_dialect(sandbox, clients):
    portal, partner = clients
    job = an_open_job(sandbox)
    set_faults(sandbox, error_rate=1.0)

    payments = [
        portal.post(
            "jobs/payment",
            json={"jobid": job["jobid"], "amount": "1.00", "paydate": truth(sandbox)["today"]},
        )
        for _ in range(4)
    ]
    maventa = partner.get("v1/assignments")

    assert {r.status_code for r in payments} == {503}
    assert payments[0].json()["errorId"] == ERROR_IDS["service_unavailable"]
    assert maventa.status_code == 503
    assert set(maventa.json()) == {"code", "message", "details"}
    assert truth_of(sandbox, job["jobid"]) == job
    assert sandbox.get("/faults").json()["injected"]["errors"] == 5


def test_the_sandbox_own_pages_never_fail(sandbox):
    set_faults(sandbox, error_rate=1.0)

    for path in ("/healthz", "/clock", "/truth", "/faults", "/demo/creditors.json"):
        assert sandbox.get(path).status_code == 200, path


def test_a_timeout_hangs_then_answers_504_without_doing_the_work(sandbox, clients):
    portal, _ = clients
    job = an_open_job(sandbox)
    set_faults(sandbox, timeout_rate=1.0, timeout_seconds=1)
    payment = {"jobid": job["jobid"], "amount": "1.00", "paydate": truth(sandbox)["today"]}

    started = time.monotonic()
    response = portal.post("jobs/payment", json=payment)
    elapsed = time.monotonic() - started

    assert response.status_code == 504
    assert elapsed >= 1.0
    assert truth_of(sandbox, job["jobid"]) == job
    with pytest.raises(httpx.ReadTimeout):
        portal.post("jobs/payment", json=payment, timeout=0.3)


def test_latency_delays_every_answer(sandbox, clients):
    portal, _ = clients
    set_faults(sandbox, latency_ms=400)

    started = time.monotonic()
    response = portal.get("jobs", params={"jobid": an_open_job(sandbox)["jobid"]})

    assert response.status_code == 200
    assert time.monotonic() - started >= 0.4


def test_a_lost_answer_still_books_and_the_retry_with_its_key_replays_it(
    sandbox, clients, creditors, people
):
    portal, _ = clients
    key = new_key()
    job = an_open_job(sandbox)
    person = people["matti.korhonen@example.com"]
    item = reminder_job(creditors["fi-revontuli-energia"], person, sandbox_today(sandbox))
    set_faults(sandbox, lost_response_rate=1.0)

    lost = portal.post("jobs", json={"datastream": {"dataset": [item]}}, key=key)
    read = portal.get("jobs", params={"jobid": job["jobid"]})
    sandbox.request("DELETE", "/faults")
    retry = portal.post("jobs", json={"datastream": {"dataset": [item]}}, key=key)

    assert lost.status_code == 502
    assert lost.json()["errorId"] == ERROR_IDS["bad_gateway"]
    assert read.status_code == 200  # only POST answers get lost
    assert retry.status_code == 200
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert truth(sandbox)["idempotency_keys"][key] == 1


def test_a_payment_whose_answer_was_lost_was_booked_and_a_second_post_books_again(sandbox, clients):
    """Ropo One documents no idempotency key: the sandbox books every payment it gets."""
    portal, _ = clients
    job = an_open_job(sandbox)
    key = new_key()
    payment = {"jobid": int(job["jobid"]), "amount": 2.0, "paydate": str(sandbox_today(sandbox))}
    payment["description"] = f"test {key}"
    set_faults(sandbox, lost_response_rate=1.0)

    lost = portal.post("jobs/payment", json=payment, key=key)
    sandbox.request("DELETE", "/faults")
    again = portal.post("jobs/payment", json=payment, key=key)

    assert lost.status_code == 502
    assert again.status_code == 201
    after = truth_of(sandbox, job["jobid"])
    assert [b["description"] for b in after["bookings"]].count(payment["description"]) == 2


@pytest.mark.parametrize("lost_as", ["reset", "timeout"])
def test_a_lost_answer_can_be_a_cut_connection_or_a_timeout_after_booking(
    sandbox, clients, lost_as
):
    portal, _ = clients
    job = an_open_job(sandbox)
    description = f"test {new_key()}"
    payment = {"jobid": int(job["jobid"]), "amount": 1.0, "paydate": str(sandbox_today(sandbox))}
    set_faults(sandbox, lost_response_rate=1.0, lost_response_as=lost_as, timeout_seconds=1)

    failure = httpx.ReadTimeout if lost_as == "timeout" else httpx.RemoteProtocolError
    with pytest.raises(failure):
        portal.post("jobs/payment", json={**payment, "description": description}, timeout=0.5)

    assert sandbox.get("/faults").json()["injected"]["lost_responses"] == 1
    after = truth_of(sandbox, job["jobid"])
    assert [b["description"] for b in after["bookings"]].count(description) == 1


def test_an_unknown_way_of_losing_an_answer_is_refused(sandbox):
    response = sandbox.post("/faults", json={"lost_response_as": "maybe"})

    assert response.status_code == 400
    assert "lost_response_as" in response.json()["fields"]


def test_duplicates_replay_earlier_snapshots_in_the_feed_but_it_still_drains(
    tmp_path_factory, sandbox_template, creditors
):
    env = {"SANDBOX_ROPO_ONE_UPDATES_PER_CALL": "10"}
    sandbox = SandboxProcess(tmp_path_factory.mktemp("sandbox"), template=sandbox_template, env=env)
    with sandbox:
        check_duplicates(sandbox, creditors)


def check_duplicates(sandbox, creditors):
    creditor = creditors["no-nordlys-mobil"]
    portal = RopoOne.creditor(sandbox, creditor)
    first = portal.updates()
    set_faults(sandbox, duplicate_rate=1.0, seed=7)

    rest = portal.drain()

    items = first + rest
    own = [c for c in truth(sandbox, "NO")["cases"] if c["creditor"] == creditor["business_id"]]
    assert {i["jobid"] for i in items} == {c["jobid"] for c in own}
    duplicates = len(items) - len({i["jobid"] for i in items})
    assert duplicates > 0
    assert sandbox.get("/faults").json()["injected"]["duplicates"] == duplicates
    for index, item in enumerate(items):
        earlier = [i for i in items[:index] if i["jobid"] == item["jobid"]]
        assert not earlier or item in earlier  # a replay of what was handed out before


def test_a_seed_makes_the_dice_reproducible_across_both_workers(sandbox, clients):
    _, partner = clients

    def statuses() -> list[int]:
        set_faults(sandbox, error_rate=0.5, seed=42)
        return [partner.get("v1/assignments/overview").status_code for _ in range(12)]

    first, second = statuses(), statuses()

    assert first == second
    assert set(first) == {200, 503}
