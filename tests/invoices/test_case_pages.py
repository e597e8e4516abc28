"""The debtor's pages: the case page's story and next step, search, the archive, the balance
certificate, and 404 for everyone else on every route."""

import datetime
import re
import shutil
import subprocess
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.services import LETTER_GRANTS_KEY
from invoices.models import DisputeAttachment, Invoice
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.files import png_bytes
from tests.invoices.snapshots import CREDITOR, case
from tests.invoices.snapshots import debtor as party

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fi", "sv", "nb"]


def page(client, invoice, language="en") -> str:
    client.cookies["myropo_language"] = language
    response = client.get(reverse("invoices:detail", args=[invoice.myropo_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    return html


def one(**overrides) -> Invoice:
    apply_case_updates([case(1, debtor=party(0), **overrides)])
    return Invoice.objects.get()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("stage", "collection_status", "cost"),
    [
        ("invoice", "invoice_sent", "5,00"),  # the first reminder: at most 5 €
        ("reminder", "reminder_sent", "24,00"),  # payment demand for 50.01-200 € of capital
        ("collection", "debt_collection", None),  # court fees are the court's
        ("legal", "legal_collection", None),
        ("payment_plan", "payment_plan", None),
    ],
)
def test_each_stage_tells_what_happens_next_in_each_language(
    client, debtor, language, stage, collection_status, cost
):
    log_in(client, debtor)
    invoice = one(stage=stage, collection_status=collection_status)
    html = page(client, invoice, language)
    assert 'id="timeline-title"' in html
    if cost:
        shown = cost.replace(",", ".") if language == "en" else cost
        assert shown in html.split('id="timeline-title"')[1].split("</section>")[0]


def test_the_next_step_never_adds_more_than_the_overall_cap(client, debtor):
    log_in(client, debtor)
    # Capital 40 €: a payment demand may be 14 €, but costs are capped at 60 € in all.
    invoice = one(capital=Decimal("40.00"), fees=Decimal("55.00"), balance=Decimal("95.00"))
    html = page(client, invoice)
    section = html.split('id="timeline-title"')[1].split("</section>")[0]
    assert "€5.00" in section
    assert "€14.00" not in section


def test_a_paid_case_has_no_next_step_and_no_actions(client, debtor):
    log_in(client, debtor)
    invoice = one(status="paid", stage="closed", balance=Decimal("0.00"), paid=Decimal("105.50"))
    html = page(client, invoice)
    assert "What happens next" not in html
    assert "Dispute the claim" not in html


def test_the_story_lists_letters_and_recorded_payments_in_order(client, debtor, agent):
    from invoices.services import report_direct_payment

    log_in(client, debtor)
    invoice = one()
    report_direct_payment(invoice, amount=Decimal("10.00"), paid_on=datetime.date(2026, 10, 20))
    html = page(client, invoice)
    story = html.split('class="timeline"')[1].split("</ol>")[0]
    issued = story.index("The invoice was issued.")
    reminder = story.index("A payment reminder was sent.")
    paid = story.index("A payment of €10.00 was recorded.")
    assert issued < reminder < paid


# --- search -------------------------------------------------------------------------------


@pytest.fixture
def several(debtor, other_debtor):
    other_creditor = CREDITOR.__class__(
        **{**CREDITOR.__dict__, "name": "Kotipizza Oy", "business_id": "1234567-1"}
    )
    apply_case_updates(
        [
            case(1, debtor=party(0), invoice_number="A-100", reference="1232"),
            case(2, debtor=party(0), invoice_number="B-200", reference="13"),
            case(
                3,
                debtor=party(0),
                invoice_number="C-300",
                status="paid",
                stage="closed",
                balance=Decimal("0.00"),
                creditor=other_creditor,
                reference="26",
            ),
            case(4, debtor=party(1), invoice_number="SECRET-1", reference="39"),
        ]
    )
    return {i.invoice_number: i for i in Invoice.objects.all()}


def found(client, **query) -> set[str]:
    """The invoices the result lists (by their links, not by text the form may echo)."""
    response = client.get(reverse("invoices:home"), query)
    assert response.status_code == 200
    html = response.content.decode()
    return {
        invoice.invoice_number
        for invoice in Invoice.objects.all()
        if reverse("invoices:detail", args=[invoice.myropo_id]) in html
    }


def test_search_finds_by_invoice_number_reference_postal_code_and_myropo_id(
    client, debtor, several
):
    log_in(client, debtor)
    assert found(client, q="a-100") == {"A-100"}
    assert found(client, q="13") == {"B-200"}
    assert found(client, q="00100") == {"A-100", "B-200", "C-300"}  # the debtor's postal code
    assert found(client, q="99999") == set()
    typed = several["C-300"].display_myropo_id.lower()
    assert found(client, q=typed) == {"C-300"}


def test_search_finds_a_finnish_reference_in_either_form_as_printed(client, debtor, several):
    log_in(client, debtor)
    # A-100 is stored with its national reference 1232; the case page prints RF11 1232.
    assert found(client, q="RF11 1232") == {"A-100"}
    assert found(client, q="rf111232") == {"A-100"}
    assert found(client, q="0000 1232") == {"A-100"}
    assert found(client, q="RF12 1232") == set()  # wrong check digits: not a reference
    apply_case_updates([case(5, debtor=party(0), invoice_number="D-400", reference="RF254569")])
    assert found(client, q="4569") == {"D-400"}  # stored in its RF form, typed as national


def test_filters_by_status_and_creditor(client, debtor, several):
    log_in(client, debtor)
    assert found(client, status="paid") == {"C-300"}
    creditor = several["C-300"].creditor.public_id
    assert found(client, creditor=str(creditor)) == {"C-300"}
    assert found(client) == {"A-100", "B-200", "C-300"}


def test_search_never_reaches_someone_elses_invoice(client, debtor, several):
    log_in(client, debtor)
    assert found(client, q="SECRET-1") == set()
    assert found(client, q=several["SECRET-1"].myropo_id) == set()


def test_a_filter_value_that_is_not_offered_answers_400(client, debtor, several):
    log_in(client, debtor)
    response = client.get(reverse("invoices:home"), {"status": "stolen"})
    assert response.status_code == 400


# --- archive and certificate --------------------------------------------------------------


def test_the_archive_lists_every_letter_of_ones_own_invoices_only(client, debtor, several):
    log_in(client, debtor)
    html = client.get(reverse("invoices:archive")).content.decode()
    for number in ("A-100", "B-200", "C-300"):
        invoice = several[number]
        for letter in invoice.letters.all():
            assert reverse("invoices:letter", args=[invoice.myropo_id, letter.public_id]) in html
    assert several["SECRET-1"].myropo_id not in html


def link_texts(html: str, prefix: str) -> dict[str, set[str]]:
    """What a screen reader's link list reads for each link under `prefix`, by address."""
    texts: dict[str, set[str]] = {}
    for href, inner in re.findall(rf'<a href="({prefix}[^"]*)"[^>]*>(.*?)</a>', html, re.S):
        texts.setdefault(href, set()).add(" ".join(re.sub(r"<[^>]+>", "", inner).split()))
    return texts


def test_every_invoice_and_letter_link_reads_differently(client, debtor, several):
    # A-100 and B-200 are both "Electricity", with letters of the same kinds on the same days.
    log_in(client, debtor)
    for page in ("invoices:home", "invoices:archive"):
        html = client.get(reverse(page)).content.decode()
        texts = link_texts(html, "/invoices/[A-Z0-9]{11}/")
        assert all(len(t) == 1 for t in texts.values()), texts  # one address, one wording
        wordings = [t for ts in texts.values() for t in ts]
        assert len(wordings) == len(set(wordings)) >= 3, wordings


def pdf_text(content: bytes, tmp_path) -> str:
    assert content.startswith(b"%PDF")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_balance_certificate_lists_each_open_debt_with_its_parts(
    client, debtor, several, tmp_path
):
    log_in(client, debtor)
    client.cookies["myropo_language"] = "fi"
    response = client.get(reverse("invoices:balance_certificate"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "A-100" in text and "B-200" in text
    assert "C-300" not in text  # paid: not a debt
    assert "SECRET-1" not in text
    assert "100,00 €" in text and "5,00 €" in text and "0,50 €" in text
    assert "211,00 €" in text  # two open debts of 105.50


def test_the_balance_certificate_needs_a_login(client):
    response = client.get(reverse("invoices:balance_certificate"))
    assert response.status_code == 302


def test_a_letter_holder_is_asked_to_log_in_for_a_balance_certificate(client, several):
    """A letter opens one invoice; a certificate of all a person's debts needs the person."""
    session = client.session
    invoice = Invoice.objects.order_by("pk").first()
    session[LETTER_GRANTS_KEY] = {str(invoice.pk): time.time() + 600}
    session.save()
    client.cookies["sessionid"] = session.session_key
    response = client.get(reverse("invoices:balance_certificate"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- someone else's invoice ---------------------------------------------------------------


def test_someone_elses_invoice_answers_404_on_every_route(client, debtor, other_debtor):
    apply_case_updates([case(9, debtor=party(1))])
    invoice = Invoice.objects.get()
    log_in(client, other_debtor)
    client.post(
        reverse("invoices:dispute", args=[invoice.myropo_id]),
        {
            "scope": "all",
            "reason": "Not mine at all.",
            "attachments": [SimpleUploadedFile("a.png", png_bytes())],
        },
    )
    attachment = DisputeAttachment.objects.get()
    letter = invoice.letters.first()
    routes = [
        reverse("invoices:detail", args=[invoice.myropo_id]),
        reverse("invoices:letter", args=[invoice.myropo_id, letter.public_id]),
        reverse("invoices:dispute", args=[invoice.myropo_id]),
        reverse("invoices:dispute_attachment", args=[invoice.myropo_id, attachment.public_id]),
        reverse("invoices:authorize", args=[invoice.myropo_id]),
    ]
    log_in(client, debtor, how="bankid")
    for url in routes:
        assert client.get(url).status_code == 404, url
    assert client.post(routes[2], {"scope": "all", "reason": "x" * 20}).status_code == 404
