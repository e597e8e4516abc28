"""A payment whose redirect and callbacks never arrived is not left pending for ever: the
re-check asks the gateway and books what was paid, once."""

import datetime

import pytest
from django.utils import timezone

from integrations.models import OutboxEvent
from invoices.models import ReportedPayment
from payments.models import GatewayNotice, Payment
from payments.services import recheck_unconfirmed_payments
from tests.conftest import log_in
from tests.payments.conftest import press, start_payment

pytestmark = pytest.mark.django_db


def paid_but_never_told(client, gateway, debtor, invoice, *, action="pay") -> Payment:
    """The person pays at the bank; every redirect and callback to the portal is lost (the
    `gateway` fixture points the callbacks nowhere, and the redirect is never followed)."""
    log_in(client, debtor)
    response = start_payment(client, invoice)
    payment = Payment.objects.get(href=response["Location"])
    press(gateway, payment.href, action=action)
    return payment


def age(payment: Payment, minutes: int) -> None:
    then = timezone.now() - datetime.timedelta(minutes=minutes)
    Payment.objects.filter(pk=payment.pk).update(created_at=then, updated_at=then)


def test_a_paid_payment_whose_callbacks_all_failed_is_booked_once(
    client, gateway, debtor, open_invoice
):
    payment = paid_but_never_told(client, gateway, debtor, open_invoice)
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PENDING
    age(payment, minutes=10)

    first = recheck_unconfirmed_payments()
    second = recheck_unconfirmed_payments()

    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PAID
    assert ReportedPayment.objects.count() == 1
    assert OutboxEvent.objects.filter(topic="ropo_one.payment").count() == 1
    assert first["paid"] == 1 and second.get("paid", 0) == 0
    assert GatewayNotice.objects.filter(payment=payment, source="recheck").count() == 1


def test_a_payment_started_a_moment_ago_is_left_to_its_callback(
    client, gateway, debtor, open_invoice
):
    payment = paid_but_never_told(client, gateway, debtor, open_invoice)
    assert recheck_unconfirmed_payments().get("paid", 0) == 0
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PENDING


def test_a_cancelled_payment_is_closed_and_books_nothing(client, gateway, debtor, open_invoice):
    payment = paid_but_never_told(client, gateway, debtor, open_invoice, action="cancel")
    age(payment, minutes=10)
    recheck_unconfirmed_payments()
    assert Payment.objects.get(pk=payment.pk).status in (
        Payment.Status.CANCELLED,
        Payment.Status.FAILED,
    )
    assert not ReportedPayment.objects.exists()


def test_a_payment_still_open_at_the_gateway_is_asked_again_later_not_every_run(
    client, gateway, debtor, open_invoice
):
    log_in(client, debtor)
    response = start_payment(client, open_invoice)  # never paid: the person left the bank page
    payment = Payment.objects.get(href=response["Location"])
    age(payment, minutes=60)
    assert recheck_unconfirmed_payments()["still_open"] == 1
    assert recheck_unconfirmed_payments().get("still_open", 0) == 0  # backed off
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PENDING
