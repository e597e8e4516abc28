"""Reads with rules for the case page: may this request pay, and the receipts it may see."""

import uuid

from django.http import HttpRequest

from accounts.selectors import invoice_permissions
from invoices.models import Invoice
from payments.forms import PayForm
from payments.models import Payment
from payments.services import GATEWAY_CURRENCIES, payable_range


def payment_context(request: HttpRequest, invoice: Invoice) -> dict:
    """What `payments/case_section.html` needs (`invoice` has `due_now`)."""
    can_pay = (
        "pay" in invoice_permissions(request, invoice)
        and invoice.currency in GATEWAY_CURRENCIES
        and invoice.due_now > 0
    )
    form = None
    if can_pay:
        least, most = payable_range(invoice)
        form = PayForm(initial={"amount": most, "attempt": uuid.uuid4()})
        form.fields["amount"].widget.attrs.update(min=least, max=most, step="0.01")
    return {"online_payment": {"can_pay": can_pay, "form": form, "receipts": receipts(invoice)}}


def all_receipts(invoices):
    """Receipts of every paid gateway payment of ``invoices`` (already the visible ones)."""
    return (
        Payment.objects.filter(invoice__in=invoices, status=Payment.Status.PAID)
        .select_related("invoice__creditor")
        .order_by("-paid_at", "-pk")
    )


def receipts(invoice: Invoice):
    return Payment.objects.filter(invoice=invoice, status=Payment.Status.PAID).order_by("paid_at")
