"""Bad input on the pay path: a clear message and a 4xx, nothing written, never a 500."""

import uuid
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from invoices.models import Invoice
from payments.models import Payment
from payments.providers.paytrail import sign
from tests.conftest import log_in
from tests.payments.conftest import NOWHERE, start_payment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "data",
    [
        {"amount": "abc", "attempt": str(uuid.uuid4())},
        {"amount": "-5", "attempt": str(uuid.uuid4())},
        {"amount": "10.001", "attempt": str(uuid.uuid4())},
        {"amount": "10.00", "attempt": "not-a-uuid"},
        {},
    ],
)
def test_a_malformed_pay_form_is_refused_and_nothing_is_written(client, debtor, open_invoice, data):
    log_in(client, debtor)

    response = client.post(reverse("payments:pay", args=[open_invoice.myropo_id]), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error"' in html or 'role="alert"' in html
    assert not Payment.objects.exists()


def test_a_closed_invoice_cannot_be_paid(client, debtor, open_invoice):
    Invoice.objects.filter(pk=open_invoice.pk).update(status="paid")
    log_in(client, debtor)

    response = start_payment(client, open_invoice)

    assert response.status_code == 400
    assert not Payment.objects.exists()


def test_an_invoice_in_kronor_cannot_be_paid_online(client, debtor, open_invoice):
    Invoice.objects.filter(pk=open_invoice.pk).update(currency="SEK")
    log_in(client, debtor)

    page = client.get(reverse("invoices:detail", args=[open_invoice.myropo_id])).content.decode()
    response = start_payment(client, open_invoice)

    assert reverse("payments:pay", args=[open_invoice.myropo_id]) not in page
    assert response.status_code == 400
    assert "euros only" in response.content.decode()


def test_an_unreachable_gateway_leaves_the_attempt_to_retry_with_the_same_form(
    client, debtor, open_invoice, gateway, settings
):
    log_in(client, debtor)
    attempt = uuid.uuid4()
    settings.PAYTRAIL_URL = NOWHERE

    down = start_payment(client, open_invoice, attempt=attempt)

    assert down.status_code == 400
    assert "cannot be reached" in down.content.decode()
    assert Payment.objects.get().status == Payment.Status.CREATED
    settings.PAYTRAIL_URL = f"{gateway.url}/paytrail"
    again = start_payment(client, open_invoice, attempt=attempt)
    assert again.status_code == 302
    assert Payment.objects.get().status == Payment.Status.PENDING


@pytest.mark.parametrize(
    "changes", [{"checkout-amount": "ten"}, {"checkout-stamp": "not-a-uuid"}, {}]
)
def test_malformed_signed_callbacks_are_refused_without_a_500(client, changes):
    params = {
        "checkout-account": "375917",
        "checkout-algorithm": "sha256",
        "checkout-amount": "100",
        "checkout-stamp": str(uuid.uuid4()),
        "checkout-transaction-id": str(uuid.uuid4()),
        "checkout-status": "ok",
    } | changes
    params["signature"] = sign("SAIPPUAKAUPPIAS", params, "")
    if not changes:
        del params["checkout-status"]
        # Still correctly signed for what it carries, but a field we need is missing.
        params["signature"] = sign("SAIPPUAKAUPPIAS", params, "")

    response = client.get(f"{reverse('payments:callback_success')}?{urlencode(params)}")

    assert response.status_code in (400, 404)


def test_a_callback_with_no_parameters_is_refused(client):
    assert client.get(reverse("payments:callback_success")).status_code == 400


def test_the_content_security_policy_lets_forms_lead_to_the_gateway(settings):
    from myropo.settings import _origin

    directive = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]
    assert _origin(settings.PAYTRAIL_URL) in directive


def test_sending_a_finished_attempts_form_again_says_it_is_finished(
    client, debtor, open_invoice, gateway
):
    from tests.payments.conftest import local, press

    log_in(client, debtor)
    attempt = uuid.uuid4()
    first = start_payment(client, open_invoice, amount="10.00", attempt=attempt)
    client.get(local(press(gateway, first["Location"], action="cancel")))

    again = start_payment(client, open_invoice, amount="10.00", attempt=attempt)

    assert again.status_code == 400
    assert "already finished" in again.content.decode()
    assert Payment.objects.count() == 1


def test_a_finnish_amount_below_the_minimum_is_refused_in_finnish_money(
    client, debtor, open_invoice
):
    log_in(client, debtor)
    client.cookies["myropo_language"] = "fi"

    response = client.post(
        reverse("payments:pay", args=[open_invoice.myropo_id]),
        {"amount": "1,00", "attempt": str(uuid.uuid4())},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "5,00\xa0€" in html
    assert "EUR" not in html.split("<main", 1)[1]
    assert not Payment.objects.exists()


def test_garbage_in_the_pay_form_is_refused_in_the_persons_language(client, debtor, open_invoice):
    log_in(client, debtor)
    client.cookies["myropo_language"] = "sv"

    response = client.post(
        reverse("payments:pay", args=[open_invoice.myropo_id]),
        {"amount": "tjugo", "attempt": str(uuid.uuid4())},
    )

    assert response.status_code == 400
    assert "Ange beloppet med siffror, till exempel 20,50." in response.content.decode()
    assert not Payment.objects.exists()
