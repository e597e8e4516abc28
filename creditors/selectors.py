"""Reads for creditor users and API tokens: whose cases, which of them, and the key figures.

Every creditor page starts from `membership_for(request, creditor_id)` and every API view from
the token's creditor; cases come only from `creditor_cases(creditor)`. Another creditor's ids
answer 404, never 403, so nothing hints that they exist.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncMonth
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
    return cases.order_by("-id")  # newest first: the primary key index, no sort of all rows


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


def _ageing_bucket(today: datetime.date) -> Case:
    """The ageing bucket of an open case (NULL for the others)."""
    whens = [
        When(Q(status=InvoiceStatus.OPEN) & _ageing_q(today, low, high), then=Value(name))
        for name, low, high in AGEING
    ]
    return Case(*whens, default=Value(None), output_field=CharField())


def key_figures(
    creditor: Creditor,
    *,
    currency: str,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date | None = None,
) -> dict:
    """The dashboard's figures for one currency, in three queries whatever the number of cases.

    One pass over the creditor's cases groups them by stage, status, ageing bucket, whether
    they fell due in the period and the month they were paid in; the few dozen groups are
    added up here. Open amounts and ageing are as of now; collected amount, collection rate
    and days to payment are for the cases that fell due between `start` and `end`.
    """
    today = today or timezone.localdate()
    in_period = Q(due_date__gte=start, due_date__lte=end)
    paid_in_period = Q(
        paid__gt=0, upstream_updated_at__date__gte=start, upstream_updated_at__date__lte=end
    )
    settled = in_period & Q(status=InvoiceStatus.PAID, upstream_updated_at__isnull=False)
    days_to_pay = ExpressionWrapper(
        TruncDate("upstream_updated_at") - F("due_date"), output_field=DurationField()
    )
    groups = (
        Invoice.objects.filter(creditor=creditor, currency=currency)
        .annotate(
            bucket=_ageing_bucket(today),
            in_period=Case(When(in_period, then=Value(True)), default=Value(False)),
            month=Case(
                When(paid_in_period, then=TruncMonth("upstream_updated_at")),
                default=Value(None),
                output_field=DateTimeField(),
            ),
        )
        .values("stage", "status", "bucket", "in_period", "month")
        .annotate(
            count=Count("id"),
            balance=Sum("balance"),
            claimed=Sum(F("capital") + F("fees") + F("interest"), output_field=MONEY),
            paid_sum=Sum("paid"),
            days=Sum(days_to_pay, filter=settled),
            settled=Count("id", filter=settled),
        )
        .order_by()
    )
    row = _add_up(list(groups))
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
    return _shape(row)


def _add_up(groups: list[dict]) -> dict:
    row: dict = defaultdict(int)
    months: dict = defaultdict(lambda: [ZERO, 0])
    days, settled = datetime.timedelta(0), 0
    for g in groups:
        if g["status"] == InvoiceStatus.OPEN and g["stage"] in OPEN_STAGES:
            row[f"open_{g['stage']}"] += g["balance"]
            row[f"open_count_{g['stage']}"] += g["count"]
        if g["bucket"]:
            row[f"age_{g['bucket']}"] += g["balance"]
            row[f"age_count_{g['bucket']}"] += g["count"]
        if g["in_period"]:
            row["period_count"] += g["count"]
            row["period_claimed"] += g["claimed"]
            row["period_collected"] += g["paid_sum"]
        if g["settled"]:
            days += _as_timedelta(g["days"])
            settled += g["settled"]
        if g["month"] is not None:
            months[g["month"]][0] += g["paid_sum"]
            months[g["month"]][1] += g["count"]
    row["days_to_pay"] = days / settled if settled else None
    row["months"] = [(m, amount, count) for m, (amount, count) in sorted(months.items())]
    return row


def _as_timedelta(value) -> datetime.timedelta:
    """Sum of intervals: a timedelta on PostgreSQL, microseconds on SQLite."""
    if isinstance(value, datetime.timedelta):
        return value
    return datetime.timedelta(microseconds=int(value or 0))


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def _shape(row: dict) -> dict:
    stages = [
        {
            "stage": stage,
            "label": Stage(stage).label,
            "amount": _money(row[f"open_{stage}"]),
            "count": row[f"open_count_{stage}"],
        }
        for stage in OPEN_STAGES
    ]
    ageing = [
        {"bucket": name, "amount": _money(row[f"age_{name}"]), "count": row[f"age_count_{name}"]}
        for name, _low, _high in AGEING
    ]
    claimed, collected = _money(row["period_claimed"]), _money(row["period_collected"])
    rate = (collected / claimed * 100).quantize(Decimal("0.1")) if claimed else None
    days = row["days_to_pay"]
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
            {"month": month, "amount": _money(amount), "count": count}
            for month, amount, count in row["months"]
        ],
    }
