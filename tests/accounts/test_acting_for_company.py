"""Acting for a company shows on every page: whose invoices these are, and the way back."""

import shutil

import pytest
from django.urls import reverse

from accounts.services import ACTING_FOR_KEY
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.e2e.conftest import company_choice
from tests.invoices.snapshots import case
from tests.invoices.snapshots import debtor as party
from tests.invoices.test_case_pages import pdf_text

pytestmark = pytest.mark.django_db

VIRTANEN = {"business_id": "2011367-8", "country": "FI", "name": "Virtanen Consulting Oy"}


@pytest.fixture
def acting(client, debtor):
    company = party(kind="company", name=VIRTANEN["name"], identity_code=VIRTANEN["business_id"])
    apply_case_updates([case(601, debtor=company, invoice_number="VC-1")])
    choice = company_choice(VIRTANEN)
    log_in(client, debtor, how="bankid", represented_companies=[choice])
    session = client.session
    session[ACTING_FOR_KEY] = choice["hash"]
    session.save()
    client.cookies["myropo_language"] = "fi"
    return client


def test_the_invoice_list_is_headed_with_the_companys_name(acting):
    html = acting.get(reverse("invoices:home")).content.decode()

    assert "<h1>Yrityksen laskut: Virtanen Consulting Oy</h1>" in html
    assert "VC-1" in html
    assert "Omat laskut" not in html  # the navigation does not call them "my invoices" either


@pytest.mark.parametrize("page", ["invoices:home", "invoices:archive", "accounts:security"])
def test_every_page_names_the_company_and_offers_the_way_back(acting, page):
    html = acting.get(reverse(page)).content.decode()

    assert "Toimit nyt yrityksen puolesta: <strong>Virtanen Consulting Oy</strong>." in html
    assert "Takaisin omiin laskuihini" in html


def test_back_to_ones_own_invoices_ends_acting_for_the_company(acting, debtor):
    response = acting.post(reverse("accounts:choose_company"), {"company": ""})

    html = acting.get(response["Location"]).content.decode()
    assert "Virtanen Consulting Oy" not in html
    assert "VC-1" not in html


def test_a_person_acting_for_themselves_sees_no_company_banner(client, debtor):
    log_in(client, debtor, how="bankid", represented_companies=[company_choice(VIRTANEN)])

    html = client.get(reverse("invoices:home")).content.decode()

    assert "Virtanen Consulting Oy" not in html
    assert "<h1>My invoices</h1>" in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("fi", "Saldotodistus: Virtanen Consulting Oy"),
        ("sv", "Saldobesked: Virtanen Consulting Oy"),
        ("nb", "Saldobekreftelse: Virtanen Consulting Oy"),
        ("en", "Balance certificate: Virtanen Consulting Oy"),
    ],
)
def test_the_balance_certificate_is_headed_with_the_companys_name(
    acting, tmp_path, language, heading
):
    acting.cookies["myropo_language"] = language

    text = pdf_text(acting.get(reverse("invoices:balance_certificate")).content, tmp_path)

    assert heading in text
    assert "Henkilön" not in text and "VC-1" in text
