"""Payment plans: what may be offered for an invoice, agreeing to one, and keeping it honest.

`plan_terms` turns the creditor's policy and the country's rules into `PlanTerms` (or says
why no plan is possible); `agree_payment_plan` recomputes the chosen proposal, records the
plan and its instalments (each with its own reference) and sends it to Ropo One through the
outbox; `check_plans` reminds before and after each due date and lets a plan lapse after the
grace period, which sends the lapse upstream so collection resumes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from invoices import rules
from invoices.models import CreditorPolicy, Dispute, Invoice, InvoiceStatus, ReportedPayment, Stage
from invoices.postponements import exceptions_for, policy_for
from invoices.selectors import unconfirmed_total
from invoices.services import unconfirmed_payments
from payments import references
from payments.models import Instalment, PaymentPlan
from payments.plans import PlanNotPossible, PlanTerms, most_instalments, propose_plans

ZERO = Decimal("0.00")
PLANNABLE = (Stage.INVOICE, Stage.REMINDER, Stage.COLLECTION)
RUNNING = (PaymentPlan.Status.PENDING, PaymentPlan.Status.ACTIVE)


def in_a_plan(invoice: Invoice) -> bool:
    """Paid in instalments: upstream says so, or a plan here is pending or running."""
    return invoice.stage == Stage.PAYMENT_PLAN or invoice.plans.filter(status__in=RUNNING).exists()


def _refusal(invoice: Invoice) -> str:
    if invoice.status != InvoiceStatus.OPEN:
        return _("Only open invoices can be paid in instalments.")
    if in_a_plan(invoice):
        return _("This invoice already has a payment plan.")
    if invoice.stage not in PLANNABLE:
        return _("A payment plan cannot be made in legal collection. Write to customer service.")
    if invoice.collection_paused or invoice.disputes.filter(status=Dispute.Status.OPEN).exists():
        return _("The invoice is disputed: collection is paused until you get an answer.")
    if not policy_for(invoice).plans_allowed:
        return _("%(creditor)s does not offer payment plans in MyRopo.") % {
            "creditor": invoice.creditor.name
        }
    return ""


def unconfirmed_paid(invoice: Invoice) -> Decimal:
    """Money paid and reported but not yet in the replica: a capital cancellation lowers what
    is owed but pays no instalment."""
    return unconfirmed_payments(invoice, kind=ReportedPayment.Kind.PAYMENT)


def owed_now(invoice: Invoice) -> Decimal:
    return max(ZERO, invoice.balance - unconfirmed_payments(invoice))


def plan_terms(invoice: Invoice, *, today: datetime.date) -> PlanTerms:
    """The limits of a plan for this invoice today; raises `PlanNotPossible` with the reason."""
    refusal = _refusal(invoice)
    if refusal:
        raise PlanNotPossible(refusal)
    policy, max_instalments = _policy_limits(invoice)
    principal = owed_now(invoice)
    try:
        law = rules.rules_for(invoice.country, invoice.debtor.kind, today)
        rate = rules.late_interest_rate(invoice.country, invoice.debtor.kind, today)
    except rules.NoRules:
        law, rate = None, ZERO
    fee, per_notice, cap = ZERO, ZERO, None
    if law is not None:
        charged = invoice.plans.filter(fee__gt=0).count()
        if law.chargeable_plans is None or charged < law.chargeable_plans:
            fee, per_notice = rules.pick(law.plan_fee, invoice.capital), law.plan_fee_per_notice
        total_cap = law.cost_cap(invoice.capital)
        cap = None if total_cap is None else max(ZERO, total_cap - invoice.fees)
    return PlanTerms(
        principal=principal,
        interest_base=max(ZERO, min(invoice.capital, principal)),
        annual_rate=rate,
        fee=fee,
        fee_per_notice=per_notice,
        fee_cap=cap,
        max_instalments=max_instalments,
        min_instalment=policy.plan_min_instalment,
        first_at_once=policy.plan_first_due_at_once,
        currency=invoice.currency,
    )


def _policy_limits(invoice: Invoice) -> tuple[CreditorPolicy, int]:
    """The creditor's policy and the most instalments it allows for this invoice."""
    policy = policy_for(invoice)
    max_instalments = policy.plan_max_months + exceptions_for(invoice)["months"]
    if not policy.plans_allowed or max_instalments < 2:  # the policy leaves no room for a plan
        raise PlanNotPossible(
            _("%(creditor)s does not offer payment plans in MyRopo.")
            % {"creditor": invoice.creditor.name}
        )
    return policy, max_instalments


