"""What a case is now, as the debtor should see it: the replica combined with what the portal
itself has just done and upstream has not confirmed yet.

The replica changes only at the next sync. Until then a payment made through the gateway, a
moved due date and an agreed plan exist only here; the pages show them at once, marked as
waiting for confirmation, and never beside what they replace (a fully paid case offers no
plan, no postponement and no dispute, and warns of no reminder). `case_state` serves the case
page from rows it has already loaded; `with_case_state` and `row_state` serve the lists from
annotations (no query per row).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DateField, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from invoices.models import Invoice, InvoiceStatus, Postponement, ReportedPayment
from invoices.payment_details import payment_details
from invoices.selectors import amount_due, unconfirmed_total, with_amount_due

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CaseState:
    due_now: Decimal
    paid: Decimal  # paid so far, payments not yet in the replica included
    paid_unconfirmed: Decimal  # the part of `paid` upstream has not confirmed
    due_date: datetime.date  # as agreed: a postponement counts at once
    due_date_pending: bool  # the replica does not have the new due date yet
    plan: object | None = None  # the running (pending or active) payment plan
    next_instalment: object | None = None  # its first instalment not yet paid

    @property
    def settled(self) -> bool:
        """Paid in full here, the replica still open: nothing more to do but wait."""
        return self.due_now <= 0 and self.paid_unconfirmed > 0

    @property
    def plan_pending(self) -> bool:
        return self.plan is not None and self.plan.status == "pending"


def _due_date(invoice: Invoice, postponed_to: datetime.date | None) -> tuple[datetime.date, bool]:
    if postponed_to is None or postponed_to <= invoice.due_date:
        return invoice.due_date, False
    return postponed_to, True


def case_state(
    invoice: Invoice, *, payments, postponements, plan=None, next_instalment=None
) -> CaseState:
    """The case page's state from rows already loaded (no queries): `invoice` prepared with
    `with_amount_due`, its non-failed reported payments, its postponements, its running plan
    and that plan's next open instalment (`payments.plan_services.InstalmentState`)."""
    unconfirmed = sum(
        (
            p.amount
            for p in payments
            if p.status in ReportedPayment.UNCONFIRMED and p.kind == ReportedPayment.Kind.PAYMENT
        ),
        ZERO,
    )
    latest = max((p.new_due_date for p in postponements), default=None)
    due_date, pending = _due_date(invoice, latest)
    running = plan is not None and plan.status in ("pending", "active")
    return CaseState(
        due_now=amount_due(invoice),
        paid=invoice.paid + unconfirmed,
        paid_unconfirmed=unconfirmed,
        due_date=due_date,
        due_date_pending=pending,
        plan=plan if running else None,
        next_instalment=next_instalment if running else None,
    )


def with_case_state(invoices: QuerySet) -> QuerySet:
    """`with_amount_due` plus what `row_state` needs: the latest postponed due date, the
    status of a running plan and the payments that cover its instalments, as subqueries of
    the same query."""
    from payments.models import PaymentPlan

    postponed = (
        Postponement.objects.filter(invoice=OuterRef("pk"))
        .values("invoice")
        .annotate(latest=Max("new_due_date"))
        .values("latest")
    )
    plan = PaymentPlan.objects.filter(
        invoice=OuterRef("pk"), status__in=("pending", "active")
    ).values("status")[:1]
    return with_amount_due(invoices).annotate(
        postponed_to=Subquery(postponed, output_field=DateField()),
        running_plan=Subquery(plan),
        unconfirmed_paid=unconfirmed_total(kind=ReportedPayment.Kind.PAYMENT),
    )


def next_instalments(invoices: list[Invoice]) -> dict:
    """The next open instalment (`payments.plan_services.InstalmentState`) of each of
    `invoices` (from `with_case_state`) in a running plan, by the invoice's pk: two queries
    for a whole page."""
    from payments.models import PaymentPlan
    from payments.plan_services import instalment_states

    in_a_plan = {invoice.pk: invoice for invoice in invoices if invoice.running_plan}
    if not in_a_plan:
        return {}
    plans = PaymentPlan.objects.filter(
        invoice__in=list(in_a_plan), status__in=("pending", "active")
    ).prefetch_related("instalments")
    today = timezone.localdate()
    found = {}
    for plan in plans:
        plan.invoice = in_a_plan[plan.invoice_id]
        states = instalment_states(plan, today=today)
        upcoming = next((s for s in states if s.state != "paid"), None)
        if upcoming is not None:
            found[plan.invoice_id] = upcoming
    return found


@dataclass(frozen=True)
class RowState:
    due_now: Decimal
    due_date: datetime.date
    due_date_pending: bool
    settled: bool
    label: str  # the list's stage column
    instalment_due_date: datetime.date | None = None  # set: `due_now` is that instalment's


def row_state(invoice: Invoice, next_instalment=None) -> RowState:
    """One row of an invoice list (`invoice` from `with_case_state`; `next_instalment` its
    plan's next open instalment from `next_instalments`, which is then what is due now)."""
    due_now = amount_due(invoice)
    due_date, pending = _due_date(invoice, getattr(invoice, "postponed_to", None))
    settled = (
        invoice.status == InvoiceStatus.OPEN
        and due_now <= 0
        and getattr(invoice, "unconfirmed", ZERO) > 0
    )
    plan = getattr(invoice, "running_plan", None)
    if settled:
        label = _("paid, waiting for confirmation")
    elif invoice.status != InvoiceStatus.OPEN:
        label = invoice.get_status_display()
    elif plan == "pending":
        label = _("payment plan, waiting for confirmation")
    elif plan == "active":
        label = _("payment plan")
    else:
        label = invoice.get_stage_display()
    if plan and next_instalment is not None and not settled:
        return RowState(
            next_instalment.left,
            due_date,
            pending,
            settled,
            label,
            instalment_due_date=next_instalment.instalment.due_date,
        )
    return RowState(due_now, due_date, pending, settled, label)


def status_text(invoice: Invoice, state: CaseState) -> str:
    """The case page's status: "paid, waiting for confirmation" once the portal has taken
    the whole balance and upstream has not booked it yet."""
    if invoice.status == InvoiceStatus.OPEN and state.settled:
        return _("paid, waiting for confirmation")
    return invoice.get_status_display()


def stage_text(invoice: Invoice, state: CaseState) -> str:
    if invoice.status == InvoiceStatus.OPEN and state.plan is not None:
        if state.plan_pending:
            return _("payment plan, waiting for confirmation")
        return _("payment plan")
    return invoice.get_stage_display()


def payment_details_for(invoice: Invoice, state: CaseState):
    """Bank details for what is to be paid next: a plan's next instalment with its own
    reference, otherwise what is due now, by the due date as agreed (None: nothing to pay)."""
    upcoming = state.next_instalment
    if state.plan is not None:
        if upcoming is None:
            return None
        return payment_details(
            invoice,
            upcoming.left,
            reference=upcoming.instalment.reference,
            due_date=upcoming.instalment.due_date,
        )
    return payment_details(invoice, state.due_now, due_date=state.due_date)
