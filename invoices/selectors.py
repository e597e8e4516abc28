"""Reads about invoices that need rules (what is owed now, per currency)."""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from invoices.models import InvoiceStatus, ReportedPayment


def with_amount_due(invoices: QuerySet) -> QuerySet:
    """Annotate `unconfirmed` (reported payments not yet in the replica) and `amount_due`."""
    unconfirmed = (
        ReportedPayment.objects.filter(
            invoice=OuterRef("pk"),
            status__in=[ReportedPayment.Status.PENDING, ReportedPayment.Status.SENT],
        )
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return invoices.annotate(
        unconfirmed=Coalesce(Subquery(unconfirmed, output_field=money), Value(Decimal("0.00")))
    )


def amount_due(invoice) -> Decimal:
    unconfirmed = getattr(invoice, "unconfirmed", Decimal("0.00"))
    if invoice.status != InvoiceStatus.OPEN:
        return Decimal("0.00")
    return max(invoice.balance - unconfirmed, Decimal("0.00"))


def totals_by_currency(invoices) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for invoice in invoices:
        if invoice.status == InvoiceStatus.OPEN:
            totals[invoice.currency] = totals.get(invoice.currency, Decimal("0.00")) + amount_due(
                invoice
            )
    return totals
