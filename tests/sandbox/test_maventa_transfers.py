"""Maventa invoices and their transfer to Ropo: day limits, payers, one engine behind both APIs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.sandbox.helpers import Maventa, RopoOne, new_key, sandbox_today, truth

FI_COMPANY = "fi-revontuli-energia"


@pytest.fixture(scope="module")
def today(api_sandbox):
    return sandbox_today(api_sandbox)


def payer(person: dict) -> dict:
    return {
        "type": "person",
        "name": person["name"],
        "identity_code": person["identity_code"],
        "email": person["email"],
        "language": person["language"],
        "address": {
            "street": person["address"],
            "postal_code": person["postcode"],
            "city": person["city"],
            "country": person["country"],
        },
    }


def company_payer(company: dict) -> dict:
    data = payer({**company, "identity_code": ""})
    del data["identity_code"]
    return {**data, "type": "company", "business_id": company["business_id"]}


def new_invoice(client: Maventa, company: dict, buyer: dict, due, **extra) -> dict:
    body = {
        "company_id": company["maventa"]["company_uuid"],
        "number": f"MV-{new_key()[:8]}",
        "date": str(due - timedelta(days=14)),
        "due_date": str(due),
        "buyer": buyer,
        "rows": [{"desc": "Service", "count": "1", "amount": "80.00", "taxpr": "25.5"}],
        **extra,
    }
    response = client.post("v2/invoices", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def transfer(
    client: Maventa, invoice: dict, buyer: dict, kind: str = "b2c", key: str | None = None, **extra
):
    body = {
        "collection_type": "reminder_and_collection",
        "receivables_type": kind,
        "payers": [buyer],
        "assignment_summary": f"Invoice {invoice['number']}",
        **extra,
    }
    return client.post(f"v2/invoices/{invoice['id']}/assignment/ropo", json=body, key=key)


def test_the_seeded_companies_have_invoices_waiting_to_be_transferred(partner, creditors):
    invoices = partner.get("v2/invoices").json()

    waiting = [i for i in invoices if i["assignment"] is None]
    assert {i["company_id"] for i in waiting} == {
        c["maventa"]["company_uuid"] for c in creditors.values()
    }
    assert all(i["transferable_from"]["b2c"] > i["due_date"] for i in waiting)


def test_a_consumer_invoice_transfers_14_days_after_its_due_date_not_before(
    partner, creditors, people, today
):
    buyer = payer(people["sanna.hamalainen@example.com"])
    company = creditors[FI_COMPANY]
    early = new_invoice(partner, company, buyer, today - timedelta(days=13))
    ready = new_invoice(partner, company, buyer, today - timedelta(days=14))

    refused = transfer(partner, early, buyer)
    accepted = transfer(partner, ready, buyer)

    assert refused.status_code == 422
    assert refused.json()["code"] == "transfer_too_early"
    assert refused.json()["details"]["earliest_transfer_date"] == str(today + timedelta(days=1))
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["status"] == "sent"


def test_a_business_invoice_transfers_7_days_after_its_due_date(
    api_sandbox, partner, creditors, today
):
    companies = api_sandbox.get("/demo/people.json").json()["companies"]
    buyer = company_payer(next(c for c in companies if c["country"] == "FI"))
    company = creditors[FI_COMPANY]
    early = new_invoice(partner, company, buyer, today - timedelta(days=6))
    ready = new_invoice(partner, company, buyer, today - timedelta(days=7))

    assert transfer(partner, early, buyer, "b2b").status_code == 422
    assert transfer(partner, ready, buyer, "b2b_rental").status_code == 201


def test_a_transfer_creates_the_ropo_one_job_that_both_apis_report(
    api_sandbox, partner, creditors, people, today
):
    buyer = payer(people["juha.makinen@example.com"])
    invoice = new_invoice(partner, creditors[FI_COMPANY], buyer, today - timedelta(days=20))
    key = new_key()

    response = transfer(partner, invoice, buyer, key=key)
    status = partner.get(f"v2/invoices/{invoice['id']}/assignment")

    assert response.status_code == 201
    assert status.json() == {
        "status": "sent",
        "assignment_id": response.json()["assignment_id"],
        "errors": [],
    }
    assignment = partner.get(f"v1/assignments/{response.json()['assignment_id']}").json()
    assert assignment["collection_status"] == "reminder_sent"
    assert assignment["amounts"]["capital"] == invoice["sum"] == "100.40"
    assert assignment["payers"][0]["identity_code"] == buyer["identity_code"]
    assert assignment["invoice_id"] == invoice["id"]
    assert assignment["reference_ids"] == [invoice["id"]]
    [case] = [
        c for c in truth(api_sandbox)["cases"] if c["maventa_assignment_id"] == assignment["id"]
    ]
    job = RopoOne.integrator(api_sandbox, "fi").job(case["jobid"])
    assert int(job["jobid"]) >= 2_000_001
    assert (job["billnum"], job["billcode"]) == (invoice["number"], invoice["reference"])
    assert job["maventa_assignment_id"] == assignment["id"]
    assert job["stage"] == "reminder"
    assert truth(api_sandbox)["idempotency_keys"][key] == 1


def test_a_collection_only_transfer_starts_at_debt_collection(partner, creditors, people, today):
    buyer = payer(people["eero.laine@example.com"])
    invoice = new_invoice(partner, creditors[FI_COMPANY], buyer, today - timedelta(days=30))

    response = transfer(partner, invoice, buyer, collection_type="collection")

    assignment = partner.get(f"v1/assignments/{response.json()['assignment_id']}").json()
    assert assignment["collection_status"] == "debt_collection"
    assert assignment["collection_type"] == "collection"


def test_an_invoice_transfers_once_and_a_retry_with_its_key_replays(
    api_sandbox, partner, creditors, people, today
):
    buyer = payer(people["liisa.nieminen@example.com"])
    invoice = new_invoice(partner, creditors[FI_COMPANY], buyer, today - timedelta(days=15))
    key = new_key()

    first = transfer(partner, invoice, buyer, key=key)
    replay = transfer(partner, invoice, buyer, key=key)
    again = transfer(partner, invoice, buyer)

    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert again.status_code == 409
    assert again.json()["code"] == "already_assigned"
    assert truth(api_sandbox)["idempotency_keys"][key] == 1


def test_a_company_without_an_active_service_cannot_transfer(partner, creditors, people, today):
    buyer = payer(people["karin.lindqvist@example.com"])
    invoice = new_invoice(
        partner, creditors["fi-saimaa-telecom"], buyer, today - timedelta(days=30)
    )

    response = transfer(partner, invoice, buyer)

    assert response.status_code == 409
    assert response.json()["code"] == "service_not_active"


def test_bad_transfer_fields_and_payers_are_listed_one_by_one(partner, creditors, people, today):
    buyer = payer(people["oliver.smith@example.com"])
    invoice = new_invoice(partner, creditors[FI_COMPANY], buyer, today - timedelta(days=30))
    bad_payer = {**buyer, "identity_code": "010101-0000", "address": {"street": "Katu 1"}}

    response = transfer(
        partner, invoice, bad_payer, collection_type="everything", assignment_summary=""
    )

    assert response.status_code == 400
    fields = {d["field"] for d in response.json()["details"]}
    assert fields == {
        "collection_type",
        "assignment_summary",
        "payers[0].identity_code",
        "payers[0].address.city",
        "payers[0].address.postal_code",
        "payers[0].address.country",
    }
    assert transfer(partner, invoice, buyer, payers=[]).status_code == 400


def test_a_company_cannot_see_or_transfer_another_companys_invoice(
    api_sandbox, partner, creditors, people, today
):
    buyer = payer(people["sanna.hamalainen@example.com"])
    invoice = new_invoice(partner, creditors[FI_COMPANY], buyer, today - timedelta(days=30))
    other = Maventa.company(api_sandbox, creditors["se-nordhem-handel"])

    assert other.get(f"v2/invoices/{invoice['id']}").status_code == 404
    assert transfer(other, invoice, buyer).status_code == 404
    assert other.get(f"v2/invoices/{invoice['id']}/assignment").status_code == 404


def test_the_partner_must_name_the_company_of_a_new_invoice(partner, people, today):
    buyer = payer(people["sanna.hamalainen@example.com"])
    body = {
        "number": "X-1",
        "date": str(today),
        "due_date": str(today),
        "buyer": buyer,
        "sum": "10.00",
    }

    response = partner.post("v2/invoices", json=body)

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_a_new_invoice_with_a_wrong_reference_or_no_buyer_is_refused(
    partner, creditors, people, today
):
    company_id = creditors[FI_COMPANY]["maventa"]["company_uuid"]
    body = {"company_id": company_id, "number": "X-2", "date": str(today), "due_date": str(today)}
    buyer = payer(people["sanna.hamalainen@example.com"])

    wrong_reference = partner.post(
        "v2/invoices", json={**body, "buyer": buyer, "sum": "10.00", "reference": "1234567"}
    )
    no_buyer = partner.post("v2/invoices", json={**body, "sum": "10.00"})

    assert wrong_reference.status_code == 400
    assert wrong_reference.json()["details"] == [
        {"field": "reference", "message": "is not a valid FI payment reference"}
    ]
    assert no_buyer.status_code == 400
    assert "buyer" in {d["field"] for d in no_buyer.json()["details"]}
