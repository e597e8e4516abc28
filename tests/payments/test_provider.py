"""The Paytrail provider against the sandbox gateway: create, read, refund, failures."""

import uuid

import pytest

from integrations.http import UpstreamError
from payments.providers import get_provider
from payments.providers.base import NewPayment, SignatureError
from payments.providers.paytrail import PaytrailProvider

NOWHERE = "http://127.0.0.1:9"


def new_payment(cents: int = 2000) -> NewPayment:
    return NewPayment(
        stamp=str(uuid.uuid4()),
        reference="9000016",
        amount_cents=cents,
        currency="EUR",
        language="FI",
        description="test",
        email="payer@example.com",
        success_url=f"{NOWHERE}/ok",
        cancel_url=f"{NOWHERE}/no",
        callback_success_url=f"{NOWHERE}/cb",
        callback_cancel_url=f"{NOWHERE}/cc",
    )


def test_create_read_and_refund_a_payment(gateway):
    provider = get_provider()
    created = provider.create_payment(new_payment())
    assert provider.get_payment(created.transaction_id).status == "new"
    gateway.client.post(created.href + "nordea/", data={"action": "pay"})

    paid = provider.get_payment(created.transaction_id)
    refund = provider.refund(created.transaction_id, amount_cents=500, stamp=str(uuid.uuid4()))

    assert (paid.status, paid.amount_cents, paid.provider) == ("ok", 2000, "nordea")
    assert refund.status == "ok"


def test_a_refused_request_is_a_permanent_error(gateway):
    with pytest.raises(UpstreamError) as error:
        get_provider().create_payment(new_payment(cents=0))
    assert error.value.permanent and error.value.status == 400


def test_the_wrong_secret_is_refused_by_the_gateway(gateway, settings):
    settings.PAYTRAIL_SECRET = "not-the-secret"
    with pytest.raises(UpstreamError) as error:
        get_provider().create_payment(new_payment())
    assert error.value.status == 401


def test_a_gateway_that_is_down_is_worth_retrying(gateway):
    gateway.post("/paytrail/knobs", json={"api_down": True})
    with pytest.raises(UpstreamError) as error:
        get_provider().get_payment(str(uuid.uuid4()))
    assert not error.value.permanent


def test_an_unreachable_gateway_is_worth_retrying(settings):
    provider = PaytrailProvider(NOWHERE, "375917", "SAIPPUAKAUPPIAS")
    with pytest.raises(UpstreamError) as error:
        provider.get_payment(str(uuid.uuid4()))
    assert not error.value.permanent


def test_another_merchants_redirect_is_refused(settings):
    provider = PaytrailProvider(NOWHERE, "375917", "SAIPPUAKAUPPIAS")
    with pytest.raises(SignatureError):
        provider.verify_return({"checkout-account": "1", "checkout-algorithm": "sha256"})
