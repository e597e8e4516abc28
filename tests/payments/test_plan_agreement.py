"""Agreeing a payment plan: what the builder offers, what the law and policy refuse, the plan
and its instalments with their own references, reminders, lapsing, and who may do it."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from integrations.models import OutboxEvent
from invoices.models import CreditorPolicy, Invoice
from invoices.services import apply_case_updates, report_direct_payment
from payments import plan_services, references
from payments.models import PaymentPlan
from payments.plans import PlanNotPossible
from tests.conftest import log_in
from tests.invoices.snapshots import case
from tests.invoices.snapshots import debtor as party

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def one(**overrides) -> Invoice:
    fields = {
        "stage": "collection",
        "collection_status": "debt_collection",
        "capital": Decimal("550.00"),
        "fees": Decimal("50.00"),
        "interest": Decimal("0.00"),
        "balance": Decimal("600.00"),
    }
    apply_case_updates([case(1, debtor=party(0), **(fields | overrides))])
    return Invoice.objects.get()


def agree(invoice, debtor, count=6, day=15, **kwargs):
    return plan_services.agree_payment_plan(
        invoice,
        count=count,
        day_of_month=day,
        expected_total=None,
        actor=debtor,
        today=TODAY,
        **kwargs,
    )


def test_the_finnish_consumer_plan_fee_is_capped_by_the_overall_cost_cap(debtor):
    invoice = one()
    terms = plan_services.plan_terms(invoice, today=TODAY)
    assert terms.fee == Decimal("50.00")  # capital above 200 €
    assert terms.fee_cap == Decimal("160.00")  # 210 € cap less 50 € of costs so far
    assert terms.annual_rate == Decimal("9.15")  # reference rate 2.15 + 7
    near_cap = one(version=2, fees=Decimal("190.00"), balance=Decimal("740.00"))
    assert plan_services.plan_terms(near_cap, today=TODAY).fee_for(6) == Decimal("20.00")


def test_agreeing_creates_the_plan_with_referenced_instalments_and_sends_it_upstream(debtor):
    invoice = one()
    plan = agree(invoice, debtor)
    rows = list(plan.instalments.all())
    assert len(rows) == 6
    assert sum(r.amount for r in rows) == Decimal("650.00")  # 600 owed + 50 fee
    assert rows[0].amount == Decimal("150.00")
    assert all(references.is_valid_fi_reference(r.reference) for r in rows)
    assert len({r.reference for r in rows}) == 6
    assert [r.due_date.day for r in rows] == [15] * 6
    event = OutboxEvent.objects.get(topic="ropo_one.plan")
    assert event.payload["action"] == "agree"
    assert event.payload["fee"] == "50.00"
    assert [i["amount"] for i in event.payload["instalments"]][:2] == ["150.00", "100.00"]


def test_a_changed_total_since_the_builder_showed_it_writes_nothing(debtor):
    invoice = one()
    with pytest.raises(PlanNotPossible, match="The amounts have changed"):
        plan_services.agree_payment_plan(
            invoice,
            count=6,
            day_of_month=15,
            expected_total=Decimal("1.00"),
            actor=debtor,
            today=TODAY,
        )
    assert not PaymentPlan.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"stage": "legal", "collection_status": "legal_collection"}, "legal collection"),
        ({"stage": "payment_plan", "collection_status": "payment_plan"}, "already has"),
        ({"status": "paid", "stage": "closed", "balance": Decimal("0")}, "Only open invoices"),
        ({"on_hold": True}, "disputed"),
    ],
)
def test_plans_are_refused_where_they_cannot_be_made(debtor, overrides, reason):
    invoice = one(**overrides)
    with pytest.raises(PlanNotPossible, match=reason):
        agree(invoice, debtor)
    assert not PaymentPlan.objects.exists()


def test_a_creditor_without_plans_and_a_second_running_plan_are_refused(debtor):
    invoice = one()
    CreditorPolicy.objects.create(creditor=invoice.creditor, plans_allowed=False)
    with pytest.raises(PlanNotPossible, match="does not offer payment plans"):
        agree(invoice, debtor)
    CreditorPolicy.objects.filter(creditor=invoice.creditor).update(plans_allowed=True)
    agree(invoice, debtor)
    with pytest.raises(PlanNotPossible, match="already has a payment plan"):
        agree(invoice, debtor)


def test_more_instalments_than_the_policy_allows_are_refused(debtor):
    invoice = one()
    CreditorPolicy.objects.create(creditor=invoice.creditor, plan_max_months=4)
    with pytest.raises(PlanNotPossible, match="Choose from 2 to 4 instalments."):
        agree(invoice, debtor, count=5)


def test_only_two_plans_may_be_charged_for_in_finland(debtor):
    invoice = one()
    for _ in range(2):
        plan = agree(invoice, debtor)
        assert plan.fee > 0
        plan_services.lapse_plan(plan, today=TODAY)
    third = agree(invoice, debtor)
    assert third.fee == Decimal("0.00")


def test_payments_cover_instalments_in_order_and_a_paid_plan_completes(debtor):
    invoice = one()
    plan = agree(invoice, debtor)
    PaymentPlan.objects.filter(pk=plan.pk).update(status=PaymentPlan.Status.ACTIVE)
    report_direct_payment(invoice, amount=Decimal("200.00"), paid_on=TODAY)
    plan.refresh_from_db()
    states = plan_services.instalment_states(plan, today=TODAY)
    assert [s.state for s in states][:3] == ["paid", "due", "due"]
    assert states[1].paid == Decimal("50.00")
    assert states[1].left == Decimal("50.00")


def test_reminders_go_before_and_after_a_due_date_once_and_the_plan_lapses_after_grace(
    debtor, settings, django_capture_on_commit_callbacks
):
    invoice = one()
    plan = agree(invoice, debtor)
    PaymentPlan.objects.filter(pk=plan.pk).update(status=PaymentPlan.Status.ACTIVE)
    first_due = plan.instalments.first().due_date
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        check_in_turn(first_due, settings)
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 3
    assert "lapsed" in subjects[-1]
    assert all("650" not in m.body and "150" not in m.body for m in mail.outbox)


def check_in_turn(first_due, settings):
    counts = plan_services.check_plans(today=first_due - datetime.timedelta(days=3))
    assert counts["reminded_before"] == 1
    assert (
        plan_services.check_plans(today=first_due - datetime.timedelta(days=2))["reminded_before"]
        == 0
    )
    counts = plan_services.check_plans(today=first_due + datetime.timedelta(days=1))
    assert counts["reminded_after"] == 1
    within = first_due + datetime.timedelta(days=settings.PLAN_GRACE_DAYS)
    assert plan_services.check_plans(today=within)["lapsed"] == 0
    after = within + datetime.timedelta(days=1)
    assert plan_services.check_plans(today=after)["lapsed"] == 1
    plan = PaymentPlan.objects.get()
    assert plan.status == PaymentPlan.Status.LAPSED
    assert OutboxEvent.objects.filter(topic="ropo_one.plan", payload__action="lapse").count() == 1


# --- pages ------------------------------------------------------------------------------------


def test_the_builder_shows_the_cheapest_plan_first_with_every_instalment(client, debtor):
    invoice = one()
    log_in(client, debtor)
    url = reverse("payments:plan_builder", args=[invoice.myropo_id])
    html = client.get(
        url, {"how": "monthly", "monthly": "110", "day_of_month": "25"}
    ).content.decode()
    assert "The cheapest plan that fits: 6 instalments" in html
    assert "€150.00" in html  # the first instalment carries the fee
    assert "Agree to this plan of 6 instalments" in html


def test_the_case_page_offers_the_builder_only_when_a_plan_is_possible(client, debtor):
    invoice = one()
    log_in(client, debtor)
    builder = reverse("payments:plan_builder", args=[invoice.myropo_id])
    html = client.get(reverse("invoices:detail", args=[invoice.myropo_id])).content.decode()
    assert builder in html
    small = one(version=2, capital=Decimal("32.40"), fees=Decimal("5.00"), balance=Decimal("37.40"))
    html = client.get(reverse("invoices:detail", args=[small.myropo_id])).content.decode()
    assert builder not in html
    assert "No payment plan: This debt is too small to be paid in instalments." in html


def test_the_builder_says_a_debt_is_too_small_before_the_form_is_filled(client, debtor):
    invoice = one(capital=Decimal("32.40"), fees=Decimal("5.00"), balance=Decimal("37.40"))
    log_in(client, debtor)
    html = client.get(reverse("payments:plan_builder", args=[invoice.myropo_id])).content.decode()
    assert "This debt is too small to be paid in instalments." in html
    assert "Show plans" not in html


def test_bad_builder_input_answers_400_with_a_message(client, debtor):
    invoice = one()
    log_in(client, debtor)
    url = reverse("payments:plan_builder", args=[invoice.myropo_id])
    response = client.get(url, {"how": "count", "count": "50", "day_of_month": "25"})
    assert response.status_code == 400
    assert "Choose from 2 to 12 instalments." in response.content.decode()
    response = client.get(url, {"how": "monthly", "monthly": "", "day_of_month": "31"})
    assert response.status_code == 400


def test_agreeing_on_the_page_and_the_calendar(client, debtor):
    invoice = one()
    log_in(client, debtor)
    total = plan_services.propose_plans(
        plan_services.plan_terms(invoice, today=datetime.date.today()),
        start=datetime.date.today(),
        day_of_month=25,
        count=3,
    )[0].total_to_pay
    response = client.post(
        reverse("payments:plan_agree", args=[invoice.myropo_id]),
        {"count": "3", "day_of_month": "25", "total": str(total)},
    )
    assert response.status_code == 302
    plan = PaymentPlan.objects.get()
    ics = client.get(reverse("payments:plan_calendar", args=[invoice.myropo_id]))
    assert ics.status_code == 200
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.count("BEGIN:VEVENT") == 3
    first = plan.instalments.first()
    assert f"DTSTART;VALUE=DATE:{first.due_date:%Y%m%d}" in body
    assert first.reference in body
    page = client.get(reverse("invoices:detail", args=[invoice.myropo_id])).content.decode()
    assert "Payment plan" in page and first.reference in page


def test_someone_else_and_a_letter_holder_get_404_on_every_plan_route(client, debtor, other_debtor):
    import time

    from accounts.services import LETTER_GRANTS_KEY

    invoice = one()
    agree(invoice, debtor)
    routes = [
        reverse("payments:plan_builder", args=[invoice.myropo_id]),
        reverse("payments:plan_calendar", args=[invoice.myropo_id]),
    ]
    agree_url = reverse("payments:plan_agree", args=[invoice.myropo_id])
    log_in(client, other_debtor)
    for url in routes:
        assert client.get(url).status_code == 404
    assert (
        client.post(agree_url, {"count": "3", "day_of_month": "5", "total": "1"}).status_code == 404
    )
    client.logout()
    session = client.session
    session[LETTER_GRANTS_KEY] = {str(invoice.pk): time.time() + 600}
    session.save()
    assert client.get(routes[0]).status_code == 404
    assert (
        client.post(agree_url, {"count": "3", "day_of_month": "5", "total": "1"}).status_code == 404
    )
    assert PaymentPlan.objects.count() == 1


def test_the_case_page_tells_the_plans_story_and_offers_the_next_instalment(client, debtor):
    invoice = one()
    plan = agree(invoice, debtor)
    PaymentPlan.objects.filter(pk=plan.pk).update(status=PaymentPlan.Status.ACTIVE)
    log_in(client, debtor)
    html = client.get(reverse("invoices:detail", args=[invoice.myropo_id])).content.decode()
    assert "You agreed to a payment plan." in html
    assert "Pay instalment 1 online (€150.00)" in html
    assert 'name="amount" value="150.00"' in html
    plan_services.lapse_plan(plan, today=TODAY)
    html = client.get(reverse("invoices:detail", args=[invoice.myropo_id])).content.decode()
    assert "The payment plan lapsed because an instalment was late" in html
    assert "Make a payment plan" in html  # a new plan may be made


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"count": "3", "day_of_month": "25", "total": "1.00"}, "The amounts have changed"),
        ({"count": "3", "day_of_month": "29", "total": "NaN"}, "could not be read"),
        ({"count": "200", "day_of_month": "5", "total": "1"}, "could not be read"),
    ],
)
def test_agreeing_to_what_was_not_offered_answers_400_and_writes_nothing(
    client, debtor, data, message
):
    invoice = one()
    log_in(client, debtor)
    response = client.post(reverse("payments:plan_agree", args=[invoice.myropo_id]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PaymentPlan.objects.exists()
    assert not OutboxEvent.objects.exists()
