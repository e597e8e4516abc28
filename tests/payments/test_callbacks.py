"""Redirects and callbacks arrive in any order, any number of times: booked once, or refused."""

import hashlib
import hmac
import uuid
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from integrations.models import OutboxEvent
from invoices.models import ReportedPayment
from payments.models import GatewayNotice, Payment
from payments.providers.paytrail import sign
from payments.services import apply_gateway_status
from tests.conftest import log_in
from tests.payments.conftest import callback_urls, local, press, start_payment

pytestmark = pytest.mark.django_db
SECRET = "SAIPPUAKAUPPIAS"


def started(client, debtor, invoice, amount="105.50") -> Payment:
    log_in(client, debtor)
    response = start_payment(client, invoice, amount)
    assert response.status_code == 302, response.content
    payment = Payment.objects.get(href=response["Location"])
    return payment


def params_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def resigned(url: str, **changes) -> str:
    """The same redirect with some parameters changed and signed again with our secret."""
    params = {k: v for k, v in params_of(url).items() if k != "signature"} | changes
    params["signature"] = sign(SECRET, params, "", params["checkout-algorithm"])
    return f"{urlsplit(url).path}?{urlencode(params)}"


def tampered(url: str, **changes) -> str:
    """The same redirect with some parameters changed but the old signature kept."""
    params = params_of(url) | changes
    return f"{urlsplit(url).path}?{urlencode(params)}"


def bookings() -> int:
    return ReportedPayment.objects.count()


def test_the_same_callback_five_times_in_a_row_books_once(client, debtor, open_invoice, gateway):
    payment = started(client, debtor, open_invoice)
    press(gateway, payment.href)
    (callback,) = callback_urls(gateway, payment.transaction_id)

    answers = [client.get(callback).status_code for _ in range(5)]

    assert answers == [200] * 5
    assert bookings() == 1
    assert OutboxEvent.objects.filter(topic="ropo_one.payment").count() == 1
    assert AuditEntry.objects.filter(action="payment.booked").count() == 1
    assert GatewayNotice.objects.filter(payment=payment, source="callback").count() == 5


def test_redirect_before_the_callback_books_once(client, debtor, open_invoice, gateway):
    payment = started(client, debtor, open_invoice)
    redirect = press(gateway, payment.href)
    (callback,) = callback_urls(gateway, payment.transaction_id)

    assert client.get(local(redirect)).status_code == 302
    assert client.get(callback).status_code == 200

    assert bookings() == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_redirect_after_the_callback_books_once(client, debtor, open_invoice, gateway):
    payment = started(client, debtor, open_invoice)
    redirect = press(gateway, payment.href)
    (callback,) = callback_urls(gateway, payment.transaction_id)

    assert client.get(callback).status_code == 200
    assert client.get(local(redirect)).status_code == 302

    assert bookings() == 1


@pytest.mark.parametrize(
    "change", [{"checkout-amount": "1"}, {"checkout-status": "ok"}, {"checkout-stamp": "x"}]
)
def test_a_tampered_redirect_is_refused_kept_and_logged(
    client, debtor, open_invoice, gateway, change
):
    payment = started(client, debtor, open_invoice)
    redirect = press(gateway, payment.href, action="cancel")
    if change.get("checkout-status") == "ok":
        assert params_of(redirect)["checkout-status"] == "fail"

    response = client.get(tampered(redirect, **change))

    assert response.status_code == 400
    assert bookings() == 0
    assert GatewayNotice.objects.filter(outcome="bad signature").count() == 1
    assert AuditEntry.objects.filter(action="payment.notice_refused").count() == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_an_algorithm_other_than_sha256_or_sha512_is_refused(client, debtor, open_invoice, gateway):
    payment = started(client, debtor, open_invoice)
    redirect = press(gateway, payment.href)
    params = {k: v for k, v in params_of(redirect).items() if k != "signature"}
    params["checkout-algorithm"] = "sha1"
    message = "\n".join([*(f"{k}:{params[k]}" for k in sorted(params)), ""])
    params["signature"] = hmac.new(SECRET.encode(), message.encode(), hashlib.sha1).hexdigest()

    response = client.get(f"{urlsplit(redirect).path}?{urlencode(params)}")

    assert response.status_code == 400
    assert bookings() == 0


def test_sha512_signatures_are_accepted(client, debtor, open_invoice, gateway):
    payment = started(client, debtor, open_invoice)
    redirect = press(gateway, payment.href)

    response = client.get(resigned(redirect, **{"checkout-algorithm": "sha512"}))

    assert response.status_code == 302
    assert bookings() == 1


def test_fail_after_ok_is_ignored(client, debtor, open_invoice, gateway):
    payment = started(client, debtor, open_invoice)
    redirect = press(gateway, payment.href)
    assert client.get(local(redirect)).status_code == 302
    stale = resigned(
        redirect.replace("/return/success/", "/callback/cancel/"), **{"checkout-status": "fail"}
    )

    assert client.get(stale).status_code == 200  # answered, so the gateway stops sending
    apply_gateway_status(payment, status="fail", cancelled=True)

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert bookings() == 1


