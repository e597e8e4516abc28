"""Agents refund a payment the bank took but the invoice could not take, exactly once."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from payments import services
from payments.models import Payment
from tests.conftest import log_in
from tests.payments.conftest import gateway_record, local, press, start_payment
from tests.payments.test_callbacks import started

pytestmark = pytest.mark.django_db


@pytest.fixture
def unbooked(client, debtor, open_invoice, gateway):
    """Two tabs paid the whole invoice: the second payment could not be booked."""
    first = started(client, debtor, open_invoice)
    second = Payment.objects.get(href=start_payment(client, open_invoice)["Location"])
    client.get(local(press(gateway, first.href)))
    client.get(local(press(gateway, second.href)))
    second.refresh_from_db()
    assert second.status == Payment.Status.PAID and not hasattr(second, "booking")
    return first, second


def test_an_agent_refunds_the_unbooked_payment_once_from_the_admin(
    client, agent, unbooked, gateway
):
    booked, second = unbooked
    log_in(client, agent, how="password_totp")
    url = reverse("admin:payments_payment_changelist")
    for _ in range(2):  # a second press changes nothing
        response = client.post(
            url, {"action": "refund_unbooked", "_selected_action": [second.pk]}, follow=True
        )
        assert response.status_code == 200
    second.refresh_from_db()
    assert second.refunded_at is not None
    record = gateway_record(gateway, second.transaction_id)
    assert record["refunded"] == 10550
    assert len(record["refunds"]) == 1
    assert AuditEntry.objects.filter(action="payment.refunded").count() == 1


def test_a_booked_payment_is_never_refunded_here(agent, unbooked, gateway):
    booked, _ = unbooked
    with pytest.raises(services.PaymentError):
        services.refund_unbooked_payment(booked, actor=agent)
    assert gateway_record(gateway, booked.transaction_id)["refunded"] == 0


def test_the_gateway_down_refunds_nothing_and_says_so(client, agent, unbooked, gateway):
    _, second = unbooked
    gateway.post("/paytrail/knobs", json={"api_down": True})
    log_in(client, agent, how="password_totp")
    response = client.post(
        reverse("admin:payments_payment_changelist"),
        {"action": "refund_unbooked", "_selected_action": [second.pk]},
        follow=True,
    )
    assert "could not be reached" in response.content.decode()
    second.refresh_from_db()
    assert second.refunded_at is None