def plan_refusal(invoice: Invoice, *, owed: Decimal) -> str:
    """Why the case page offers no plan for an open invoice whose stage, disputes and plans
    allow one (the builder checks everything again): the creditor's policy, or ``owed`` being
    too small to split. "" when a plan is possible."""
    try:
        policy, max_instalments = _policy_limits(invoice)
        most_instalments(
            owed, min_instalment=policy.plan_min_instalment, max_instalments=max_instalments
        )
    except PlanNotPossible as exc:
        return str(exc)
    return ""


def _reference(invoice: Invoice, plan: PaymentPlan, number: int) -> str:
    base = f"9{plan.pk:07d}{number:02d}"  # no leading zero; unique per plan and instalment
    if invoice.country == "SE":
        return references.se_ocr(base)
    if invoice.country == "NO":
        return references.kid(base)
    return references.fi_reference(base)


@transaction.atomic
def agree_payment_plan(
    invoice: Invoice,
    *,
    count: int,
    day_of_month: int,
    expected_total: Decimal | None,
    actor,
    today: datetime.date,
) -> PaymentPlan:
    """Agree the plan of ``count`` instalments on ``day_of_month`` that the builder showed.

    The proposal is built again here from the same rules; if its total to pay is not the one
    the person saw (``expected_total``), nothing is written and `PlanNotPossible` asks them to
    look again. Raises `PlanNotPossible` for every refusal.
    """
    from integrations import outbox

    invoice = (
        Invoice.objects.select_for_update().select_related("creditor", "debtor").get(pk=invoice.pk)
    )
    terms = plan_terms(invoice, today=today)
    (proposal,) = propose_plans(terms, start=today, day_of_month=day_of_month, count=count)
    if expected_total is not None and proposal.total_to_pay != expected_total:
        raise PlanNotPossible(
            _("The amounts have changed since you looked. Please check the plan again.")
        )
    try:
        with transaction.atomic():
            plan = PaymentPlan.objects.create(
                invoice=invoice,
                principal=proposal.principal,
                fee=proposal.fee,
                interest_forecast=proposal.interest_forecast,
                day_of_month=day_of_month,
                paid_at_start=invoice.paid + unconfirmed_paid(invoice),
                created_by=actor,
            )
    except IntegrityError as exc:
        raise PlanNotPossible(_("This invoice already has a payment plan.")) from exc
    Instalment.objects.bulk_create(
        Instalment(
            plan=plan,
            number=i.number,
            due_date=i.due,
            amount=i.amount,
            reference=_reference(invoice, plan, i.number),
        )
        for i in proposal.instalments
    )
    country, jobid = invoice.upstream_job
    outbox.enqueue(
        "ropo_one.plan",
        {
            "plan": str(plan.public_id),
            "country": country,
            "jobid": jobid,
            "action": "agree",
            "fee": str(proposal.fee),
            "instalments": [
                {"due": i.due.isoformat(), "amount": str(i.amount)} for i in proposal.instalments
            ],
        },
    )
    audit.record(
        "plan.agreed",
        actor=actor,
        obj=invoice,
        after={
            "plan": plan.public_id,
            "instalments": count,
            "fee": proposal.fee,
            "total": proposal.total_to_pay,
        },
    )
    return plan


@transaction.atomic
def record_plan_agreed(public_id: str, *, instalments: list[tuple[datetime.date, Decimal]]) -> None:
    """Upstream agreed the plan; its last instalment may carry interest booked meanwhile."""
    plan = PaymentPlan.objects.select_for_update().get(public_id=public_id)
    if plan.status != PaymentPlan.Status.PENDING:
        return
    rows = list(plan.instalments.order_by("number"))
    if len(rows) == len(instalments):
        for row, (due, amount) in zip(rows, instalments, strict=True):
            row.due_date, row.amount = due, amount
        Instalment.objects.bulk_update(rows, ["due_date", "amount"])
    plan.status = PaymentPlan.Status.ACTIVE
    plan.save(update_fields=["status"])
    audit.record("plan.confirmed", obj=plan.invoice, data={"plan": str(plan.public_id)})


@dataclass(frozen=True)
class InstalmentState:
    instalment: Instalment
    paid: Decimal  # how much of it is paid
    state: str  # "paid", "due", "late"

    @property
    def left(self) -> Decimal:
        return self.instalment.amount - self.paid


