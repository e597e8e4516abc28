from decimal import Decimal

import pytest
from django.urls import reverse

from integrations.models import OutboxEvent
from invoices.models import Invoice, ReportedPayment
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.invoices.snapshots import case

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice():
    apply_case_updates([case(1)])
    return Invoice.objects.get()


def test_agents_read_the_case_but_cannot_edit_what_upstream_owns(client, agent, invoice):
    log_in(client, agent, how="password_totp")
    page = client.get(reverse("admin:invoices_invoice_change", args=[invoice.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="balance"' not in html
    assert "Report a direct payment" in html


def test_an_agent_reports_a_direct_payment_that_goes_to_the_outbox(client, agent, invoice):
    log_in(client, agent, how="password_totp")
    url = reverse("admin:invoices_invoice_report_payment", args=[invoice.pk])
    data = {"kind": "payment", "amount": "10.00", "paid_on": "2026-11-01"}
    assert client.post(url, data).status_code == 302
    payment = ReportedPayment.objects.get()
    assert (payment.amount, payment.created_by) == (Decimal("10.00"), agent)
    assert OutboxEvent.objects.get().payload["reported_payment"] == str(payment.public_id)


def test_a_payment_above_the_balance_is_refused_with_a_message(client, agent, invoice):
    log_in(client, agent, how="password_totp")
    url = reverse("admin:invoices_invoice_report_payment", args=[invoice.pk])
    data = {"kind": "payment", "amount": "999.00", "paid_on": "2026-11-01"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "more than what is still owed" in response.content.decode()
    assert not ReportedPayment.objects.exists() and not OutboxEvent.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/invoices/invoice/abc/report-payment/",
        "/admin/invoices/letter/abc/pdf/",
        "/admin/invoices/dispute/abc/resolve/",
        "/admin/invoices/dispute/abc/attachments/1/",
    ],
)
def test_a_non_numeric_id_in_an_agent_tool_is_not_a_server_error(client, agent, url):
    log_in(client, agent, how="password_totp")
    assert client.get(url).status_code in (302, 404)


def test_the_report_payment_page_shows_the_balance_in_the_agents_language(client, agent, invoice):
    log_in(client, agent, how="password_totp")
    client.cookies["myropo_language"] = "fi"

    html = client.get(reverse("admin:invoices_invoice_report_payment", args=[invoice.pk]))

    assert "Avoin saldo perintäjärjestelmässä: 105,50\xa0€." in html.content.decode()


def test_the_invoice_page_shows_the_cases_disputes_plans_payments_and_conversations(
    client, agent, debtor, invoice
):
    from messaging.models import Thread
    from payments.models import Payment, PaymentPlan

    dispute = invoice.disputes.create(
        raised_by=debtor, scope="part", amount=Decimal("20.00"), reason="Not mine"
    )
    plan = PaymentPlan.objects.create(
        invoice=invoice,
        principal=Decimal("105.50"),
        fee=Decimal("5.00"),
        interest_forecast=Decimal("1.00"),
        day_of_month=25,
        paid_at_start=Decimal("0.00"),
        created_by=debtor,
    )
    payment = Payment.objects.create(
        invoice=invoice, idempotency_key="k-1", amount=Decimal("30.00"), currency="EUR"
    )
    thread = Thread.objects.create(owner=debtor, invoice=invoice, subject="About my bill")
    log_in(client, agent, how="password_totp")
    page = client.get(reverse("admin:invoices_invoice_change", args=[invoice.pk]))
    html = page.content.decode()
    assert reverse("admin:invoices_dispute_change", args=[dispute.pk]) in html
    assert reverse("admin:payments_paymentplan_change", args=[plan.pk]) in html
    assert reverse("admin:payments_payment_change", args=[payment.pk]) in html
    assert reverse("messaging:agent_thread", args=[thread.public_id]) in html
    assert "About my bill" in html
