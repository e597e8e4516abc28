"""Reads for creditor users and API tokens: whose cases, which of them, and the key figures.

Every creditor page starts from `membership_for(request, creditor_id)` and every API view from
the token's creditor; cases come only from `creditor_cases(creditor)`. Another creditor's ids
answer 404, never 403, so nothing hints that they exist.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.http import Http404, HttpRequest
from django.utils import timezone

from accounts.assurance import get_authentication_records
from creditors.models import Membership, Transfer
from invoices.models import Creditor, Invoice, InvoiceStatus, ReportedPayment, Stage

MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal("0.00")
OPEN_STAGES = [Stage.INVOICE, Stage.REMINDER, Stage.COLLECTION, Stage.LEGAL, Stage.PAYMENT_PLAN]


class SecondFactorRequired(PermissionDenied):
    """A creditor user logged in without a second factor (or passkey) in this session."""


def has_second_factor(request: HttpRequest) -> bool:
    """A passkey, or a password followed by a second factor, in this session (allauth MFA)."""
    return any(r.get("method") == "mfa" for r in get_authentication_records(request))


def memberships(user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user).select_related("creditor").order_by("creditor__name")
    )


def membership_for(request: HttpRequest, creditor_id) -> Membership:
    """The request's membership in this creditor; 404 for anyone else's creditor.

    Raises `SecondFactorRequired` for a member whose session has no second factor.
    """
    membership = memberships(request.user).filter(creditor__public_id=creditor_id).first()
    if membership is None:
        raise Http404
    if not has_second_factor(request):
        raise SecondFactorRequired
    return membership


def creditor_cases(creditor: Creditor) -> QuerySet[Invoice]:
    return Invoice.objects.filter(creditor=creditor).select_related("debtor")


def get_case(creditor: Creditor, myropo_id: str) -> Invoice:
    case = creditor_cases(creditor).filter(myropo_id=str(myropo_id).upper()).first()
    if case is None:
        raise Http404
    return case


def filter_cases(cases: QuerySet[Invoice], filters: dict) -> QuerySet[Invoice]:
    """Apply the cleaned data of `creditors.forms.AssignmentFilter` (web and API alike)."""
    if filters.get("stage"):
        cases = cases.filter(stage=filters["stage"])
    if filters.get("status"):
        cases = cases.filter(status=filters["status"])
    if filters.get("due_from"):
        cases = cases.filter(due_date__gte=filters["due_from"])
    if filters.get("due_to"):
        cases = cases.filter(due_date__lte=filters["due_to"])
    if filters.get("invoice_from"):
        cases = cases.filter(invoice_date__gte=filters["invoice_from"])
    if filters.get("invoice_to"):
        cases = cases.filter(invoice_date__lte=filters["invoice_to"])
    if filters.get("debtor_name"):
        cases = cases.filter(debtor__name__icontains=filters["debtor_name"])
    if filters.get("invoice_number"):
        cases = cases.filter(invoice_number__iexact=filters["invoice_number"])
    if filters.get("currency"):
        cases = cases.filter(currency=filters["currency"])
    return cases.order_by("-due_date", "-id")


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    kind: str
    label: str
    amount: Decimal | None = None
    status: str = ""


def case_timeline(case: Invoice) -> list[TimelineEntry]:
    """What happened to a case, oldest first: invoice, letters, reported payments. 2 queries."""
    from django.utils.translation import gettext as _

    entries = [
        TimelineEntry(case.invoice_date, "invoiced", _("Invoice issued"), case.capital),
        TimelineEntry(case.due_date, "due", _("Due date")),
    ]
    for letter in case.letters.order_by("sent_on", "pk"):
        entries.append(TimelineEntry(letter.sent_on, "letter", letter.get_kind_display()))
    for payment in case.reported_payments.order_by("paid_on", "pk"):
        entries.append(
            TimelineEntry(
                payment.paid_on,
                payment.kind,
                payment.get_kind_display(),
                payment.amount,
                payment.get_status_display(),
            )
        )
    return sorted(entries, key=lambda e: e.on)


# --- Key figures -----------------------------------------------------------------------------

AGEING = [
    ("not_due", None, 0),
    ("1_30", 1, 30),
    ("31_60", 31, 60),
    ("61_90", 61, 90),
    ("91_180", 91, 180),
    ("over_180", 181, None),
]


def _ageing_q(today: datetime.date, low: int | None, high: int | None) -> Q:
    """Open cases `low`..`high` days past due (None: no bound; `not_due`: due today or later)."""
    if low is None:
        return Q(due_date__gte=today)
    q = Q(due_date__lte=today - datetime.timedelta(days=low))
    if high is not None:
        q &= Q(due_date__gte=today - datetime.timedelta(days=high))
    return q


def _money_sum(expression, condition: Q):
    return Coalesce(Sum(expression, filter=condition), Value(ZERO), output_field=MONEY)


def key_figures(
    creditor: Creditor,
    *,
    currency: str,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date | None = None,
) -> dict:
    """The dashboard's figures for one currency, in four queries whatever the number of cases.

    Open amounts and ageing are as of now; collected amount, collection rate and days to
    payment are for the cases that fell due between `start` and `end`; collections over time
    group payments (cases whose last upstream change paid them) by month.
    """
    today = today or timezone.localdate()
    cases = Invoice.objects.filter(creditor=creditor, currency=currency)
    is_open = Q(status=InvoiceStatus.OPEN)
    in_period = Q(due_date__gte=start, due_date__lte=end)
    days_to_pay = ExpressionWrapper(
        TruncDate("upstream_updated_at") - F("due_date"), output_field=DurationField()
    )
    aggregates = {
        f"open_{stage}": _money_sum("balance", is_open & Q(stage=stage)) for stage in OPEN_STAGES
    }
    aggregates |= {
        f"open_count_{stage}": Count("id", filter=is_open & Q(stage=stage)) for stage in OPEN_STAGES
    }
    for name, low, high in AGEING:
        bucket = is_open & _ageing_q(today, low, high)
        aggregates[f"age_{name}"] = _money_sum("balance", bucket)
        aggregates[f"age_count_{name}"] = Count("id", filter=bucket)
    aggregates |= {
        "period_count": Count("id", filter=in_period),
        "period_claimed": _money_sum(F("capital") + F("fees") + F("interest"), in_period),
        "period_collected": _money_sum("paid", in_period),
        "days_to_pay": Avg(
            days_to_pay,
            filter=in_period & Q(status=InvoiceStatus.PAID, upstream_updated_at__isnull=False),
        ),
    }
    row = cases.aggregate(**aggregates)
    row["refused_events"] = ReportedPayment.objects.filter(
        invoice__creditor=creditor,
        invoice__currency=currency,
        status=ReportedPayment.Status.FAILED,
    ).count()
    row["transfer_errors"] = Transfer.objects.filter(
        creditor=creditor,
        status=Transfer.Status.ERROR,
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).count()
    return _shape(row, _collections_by_month(cases, start, end))


def _collections_by_month(cases: QuerySet[Invoice], start, end) -> list[tuple]:
    rows = (
        cases.filter(
            paid__gt=0,
            upstream_updated_at__date__gte=start,
            upstream_updated_at__date__lte=end,
        )
        .annotate(month=TruncMonth("upstream_updated_at"))
        .values("month")
        .annotate(amount=Sum("paid"), count=Count("id"))
        .order_by("month")
    )
    return [(r["month"], r["amount"], r["count"]) for r in rows]


def _shape(row: dict, months: list[tuple]) -> dict:
    stages = [
        {
            "stage": stage,
            "label": Stage(stage).label,
            "amount": row[f"open_{stage}"],
            "count": row[f"open_count_{stage}"],
        }
        for stage in OPEN_STAGES
    ]
    ageing = [
        {"bucket": name, "amount": row[f"age_{name}"], "count": row[f"age_count_{name}"]}
        for name, _low, _high in AGEING
    ]
    claimed, collected = row["period_claimed"], row["period_collected"]
    rate = (collected / claimed * 100).quantize(Decimal("0.1")) if claimed else None
    days = row["days_to_pay"]
    if days is not None and not isinstance(days, datetime.timedelta):
        days = datetime.timedelta(microseconds=days)
    return {
        "open_by_stage": stages,
        "open_total": sum((s["amount"] for s in stages), ZERO),
        "ageing": ageing,
        "period_cases": row["period_count"],
        "collected": collected,
        "claimed": claimed,
        "collection_rate": rate,
        "average_days_to_payment": (
            (Decimal(days.total_seconds()) / 86400).quantize(Decimal("0.1"))
            if days is not None
            else None
        ),
        "refused_events": row["refused_events"],
        "transfer_errors": row["transfer_errors"],
        "collections_by_month": [
            {"month": month, "amount": amount, "count": count} for month, amount, count in months
        ],
    }
