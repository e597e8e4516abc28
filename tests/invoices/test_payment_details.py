"""The invoice page tells the debtor how to pay from their own bank, country by country."""

import datetime
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from invoices.models import Creditor, Invoice, ReportedPayment
from invoices.payment_details import payment_details
from invoices.services import apply_case_updates
from payments.references import (
    fi_reference,
    format_fi_reference,
    format_rf_reference,
    kid,
    parse_virtual_barcode,
    rf_from_fi,
    se_ocr,
)
from tests.conftest import log_in, make_person
from tests.invoices.snapshots import CREDITOR, case
from tests.invoices.snapshots import debtor as party

pytestmark = pytest.mark.django_db

FI_REFERENCE = fi_reference("1234567890123")
SE_PERSON, NO_PERSON = "19750206-2297", "29116836635"
SE_CREDITOR = replace(
    CREDITOR,
    name="Nordkraft AB",
    business_id="556036-0793",
    country="SE",
    currency="SEK",
    iban="SE4550000000058398257466",
    bic="ESSESESS",
)
NO_CREDITOR = replace(
    CREDITOR,
    name="Fjordkraft AS",
    business_id="976944801",
    country="NO",
    currency="NOK",
    iban="NO9386011117947",
    bic="DNBANOKK",
)
BARCODE = re.compile(r'<code class="payment-barcode">([0-9]{54})</code>')


def open_invoice(jobid: int = 1, **overrides) -> Invoice:
    apply_case_updates([case(jobid, reference=FI_REFERENCE, **overrides)])
    return Invoice.objects.get(upstream_id=overrides.get("upstream_id", f"FI:{jobid}"))


def page(client, invoice: Invoice):
    return client.get(reverse("invoices:detail", args=[invoice.myropo_id]))


def html_of(client, invoice: Invoice) -> str:
    response = page(client, invoice)
    assert response.status_code == 200
    return response.content.decode()


def barcode_in(html: str) -> str:
    match = BARCODE.search(html)
    assert match, "no virtual barcode on the page"
    return match.group(1)


def test_finnish_open_invoice_shows_account_reference_barcode_and_qr_code(client, debtor):
    invoice = open_invoice()
    log_in(client, debtor)
    html = html_of(client, invoice)
    assert "Pay from your own bank" in html
    assert "FI21 1234 5600 0007 85" in html
    assert "NDEAFIHH" in html
    assert format_fi_reference(FI_REFERENCE) in html
    assert " " in format_fi_reference(FI_REFERENCE)  # printed in groups of five
    assert format_rf_reference(rf_from_fi(FI_REFERENCE)) in html
    assert "€105.50" in html
    with translation.override("en"):
        assert date_format(invoice.due_date, "SHORT_DATE_FORMAT") in html
    read = parse_virtual_barcode(barcode_in(html))
    assert (read.version, read.iban, read.amount) == (4, "FI2112345600000785", Decimal("105.50"))
    assert (read.reference, read.due_date) == (FI_REFERENCE, invoice.due_date)
    assert '<svg role="img" aria-label="QR code for paying this invoice with a banking app"' in html


def test_paid_invoice_shows_no_payment_details(client, debtor):
    invoice = open_invoice(
        status="paid", stage="closed", paid=Decimal("105.50"), balance=Decimal("0")
    )
    log_in(client, debtor)
    html = html_of(client, invoice)
    assert "Pay from your own bank" not in html
    assert "FI21 1234 5600 0007 85" not in html
    assert "payment-barcode" not in html


def test_invoice_of_a_creditor_without_iban_shows_reference_but_no_barcode_or_qr(client, debtor):
    creditor = replace(CREDITOR, business_id="0112038-9", iban="", bic="")
    invoice = open_invoice(creditor=creditor)
    log_in(client, debtor)
    html = html_of(client, invoice)
    assert "Pay from your own bank" in html
    assert format_fi_reference(FI_REFERENCE) in html
    assert "IBAN" not in html
    assert "payment-barcode" not in html
    assert "<svg" not in html


def test_invalid_iban_and_reference_are_left_out_without_error(client, debtor):
    creditor = replace(CREDITOR, business_id="0112038-9", iban="FI2112345600000786")
    apply_case_updates([case(1, reference="1233", creditor=creditor)])
    invoice = Invoice.objects.get()
    log_in(client, debtor)
    html = html_of(client, invoice)
    assert "Pay from your own bank" in html
    assert "FI21 1234 5600 0007 86" not in html
    section = html.split('id="payment-details-title"', 1)[1]
    assert ">Reference<" not in section
    assert "payment-barcode" not in html


