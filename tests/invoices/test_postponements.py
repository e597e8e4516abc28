"""Moving a due date: only what the creditor's policy and the stage allow, never in legal
collection, with a clear reason when not; agreeing records it and sends it upstream."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from integrations.models import OutboxEvent
from invoices import postponements
from invoices.errors import InvoiceActionError
from invoices.models import CreditorPolicy, Invoice, PolicyException, Postponement
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.invoices.snapshots import case
from tests.invoices.snapshots import debtor as party

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 9, 10)  # five days before the test cases fall due
DUE = datetime.date(2026, 9, 15)


def one(**overrides) -> Invoice:
    fields = {
        "stage": "invoice",
        "collection_status": "invoice_sent",
        "fees": Decimal("0.00"),
        "balance": Decimal("100.50"),
    }
    apply_case_updates([case(1, debtor=party(0), **(fields | overrides))])
    return Invoice.objects.get()


def offer(invoice):
    return postponements.postponement_offer(invoice, today=TODAY)


def test_the_offer_runs_from_the_day_after_the_due_date_to_the_policys_limit():
    invoice = one()
    choice = offer(invoice)
    assert choice.allowed
    assert choice.dates[0] == DUE + datetime.timedelta(days=1)
    assert choice.dates[-1] == DUE + datetime.timedelta(days=14)  # the default policy
    assert choice.fee == Decimal("0.00")
    assert "payment reminder" in choice.if_missed
    assert "5.00" in choice.if_missed  # the reminder fee cap (FI consumers)


def test_agreeing_records_it_audits_it_and_sends_it_upstream(debtor):
    invoice = one()
    new_due = DUE + datetime.timedelta(days=10)
    postponements.postpone_due_date(invoice, new_due_date=new_due, actor=debtor, today=TODAY)
    moved = Postponement.objects.get()
    assert (moved.old_due_date, moved.new_due_date) == (DUE, new_due)
    event = OutboxEvent.objects.get(topic="ropo_one.postpone")
    assert event.payload["paydate"] == new_due.isoformat()
    assert event.payload["jobid"] == "1"
    assert AuditEntry.objects.filter(action="postponement.agreed").exists()


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"stage": "legal", "collection_status": "legal_collection"}, "legal collection"),
        ({"stage": "collection", "collection_status": "debt_collection"}, "debt collection"),
        ({"stage": "payment_plan", "collection_status": "payment_plan"}, "instalments"),
        ({"status": "paid", "stage": "closed", "balance": Decimal("0")}, "Only open invoices"),
        ({"on_hold": True}, "disputed"),
    ],
)
def test_stages_that_cannot_be_postponed_are_refused_with_a_reason(debtor, overrides, reason):
    invoice = one(**overrides)
    choice = offer(invoice)
    assert not choice.allowed
    assert reason in choice.refusal
    with pytest.raises(InvoiceActionError, match=reason):
        postponements.postpone_due_date(
            invoice, new_due_date=DUE + datetime.timedelta(days=3), actor=debtor, today=TODAY
        )
    assert not Postponement.objects.exists()
    assert not OutboxEvent.objects.exists()


def test_a_creditor_that_allows_no_postponement_is_named_in_the_refusal():
    invoice = one()
    CreditorPolicy.objects.create(creditor=invoice.creditor, postponement_allowed=False)
    choice = offer(invoice)
    assert choice.refusal == f"{invoice.creditor.name} does not allow moving due dates."


def test_a_day_beyond_the_policy_is_refused_and_nothing_is_written(debtor):
    invoice = one()
    with pytest.raises(InvoiceActionError, match="Choose a new due date from"):
        postponements.postpone_due_date(
            invoice, new_due_date=DUE + datetime.timedelta(days=15), actor=debtor, today=TODAY
        )
    assert not Postponement.objects.exists()


def test_once_used_up_a_second_postponement_is_refused_until_an_agent_grants_one(debtor, agent):
    invoice = one()
    postponements.postpone_due_date(
        invoice, new_due_date=DUE + datetime.timedelta(days=5), actor=debtor, today=TODAY
    )
    assert "as many times as" in offer(invoice).refusal
    PolicyException.objects.create(
        invoice=invoice,
        extra_postponements=1,
        extra_postponement_days=10,
        note="Hospital stay",
        granted_by=agent,
    )
    choice = offer(invoice)
    assert choice.allowed
    assert choice.dates[-1] == DUE + datetime.timedelta(days=24)  # counted from the first date


def test_the_fee_never_takes_costs_past_the_statutory_cap():
    invoice = one(capital=Decimal("40.00"), fees=Decimal("58.00"), balance=Decimal("98.00"))
    CreditorPolicy.objects.create(creditor=invoice.creditor, postponement_fee=Decimal("5.00"))
    assert offer(invoice).fee == Decimal("2.00")  # 60 € cap for a 40 € capital


def test_the_page_offers_the_days_and_agreeing_redirects_to_the_case(client, debtor, settings):
    invoice = one(due_date=datetime.date.today() + datetime.timedelta(days=3))
    log_in(client, debtor)
    url = reverse("invoices:postpone", args=[invoice.myropo_id])
    html = client.get(url).content.decode()
    assert "Agree to the new due date" in html
    new_due = invoice.due_date + datetime.timedelta(days=7)
    response = client.post(url, {"new_due_date": new_due.isoformat()})
    assert response.status_code == 302
    assert Postponement.objects.get().new_due_date == new_due


def test_a_tampered_day_answers_400_with_a_message_and_writes_nothing(client, debtor):
    invoice = one(due_date=datetime.date.today() + datetime.timedelta(days=3))
    log_in(client, debtor)
    url = reverse("invoices:postpone", args=[invoice.myropo_id])
    far = invoice.due_date + datetime.timedelta(days=60)
    for value in (far.isoformat(), "not-a-date", ""):
        response = client.post(url, {"new_due_date": value})
        assert response.status_code == 400
    assert not Postponement.objects.exists()


def test_someone_else_gets_404_and_a_letter_holder_too(client, other_debtor, debtor):
    import time

    from accounts.services import LETTER_GRANTS_KEY

    invoice = one()
    url = reverse("invoices:postpone", args=[invoice.myropo_id])
    log_in(client, other_debtor)
    assert client.get(url).status_code == 404
    assert client.post(url, {"new_due_date": "2026-09-20"}).status_code == 404
    client.logout()
    session = client.session
    session[LETTER_GRANTS_KEY] = {str(invoice.pk): time.time() + 600}
    session.save()
    assert client.get(url).status_code == 404
    assert not Postponement.objects.exists()
