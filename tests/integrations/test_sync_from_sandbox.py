"""The portal's replica against the sandbox's truth, over real HTTP."""

import json
from decimal import Decimal

import httpx
import pytest

from integrations.maventa.client import MaventaClient
from integrations.maventa.tasks import pull_assignments
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Invoice, Letter

pytestmark = pytest.mark.django_db

COUNTRIES = ("FI", "SE", "NO")


def truth(sandbox) -> dict[str, dict]:
    body = httpx.get(f"{sandbox.url}/truth", timeout=30).json()
    return {f"{c['country']}:{c['jobid']}": c for c in body["cases"]}


def replica() -> dict[str, dict]:
    rows = Invoice.objects.values(
        "upstream_id",
        "upstream_version",
        "stage",
        "status",
        "capital",
        "fees",
        "interest",
        "paid",
        "balance",
        "currency",
    )
    return {row["upstream_id"]: row for row in rows}


def assert_replica_matches(sandbox, *, cases=None):
    expected = truth(sandbox)
    held = replica()
    assert set(held) == set(expected)
    for key, case in expected.items():
        row = held[key]
        assert row["upstream_version"] == case["version"], key
        assert (row["stage"], row["status"], row["currency"]) == (
            case["stage"],
            case["status"],
            case["currency"],
        ), key
        for field in ("capital", "fees", "interest", "paid"):
            assert row[field] == Decimal(case[field]), (key, field)
        assert row["balance"] == Decimal(case["open_amount"]), key


def test_pulling_every_feed_builds_a_replica_equal_to_the_sandbox(fresh_sandbox):
    total = sum(pull_status_updates(country) for country in COUNTRIES)
    assert total == Invoice.objects.count() > 150
    assert_replica_matches(fresh_sandbox)
    assert Letter.objects.count() >= Invoice.objects.count()


def test_pulling_again_changes_nothing(fresh_sandbox):
    for country in COUNTRIES:
        pull_status_updates(country)
    before = replica()
    assert sum(pull_status_updates(country) for country in COUNTRIES) == 0
    assert replica() == before


def test_maventa_assignments_and_their_cases_agree_with_the_sandbox(fresh_sandbox):
    for country in COUNTRIES:
        pull_status_updates(country)
    pull_assignments()
    expected = {k: c for k, c in truth(fresh_sandbox).items() if c["maventa_assignment_id"]}
    assert expected
    held = {i.upstream_id: i for i in Invoice.objects.filter(maventa_assignment_id__isnull=False)}
    assert set(held) == set(expected)
    for key, case in expected.items():
        assert str(held[key].maventa_assignment_id) == case["maventa_assignment_id"]
        assert held[key].collection_status == case["collection_status"]


def test_the_next_assignment_walk_stops_at_the_newest_one_seen(fresh_sandbox):
    from integrations.maventa.tasks import CURSOR
    from integrations.models import SyncCursor

    pull_assignments()
    with MaventaClient() as client:
        newest = str(client.assignments(page=1, per_page=1).items[0].id)
    assert SyncCursor.objects.get(name=CURSOR).value == json.dumps({"mark": newest})
    assert pull_assignments() == 0
