"""Maventa: OAuth2 tokens, assignments (list, filters, pages), events and the overview."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.sandbox.helpers import PARTNER, Maventa, RopoOne, new_key, sandbox_today, truth

ASSIGNMENT_KEYS = {
    "id", "invoice_id", "reference_ids", "company_id", "invoice_number", "reference",
    "currency", "collection_status", "collection_type", "receivables_type",
    "assignment_summary", "payers", "amounts", "due_date", "invoice_date", "created_at",
    "updated_at",
}  # fmt: skip


def token(sandbox, **form):
    data = {"grant_type": "client_credentials", "scope": "receivables:assignments", **form}
    return sandbox.post("/maventa/oauth2/token", data=data)


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    assert body["message"]


def open_assignment(client: Maventa) -> dict:
    listed = client.get(
        "v1/assignments", params={"collection_status": "reminder_sent,debt_collection"}
    )
    return next(a for a in listed.json() if Decimal(a["amounts"]["open"]) > 10)


def test_the_partner_and_each_company_get_an_hour_long_token(api_sandbox, creditors):
    partner = token(api_sandbox, **PARTNER)
    maventa = creditors["fi-revontuli-energia"]["maventa"]
    company = token(
        api_sandbox,
        client_id=maventa["company_uuid"],
        client_secret=maventa["api_key"],
        vendor_api_key=maventa["vendor_key"],
    )

    for response in (partner, company):
        assert response.status_code == 200
        body = response.json()
        assert (body["token_type"], body["expires_in"]) == ("Bearer", 3600)
        assert body["scope"] == "receivables:assignments"


@pytest.mark.parametrize(
    ("form", "status", "code"),
    [
        ({**PARTNER, "client_secret": "wrong"}, 401, "invalid_client"),
        ({**PARTNER, "vendor_api_key": "wrong"}, 401, "invalid_client"),
        ({**PARTNER, "client_id": "not-a-uuid"}, 401, "invalid_client"),
        ({**PARTNER, "grant_type": "password"}, 400, "unsupported_grant_type"),
        ({**PARTNER, "scope": "invoices:read"}, 400, "invalid_scope"),
    ],
)
def test_bad_client_credentials_are_refused_in_maventas_error_shape(
    api_sandbox, form, status, code
):
    assert_error(token(api_sandbox, **form), status, code)


def test_calls_without_a_valid_token_get_401(api_sandbox):
    response = api_sandbox.get("/maventa/v1/assignments", headers={"Authorization": "Bearer x"})

    assert_error(response, 401, "unauthorized")


def test_the_list_pages_newest_first_with_the_documented_headers(partner):
    everything = partner.get("v1/assignments", params={"per_page": 100})
    total = int(everything.headers["X-Total"])
    first = partner.get("v1/assignments", params={"per_page": 5})
    second = partner.get("v1/assignments", params={"page": 2, "per_page": 5})
    beyond = partner.get("v1/assignments", params={"page": 999, "per_page": 5})
    pages = -(-total // 5)

    assert everything.status_code == 200
    assert total == len(everything.json()) > 10
    listed = everything.json()
    created = [a["created_at"] for a in listed]
    assert created == sorted(created, reverse=True)
    assert second.headers["X-Total"] == str(total)
    assert second.headers["X-Total-Pages"] == str(pages)
    assert (second.headers["X-Page"], second.headers["X-Per-Page"]) == ("2", "5")
    assert (second.headers["X-Prev-Page"], second.headers["X-Next-Page"]) == ("1", "3")
    assert (first.headers["X-Prev-Page"], first.headers["X-Next-Page"]) == ("", "2")
    links = second.headers["Link"]
    for rel, number in (("first", 1), ("prev", 1), ("next", 3), ("last", pages)):
        assert f'page={number}&per_page=5>; rel="{rel}"' in links
    assert 'rel="next"' not in beyond.headers["Link"]
    assert [a["id"] for a in second.json()] == [a["id"] for a in listed[5:10]]
    assert beyond.status_code == 200 and beyond.json() == []
    assert set(listed[0]) == ASSIGNMENT_KEYS
    assert all(a["reference_ids"] == [a["invoice_id"]] for a in listed)


def test_the_list_has_ten_per_page_by_default_and_no_updated_since_filter(partner):
    default = partner.get("v1/assignments")
    latest = max(a["updated_at"] for a in default.json())
    ignored = partner.get("v1/assignments", params={"updated_since": latest})

    assert default.headers["X-Per-Page"] == "10" and len(default.json()) == 10
    assert ignored.json() == default.json()


@pytest.mark.parametrize("params", [{"page": "0"}, {"per_page": "101"}, {"per_page": "x"}])
def test_bad_paging_parameters_are_refused(partner, params):
    assert_error(partner.get("v1/assignments", params=params), 400, "validation_error")


def test_the_collection_status_filter_takes_one_or_several_statuses(partner):
    reminded = partner.get("v1/assignments", params={"collection_status": "reminder_sent"})
    several = partner.get(
        "v1/assignments", params={"collection_status": "reminder_sent,legal_collection"}
    )

    assert reminded.json() and {a["collection_status"] for a in reminded.json()} == {
        "reminder_sent"
    }
    statuses = {a["collection_status"] for a in several.json()}
    assert statuses == {"reminder_sent", "legal_collection"}
    unknown = partner.get("v1/assignments", params={"collection_status": "lost"})
    assert_error(unknown, 400, "validation_error")


def test_a_company_sees_only_its_own_assignments(api_sandbox, creditors, partner):
    company = Maventa.company(api_sandbox, creditors["se-nordhem-handel"])
    own = company.get("v1/assignments", params={"per_page": 100}).json()
    others = [
        a
        for a in partner.get("v1/assignments", params={"per_page": 100}).json()
        if a["company_id"] != creditors["se-nordhem-handel"]["maventa"]["company_uuid"]
    ]

    assert own and {a["currency"] for a in own} == {"SEK"}
    assert company.get(f"v1/assignments/{own[0]['id']}").status_code == 200
    assert_error(company.get(f"v1/assignments/{others[0]['id']}"), 404, "not_found")
    assert company.get(f"v1/assignments/{others[0]['id']}/events").status_code == 404


def test_an_assignment_and_the_ropo_one_job_it_became_agree(api_sandbox, partner):
    assignment = open_assignment(partner)
    case = next(
        c for c in truth(api_sandbox)["cases"] if c["maventa_assignment_id"] == assignment["id"]
    )

    job = RopoOne.integrator(api_sandbox, case["country"].lower()).job(case["jobid"])

    assert job["maventa_assignment_id"] == assignment["id"]
    assert (job["billnum"], job["billcode"]) == (
        assignment["invoice_number"],
        assignment["reference"],
    )
    assert job["open_amount"] == assignment["amounts"]["open"]
    assert job["collection_status"] == assignment["collection_status"]


def test_a_paid_event_lowers_the_balance_once_per_idempotency_key(api_sandbox, partner):
    assignment = open_assignment(partner)
    path = f"v1/assignments/{assignment['id']}/events"
    event = {
        "type": "paid",
        "sum_paid": "5.00",
        "booked_at": sandbox_today(api_sandbox).isoformat(),
    }
    key = new_key()

    first = partner.post(path, json=event, key=key)
    retry = partner.post(path, json=event, key=key)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    body = first.json()
    assert body["type"] == "paid"
    assert body["data"]["sum_paid"] == "5.00"
    assert body["data"]["booked_at"] == event["booked_at"]
    after = partner.get(f"v1/assignments/{assignment['id']}").json()
    assert Decimal(after["amounts"]["open"]) == Decimal(assignment["amounts"]["open"]) - 5
    assert truth(api_sandbox)["idempotency_keys"][key] == 1
    assert partner.get(path).json()[-1] == body


def test_a_credit_note_event_lowers_the_capital(api_sandbox, partner):
    assignment = open_assignment(partner)
    path = f"v1/assignments/{assignment['id']}/events"
    booked = f"{sandbox_today(api_sandbox).isoformat()}T10:00:00+02:00"

    response = partner.post(
        path, json={"type": "credit_note", "data": {"credit_sum": "1.50", "booked_at": booked}}
    )

    assert response.status_code == 201, response.text
    assert response.json()["data"]["credit_sum"] == "1.50"
    after = partner.get(f"v1/assignments/{assignment['id']}").json()
    assert Decimal(after["amounts"]["capital"]) == Decimal(
        assignment["amounts"]["capital"]
    ) - Decimal("1.50")


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"type": "refund", "sum_paid": "1.00", "booked_at": "2026-01-01"}, "type"),
        ({"type": "paid", "sum_paid": "-1", "booked_at": "2026-01-01"}, "sum_paid"),
        ({"type": "paid", "booked_at": "2026-01-01"}, "sum_paid"),
        ({"type": "credit_note", "credit_sum": "1.00"}, "booked_at"),
    ],
)
def test_bad_events_are_refused_field_by_field(partner, event, field):
    assignment = open_assignment(partner)

    response = partner.post(f"v1/assignments/{assignment['id']}/events", json=event)

    assert_error(response, 400, "validation_error")
    assert [d["field"] for d in response.json()["details"]] == [field]


def test_an_event_on_a_closed_assignment_is_refused(partner):
    closed = partner.get("v1/assignments", params={"collection_status": "paid,closed"}).json()[0]
    event = {"type": "paid", "sum_paid": "1.00", "booked_at": "2026-01-01"}

    response = partner.post(f"v1/assignments/{closed['id']}/events", json=event)

    assert_error(response, 409, "job_closed")


def test_the_overview_counts_and_sums_the_open_amounts_per_status_and_currency(partner):
    listed = partner.get("v1/assignments", params={"per_page": 100}).json()

    overview = partner.get("v1/assignments/overview").json()

    assert overview["count"] == len(listed)
    for row in overview["by_collection_status"]:
        matching = [
            a
            for a in listed
            if (a["collection_status"], a["currency"])
            == (row["collection_status"], row["currency"])
        ]
        assert row["count"] == len(matching)
        assert Decimal(row["open_amount"]) == sum(Decimal(a["amounts"]["open"]) for a in matching)
    assert {c["currency"] for c in overview["currencies"]} == {"EUR", "SEK", "NOK"}


def test_an_event_booked_in_the_future_is_refused_on_booked_at(api_sandbox, partner):
    assignment = open_assignment(partner)
    tomorrow = sandbox_today(api_sandbox) + timedelta(days=1)
    event = {"type": "paid", "sum_paid": "1.00", "booked_at": str(tomorrow)}

    response = partner.post(f"v1/assignments/{assignment['id']}/events", json=event)

    assert_error(response, 400, "invalid_date")
    assert response.json()["details"] == [
        {"field": "booked_at", "message": "the booking date lies in the future"}
    ]


def test_unknown_paths_and_wrong_methods_answer_in_maventas_error_shape(api_sandbox, partner):
    assert_error(api_sandbox.get("/maventa/v9/nothing"), 404, "not_found")
    assert_error(partner.request("DELETE", "v1/assignments"), 405, "method_not_allowed")
