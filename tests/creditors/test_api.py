"""The creditor REST API: tokens, scopes, tenant isolation, idempotency, errors, schema."""

import datetime
import uuid
from decimal import Decimal

import pytest

from creditors.models import ApiToken, IdempotencyRecord
from creditors.services import create_api_token, revoke_api_token
from integrations.models import OutboxEvent
from invoices.models import ReportedPayment

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


@pytest.fixture
def read_key(creditor):
    return create_api_token(creditor, name="reports", scope="read")[1]


@pytest.fixture
def write_key(creditor):
    return create_api_token(creditor, name="erp", scope="read_write")[1]


def auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def first_case(creditor):
    return creditor.invoices.order_by("pk").first()


def post_event(client, key, case, body, idempotency_key="k-1"):
    headers = auth(key) | ({"HTTP_IDEMPOTENCY_KEY": idempotency_key} if idempotency_key else {})
    return client.post(
        f"/api/v1/assignments/{case.myropo_id}/events/",
        body,
        content_type="application/json",
        **headers,
    )


def paid(amount="10.00"):
    return {"type": "paid", "amount": amount, "booked_at": TODAY().isoformat()}


# --- Tokens ---------------------------------------------------------------------------------


def test_a_token_is_stored_only_as_a_digest(creditor):
    token, key = create_api_token(creditor, name="erp", scope="read")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.digest, stored.prefix) and key.startswith(stored.prefix)
    assert len(key) > 40


