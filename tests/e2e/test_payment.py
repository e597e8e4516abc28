"""Paying from the case page in a real browser, through the sandbox gateway's bank page, and the
payment reaching the sandbox's Ropo One through the outbox."""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import log_in, make_person

pytestmark = pytest.mark.django_db(transaction=True)

AINO = ("aino.virtanen@example.com", "070986-620Y")  # a seeded FI person with open cases


def test_pay_part_through_the_bank_page_then_cancel_the_rest(
    live_server, page, login_as, client, fresh_sandbox, settings
):
    from integrations.ropo_one.tasks import pull_status_updates
    from invoices.models import Invoice, InvoiceStatus
    from invoices.selectors import amount_due, with_amount_due
    from payments.models import Booking

    if connection.vendor == "postgresql":
        # The gateway's server-to-server callbacks reach this server too. (In-memory SQLite
        # shares one connection between the live server's threads, so there they go nowhere.)
        settings.PORTAL_BASE_URL = live_server.url
    else:
        settings.PORTAL_BASE_URL = "http://127.0.0.1:9"
    pull_status_updates("FI")
    aino = make_person(*AINO)
    invoice = (
        with_amount_due(Invoice.objects)
        .filter(debtor__identity_hash=aino.identity.identity_hash, status=InvoiceStatus.OPEN)
        .filter(currency="EUR", balance__gt=50)
        .order_by("pk")
        .first()
    )
    before = amount_due(invoice)
    log_in(client, aino, how="bankid")
    login_as(aino)
    page.goto(live_server.url + reverse("invoices:detail", args=[invoice.myropo_id]))

    page.get_by_label("Amount to pay").fill("40.00")
    page.get_by_role("button", name="Go to pay").click()
    expect(page.get_by_role("heading", name="Choose your bank")).to_be_visible()
    page.get_by_role("button", name="Nordea").click()
    expect(page.get_by_text("Pay 40.00 EUR")).to_be_visible()
    page.get_by_role("button", name="Pay", exact=True).click()

    expect(page.get_by_text("Thank you: your payment has been received.")).to_be_visible()
    expect(page.locator("dd.big")).to_contain_text(f"{before - Decimal('40.00'):.2f}")
    expect(page.get_by_role("link", name="Receipt of your payment")).to_be_visible()
    assert Booking.objects.count() == 1
    jobid = invoice.upstream_id.split(":")[1]
    (case,) = fresh_sandbox.get(f"/truth?country=FI&jobid={jobid}").json()["cases"]
    ours = [b for b in case["bookings"] if b["description"].startswith("MyRopo ")]
    assert [b["amount"] for b in ours] == ["40.00"]  # booked upstream once

    page.get_by_role("button", name="Go to pay").click()  # the rest, then cancel at the bank
    page.get_by_role("button", name="OP").click()
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("The payment was cancelled. Nothing was charged.")).to_be_visible()
    assert Booking.objects.count() == 1
