"""Who may pay, and the receipt in the archive: an e-mail and a PDF only the payer's side sees."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.models import AuditEntry
from payments.models import Payment
from payments.services import apply_gateway_status
from tests.conftest import log_in
from tests.payments.conftest import local, press, start_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(client, debtor, open_invoice, gateway, mailoutbox, django_capture_on_commit_callbacks):
    log_in(client, debtor)
    response = start_payment(client, open_invoice, amount="40.00")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(local(press(gateway, response["Location"])))
    return Payment.objects.get(status=Payment.Status.PAID)


def test_someone_else_cannot_pay_my_invoice(client, other_debtor, open_invoice):
    log_in(client, other_debtor)

    response = start_payment(client, open_invoice)

    assert response.status_code == 404
    assert not Payment.objects.exists()


def test_a_delegate_without_the_pay_scope_cannot_pay(client, debtor, open_invoice, db):
    from accounts import delegation
    from tests.conftest import make_person

    helper = make_person("helper@example.com", "010190-002R")
    until = timezone.localdate() + datetime.timedelta(days=30)
    _, token = delegation.invite_delegate(
        open_invoice, granted_by=debtor, email=helper.email, valid_until=until
    )
    delegation.accept_invitation(token, user=helper)
    log_in(client, helper, how="bankid")

    page = client.get(reverse("invoices:detail", args=[open_invoice.myropo_id]))
    assert page.status_code == 200
    assert reverse("payments:pay", args=[open_invoice.myropo_id]) not in page.content.decode()
    assert start_payment(client, open_invoice).status_code == 404


def test_a_letter_holder_can_pay_the_one_invoice(client, open_invoice, gateway):
    import time

    from accounts.services import LETTER_GRANTS_KEY

    session = client.session
    session[LETTER_GRANTS_KEY] = {str(open_invoice.pk): time.time() + 600}
    session.save()

    response = start_payment(client, open_invoice, amount="10.00")

    assert response.status_code == 302
    assert Payment.objects.get().created_by is None


def test_the_case_page_offers_to_pay_what_is_due(client, debtor, open_invoice):
    log_in(client, debtor)

    html = client.get(reverse("invoices:detail", args=[open_invoice.myropo_id])).content.decode()

    assert reverse("payments:pay", args=[open_invoice.myropo_id]) in html
    assert 'name="amount"' in html and 'value="105.50"' in html


def test_a_booked_payment_sends_a_receipt_e_mail_without_amounts(paid, debtor, mailoutbox):
    (mail,) = [m for m in mailoutbox if m.to == [debtor.email]]
    assert paid.invoice.display_myropo_id in mail.body
    assert "40" not in mail.body


def test_the_receipt_pdf_is_in_the_archive_for_the_payer(client, paid):
    url = reverse("payments:receipt", args=[paid.invoice.myropo_id, paid.public_id])
    page = client.get(reverse("invoices:detail", args=[paid.invoice.myropo_id])).content.decode()
    assert url in page
    assert url in client.get(reverse("invoices:archive")).content.decode()

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_someone_elses_receipt_answers_404(client, paid, other_debtor):
    log_in(client, other_debtor)
    url = reverse("payments:receipt", args=[paid.invoice.myropo_id, paid.public_id])
    assert url not in client.get(reverse("invoices:archive")).content.decode()

    assert client.get(url).status_code == 404


def test_every_state_change_is_audited(paid):
    actions = list(
        AuditEntry.objects.filter(object_id=str(paid.public_id)).values_list("action", flat=True)
    )
    assert {"payment.created", "payment.pending", "payment.paid", "payment.booked"} <= set(actions)


def test_a_status_from_the_past_never_moves_a_payment_back(paid):
    for status in ("pending", "fail", "new"):
        apply_gateway_status(paid, status=status)
    paid.refresh_from_db()
    assert paid.status == Payment.Status.PAID


def test_agents_see_payments_read_only_with_their_raw_notices(client, paid, agent):
    log_in(client, agent, how="password_totp")
    url = reverse("admin:payments_payment_change", args=[paid.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert "checkout-status=ok&amp;checkout-provider=nordea" in page.content.decode()
    assert client.post(url, {}).status_code == 403


def test_agents_find_paid_payments_that_were_not_booked(client, paid, agent):
    log_in(client, agent, how="password_totp")
    url = reverse("admin:payments_payment_changelist")

    booked = client.get(url, {"status": "paid", "booked": "yes"}).content.decode()
    unbooked = client.get(url, {"status": "paid", "booked": "no"}).content.decode()

    assert str(paid.public_id) in booked
    assert str(paid.public_id) not in unbooked


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
@pytest.mark.parametrize(
    ("language", "bank_row", "amount"),
    [("en", r"Bank\s+OP\n", "€40.00"), ("fi", r"Pankki\s+OP\n", "40,00 €")],
)
def test_the_receipt_names_the_bank_and_the_amount_as_people_know_them(
    client,
    debtor,
    open_invoice,
    gateway,
    django_capture_on_commit_callbacks,
    tmp_path,
    language,
    bank_row,
    amount,
):
    log_in(client, debtor)
    client.cookies["myropo_language"] = language
    response = start_payment(client, open_invoice, amount="40.00")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(local(press(gateway, response["Location"], bank="osuuspankki")))
    paid = Payment.objects.get(status=Payment.Status.PAID)
    assert paid.bank == "osuuspankki"

    pdf = client.get(reverse("payments:receipt", args=[open_invoice.myropo_id, paid.public_id]))
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True
    ).stdout

    assert re.search(bank_row, text), text
    assert "osuuspankki" not in text
    assert amount in text
    with translation.override(language):
        assert date_format(timezone.localtime(paid.paid_at), "SHORT_DATE_FORMAT") in text