def test_pending_then_ok_books_when_the_bank_confirms(client, debtor, open_invoice, gateway):
    payment = started(client, debtor, open_invoice)
    pending = press(gateway, payment.href, action="pending")
    assert params_of(pending)["checkout-status"] == "pending"

    client.get(local(pending))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert bookings() == 0

    press(gateway, payment.href, action="pay")
    callbacks = callback_urls(gateway, payment.transaction_id)
    for callback in callbacks:
        assert client.get(callback).status_code == 200

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert bookings() == 1


def test_cancelling_at_the_bank_cancels_the_attempt_and_books_nothing(
    client, debtor, open_invoice, gateway
):
    payment = started(client, debtor, open_invoice)
    back = client.get(local(press(gateway, payment.href, action="cancel")))

    assert back.status_code == 302
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CANCELLED
    assert bookings() == 0


def test_a_signed_amount_that_differs_from_ours_is_refused(client, debtor, open_invoice, gateway):
    payment = started(client, debtor, open_invoice)
    redirect = press(gateway, payment.href)

    response = client.get(resigned(redirect, **{"checkout-amount": "100"}))

    assert response.status_code == 400
    assert GatewayNotice.objects.filter(outcome="amount mismatch").count() == 1
    assert bookings() == 0


def test_a_currency_that_differs_from_the_gateways_is_refused(
    client, debtor, open_invoice, gateway
):
    payment = started(client, debtor, open_invoice)
    redirect = press(gateway, payment.href)
    Payment.objects.filter(pk=payment.pk).update(currency="SEK")

    assert client.get(local(redirect)).status_code == 400
    assert GatewayNotice.objects.filter(outcome="gateway mismatch").count() == 1
    assert bookings() == 0


def test_an_unknown_transaction_answers_404(client, gateway):
    params = {
        "checkout-account": "375917",
        "checkout-algorithm": "sha256",
        "checkout-amount": "100",
        "checkout-stamp": str(uuid.uuid4()),
        "checkout-reference": "13",
        "checkout-transaction-id": str(uuid.uuid4()),
        "checkout-status": "ok",
        "checkout-provider": "nordea",
    }
    params["signature"] = sign(SECRET, params, "")

    response = client.get(f"{reverse('payments:callback_success')}?{urlencode(params)}")

    assert response.status_code == 404
    assert GatewayNotice.objects.filter(outcome="unknown payment").count() == 1


def test_gateway_down_while_confirming_answers_503_and_books_nothing_until_it_is_back(
    client, debtor, open_invoice, gateway
):
    payment = started(client, debtor, open_invoice)
    press(gateway, payment.href)
    (callback,) = callback_urls(gateway, payment.transaction_id)
    gateway.post("/paytrail/knobs", json={"api_down": True})

    assert client.get(callback).status_code == 503
    assert bookings() == 0
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING

    gateway.post("/paytrail/knobs", json={"api_down": False})
    assert client.get(callback).status_code == 200
    assert bookings() == 1


def test_out_of_order_and_duplicate_callbacks_from_the_gateway_book_once(
    client, debtor, open_invoice, gateway
):
    gateway.post("/paytrail/knobs", json={"callback_copies": 3, "out_of_order": True})
    payment = started(client, debtor, open_invoice)
    press(gateway, payment.href, action="pending")
    press(gateway, payment.href, action="pay")
    callbacks = callback_urls(gateway, payment.transaction_id)
    assert len(callbacks) == 3 + 6  # pending ×3, then ok ×3 and the stale pending ×3

    for callback in reversed(callbacks):
        assert client.get(callback).status_code == 200

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert bookings() == 1


def test_partial_payments_lower_what_is_due_and_never_exceed_it(
    client, debtor, open_invoice, gateway
):
    first = started(client, debtor, open_invoice, amount="50.00")
    client.get(local(press(gateway, first.href)))

    page = client.get(reverse("invoices:detail", args=[open_invoice.myropo_id])).content.decode()
    assert "55.50" in page or "55,50" in page
    too_much = start_payment(client, open_invoice, amount="55.51")
    too_little = start_payment(client, open_invoice, amount="4.99")

    assert too_much.status_code == 400
    assert "more than what is owed" in too_much.content.decode()
    assert too_little.status_code == 400
    assert Payment.objects.count() == 1
    assert ReportedPayment.objects.get().amount == Decimal("50.00")


def test_a_double_click_reuses_the_same_attempt(client, debtor, open_invoice, gateway):
    log_in(client, debtor)
    attempt = uuid.uuid4()
    first = start_payment(client, open_invoice, attempt=attempt)
    second = start_payment(client, open_invoice, attempt=attempt)

    assert first["Location"] == second["Location"]
    assert Payment.objects.count() == 1


def test_a_second_attempt_paid_for_what_is_no_longer_owed_is_flagged_not_booked(
    client, debtor, open_invoice, gateway
):
    first = started(client, debtor, open_invoice)
    second = Payment.objects.get(
        href=start_payment(client, open_invoice)["Location"]
    )  # opened in another tab before the first was paid
    client.get(local(press(gateway, first.href)))

    client.get(local(press(gateway, second.href)))

    second.refresh_from_db()
    assert second.status == Payment.Status.PAID
    assert bookings() == 1
    assert AuditEntry.objects.filter(
        action="payment.not_booked", object_id=str(second.public_id)
    ).exists()