def test_amount_too_large_for_the_barcode_leaves_only_the_barcode_out(debtor):
    invoice = open_invoice()
    details = payment_details(invoice, Decimal("1000000.00"))
    assert details.virtual_barcode == ""
    assert details.iban == "FI21 1234 5600 0007 85"
    assert details.epc_qr_payload.splitlines()[7] == "EUR1000000.00"


def test_swedish_invoice_shows_ocr_reference_and_no_barcode(client):
    ocr = se_ocr("4711081")
    person = make_person("sven@example.com", SE_PERSON, country="SE")
    debtor = party(0, country="SE", identity_code=SE_PERSON, language="sv")
    apply_case_updates(
        [case(7, country="SE", currency="SEK", reference=ocr, creditor=SE_CREDITOR, debtor=debtor)]
    )
    log_in(client, person)
    html = html_of(client, Invoice.objects.get())
    assert ocr in html
    assert "SE45 5000 0000 0583 9825 7466" in html
    assert "SEK\xa0105.50" in html
    assert "International reference (RF)" not in html
    assert "payment-barcode" not in html
    assert "<svg" not in html


def test_norwegian_invoice_shows_kid_and_no_barcode(client):
    reference = kid("4711081")
    person = make_person("nora@example.com", NO_PERSON, country="NO")
    debtor = party(0, country="NO", identity_code=NO_PERSON, language="nb")
    apply_case_updates(
        [
            case(
                8,
                country="NO",
                currency="NOK",
                reference=reference,
                creditor=NO_CREDITOR,
                debtor=debtor,
            )
        ]
    )
    log_in(client, person)
    html = html_of(client, Invoice.objects.get())
    assert reference in html
    assert "NO93 8601 1117 947" in html
    assert "NOK\xa0105.50" in html
    assert "payment-barcode" not in html
    assert "<svg" not in html


def swedish_invoice(reference: str, *, bankgiro: str = "") -> Invoice:
    debtor = party(0, country="SE", identity_code=SE_PERSON, language="sv")
    apply_case_updates(
        [
            case(
                7,
                country="SE",
                currency="SEK",
                reference=reference,
                creditor=SE_CREDITOR,
                debtor=debtor,
            )
        ]
    )
    Creditor.objects.update(bankgiro=bankgiro)
    return Invoice.objects.select_related("creditor").get()


def norwegian_invoice(reference: str) -> Invoice:
    debtor = party(0, country="NO", identity_code=NO_PERSON, language="nb")
    apply_case_updates(
        [
            case(
                8,
                country="NO",
                currency="NOK",
                reference=reference,
                creditor=NO_CREDITOR,
                debtor=debtor,
            )
        ]
    )
    return Invoice.objects.get()


