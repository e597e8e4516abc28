import pytest
from axe_playwright_python.sync_playwright import Axe


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def login_as(live_server, page, client):
    """Log the browser in as a persona by handing it a session cookie made by the test client.

    A persona fixture that needs more than a bare login (how the person identified, the
    companies the bank said they represent) sets it up first on the same `client` with
    `tests.conftest.log_in`; `force_login` here keeps those session values.
    """

    def _login(user):
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )

    return _login


# --- Debtor personas with data --------------------------------------------------------------

NORDIC_BYTES = {"business_id": "2011367-8", "country": "FI", "name": "Nordic Bytes Oy"}


def company_choice(company: dict) -> dict:
    """A represented company as the portal keeps it in the session after a bank-ID login."""
    from accounts.identity import identity_hash

    digest = identity_hash(company["country"], "company", company["business_id"])
    return {"hash": digest, "country": company["country"], "name": company["name"]}


@pytest.fixture
def debtor_invoices(debtor):
    """Two invoices made out to the `debtor` persona: one open, one paid."""
    from decimal import Decimal

    from invoices.models import Invoice
    from invoices.services import apply_case_updates
    from tests.invoices import snapshots

    paid = {"status": "paid", "stage": "closed", "paid": Decimal("105.50"), "balance": Decimal("0")}
    apply_case_updates(
        [
            snapshots.case(501, person=0, description="Electricity, September"),
            snapshots.case(502, person=0, description="Electricity, August", **paid),
        ]
    )
    return list(Invoice.objects.filter(upstream_id__in=["FI:501", "FI:502"]).order_by("pk"))


@pytest.fixture
def invoice_holder(debtor, debtor_invoices, client):
    """The `debtor` persona with invoices, logged in with bank ID, representing one company."""
    from tests.conftest import log_in

    log_in(client, debtor, how="bankid", represented_companies=[company_choice(NORDIC_BYTES)])
    return debtor


@pytest.fixture
def invoice_holder_invoice_path(debtor_invoices):
    from django.urls import reverse

    return reverse("invoices:detail", args=[debtor_invoices[0].myropo_id])
