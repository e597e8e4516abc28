"""The sandbox's Paytrail-compatible gateway over HTTP: signed API, bank pages, knobs."""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import pytest

from payments.providers.paytrail import sign, verify
from tests.sandbox_process import SandboxProcess

MERCHANT, SECRET = "375917", "SAIPPUAKAUPPIAS"


def signed_headers(method: str, body: str, *, secret: str = SECRET, **extra: str) -> dict:
    headers = {
        "checkout-account": MERCHANT,
        "checkout-algorithm": "sha256",
        "checkout-method": method,
        "checkout-nonce": secrets.token_hex(8),
        "checkout-timestamp": datetime.now(UTC).isoformat(),
        **extra,
    }
    headers["signature"] = sign(secret, headers, body)
    return headers


def payment_body(amount: int = 1525, **changes) -> str:
    data = {
        "stamp": str(uuid.uuid4()),
        "reference": "9000016",
        "amount": amount,
        "currency": "EUR",
        "language": "FI",
        "items": [{"unitPrice": amount, "units": 1, "vatPercentage": 0, "productCode": "x"}],
        "customer": {"email": "payer@example.com"},
        "redirectUrls": {"success": "http://127.0.0.1:9/ok", "cancel": "http://127.0.0.1:9/no"},
        "callbackUrls": {"success": "http://127.0.0.1:9/cb", "cancel": "http://127.0.0.1:9/cc"},
    } | changes
    return json.dumps(data)


def create(sandbox: SandboxProcess, body: str | None = None, **kwargs):
    body = body if body is not None else payment_body()
    headers = kwargs.pop("headers", None) or signed_headers("POST", body)
    return sandbox.post("/paytrail/payments", content=body.encode(), headers=headers)


def status_of(sandbox: SandboxProcess, transaction_id: str):
    headers = signed_headers("GET", "", **{"checkout-transaction-id": transaction_id})
    return sandbox.get(f"/paytrail/payments/{transaction_id}", headers=headers)


@pytest.fixture
def gateway(sandbox_server: SandboxProcess):
    yield sandbox_server
    sandbox_server.request("DELETE", "/paytrail/knobs")


def test_creating_a_payment_returns_the_transaction_the_page_and_the_banks(gateway):
    response = create(gateway)

    assert response.status_code == 201
    verify(SECRET, response.headers, response.text, response.headers["signature"])
    data = response.json()
    assert uuid.UUID(data["transactionId"])
    assert data["href"].startswith(gateway.url + "/paytrail/pay/")
    assert {p["id"] for p in data["providers"]} >= {"osuuspankki", "nordea"}
    assert all(p["url"].startswith(data["href"]) for p in data["providers"])


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"signature": "0" * 64},
        {"checkout-algorithm": "sha1"},
        {"checkout-method": "GET"},
        {"checkout-account": "123"},
    ],
)
def test_an_unsigned_or_badly_signed_request_is_refused(gateway, headers):
    body = payment_body()
    sent = signed_headers("POST", body) | headers if headers else {"content-type": "x"}

    assert create(gateway, body, headers=sent).status_code == 401


def test_a_body_changed_after_signing_is_refused(gateway):
    body = payment_body()
    headers = signed_headers("POST", body)

    assert create(gateway, body.replace("1525", "1"), headers=headers).status_code == 401


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"currency": "SEK"}, "currency"),
        ({"amount": 0}, "amount"),
        ({"items": [{"unitPrice": 1, "units": 1}]}, "add up"),
        ({"redirectUrls": {"success": "ftp://x"}}, "redirectUrls"),
    ],
)
def test_bad_payment_requests_get_400_with_a_message(gateway, changes, message):
    response = create(gateway, payment_body(**changes))

    assert response.status_code == 400
    assert message in response.json()["message"]


def test_a_stamp_can_be_used_once(gateway):
    body = payment_body()
    assert create(gateway, body).status_code == 201

    again = create(gateway, body)

    assert again.status_code == 400 and "stamp" in again.json()["message"]


