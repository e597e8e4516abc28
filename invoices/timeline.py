"""A case's story for its debtor: what has happened, and what happens next, when, at what cost.

The past comes from the replica (letters, due date) and from what happened in the portal
(reported payments, disputes); the next step from the case's stage and the country's rules
(`invoices.rules`): the earliest day it may come and the most it may add.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from invoices import rules
from invoices.models import Dispute, Invoice, InvoiceStatus, Letter, ReportedPayment, Stage
from invoices.templatetags.money import money

# How long the collection system waits between steps (docs/upstream-contracts.md).
COLLECTION_AFTER_REMINDER_DUE_DAYS = 3


@dataclass(frozen=True)
class Entry:
    on: datetime.date
    text: str


@dataclass(frozen=True)
class NextStep:
    text: str
    earliest: datetime.date | None = None
    max_cost: Decimal | None = None


LETTER_TEXT = {
    Letter.Kind.INVOICE: lambda: _("The invoice was sent."),
    Letter.Kind.REMINDER: lambda: _("A payment reminder was sent."),
    Letter.Kind.COLLECTION: lambda: _("A collection letter was sent."),
    Letter.Kind.LEGAL: lambda: _("A legal collection letter was sent."),
    Letter.Kind.PLAN_CONFIRMATION: lambda: _("The payment plan was confirmed."),
    Letter.Kind.POSTPONEMENT_CONFIRMATION: lambda: _("The new due date was confirmed."),
    Letter.Kind.RECEIPT: lambda: _("A receipt for your payment was made."),
}


def history(
    invoice: Invoice, letters, payments, disputes, postponements=(), plans=()
) -> list[Entry]:
    """What has happened, oldest first (all inputs already loaded: no queries here)."""
    entries = [Entry(invoice.invoice_date, _("The invoice was issued."))]
    for plan in plans:
        entries.append(Entry(plan.created_at.date(), _("You agreed to a payment plan.")))
        if plan.status == "lapsed" and plan.ended_at:
            entries.append(
                Entry(
                    plan.ended_at.date(),
                    _(
                        "The payment plan lapsed because an instalment was late; "
                        "collection resumed."
                    ),
                )
            )
    for moved in postponements:
        entries.append(
            Entry(
                moved.created_at.date(),
                _("The due date was moved to %(date)s.")
                % {"date": date_format(moved.new_due_date, "SHORT_DATE_FORMAT")},
            )
        )
    entries += [Entry(letter.sent_on, LETTER_TEXT[letter.kind]()) for letter in letters]
    for payment in payments:
        if payment.kind == ReportedPayment.Kind.CAPITAL_CANCELLATION:
            text = _("The claim was reduced by %(amount)s.")
        else:
            text = _("A payment of %(amount)s was recorded.")
        entries.append(
            Entry(payment.paid_on, text % {"amount": money(payment.amount, invoice.currency)})
        )
    for dispute in disputes:
        entries.append(Entry(dispute.created_at.date(), _("You disputed the claim.")))
        if dispute.resolved_at:
            entries.append(
                Entry(
                    dispute.resolved_at.date(),
                    _("Dispute: %(outcome)s.") % {"outcome": dispute.get_status_display()},
                )
            )
    return sorted(entries, key=lambda e: e.on)


def _cost(step: str, invoice: Invoice, on: datetime.date) -> Decimal | None:
    try:
        return rules.max_step_cost(
            step,
            country=invoice.country,
            debtor_kind=invoice.debtor.kind,
            capital=invoice.capital,
            costs_so_far=invoice.fees,
            on=on,
        )
    except rules.NoRules:
        return None


def next_step(
    invoice: Invoice,
    *,
    open_dispute: Dispute | None,
    today: datetime.date,
    settled: bool = False,
    in_a_plan: bool = False,
    due_date: datetime.date | None = None,
) -> NextStep | None:
    """What happens next if nothing is done, with the earliest day and the most it may add.

    `settled`: paid in full in the portal, upstream not yet confirmed (no warning then);
    `in_a_plan`: a plan agreed here runs, whatever stage the replica still shows;
    `due_date`: the due date as agreed (moved here, not yet in the replica)."""
    if invoice.status != InvoiceStatus.OPEN or settled:
        return None
    if open_dispute is not None or invoice.collection_paused:
        return NextStep(
            _(
                "Collection is paused while your dispute is looked into. "
                "Customer service will answer you."
            )
        )
    due = due_date or invoice.due_date
    if in_a_plan or invoice.stage == Stage.PAYMENT_PLAN:
        return NextStep(
            _(
                "Pay each instalment by its due date. If an instalment is missed, the plan "
                "may lapse and collection resumes."
            )
        )
    if invoice.stage == Stage.INVOICE:
        try:
            wait = rules.rules_for(
                invoice.country, invoice.debtor.kind, today
            ).first_reminder_after_days
        except rules.NoRules:
            wait = 0
        earliest = max(due + datetime.timedelta(days=max(wait, 1)), today)
        return NextStep(
            _("If the invoice is not paid by its due date, a payment reminder may be sent."),
            earliest,
            _cost("reminder", invoice, earliest),
        )
    if invoice.stage == Stage.REMINDER:
        earliest = max(due + datetime.timedelta(days=COLLECTION_AFTER_REMINDER_DUE_DAYS), today)
        return NextStep(
            _("If the reminder is not paid by its due date, the case may move to debt collection."),
            earliest,
            _cost("collection", invoice, earliest),
        )
    if invoice.stage == Stage.COLLECTION:
        if invoice.creditor.allows_legal_collection:
            return NextStep(
                _(
                    "If the debt is not paid or agreed on, the creditor may take it to court. "
                    "Court fees are set by law."
                ),
                max(due, today),
            )
        return NextStep(
            _("Collection continues until the debt is paid or a payment plan is agreed.")
        )
    if invoice.stage == Stage.LEGAL:
        return NextStep(
            _(
                "The claim is in legal collection. A court decision can be enforced by the "
                "enforcement authority."
            )
        )
    return None
