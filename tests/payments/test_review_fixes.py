"""Regressions for the review of payments, plans, postponements and disputes."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from integrations.http import UpstreamError
from invoices import disputes, postponements
from invoices.errors import InvoiceActionError
from invoices.models import CreditorPolicy, Dispute, Invoice, Postponement, ReportedPayment
from invoices.services import (
    apply_case_updates,
    record_reported_payment_booked,
    report_direct_payment,
)
from payments import plan_services, services
from payments.models import Payment, PaymentPlan
from payments.plans import PlanNotPossible, PlanTerms, propose_plans
from payments.providers.base import CreatedPayment, SignatureError
from payments.providers.paytrail import verify
from tests.invoices.snapshots import case, newer
from tests.invoices.snapshots import debtor as party

pytestmark = pytest.mark.django_db

SEPTEMBER = datetime.date(2026, 9, 10)


def one(**overrides) -> Invoice:
    apply_case_updates([case(1, debtor=party(0), **overrides)])
    return Invoice.objects.get()


# -- 6: a signature that is not ASCII is refused, not a 500 -----------------------------------


def test_verify_refuses_a_non_ascii_signature():
    headers = {"checkout-account": "375917", "checkout-algorithm": "sha256"}
    with pytest.raises(SignatureError):
        verify("SAIPPUAKAUPPIAS", headers, "", "ä")


@pytest.mark.parametrize("name", ["payments:callback_success", "payments:return_success"])
def test_a_non_ascii_signature_is_refused_without_a_500(name):
    client = Client(raise_request_exception=False)
    query = "checkout-account=375917&checkout-algorithm=sha256&signature=%C3%A4"
    response = client.get(f"{reverse(name)}?{query}")
    assert response.status_code == 400


# -- 7: a policy of no plan months refuses, never divides by zero -----------------------------


def _terms(max_instalments: int) -> PlanTerms:
    return PlanTerms(
        principal=Decimal("600.00"),
        interest_base=Decimal("550.00"),
        annual_rate=Decimal("0"),
        fee=Decimal("0"),
        max_instalments=max_instalments,
        min_instalment=Decimal("20.00"),
        first_at_once=False,
    )


@pytest.mark.parametrize("max_instalments", [0, 1])
@pytest.mark.parametrize("choice", [{"monthly": Decimal("100")}, {"count": 2}])
def test_a_plan_of_fewer_than_two_months_is_not_possible(max_instalments, choice):
    with pytest.raises(PlanNotPossible):
        propose_plans(_terms(max_instalments), start=SEPTEMBER, day_of_month=15, **choice)


def test_plan_max_months_zero_refuses_in_plan_terms_and_the_builder():
    invoice = one(
        stage="collection",
        capital=Decimal("550.00"),
        fees=Decimal("50.00"),
        interest=Decimal("0"),
        balance=Decimal("600.00"),
    )
    CreditorPolicy.objects.create(creditor=invoice.creditor, plan_max_months=0)
    with pytest.raises(PlanNotPossible):
        terms = plan_services.plan_terms(invoice, today=SEPTEMBER)
        propose_plans(terms, start=SEPTEMBER, day_of_month=15, monthly=Decimal("100"))


# -- 4: no postponement while a plan is running -----------------------------------------------


def test_no_postponement_while_a_plan_is_pending_before_the_stage_changes(debtor):
    invoice = one(
        stage="reminder",
        capital=Decimal("550.00"),
        fees=Decimal("50.00"),
        interest=Decimal("0"),
        balance=Decimal("600.00"),
        due_date=datetime.date(2026, 9, 15),
    )
    plan_services.agree_payment_plan(
        invoice, count=6, day_of_month=15, expected_total=None, actor=debtor, today=SEPTEMBER
    )
    invoice.refresh_from_db()
    assert invoice.stage == "reminder"

    offer = postponements.postponement_offer(invoice, today=SEPTEMBER)

    assert not offer.allowed
    with pytest.raises(InvoiceActionError):
        postponements.postpone_due_date(
            invoice,
            new_due_date=datetime.date(2026, 9, 20),
            actor=debtor,
            today=SEPTEMBER,
        )
    assert not Postponement.objects.exists()


# -- 3: a second postponement before sync counts from the postponed date ----------------------


def test_a_second_postponement_before_sync_starts_from_the_postponed_date(debtor):
    invoice = one(stage="invoice", due_date=datetime.date(2026, 9, 15))
    CreditorPolicy.objects.create(
        creditor=invoice.creditor, postponements_max=2, postponement_max_days=30
    )
    postponements.postpone_due_date(
        invoice, new_due_date=datetime.date(2026, 10, 10), actor=debtor, today=SEPTEMBER
    )
    invoice.refresh_from_db()
    assert invoice.due_date == datetime.date(2026, 9, 15)  # not synced yet

    offer = postponements.postponement_offer(invoice, today=SEPTEMBER)

    assert offer.dates[0] == datetime.date(2026, 10, 11)
    assert offer.dates[-1] == datetime.date(2026, 10, 15)  # 30 days from the first due date
    with pytest.raises(InvoiceActionError):
        postponements.postpone_due_date(
            invoice, new_due_date=datetime.date(2026, 9, 20), actor=debtor, today=SEPTEMBER
        )
    second = postponements.postpone_due_date(
        invoice, new_due_date=datetime.date(2026, 10, 14), actor=debtor, today=SEPTEMBER
    )
    assert second.old_due_date == datetime.date(2026, 10, 10)


# -- 2: upholding a part dispute after a part payment -----------------------------------------


def test_upholding_after_a_part_payment_cancels_only_what_is_still_owed(debtor, agent):
    invoice = one()  # capital 100, balance 105.50
    dispute = disputes.open_dispute(
        invoice,
        scope="part",
        amount=Decimal("50.00"),
        reason="I never ordered this part",
        uploads=[],
        actor=debtor,
    )
    report_direct_payment(invoice, amount=Decimal("60.00"), paid_on=timezone.localdate())

    disputes.resolve_dispute(dispute, outcome="upheld", answer="ok", actor=agent)

    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.UPHELD
    cancellation = ReportedPayment.objects.get(kind=ReportedPayment.Kind.CAPITAL_CANCELLATION)
    assert cancellation.amount == Decimal("45.50")


def test_upholding_when_nothing_is_owed_any_more_skips_the_cancellation(debtor, agent):
    invoice = one()
    dispute = disputes.open_dispute(
        invoice,
        scope="part",
        amount=Decimal("50.00"),
        reason="I never ordered this part",
        uploads=[],
        actor=debtor,
    )
    report_direct_payment(invoice, amount=Decimal("105.50"), paid_on=timezone.localdate())

    disputes.resolve_dispute(dispute, outcome="upheld", answer="ok", actor=agent)

    dispute.refresh_from_db()
    assert dispute.status == Dispute.Status.UPHELD
    assert not ReportedPayment.objects.filter(
        kind=ReportedPayment.Kind.CAPITAL_CANCELLATION
    ).exists()


# -- 5: reopening an attempt left `created` checks the amount again ---------------------------


class _Down:
    def create_payment(self, payment):
        raise UpstreamError("down", permanent=False)


class _Up:
    asked: list

    def __init__(self):
        self.asked = []

    def create_payment(self, payment):
        self.asked.append(payment.amount_cents)
        return CreatedPayment(transaction_id=str(uuid.uuid4()), href="https://gw.invalid/x")


URLS = services.ReturnUrls("a", "b", "c", "d")


def test_reopening_an_attempt_after_the_balance_dropped_is_refused(monkeypatch, debtor):
    invoice = one()  # 105.50 owed
    monkeypatch.setattr(services, "get_provider", lambda: _Down())
    payment = services.start_payment(invoice, amount=Decimal("105.50"), idempotency_key="k1")
    with pytest.raises(UpstreamError):
        services.open_at_gateway(payment, urls=URLS)
    report_direct_payment(invoice, amount=Decimal("100.00"), paid_on=timezone.localdate())
    up = _Up()
    monkeypatch.setattr(services, "get_provider", lambda: up)

    again = services.start_payment(invoice, amount=Decimal("105.50"), idempotency_key="k1")
    with pytest.raises(services.PaymentError) as refused:
        services.open_at_gateway(again, urls=URLS)

    assert "more than what is owed" in str(refused.value)
    assert up.asked == []
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.FAILED


def test_reopening_an_attempt_that_still_fits_goes_to_the_gateway(monkeypatch, debtor):
    invoice = one()
    monkeypatch.setattr(services, "get_provider", lambda: _Down())
    payment = services.start_payment(invoice, amount=Decimal("50.00"), idempotency_key="k1")
    with pytest.raises(UpstreamError):
        services.open_at_gateway(payment, urls=URLS)
    up = _Up()
    monkeypatch.setattr(services, "get_provider", lambda: up)

    assert services.open_at_gateway(payment, urls=URLS) == "https://gw.invalid/x"
    assert up.asked == [5000]
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PENDING


# -- 1: a capital cancellation is not money the debtor paid -----------------------------------


def test_a_pending_capital_cancellation_does_not_make_a_paid_instalment_late(debtor, settings):
    today = timezone.localdate()
    snap = case(
        1,
        debtor=party(0),
        stage="collection",
        collection_status="debt_collection",
        capital=Decimal("550.00"),
        fees=Decimal("50.00"),
        interest=Decimal("0.00"),
        balance=Decimal("600.00"),
    )
    apply_case_updates([snap])
    invoice = Invoice.objects.get()
    cancellation = report_direct_payment(
        invoice,
        amount=Decimal("100.00"),
        paid_on=today,
        kind=ReportedPayment.Kind.CAPITAL_CANCELLATION,
    )
    plan = plan_services.agree_payment_plan(
        invoice, count=5, day_of_month=15, expected_total=None, actor=debtor, today=today
    )
    assert plan.paid_at_start == invoice.paid
    PaymentPlan.objects.filter(pk=plan.pk).update(status=PaymentPlan.Status.ACTIVE)
    rows = list(plan.instalments.order_by("number"))
    # Upstream books the cancellation: capital and balance drop, nothing more is paid.
    record_reported_payment_booked(
        cancellation.public_id,
        snapshot=newer(snap, capital=Decimal("450.00"), balance=Decimal("500.00")),
    )
    report_direct_payment(invoice, amount=rows[0].amount, paid_on=today)
    plan.refresh_from_db()

    states = plan_services.instalment_states(plan, today=rows[0].due_date)
    assert states[0].state == "paid"
    after_grace = rows[0].due_date + datetime.timedelta(days=settings.PLAN_GRACE_DAYS + 1)
    assert plan_services.check_plans(today=after_grace)["lapsed"] == 0
    plan.refresh_from_db()
    assert plan.status == PaymentPlan.Status.ACTIVE


def test_an_unconfirmed_cancellation_is_not_counted_as_paid_to_the_plan(debtor, settings):
    today = timezone.localdate()
    invoice = one(
        stage="collection",
        collection_status="debt_collection",
        capital=Decimal("550.00"),
        fees=Decimal("50.00"),
        interest=Decimal("0.00"),
        balance=Decimal("600.00"),
    )
    plan = plan_services.agree_payment_plan(
        invoice, count=5, day_of_month=15, expected_total=None, actor=debtor, today=today
    )
    PaymentPlan.objects.filter(pk=plan.pk).update(status=PaymentPlan.Status.ACTIVE)
    report_direct_payment(
        invoice,
        amount=Decimal("100.00"),
        paid_on=today,
        kind=ReportedPayment.Kind.CAPITAL_CANCELLATION,
    )
    plan.refresh_from_db()
    first = plan.instalments.order_by("number").first()

    states = plan_services.instalment_states(plan, today=first.due_date)

    assert states[0].paid == Decimal("0.00")
    after_grace = first.due_date + datetime.timedelta(days=settings.PLAN_GRACE_DAYS + 1)
    assert plan_services.check_plans(today=after_grace)["lapsed"] == 1
