"""A link to an invoice page asks a logged-out person to log in and comes back to the page."""

import pytest
from django.urls import reverse

from invoices.models import Invoice
from invoices.services import apply_case_updates
from tests.conftest import log_in
from tests.invoices.snapshots import case
from tests.invoices.snapshots import debtor as party

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(debtor):
    apply_case_updates([case(7, debtor=party(0))])
    return Invoice.objects.get()


def invoice_routes(invoice) -> list[str]:
    letter = invoice.letters.first()
    return [
        reverse("invoices:detail", args=[invoice.myropo_id]),
        reverse("invoices:letter", args=[invoice.myropo_id, letter.public_id]),
        reverse("invoices:dispute", args=[invoice.myropo_id]),
        reverse("invoices:postpone", args=[invoice.myropo_id]),
    ]


def test_logged_out_person_is_asked_to_log_in_and_sent_back_to_the_invoice(client, invoice):
    for url in invoice_routes(invoice):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == f"{reverse('account_login')}?next={url}", url


def test_the_login_page_carries_the_invoice_on_to_the_bank_id_login(client, invoice):
    url = reverse("invoices:detail", args=[invoice.myropo_id])
    html = client.get(client.get(url).url).content.decode()
    assert f'name="next" value="{url}"' in html


def test_a_missing_invoice_asks_for_a_login_too_so_nothing_tells_it_apart(client, db):
    url = reverse("invoices:detail", args=["MR-NOSUCH-0000"])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


def test_logged_in_without_access_still_answers_404(client, invoice, other_debtor):
    log_in(client, other_debtor, how="bankid")
    for url in invoice_routes(invoice):
        assert client.get(url).status_code == 404, url


def test_after_logging_in_the_owner_sees_the_page(client, invoice, debtor):
    log_in(client, debtor, how="bankid")
    assert client.get(reverse("invoices:detail", args=[invoice.myropo_id])).status_code == 200
