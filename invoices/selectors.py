"""Reads about invoices that need rules (what is owed now, per currency)."""

from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest

from invoices.models import InvoiceStatus, ReportedPayment


def unconfirmed_total(*, kind: str | None = None) -> Coalesce:
    """Per invoice (`OuterRef("pk")`): reported payments (of `kind`, or all) not yet in the
    replica, as an expression to annotate with (one query for many invoices)."""
    reported = ReportedPayment.objects.filter(
        invoice=OuterRef("pk"), status__in=ReportedPayment.UNCONFIRMED
    )
    if kind:
        reported = reported.filter(kind=kind)
    total = reported.values("invoice").annotate(total=Sum("amount")).values("total")
    money = DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(Subquery(total, output_field=money), Value(Decimal("0.00")))


def with_amount_due(invoices: QuerySet) -> QuerySet:
    """Annotate `unconfirmed` (reported payments not yet in the replica) and `amount_due`."""
    return invoices.annotate(unconfirmed=unconfirmed_total())


def amount_due(invoice) -> Decimal:
    unconfirmed = getattr(invoice, "unconfirmed", Decimal("0.00"))
    if invoice.status != InvoiceStatus.OPEN:
        return Decimal("0.00")
    return max(invoice.balance - unconfirmed, Decimal("0.00"))


def totals_by_currency(invoices: QuerySet) -> dict[str, Decimal]:
    """What is owed now per currency over the open ones of ``invoices``: one query.

    Reported payments never take an invoice below zero (as `amount_due`)."""
    money = DecimalField(max_digits=14, decimal_places=2)
    due = Greatest(F("balance") - F("unconfirmed"), Value(Decimal("0.00")), output_field=money)
    rows = (
        with_amount_due(invoices.filter(status=InvoiceStatus.OPEN))
        .order_by()
        .values("currency")
        .annotate(total=Sum(due))
        .values_list("currency", "total")
    )
    return dict(rows)