def instalment_states(plan: PaymentPlan, *, today: datetime.date) -> list[InstalmentState]:
    """Each instalment with what is paid of it: payments since the plan began cover them in
    order, whichever way they came (the portal, a bank transfer, the creditor)."""
    invoice = plan.invoice
    unconfirmed = getattr(invoice, "unconfirmed_paid", None)
    if unconfirmed is None:
        unconfirmed = unconfirmed_paid(invoice)
    available = max(ZERO, invoice.paid + unconfirmed - plan.paid_at_start)
    states = []
    for row in plan.instalments.all():
        covered = min(row.amount, available)
        available -= covered
        late = row.due_date < today
        state = "paid" if covered == row.amount else ("late" if late else "due")
        states.append(InstalmentState(row, covered, state))
    return states


def _notify(plan: PaymentPlan, template: str, instalment: Instalment) -> None:
    from messaging.notifications import notify

    user = plan.created_by
    notify(
        to=user.email,
        template=template,
        context={"creditor": plan.invoice.creditor.name, "due": instalment.due_date},
        language=user.language,
    )


@transaction.atomic
def lapse_plan(plan: PaymentPlan, *, today: datetime.date) -> None:
    """End a plan whose instalment is past its grace period; collection resumes upstream."""
    from integrations import outbox

    plan = PaymentPlan.objects.select_for_update().select_related("invoice").get(pk=plan.pk)
    if plan.status not in RUNNING:
        return
    plan.status = PaymentPlan.Status.LAPSED
    plan.ended_at = timezone.now()
    plan.save(update_fields=["status", "ended_at"])
    country, jobid = plan.invoice.upstream_job
    outbox.enqueue(
        "ropo_one.plan",
        {"plan": str(plan.public_id), "country": country, "jobid": jobid, "action": "lapse"},
    )
    audit.record("plan.lapsed", obj=plan.invoice, data={"plan": str(plan.public_id)})
    _notify(plan, "plan_lapsed", plan.instalments.order_by("number").first())


def check_plans(*, today: datetime.date) -> dict[str, int]:
    """Remind before and after due dates, complete paid plans, lapse those past grace."""
    counts = {"reminded_before": 0, "reminded_after": 0, "completed": 0, "lapsed": 0}
    before = datetime.timedelta(days=settings.PLAN_REMINDER_DAYS_BEFORE)
    grace = datetime.timedelta(days=settings.PLAN_GRACE_DAYS)
    # The invoices come with their unconfirmed payments: no query per plan.
    invoices = Invoice.objects.select_related("creditor").annotate(
        unconfirmed_paid=unconfirmed_total(kind=ReportedPayment.Kind.PAYMENT)
    )
    running = PaymentPlan.objects.filter(status=PaymentPlan.Status.ACTIVE).select_related(
        "created_by"
    )
    for plan in running.prefetch_related(Prefetch("invoice", invoices), "instalments"):
        states = instalment_states(plan, today=today)
        if plan.invoice.status != InvoiceStatus.OPEN or all(s.state == "paid" for s in states):
            _complete(plan)
            counts["completed"] += 1
            continue
        late = [s for s in states if s.state == "late"]
        if late and late[0].instalment.due_date + grace < today:
            lapse_plan(plan, today=today)
            counts["lapsed"] += 1
            continue
        for s in states:
            row = s.instalment
            if s.state == "due" and not row.reminded_before and row.due_date - before <= today:
                _remind(plan, row, "reminded_before", "plan_instalment_due")
                counts["reminded_before"] += 1
            elif s.state == "late" and not row.reminded_after:
                _remind(plan, row, "reminded_after", "plan_instalment_late")
                counts["reminded_after"] += 1
    return counts


@transaction.atomic
def _remind(plan: PaymentPlan, row: Instalment, flag: str, template: str) -> None:
    updated = Instalment.objects.filter(pk=row.pk, **{flag: False}).update(**{flag: True})
    if updated:  # another worker did not get there first
        _notify(plan, template, row)
        audit.record(f"plan.{flag}", obj=plan.invoice, data={"instalment": row.number})


def _complete(plan: PaymentPlan) -> None:
    PaymentPlan.objects.filter(pk=plan.pk, status=PaymentPlan.Status.ACTIVE).update(
        status=PaymentPlan.Status.COMPLETED, ended_at=timezone.now()
    )
    audit.record("plan.completed", obj=plan.invoice, data={"plan": str(plan.public_id)})
