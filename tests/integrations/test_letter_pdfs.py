"""Letters open as real PDFs through the portal and say the amounts the case holds."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from integrations.ropo_one.client import RopoOneClient
from integrations.ropo_one.letters import letter_pdf
from integrations.ropo_one.tasks import pull_status_updates
from invoices.models import Invoice, InvoiceStatus, Letter
from tests.conftest import log_in, make_person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed"),
]


def text_of(content: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    run = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout


def figure(value, language: str) -> str:
    text = f"{value:.2f}"
    return text if language == "en" else text.replace(".", ",")


def test_the_first_letter_of_a_case_shows_its_number_reference_and_capital(
    client, fresh_sandbox, tmp_path
):
    pull_status_updates("FI")
    invoice = (
        Invoice.objects.filter(country="FI", status=InvoiceStatus.OPEN, debtor__kind="person")
        .order_by("upstream_id")
        .first()
    )
    owner = make_person("owner@example.com", invoice.debtor.identity_code)
    log_in(client, owner, how="bankid")
    letter = invoice.letters.filter(kind=Letter.Kind.INVOICE).first()
    response = client.get(reverse("invoices:letter", args=[invoice.myropo_id, letter.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content, tmp_path)
    language = letter.language or "en"
    assert invoice.invoice_number in text
    assert invoice.reference.replace(" ", "") in text.replace(" ", "")
    assert f"{figure(invoice.capital, language)} EUR" in text


def test_someone_else_cannot_open_the_letter(client, fresh_sandbox, other_debtor):
    pull_status_updates("FI")
    invoice = (
        Invoice.objects.filter(country="FI")
        .exclude(debtor__identity_hash=other_debtor.identity.identity_hash)
        .first()
    )
    letter = invoice.letters.first()
    log_in(client, other_debtor, how="bankid")
    url = reverse("invoices:letter", args=[invoice.myropo_id, letter.public_id])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind", [Letter.Kind.REMINDER, Letter.Kind.POSTPONEMENT_CONFIRMATION])
def test_a_later_letter_comes_as_itself_by_its_date_and_kind(fresh_sandbox, tmp_path, kind):
    pull_status_updates("FI")
    letter = (
        Letter.objects.filter(kind=kind, invoice__country="FI")
        .select_related("invoice")
        .order_by("id")
        .first()
    )
    country, jobid = letter.invoice.upstream_job
    with RopoOneClient(country) as client:
        job = client._authed("GET", "/rest/jobs", params={"jobid": jobid}).json()
    upstream = next(x for x in job["letters"] if str(x["id"]) == letter.upstream_id)
    assert upstream["due_date"] not in {x["due_date"] for x in job["letters"] if x != upstream}

    text = text_of(letter_pdf(letter), tmp_path)

    assert upstream["due_date"] in text
    assert figure(Decimal(upstream["amount_due"]), upstream["language"]) in text
