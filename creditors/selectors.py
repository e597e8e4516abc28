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
from django.db import connection, transaction
from django.db.models import (
    Case,
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

from accounts.assurance import has_second_factor
from creditors.models import CaseFigure, Membership, Transfer
from invoices.models import Creditor, Dispute, Invoice, InvoiceStatus, ReportedPayment, Stage

MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal("0.00")
OPEN_STAGES = [Stage.INVOICE, Stage.REMINDER, Stage.COLLECTION, Stage.LEGAL, Stage.PAYMENT_PLAN]


class SecondFactorRequired(PermissionDenied):
    """A creditor user logged in without a second factor (or passkey) in this session."""


def memberships(user) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user).select_related("creditor").order_by("creditor__name")
    )


def creditor_currencies(creditor: Creditor) -> list[str]:
    """The currencies a creditor's forms offer: its own and those its cases are in, as the
    stored figures know them (a small table; the cases themselves may be millions)."""
    stored = CaseFigure.objects.filter(creditor=creditor).exclude(currency="")
    found = set(stored.order_by().values_list("currency", flat=True).distinct())
    return sorted(found | {creditor.currency})


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


def _bucket(days_past_due: int) -> str:
    for name, low, high in AGEING:
        if (low is None and days_past_due <= 0) or (
            low is not None and days_past_due >= low and (high is None or days_past_due <= high)
        ):
            return name
    raise ValueError(days_past_due)


def case_groups(creditor: Creditor, *, currency: str | None = None) -> list[dict]:
    """The creditor's cases added up by (currency,) stage, status, due date and month paid.

    One pass over the cases; a few thousand groups however many cases there are.
    """
    settled = Q(status=InvoiceStatus.PAID, upstream_updated_at__isnull=False)
    days_to_pay = ExpressionWrapper(
        TruncDate("upstream_updated_at") - F("due_date"), output_field=DurationField()
    )
    cases = Invoice.objects.filter(creditor=creditor)
    if currency:
        cases = cases.filter(currency=currency)
    groups = (
        cases.annotate(
            month=Case(
                When(paid__gt=0, then=TruncMonth("upstream_updated_at")),
                default=Value(None),
                output_field=DateTimeField(),
            ),
        )
        .values("currency", "stage", "status", "due_date", "month")
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
    return _fetch(groups)


def _stored_groups(creditor: Creditor, currency: str) -> tuple[list[dict], object]:
    """The figures the refresh task stored, in `case_groups`' shape, and when they were made;
    ([], None) if none were stored for this creditor yet."""
    rows = list(
        CaseFigure.objects.filter(creditor=creditor, currency__in=[currency, ""]).values(
            "currency",
            "stage",
            "status",
            "due_date",
            "paid_month",
            "count",
            "balance",
            "claimed",
            "paid",
            "days_to_pay",
            "settled",
            "computed_at",
        )
    )
    if not rows:
        return [], None
    groups = [
        {
            **r,
            "month": r["paid_month"],
            "paid_sum": r["paid"],
            "days": datetime.timedelta(days=r["days_to_pay"]),
        }
        for r in rows
        if r["currency"] == currency
    ]
    return groups, min(r["computed_at"] for r in rows)


def key_figures(
    creditor: Creditor,
    *,
    currency: str,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date | None = None,
    live: bool = False,
) -> dict:
    """The dashboard's figures for one currency, in three queries whatever the number of cases.

    From the stored figures (`CaseFigure`, rebuilt every few minutes) when there are any, else
    (or with `live`) from the cases themselves. Open amounts and ageing are as of now;
    collected amount, collection rate and days to payment are for the cases that fell due
    between `start` and `end`; collections by month cover the months that overlap the period.
    """
    today = today or timezone.localdate()
    groups, as_of = ([], None) if live else _stored_groups(creditor, currency)
    if as_of is None:
        groups = case_groups(creditor, currency=currency)
    row = _add_up(groups, today=today, start=start, end=end)
    row["refused_events"] = ReportedPayment.objects.filter(
        invoice__creditor=creditor,
        invoice__currency=currency,
        status=ReportedPayment.Status.FAILED,
    ).count()
    disputes = Dispute.objects.filter(
        invoice__creditor=creditor, invoice__currency=currency
    ).aggregate(
        open=Count("pk", filter=Q(status=Dispute.Status.OPEN)),
        period=Count("pk", filter=Q(created_at__date__gte=start, created_at__date__lte=end)),
    )
    row["disputes_open"], row["disputes_in_period"] = disputes["open"], disputes["period"]
    row["transfer_errors"] = Transfer.objects.filter(
        creditor=creditor,
        status=Transfer.Status.ERROR,
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).count()
    return {**_shape(row), "as_of": as_of}


def _fetch(groups: QuerySet) -> list[dict]:
    """Run the grouped query; on PostgreSQL with room to hash the groups in memory and no JIT.

    PostgreSQL cannot know that stage, status, due date and month are correlated, expects
    100 times more groups than there are and sorts a million rows on disk; with more
    `work_mem` for this one transaction it hashes them. JIT compiling costs more than it saves
    here. (A list, not `iterator()`: a server-side cursor rules out a parallel plan.)
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
                cursor.execute("SET LOCAL jit = off")
        return list(groups)


def _add_up(groups, *, today, start, end) -> dict:
    row: dict = defaultdict(int)
    months: dict = defaultdict(lambda: [ZERO, 0])
    days, settled = datetime.timedelta(0), 0
    first_month = start.replace(day=1)
    for g in groups:
        if g["status"] == InvoiceStatus.OPEN:
            if g["stage"] in OPEN_STAGES:
                row[f"open_{g['stage']}"] += g["balance"]
                row[f"open_count_{g['stage']}"] += g["count"]
            bucket = _bucket((today - g["due_date"]).days)
            row[f"age_{bucket}"] += g["balance"]
            row[f"age_count_{bucket}"] += g["count"]
        if start <= g["due_date"] <= end:
            row["period_count"] += g["count"]
            row["period_claimed"] += g["claimed"]
            row["period_collected"] += g["paid_sum"]
            if g["settled"]:
                days += _as_timedelta(g["days"])
                settled += g["settled"]
        month = local_date(g["month"]) if g["month"] is not None else None
        if month is not None and first_month <= month <= end:
            months[month][0] += g["paid_sum"]
            months[month][1] += g["count"]
    row["days_to_pay"] = days / settled if settled else None
    for month in _months(first_month, min(end, today)):
        months[month]  # a month with nothing collected is shown as zero
    row["months"] = [(m, amount, count) for m, (amount, count) in sorted(months.items())]
    return row


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first day of every month from `first`'s to `last`'s (none if `last` is earlier)."""
    found, month = [], first.replace(day=1)
    while month <= last:
        found.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return found


def local_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


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
        "disputes_open": row["disputes_open"],
        "disputes_in_period": row["disputes_in_period"],
        "collections_by_month": [
            {"month": month, "amount": _money(amount), "count": count}
            for month, amount, count in row["months"]
        ],
    }