def test_paying_on_the_bank_page_redirects_with_signed_parameters(gateway):
    created = create(gateway).json()
    bank = gateway.client.post(
        created["href"] + "nordea/", data={"action": "pay"}, follow_redirects=False
    )

    assert bank.status_code == 302
    location = bank.headers["location"]
    assert location.startswith("http://127.0.0.1:9/ok?")
    params = dict(parse_qsl(urlsplit(location).query))
    verify(SECRET, params, "", params["signature"])
    assert params["checkout-status"] == "ok" and params["checkout-amount"] == "1525"
    record = status_of(gateway, created["transactionId"])
    verify(SECRET, record.headers, record.text, record.headers["signature"])
    assert record.json()["status"] == "ok" and record.json()["provider"] == "nordea"


def test_cancelling_redirects_to_the_cancel_address_with_status_fail(gateway):
    created = create(gateway).json()
    bank = gateway.client.post(
        created["href"] + "osuuspankki/", data={"action": "cancel"}, follow_redirects=False
    )

    params = dict(parse_qsl(urlsplit(bank.headers["location"]).query))
    assert bank.headers["location"].startswith("http://127.0.0.1:9/no?")
    assert params["checkout-status"] == "fail"


def test_a_final_status_never_changes_on_the_bank_page(gateway):
    created = create(gateway).json()
    for action in ("pay", "cancel", "pending"):
        gateway.client.post(created["href"] + "nordea/", data={"action": action})

    assert status_of(gateway, created["transactionId"]).json()["status"] == "ok"


def test_knobs_repeat_callbacks_and_send_stale_ones_last(gateway):
    gateway.post("/paytrail/knobs", json={"callback_copies": 2, "out_of_order": True})
    created = create(gateway).json()
    for action in ("pending", "pay"):
        gateway.client.post(created["href"] + "nordea/", data={"action": action})

    record = gateway.get(f"/paytrail/test/payments/{created['transactionId']}").json()
    statuses = [
        dict(parse_qsl(urlsplit(c["url"]).query))["checkout-status"] for c in record["callbacks"]
    ]
    assert statuses == ["pending", "pending", "ok", "ok", "pending", "pending"]
    assert record["history"] == ["new", "pending", "ok"]


def test_the_api_can_be_taken_down_with_a_knob(gateway):
    created = create(gateway).json()
    gateway.post("/paytrail/knobs", json={"api_down": True})

    assert status_of(gateway, created["transactionId"]).status_code == 503


def test_bad_knobs_are_refused(gateway):
    response = gateway.post("/paytrail/knobs", json={"no_such_knob": 1})

    assert response.status_code == 400


def test_an_unknown_transaction_is_404(gateway):
    assert status_of(gateway, str(uuid.uuid4())).status_code == 404


def test_refunds_up_to_what_was_paid(gateway):
    created = create(gateway).json()
    gateway.client.post(created["href"] + "nordea/", data={"action": "pay"})
    tx = created["transactionId"]

    def refund(amount: int):
        body = json.dumps(
            {
                "amount": amount,
                "refundStamp": str(uuid.uuid4()),
                "callbackUrls": {
                    "success": "http://127.0.0.1:9/r",
                    "cancel": "http://127.0.0.1:9/r",
                },
            }
        )
        headers = signed_headers("POST", body, **{"checkout-transaction-id": tx})
        return gateway.post(f"/paytrail/payments/{tx}/refund", content=body, headers=headers)

    first = refund(1000)
    assert first.status_code == 201 and first.json()["status"] == "ok"
    assert refund(526).status_code == 400
    assert refund(525).status_code == 201
    assert gateway.get(f"/paytrail/test/payments/{tx}").json()["refunded"] == 1525


def test_callbacks_wait_for_the_delay_then_record_what_they_got(gateway):
    import time

    gateway.post("/paytrail/knobs", json={"callback_delay_seconds": 2})
    created = create(gateway).json()
    gateway.client.post(created["href"] + "nordea/", data={"action": "pay"})
    inspect = f"/paytrail/test/payments/{created['transactionId']}"

    assert [c["result"] for c in gateway.get(inspect).json()["callbacks"]] == [None]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        (callback,) = gateway.get(inspect).json()["callbacks"]
        if callback["result"] is not None:
            break
        time.sleep(0.2)
    assert str(callback["result"]).startswith("error")  # nothing listens at 127.0.0.1:9