@pytest.mark.parametrize("header", [None, "Bearer mrc_wrong", "Bearer", "Token abc"])
def test_without_a_valid_token_the_api_answers_401_in_the_error_shape(client, creditor, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/assignments/", **extra)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert set(response.json()) == {"code", "message", "details"}


def test_a_revoked_token_answers_401(client, creditor):
    token, key = create_api_token(creditor, name="old", scope="read")
    revoke_api_token(token)
    assert client.get("/api/v1/assignments/", **auth(key)).status_code == 401


def test_a_session_login_does_not_open_the_api(client, creditor_manager, creditor):
    from tests.conftest import log_in

    log_in(client, creditor_manager, how="passkey")
    assert client.get("/api/v1/assignments/").status_code == 401


def test_a_read_token_may_not_write(client, creditor, read_key):
    response = post_event(client, read_key, first_case(creditor), paid())
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not ReportedPayment.objects.exists()


# --- Reading, and tenant isolation ----------------------------------------------------------


def test_assignments_are_listed_with_money_as_decimal_strings(client, creditor, read_key):
    response = client.get("/api/v1/assignments/", **auth(read_key))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    item = body["results"][0]
    assert item["balance"] == "105.50" and item["currency"] == "EUR"
    assert item["debtor"]["name"].startswith("Person")


def test_filters_and_pages_work(client, creditor, read_key):
    response = client.get("/api/v1/assignments/?invoice_number=INV-9002", **auth(read_key))
    assert [r["invoice_number"] for r in response.json()["results"]] == ["INV-9002"]
    paged = client.get("/api/v1/assignments/?per_page=2&page=2", **auth(read_key)).json()
    assert (paged["count"], len(paged["results"])) == (3, 1)


def test_bad_filters_answer_422_with_the_fields(client, creditor, read_key):
    response = client.get(
        "/api/v1/assignments/?stage=nonsense&due_from=yesterday", **auth(read_key)
    )
    assert response.status_code == 422
    assert set(response.json()["details"]) == {"stage", "due_from"}


def test_another_creditors_case_answers_404(client, creditor, other_creditor, read_key):
    theirs = other_creditor.invoices.get()
    for path in ("", "events/"):
        url = f"/api/v1/assignments/{theirs.myropo_id}/{path}"
        response = client.get(url, **auth(read_key))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_filters_cannot_reach_another_creditors_cases(client, creditor, other_creditor, read_key):
    response = client.get("/api/v1/assignments/?invoice_number=INV-9101", **auth(read_key))
    assert response.json()["count"] == 0
    everything = client.get("/api/v1/assignments/?per_page=100", **auth(read_key)).json()
    assert "INV-9101" not in {r["invoice_number"] for r in everything["results"]}


def test_another_creditors_case_cannot_take_events(client, creditor, other_creditor, write_key):
    response = post_event(client, write_key, other_creditor.invoices.get(), paid())
    assert response.status_code == 404
    assert not ReportedPayment.objects.exists() and not IdempotencyRecord.objects.exists()


def test_a_case_shows_its_events_timeline(client, creditor, read_key):
    case = first_case(creditor)
    body = client.get(f"/api/v1/assignments/{case.myropo_id}/events/", **auth(read_key)).json()
    assert [e["kind"] for e in body] == ["invoiced", "letter", "due", "letter"]


def test_the_overview_gives_the_key_figures(client, creditor, read_key):
    body = client.get("/api/v1/overview/?currency=EUR", **auth(read_key)).json()
    assert body["open_total"] == "316.50"
    reminder = next(s for s in body["open_by_stage"] if s["stage"] == "reminder")
    assert reminder == {"stage": "reminder", "amount": "316.50", "count": 3}


def test_the_overview_refuses_a_bad_period_with_422(client, creditor, read_key):
    response = client.get("/api/v1/overview/?start=2026-05-01&end=2026-01-01", **auth(read_key))
    assert response.status_code == 422
    assert "end" in response.json()["details"]


# --- Writing: events and idempotency --------------------------------------------------------


def test_a_paid_event_is_recorded_and_goes_to_the_outbox(client, creditor, write_key):
    case = first_case(creditor)
    response = post_event(client, write_key, case, paid("10.00"))
    assert response.status_code == 201
    body = response.json()
    assert (body["type"], body["amount"], body["status"]) == ("paid", "10.00", "pending")
    payment = ReportedPayment.objects.get()
    assert (payment.invoice, payment.kind) == (case, ReportedPayment.Kind.PAYMENT)
    assert OutboxEvent.objects.get().payload["reported_payment"] == str(payment.public_id)


def test_a_credit_note_is_a_capital_cancellation_upstream(client, creditor, write_key):
    body = {"type": "credit_note", "amount": "5.00", "booked_at": TODAY().isoformat()}
    assert post_event(client, write_key, first_case(creditor), body).status_code == 201
    assert ReportedPayment.objects.get().kind == ReportedPayment.Kind.CAPITAL_CANCELLATION
    assert OutboxEvent.objects.get().payload["kind"] == "capital_cancellation"


def test_the_same_key_and_body_answer_the_same_with_one_effect(client, creditor, write_key):
    case = first_case(creditor)
    first = post_event(client, write_key, case, paid())
    again = post_event(client, write_key, case, paid())
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert ReportedPayment.objects.count() == 1 and OutboxEvent.objects.count() == 1


def test_the_same_key_with_another_body_answers_409(client, creditor, write_key):
    case = first_case(creditor)
    post_event(client, write_key, case, paid("10.00"))
    response = post_event(client, write_key, case, paid("11.00"))
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_conflict"
    assert ReportedPayment.objects.count() == 1


def test_keys_belong_to_one_creditor(client, creditor, other_creditor, write_key):
    other_key = create_api_token(other_creditor, name="theirs", scope="read_write")[1]
    post_event(client, other_key, other_creditor.invoices.get(), paid(), idempotency_key="same")
    response = post_event(client, write_key, first_case(creditor), paid(), idempotency_key="same")
    assert response.status_code == 201
    assert ReportedPayment.objects.count() == 2


def test_a_write_without_an_idempotency_key_answers_422(client, creditor, write_key):
    response = post_event(client, write_key, first_case(creditor), paid(), idempotency_key=None)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["details"]
    assert not ReportedPayment.objects.exists()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"type": "refund", "amount": "1.00", "booked_at": "2026-01-01"}, "type"),
        ({"type": "paid", "amount": "0", "booked_at": "2026-01-01"}, "amount"),
        ({"type": "paid", "amount": "1.001", "booked_at": "2026-01-01"}, "amount"),
        ({"type": "paid", "amount": "1.00", "booked_at": "soon"}, "booked_at"),
    ],
)
def test_invalid_events_answer_422_and_write_nothing(client, creditor, write_key, body, field):
    response = post_event(client, write_key, first_case(creditor), body)
    assert response.status_code == 422
    assert field in response.json()["details"]
    assert not ReportedPayment.objects.exists() and not IdempotencyRecord.objects.exists()


