"""Dates and amounts on the debtor's pages as people in each language write them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from invoices.models import Invoice
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.invoices.snapshots import case

pytestmark = pytest.mark.django_db

NBSP = "\xa0"
# Due 3 December 2026, 1 234,50 due now.
EXPECTED = {
    "fi": ("3.12.2026", f"1{NBSP}234,50{NBSP}€"),
    "sv": ("2026-12-03", f"1{NBSP}234,50{NBSP}€"),
    "nb": ("03.12.2026", f"1{NBSP}234,50{NBSP}€"),
    "en": ("3 Dec 2026", "€1,234.50"),
}


@pytest.fixture
def big_invoice(debtor) -> Invoice:
    apply_case_updates(
        [
            case(
                801,
                capital=Decimal("1229.50"),
                fees=Decimal("5.00"),
                interest=Decimal("0.00"),
                balance=Decimal("1234.50"),
                due_date=datetime.date(2026, 12, 3),
            )
        ]
    )
    return Invoice.objects.get(upstream_id="FI:801")


@pytest.mark.parametrize("language", EXPECTED)
@pytest.mark.parametrize("page", ["list", "detail"])
def test_due_date_and_amount_are_written_the_languages_way(
    client, debtor, big_invoice, language, page
):
    log_in(client, debtor)
    client.cookies["myropo_language"] = language
    url = (
        reverse("invoices:home")
        if page == "list"
        else reverse("invoices:detail", args=[big_invoice.myropo_id])
    )

    html = client.get(url).content.decode()

    date, amount = EXPECTED[language]
    assert date in html
    assert amount in html
    assert "12/03/2026" not in html
    assert "EUR 1" not in html


@pytest.mark.parametrize(
    ("language", "shown"), [("fi", 'value="1234,50"'), ("en", 'value="1234.50"')]
)
def test_the_amount_to_pay_is_offered_in_the_languages_form(
    client, debtor, big_invoice, language, shown
):
    log_in(client, debtor)
    client.cookies["myropo_language"] = language

    html = client.get(reverse("invoices:detail", args=[big_invoice.myropo_id])).content.decode()

    assert shown in html
    assert 'inputmode="decimal"' in html
