"""Moving a due date: what the creditor's policy and the law allow, and agreeing to it.

`postponement_offer` says whether this invoice's due date can be moved, to which days, at
what fee and what happens if the new date is missed; `postpone_due_date` agrees to one of
those days, records it, and sends it to Ropo One through the outbox in the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts import audit
from invoices import rules
from invoices.errors import InvoiceActionError
from invoices.models import (
    CreditorPolicy,
    Dispute,
    Invoice,
    InvoiceStatus,
    PolicyException,
    Postponement,
    Stage,
)

ZERO = Decimal("0.00")
POSTPONABLE = (Stage.INVOICE, Stage.REMINDER)  # later stages: a payment plan instead


@dataclass(frozen=True)
class PostponementOffer:
    refusal: str = ""  # why not, for the person; empty when it can be done
    dates: list[datetime.date] = field(default_factory=list)
    fee: Decimal = ZERO
    if_missed: str = ""

    @property
    def allowed(self) -> bool:
        return not self.refusal


def policy_for(invoice: Invoice) -> CreditorPolicy:
    """The creditor's policy, or the defaults of a new one."""
    try:
        return invoice.creditor.policy
    except CreditorPolicy.DoesNotExist:
        return CreditorPolicy(creditor=invoice.creditor)


def exceptions_for(invoice: Invoice) -> dict[str, int]:
    sums = PolicyException.objects.filter(invoice=invoice).aggregate(
        days=Sum("extra_postponement_days"),
        times=Sum("extra_postponements"),
        months=Sum("extra_plan_months"),
    )
    return {key: value or 0 for key, value in sums.items()}


def _in_a_plan(invoice: Invoice) -> bool:
    from payments.plan_services import in_a_plan  # payments builds on this module

    return in_a_plan(invoice)


def current_due_date(invoice: Invoice) -> datetime.date:
    """The due date as agreed: the local copy changes only once Ropo One has the postponement,
    so the latest postponement's new date counts until then."""
    postponed = invoice.postponements.order_by("-created_at", "-pk").first()
    if postponed is None:
        return invoice.due_date
    return max(invoice.due_date, postponed.new_due_date)


def _refusal(invoice: Invoice, policy: CreditorPolicy, used: int, extra: dict) -> str:
    creditor = invoice.creditor.name
    if invoice.status != InvoiceStatus.OPEN:
        return _("Only open invoices can be postponed.")
    if invoice.stage == Stage.LEGAL:
        return _("A due date cannot be moved in legal collection.")
    if invoice.stage == Stage.COLLECTION:
        return _("A due date cannot be moved in debt collection. A payment plan may help.")
    if _in_a_plan(invoice):
        return _("This invoice is paid in instalments; its plan has its own dates.")
    if invoice.collection_paused or invoice.disputes.filter(status=Dispute.Status.OPEN).exists():
        return _("The invoice is disputed: collection is paused until you get an answer.")
    if not policy.postponement_allowed:
        return _("%(creditor)s does not allow moving due dates.") % {"creditor": creditor}
    if used >= policy.postponements_max + extra["times"]:
        return _("The due date has already been moved as many times as %(creditor)s allows.") % {
            "creditor": creditor
        }
    return ""


def _fee(invoice: Invoice, policy: CreditorPolicy, today: datetime.date) -> Decimal:
    """The creditor's fee, never more than the overall statutory cap leaves room for."""
    try:
        cap = rules.rules_for(invoice.country, invoice.debtor.kind, today).cost_cap(invoice.capital)
    except rules.NoRules:
        cap = None
    if cap is None:
        return policy.postponement_fee
    return max(ZERO, min(policy.postponement_fee, cap - invoice.fees))


def _if_missed(invoice: Invoice, new_due: datetime.date) -> str:
    step = "reminder" if invoice.stage == Stage.INVOICE else "collection"
    try:
        cost = rules.max_step_cost(
            step,
            country=invoice.country,
            debtor_kind=invoice.debtor.kind,
            capital=invoice.capital,
            costs_so_far=invoice.fees,
            on=new_due,
        )
    except rules.NoRules:
        cost = None
    from invoices.templatetags.money import money

    if step == "reminder":
        text = _("If it is not paid by the new due date, a payment reminder may be sent.")
    else:
        text = _("If it is not paid by the new due date, the case may move to debt collection.")
    if cost is not None:
        text += " " + _("By law it may add at most %(cost)s in costs.") % {
            "cost": money(cost, invoice.currency)
        }
    return text


def postponement_offer(invoice: Invoice, *, today: datetime.date) -> PostponementOffer:
    """What this invoice's debtor may choose now (no writes)."""
    policy = policy_for(invoice)
    extra = exceptions_for(invoice)
    used = invoice.postponements.count()
    refusal = _refusal(invoice, policy, used, extra)
    if refusal:
        return PostponementOffer(refusal=refusal)
    original = invoice.postponements.order_by("created_at").values_list("old_due_date", flat=True)
    base = original.first() or invoice.due_date  # the limit counts from the first due date
    latest = base + datetime.timedelta(days=policy.postponement_max_days + extra["days"])
    first = max(current_due_date(invoice), today) + datetime.timedelta(days=1)
    dates = [first + datetime.timedelta(days=n) for n in range((latest - first).days + 1)]
    if not dates:
        return PostponementOffer(
            refusal=_("The longest postponement %(creditor)s allows has been used.")
            % {"creditor": invoice.creditor.name}
        )
    return PostponementOffer(
        dates=dates, fee=_fee(invoice, policy, today), if_missed=_if_missed(invoice, dates[-1])
    )


@transaction.atomic
def postpone_due_date(
    invoice: Invoice, *, new_due_date: datetime.date, actor, today: datetime.date
) -> Postponement:
    """Move the due date to ``new_due_date`` (one of the offered days) and tell Ropo One.

    Raises `InvoiceActionError` (nothing written) if the policy, the stage or the law does
    not allow it, or the day is not one of those offered.
    """
    from integrations import outbox

    invoice = (
        Invoice.objects.select_for_update().select_related("creditor", "debtor").get(pk=invoice.pk)
    )
    offer = postponement_offer(invoice, today=today)
    old_due_date = current_due_date(invoice)
    if not offer.allowed:
        raise InvoiceActionError(offer.refusal)
    if new_due_date not in offer.dates:
        raise InvoiceActionError(
            _("Choose a new due date from %(first)s to %(last)s.")
            % {"first": offer.dates[0].isoformat(), "last": offer.dates[-1].isoformat()}
        )
    postponement = Postponement.objects.create(
        invoice=invoice,
        old_due_date=old_due_date,
        new_due_date=new_due_date,
        fee=offer.fee,
        requested_by=actor,
    )
    country, jobid = invoice.upstream_job
    outbox.enqueue(
        "ropo_one.postpone",
        {
            "postponement": str(postponement.public_id),
            "country": country,
            "jobid": jobid,
            "paydate": new_due_date.isoformat(),
            "fee": str(offer.fee),
        },
    )
    audit.record(
        "postponement.agreed",
        actor=actor,
        obj=invoice,
        before={"due_date": old_due_date},
        after={"due_date": new_due_date, "fee": offer.fee, "postponement": postponement.public_id},
    )
    return postponement