def test_an_event_the_rules_refuse_answers_422_and_frees_the_key(client, creditor, write_key):
    case = first_case(creditor)
    response = post_event(client, write_key, case, paid("999.00"))
    assert response.status_code == 422
    assert response.json()["code"] == "refused"
    assert "more than what is still owed" in response.json()["message"]
    assert not ReportedPayment.objects.exists() and not OutboxEvent.objects.exists()
    assert post_event(client, write_key, case, paid("999.00")).status_code == 422


@pytest.mark.parametrize("booked_at", ["0001-01-01", "1999-12-31"])
def test_a_booking_date_before_the_invoice_answers_422_and_nothing_goes_upstream(
    client, creditor, write_key, booked_at
):
    case = first_case(creditor)
    body = {"type": "paid", "amount": "1.00", "booked_at": booked_at}
    response = post_event(client, write_key, case, body)
    assert response.status_code == 422
    assert "before the invoice date" in response.json()["message"]
    assert not ReportedPayment.objects.exists() and not OutboxEvent.objects.exists()


def test_malformed_json_answers_400_in_the_error_shape(client, creditor, write_key):
    case = first_case(creditor)
    response = client.post(
        f"/api/v1/assignments/{case.myropo_id}/events/",
        "{not json",
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        **auth(write_key),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


# --- The schema -----------------------------------------------------------------------------


def test_the_schema_documents_the_v1_paths_errors_and_token_auth(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    events = schema["paths"]["/api/v1/assignments/{myropo_id}/events/"]["post"]
    assert {"201", "401", "403", "404", "409", "422"} <= set(events["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in events["parameters"])
    assert "creditorToken" in schema["components"]["securitySchemes"]
    assert {"/api/v1/assignments/", "/api/v1/overview/"} <= set(schema["paths"])
    balance = schema["components"]["schemas"]["AssignmentOut"]["properties"]["balance"]
    assert balance["type"] == "string" and balance["format"] == "decimal"


def test_amounts_are_decimal_not_float(client, creditor, write_key):
    post_event(client, write_key, first_case(creditor), paid("0.10"))
    assert ReportedPayment.objects.get().amount == Decimal("0.10")


def test_a_transfer_for_a_creditor_without_maventa_answers_422(client, creditor, write_key):
    body = {
        "invoice_id": str(uuid.uuid4()),
        "collection_type": "collection",
        "receivables_type": "b2b",
        "assignment_summary": "x",
        "payers": [
            {
                "type": "company",
                "name": "Nordic Bytes Oy",
                "business_id": "2011367-8",
                "address": {"street": "a", "postal_code": "00100", "city": "b", "country": "FI"},
            }
        ],
    }
    response = client.post(
        "/api/v1/transfers/",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="t",
        **auth(write_key),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "no_maventa"


def test_a_transfer_needs_a_payer(client, creditor, write_key):
    response = client.post(
        "/api/v1/transfers/",
        {"invoice_id": str(uuid.uuid4()), "payers": []},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="t",
        **auth(write_key),
    )
    assert response.status_code == 422
    assert {"payers", "collection_type"} <= set(response.json()["details"])


def test_answers_are_remembered_for_a_day(client, creditor, write_key):
    import datetime as dt

    from django.utils import timezone

    from creditors.tasks import forget_old_idempotency_records_task

    post_event(client, write_key, first_case(creditor), paid())
    assert forget_old_idempotency_records_task.delay().get() == 0
    IdempotencyRecord.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert forget_old_idempotency_records_task.delay().get() == 1
    assert not IdempotencyRecord.objects.exists()
