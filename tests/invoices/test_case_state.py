"""After paying, moving the due date or agreeing a plan, the case page and the list tell the
truth at once (before the next sync), marked as waiting for confirmation where upstream has
not confirmed it yet, and show nothing the action replaced."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from invoices.models import Invoice
from invoices.money import format_money
from invoices.services import apply_case_updates
from payments import plan_services
from payments.models import PaymentPlan
from tests.conftest import log_in
from tests.invoices.snapshots import case
from tests.invoices.snapshots import debtor as party
from tests.payments.conftest import NOWHERE, local, press, start_payment

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fi"]


def one(**overrides) -> Invoice:
    apply_case_updates([case(1, debtor=party(0), **overrides)])
    return Invoice.objects.get()


def page(client, invoice, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("invoices:detail", args=[invoice.myropo_id]))
    assert response.status_code == 200
    return response.content.decode()


def home(client, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("invoices:home"))
    assert response.status_code == 200
    return response.content.decode()


def fact(name: str, value: str) -> str:
    return f"<dt>{name}</dt><dd>{value}</dd>"


@pytest.fixture
def gateway(sandbox, settings):
    settings.PORTAL_BASE_URL = NOWHERE
    yield sandbox
    sandbox.request("DELETE", "/paytrail/knobs")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_payment_in_full_shows_the_case_paid_waiting_for_confirmation(
    client, debtor, gateway, language
):
    invoice = one(
        stage="reminder",
        due_date=datetime.date.today() + datetime.timedelta(days=5),
        capital=Decimal("400.00"),
        balance=Decimal("405.50"),
    )
    log_in(client, debtor)
    with translation.override(language):
        offers = [_("Make a payment plan"), _("Move the due date"), _("Dispute the claim")]
        warning = _(
            "If the reminder is not paid by its due date, the case may move to debt collection."
        )
        open_status = fact(_("Status"), _("open").capitalize())
        paid_zero = format_money(Decimal("0.00"), "EUR")
        paid_all = format_money(Decimal("405.50"), "EUR")
        waiting = _("paid, waiting for confirmation").capitalize()
        paid_status = fact(_("Status"), waiting)
        paid_label, waiting_mark = _("Paid so far"), _("waiting for confirmation")
    before = page(client, invoice, language)
    assert open_status in before and warning in before
    assert all(offer in before for offer in offers)

    response = start_payment(client, invoice, amount="405.50")
    assert client.get(local(press(gateway, response["Location"]))).status_code == 302

    after = page(client, invoice, language)
    assert open_status not in after
    assert paid_status in after
    assert warning not in after
    assert not any(offer in after for offer in offers)
    assert f"{paid_label}<br>" in after and waiting_mark in after
    paid_row = after.split(paid_label, 1)[1].split("</tr>", 1)[0]
    assert f'<td class="amount">{paid_all}</td>' in paid_row
    assert paid_zero not in paid_row
    listed = home(client, language)
    assert waiting in listed


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_moved_due_date_shows_at_once_marked_pending(client, debtor, language):
    due = datetime.date.today() + datetime.timedelta(days=3)
    invoice = one(stage="invoice", collection_status="invoice_sent", due_date=due)
    log_in(client, debtor)
    new_due = due + datetime.timedelta(days=7)
    response = client.post(
        reverse("invoices:postpone", args=[invoice.myropo_id]),
        {"new_due_date": new_due.isoformat()},
    )
    assert response.status_code == 302

    with translation.override(language):
        from django.utils.formats import date_format

        old, new = date_format(due, "SHORT_DATE_FORMAT"), date_format(new_due, "SHORT_DATE_FORMAT")
        label, mark = _("Due date"), _("waiting for confirmation")
    after = page(client, invoice, language)
    assert fact(label, old) not in after
    assert fact(label, f"{new} ({mark})") in after
    assert f"<dd>{old}</dd>" not in after  # nor in the bank details
    listed = home(client, language)
    assert f'{new} <span class="muted">({mark})</span>' in listed
    assert f">{old}<" not in listed

    again = client.get(reverse("invoices:postpone", args=[invoice.myropo_id])).content.decode()
    with translation.override(language):
        current = fact(_("Current due date"), f"{new} ({mark})")
    assert current in again

    # Once upstream has it, the mark goes.
    apply_case_updates([case(1, version=2, debtor=party(0), stage="invoice", due_date=new_due)])
    assert fact(label, new) in page(client, invoice, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_agreed_plan_shows_its_next_instalment_instead_of_the_full_amount(
    client, debtor, language
):
    invoice = one(
        stage="collection",
        collection_status="debt_collection",
        capital=Decimal("550.00"),
        fees=Decimal("50.00"),
        interest=Decimal("0.00"),
        balance=Decimal("600.00"),
    )
    invoice.creditor.allows_legal_collection = True
    invoice.creditor.save()
    log_in(client, debtor)
    today = datetime.date.today()
    total = plan_services.propose_plans(
        plan_services.plan_terms(invoice, today=today), start=today, day_of_month=25, count=3
    )[0].total_to_pay
    with translation.override(language):
        court = _(
            "If the debt is not paid or agreed on, the creditor may take it to court. "
            "Court fees are set by law."
        )
        whole = _("Pay now with your online bank. You can pay the whole amount or part of it.")
        plan_text = _(
            "Pay each instalment by its due date. If an instalment is missed, the plan "
            "may lapse and collection resumes."
        )
        stage = fact(_("Stage"), _("payment plan, waiting for confirmation").capitalize())
    before = page(client, invoice, language)
    assert court in before and whole in before and invoice.reference in before

    response = client.post(
        reverse("payments:plan_agree", args=[invoice.myropo_id]),
        {"count": "3", "day_of_month": "25", "total": str(total)},
    )
    assert response.status_code == 302
    first = PaymentPlan.objects.get().instalments.first()

    after = page(client, invoice, language)
    assert court not in after and whole not in after
    assert plan_text in after and stage in after
    details = after.split('class="payment-details"', 1)[1]
    with translation.override(language):
        assert format_money(first.amount, "EUR") in details
    assert f">{invoice.reference}<" not in details
    assert "".join(first.reference.split())[:4] in details.replace(" ", "")
    assert "payment plan" in home(client, "en").lower()


def test_a_part_payment_counts_in_paid_so_far_marked_and_the_case_stays_open(
    client, debtor, gateway
):
    invoice = one(stage="reminder", due_date=datetime.date.today() + datetime.timedelta(days=5))
    log_in(client, debtor)
    response = start_payment(client, invoice, amount="40.00")
    assert client.get(local(press(gateway, response["Location"]))).status_code == 302

    after = page(client, invoice, "en")
    paid_row = after.split("Paid so far", 1)[1].split("</tr>", 1)[0]
    assert "of which €40.00 waiting for confirmation" in paid_row
    assert '<td class="amount">€40.00</td>' in paid_row
    assert fact("Status", "Open") in after
    assert "€65.50" in after  # what is still due
    assert "Move the due date" in after  # a case not yet paid keeps its offers


def test_the_list_costs_the_same_with_3_and_33_postponed_invoices(client, debtor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from invoices.models import Postponement

    log_in(client, debtor)
    url = reverse("invoices:home")

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def give(start: int, count: int) -> None:
        apply_case_updates([case(n, debtor=party(0)) for n in range(start, start + count)])
        for invoice in Invoice.objects.filter(postponements=None):
            Postponement.objects.create(
                invoice=invoice,
                old_due_date=invoice.due_date,
                new_due_date=invoice.due_date + datetime.timedelta(days=5),
                fee=Decimal("0.00"),
                requested_by=debtor,
            )

    give(1, 3)
    few = queries()
    give(10, 30)
    assert queries() == few


def agreed_plan(client, debtor) -> tuple[Invoice, object]:
    """A collection case of 600.00 in a three-instalment plan the debtor just agreed."""
    invoice = one(
        stage="collection",
        collection_status="debt_collection",
        capital=Decimal("550.00"),
        fees=Decimal("50.00"),
        interest=Decimal("0.00"),
        balance=Decimal("600.00"),
    )
    invoice.creditor.allows_legal_collection = True
    invoice.creditor.save()
    log_in(client, debtor)
    today = datetime.date.today()
    total = plan_services.propose_plans(
        plan_services.plan_terms(invoice, today=today), start=today, day_of_month=25, count=3
    )[0].total_to_pay
    response = client.post(
        reverse("payments:plan_agree", args=[invoice.myropo_id]),
        {"count": "3", "day_of_month": "25", "total": str(total)},
    )
    assert response.status_code == 302
    return invoice, PaymentPlan.objects.get().instalments.first()


@pytest.mark.parametrize("language", LANGUAGES)
def test_in_a_plan_due_now_is_the_next_instalment_on_the_case_page_and_the_list(
    client, debtor, language
):
    invoice, first = agreed_plan(client, debtor)
    with translation.override(language):
        amount = format_money(first.amount, "EUR")
        whole = format_money(Decimal("600.00"), "EUR")
        when = _("next instalment, due %(date)s") % {
            "date": formats.date_format(first.due_date, "SHORT_DATE_FORMAT")
        }
        due_now = _("Due now")
    after = page(client, invoice, language)
    facts = after.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    shown = facts.split(f"<dt>{due_now}</dt>", 1)[1].split("</dd>", 1)[0]
    assert amount in shown and when in shown and whole not in shown

    listing = home(client, language)
    row = listing.split(f'data-label="{due_now}"', 1)[1].split("</td>", 1)[0]
    assert amount in row and when in row and whole not in row


def test_an_invoice_without_a_plan_shows_the_whole_amount_due(client, debtor):
    invoice = one()
    log_in(client, debtor)
    facts = page(client, invoice, "en").split('<dl class="facts">', 1)[1]
    assert '<dt>Due now</dt><dd class="big">€105.50</dd>' in facts
    row = home(client, "en").split('data-label="Due now"', 1)[1].split("</td>", 1)[0]
    assert "€105.50" in row and "next instalment" not in row
