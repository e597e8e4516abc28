"""Fixtures for paying through the sandbox gateway: an open invoice and the bank page."""

import uuid
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

# Callbacks the sandbox sends in tests that use the test client go nowhere (port 9, discard):
# the tests fetch the signed callback from the sandbox and deliver it themselves.
NOWHERE = "http://127.0.0.1:9"


@pytest.fixture
def open_invoice(debtor):
    """An open invoice of 105.50 EUR made out to `debtor`."""
    from invoices.models import Invoice
    from invoices.services import apply_case_updates
    from tests.invoices import snapshots

    apply_case_updates([snapshots.case(701, person=0, description="Electricity, October")])
    return Invoice.objects.get(upstream_id="FI:701")


@pytest.fixture
def gateway(sandbox, settings):
    """The session's sandbox with the portal's callbacks pointed nowhere; knobs reset after."""
    settings.PORTAL_BASE_URL = NOWHERE
    yield sandbox
    sandbox.request("DELETE", "/paytrail/knobs")


def local(url: str) -> str:
    """A portal URL as the test client wants it (path and query)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def start_payment(client, invoice, amount="105.50", attempt=None):
    """Press "Go to pay" on the case page; returns the response (a redirect to the gateway)."""
    data = {"amount": amount, "attempt": str(attempt or uuid.uuid4())}
    return client.post(reverse("payments:pay", args=[invoice.myropo_id]), data)


def press(sandbox, href: str, action: str = "pay", bank: str = "nordea") -> str:
    """Press a button on the sandbox bank page; returns the signed redirect back to us."""
    page = href.rstrip("/") + f"/{bank}/"
    response = sandbox.client.post(page, data={"action": action}, follow_redirects=False)
    assert response.status_code == 302, response.text
    return response.headers["location"]


def gateway_record(sandbox, transaction_id: str) -> dict:
    return sandbox.get(f"/paytrail/test/payments/{transaction_id}").json()


def callback_urls(sandbox, transaction_id: str) -> list[str]:
    return [local(c["url"]) for c in gateway_record(sandbox, transaction_id)["callbacks"]]
