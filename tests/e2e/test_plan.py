"""Building and agreeing a payment plan in a real browser, the plan reaching the sandbox's
Ropo One through the outbox, and the case page showing the instalments."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import log_in, make_person

pytestmark = pytest.mark.django_db(transaction=True)

AINO = ("aino.virtanen@example.com", "070986-620Y")  # a seeded FI person with open cases


def test_build_a_plan_from_a_monthly_amount_and_agree_to_it(
    live_server, page, login_as, client, fresh_sandbox
):
    from integrations.ropo_one.tasks import pull_status_updates
    from invoices.models import Invoice, InvoiceStatus, Stage
    from payments.models import PaymentPlan

    pull_status_updates("FI")
    aino = make_person(*AINO)
    invoice = (
        Invoice.objects.filter(
            debtor__identity_hash=aino.identity.identity_hash,
            status=InvoiceStatus.OPEN,
            stage__in=[Stage.REMINDER, Stage.COLLECTION],
            balance__gt=60,
        )
        .order_by("pk")
        .first()
    )
    log_in(client, aino, how="bankid")
    login_as(aino)
    page.goto(live_server.url + reverse("invoices:detail", args=[invoice.myropo_id]))
    page.get_by_role("link", name="Make a payment plan").click()

    page.get_by_label("What I can pay a month").check()
    monthly = f"{(invoice.balance / 3):.2f}"
    page.get_by_label("I can pay a month", exact=True).fill(monthly)
    page.get_by_label("Day of the month (for example your payday)").select_option("25")
    page.get_by_role("button", name="Show plans").click()

    cheapest = page.locator("section.card").first
    expect(cheapest.get_by_role("heading")).to_contain_text("The cheapest plan that fits")
    expect(cheapest.get_by_text("Total to pay")).to_be_visible()
    cheapest.get_by_role("button", name="Agree to this plan").click()

    expect(page.get_by_text("Your payment plan was agreed.")).to_be_visible()
    plan = PaymentPlan.objects.get()
    assert plan.status == PaymentPlan.Status.ACTIVE  # the outbox ran on commit
    expect(page.get_by_role("heading", name="Payment plan: active")).to_be_visible()
    # In the plan table (the bank details now also carry it, inside the virtual barcode).
    expect(page.get_by_text(plan.instalments.first().reference, exact=True)).to_be_visible()
    jobid = invoice.upstream_id.split(":")[1]
    (case,) = fresh_sandbox.get(f"/truth?country=FI&jobid={jobid}").json()["cases"]
    assert case["stage"] == "payment_plan"
