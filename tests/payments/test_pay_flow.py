"""Paying from the case page through the sandbox gateway, and coming back."""

from decimal import Decimal

import pytest
from django.urls import reverse

from invoices.selectors import amount_due, with_amount_due
from payments.models import Payment
from tests.conftest import log_in
from tests.payments.conftest import local, press, start_payment

pytestmark = pytest.mark.django_db


def due_now(invoice) -> Decimal:
    return amount_due(with_amount_due(type(invoice).objects).get(pk=invoice.pk))


def test_paying_at_the_bank_books_once_and_lowers_what_is_due_at_once(
    client, debtor, open_invoice, gateway
):
    log_in(client, debtor)
    response = start_payment(client, open_invoice)
    assert response.status_code == 302
    assert response["Location"].startswith(gateway.url + "/paytrail/pay/")
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.PENDING

    back = client.get(local(press(gateway, response["Location"])))

    assert back.status_code == 302
    assert back["Location"] == reverse("invoices:detail", args=[open_invoice.myropo_id])
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert payment.booking.reported_payment.amount == Decimal("105.50")
    assert due_now(open_invoice) == Decimal("0.00")
    page = client.get(back["Location"]).content.decode()
    assert "your payment has been received" in page