def details_section(client, invoice: Invoice, person, settings, lang: str) -> str:
    log_in(client, person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = html_of(client, invoice)
    return html.split('id="payment-details-title"', 1)[1]


@pytest.mark.parametrize(
    ("lang", "bankgiro_label", "ocr_label", "iban_label"),
    [
        ("en", "Bankgiro", "OCR number", "IBAN (for payments from abroad)"),
        ("sv", "Bankgiro", "OCR-nummer", "IBAN (för betalningar från utlandet)"),
        ("nb", "Bankgiro", "OCR-nummer", "IBAN (for betalinger fra utlandet)"),
    ],
)
def test_swedish_invoice_shows_the_bankgiro_number_with_the_ocr_number(
    client, settings, lang, bankgiro_label, ocr_label, iban_label
):
    ocr = se_ocr("4711081")
    invoice = swedish_invoice(ocr, bankgiro="50501055")
    person = make_person("sven@example.com", SE_PERSON, country="SE")
    section = details_section(client, invoice, person, settings, lang)
    assert f'<dt>{bankgiro_label}</dt><dd class="payment-code">5050-1055</dd>' in section
    assert f'<dt>{ocr_label}</dt><dd class="payment-code">{ocr}</dd>' in section
    assert f"<dt>{iban_label}</dt>" in section  # still there for payers abroad


def test_a_seven_digit_bankgiro_number_is_printed_three_and_four():
    invoice = swedish_invoice(se_ocr("4711081"), bankgiro="9912346")
    details = payment_details(invoice, Decimal("10.00"))
    assert details.bankgiro == "991-2346"


def test_swedish_invoice_without_bankgiro_shows_iban_and_reference_as_before(client, settings):
    ocr = se_ocr("4711081")
    invoice = swedish_invoice(ocr)
    person = make_person("sven@example.com", SE_PERSON, country="SE")
    section = details_section(client, invoice, person, settings, "sv")
    assert "Bankgiro" not in section and "OCR" not in section
    assert "SE45 5000 0000 0583 9825 7466" in section
    assert f'<dd class="payment-code">{ocr}</dd>' in section


def test_an_invalid_bankgiro_number_is_left_out():
    invoice = swedish_invoice(se_ocr("4711081"), bankgiro="50501056")
    details = payment_details(invoice, Decimal("10.00"))
    assert (details.bankgiro, details.iban) == ("", "SE45 5000 0000 0583 9825 7466")
    assert details.reference_label == "Reference"


@pytest.mark.parametrize(
    ("lang", "account_label", "iban_label"),
    [
        ("en", "Account number", "IBAN (for payments from abroad)"),
        ("nb", "Kontonummer", "IBAN (for betalinger fra utlandet)"),
        ("sv", "Kontonummer", "IBAN (för betalningar från utlandet)"),
    ],
)
@pytest.mark.parametrize("method", ["mod10", "mod11"])
def test_norwegian_invoice_shows_the_account_number_and_the_kid(
    client, settings, lang, account_label, iban_label, method
):
    reference = kid("4711082", method=method)
    invoice = norwegian_invoice(reference)
    person = make_person("nora@example.com", NO_PERSON, country="NO")
    section = details_section(client, invoice, person, settings, lang)
    assert f'<dt>{account_label}</dt><dd class="payment-code">8601 11 17947</dd>' in section
    assert f'<dt>KID</dt><dd class="payment-code">{reference}</dd>' in section
    assert f'<dt>{iban_label}</dt><dd class="payment-code">NO93 8601 1117 947</dd>' in section


@pytest.mark.parametrize(("lang", "label"), [("en", "Reference"), ("nb", "Melding")])
def test_norwegian_reference_that_is_no_kid_is_shown_as_the_message(client, settings, lang, label):
    invoice = norwegian_invoice("INV-4711")
    person = make_person("nora@example.com", NO_PERSON, country="NO")
    section = details_section(client, invoice, person, settings, lang)
    assert f'<dt>{label}</dt><dd class="payment-code">INV-4711</dd>' in section
    assert "KID" not in section


@pytest.mark.parametrize(
    ("country", "lang", "note"),
    [
        ("SE", "en", "Online payment is not available for invoices in Swedish kronor yet"),
        ("SE", "sv", "Betalning online är inte möjlig ännu för fakturor i svenska kronor"),
        ("NO", "nb", "Betaling på nett er ikke tilgjengelig ennå for fakturaer i norske kroner"),
    ],
)
def test_swedish_and_norwegian_invoices_say_why_there_is_no_online_payment(
    client, settings, country, lang, note
):
    if country == "SE":
        invoice = swedish_invoice(se_ocr("4711081"))
        person = make_person("sven@example.com", SE_PERSON, country="SE")
    else:
        invoice = norwegian_invoice(kid("4711081"))
        person = make_person("nora@example.com", NO_PERSON, country="NO")
    log_in(client, person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = html_of(client, invoice)
    assert note in html
    assert 'href="#online-payment-title"' not in html


def test_finnish_euro_invoice_has_no_note_about_online_payment(client, debtor):
    invoice = open_invoice()
    log_in(client, debtor)
    assert "Online payment is not available" not in html_of(client, invoice)


def test_barcode_amount_leaves_out_a_reported_payment_not_yet_confirmed(client, debtor):
    invoice = open_invoice()
    ReportedPayment.objects.create(
        invoice=invoice,
        amount=Decimal("40.00"),
        paid_on=datetime.date(2026, 9, 10),
        status=ReportedPayment.Status.PENDING,
    )
    log_in(client, debtor)
    html = html_of(client, invoice)
    assert parse_virtual_barcode(barcode_in(html)).amount == Decimal("65.50")
    assert "€65.50" in html


def test_other_debtor_gets_404_and_no_payment_details(client, debtor, other_debtor):
    invoice = open_invoice()
    log_in(client, other_debtor)
    response = page(client, invoice)
    assert response.status_code == 404
    assert "FI21 1234 5600 0007 85" not in response.content.decode()
