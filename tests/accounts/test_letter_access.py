import pytest
from django.test import Client
from django.urls import reverse

from accounts import letters
from invoices.models import Invoice
from invoices.services import apply_case_updates
from tests.accounts.test_bankid import bank_id_login, logged_in_user
from tests.invoices.snapshots import case

pytestmark = pytest.mark.django_db

URL = "/letter/"


@pytest.fixture
def invoice():
    apply_case_updates([case(1)])
    return Invoice.objects.get()


def attempt(client, myropo_id, fact):
    return client.post(URL, {"myropo_id": myropo_id, "postal_code_or_reference": fact})


def test_letter_holder_opens_the_invoice_with_the_postal_code(client, invoice):
    response = attempt(client, invoice.display_myropo_id.lower(), "00100")
    assert response.status_code == 302
    assert response["Location"] == reverse("invoices:detail", args=[invoice.myropo_id])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert invoice.invoice_number in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_the_reference_number_works_as_the_second_fact(client, invoice):
    assert attempt(client, invoice.myropo_id, f" {invoice.reference} ").status_code == 302


def test_a_wrong_postal_code_gets_the_generic_answer_and_no_grant(client, invoice):
    response = attempt(client, invoice.myropo_id, "99999")
    assert response.status_code == 400
    assert "We could not open an invoice with these details" in response.content.decode()
    assert (
        client.get(reverse("invoices:detail", args=[invoice.myropo_id])).status_code == 302
    )  # no grant: asked to log in


def test_an_unknown_id_gets_the_same_answer_as_a_wrong_fact(client, invoice):
    from invoices.public_id import new_myropo_id

    unknown = attempt(client, new_myropo_id(), "00100")
    wrong = attempt(client, invoice.myropo_id, "99999")
    assert unknown.status_code == wrong.status_code == 400
    assert b"We could not open an invoice" in unknown.content
    assert b"We could not open an invoice" in wrong.content


def test_a_mistyped_id_is_caught_before_any_lookup(client, invoice):
    typo = ("3" if invoice.myropo_id[0] != "3" else "4") + invoice.myropo_id[1:]
    response = attempt(client, typo, "00100")
    assert response.status_code == 400
    assert "Check the MyRopo ID" in response.content.decode()


def test_five_failures_lock_that_client_out_of_the_letter(client, invoice):
    for _ in range(5):
        assert attempt(client, invoice.myropo_id, "11111").status_code == 400
    response = attempt(client, invoice.myropo_id, "00100")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_someone_elses_failures_do_not_lock_the_letter_holder_out(invoice):
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(10):
        assert attempt(attacker, invoice.myropo_id, "11111").status_code in (400, 429)
    assert attempt(attacker, invoice.myropo_id, "00100").status_code == 429
    holder = Client(REMOTE_ADDR="198.51.100.7")
    assert attempt(holder, invoice.myropo_id, "00100").status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client, invoice, monkeypatch):
    import time

    for _ in range(5):
        attempt(client, invoice.myropo_id, "11111")
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert attempt(client, invoice.myropo_id, "00100").status_code == 302


def test_thirty_failures_from_one_client_lock_that_client(client, invoice):
    from invoices.public_id import new_myropo_id

    for _ in range(letters.PER_CLIENT.failures):
        attempt(client, new_myropo_id(), "11111")
    assert attempt(client, invoice.myropo_id, "00100").status_code == 429


def test_a_grant_opens_only_that_invoice(client, invoice):
    apply_case_updates([case(2, person=1)])
    other = Invoice.objects.get(upstream_id="FI:2")
    attempt(client, invoice.myropo_id, "00100")
    assert client.get(reverse("invoices:detail", args=[other.myropo_id])).status_code == 404
    home = client.get(reverse("invoices:home")).content.decode()
    assert reverse("invoices:detail", args=[invoice.myropo_id]) in home
    assert reverse("invoices:detail", args=[other.myropo_id]) not in home


def test_a_grant_expires(client, invoice, monkeypatch, settings):
    import time

    attempt(client, invoice.myropo_id, "00100")
    later = time.time() + settings.LETTER_GRANT_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(reverse("invoices:detail", args=[invoice.myropo_id])).status_code == 404


def test_bad_form_input_writes_nothing(client, invoice):
    from accounts.models import AttemptCounter

    response = client.post(URL, {"myropo_id": "", "postal_code_or_reference": ""})
    assert response.status_code == 400
    assert AttemptCounter.objects.count() == 0


def test_giving_a_letter_grant_rotates_the_session_key(invoice):
    browser = Client(HTTP_HOST="localhost")
    session = browser.session
    session["django_language"] = "fi"  # a session that existed before the letter
    session.save()
    browser.cookies["sessionid"] = before = session.session_key
    assert attempt(browser, invoice.myropo_id, "00100").status_code == 302
    assert browser.cookies["sessionid"].value != before


def test_a_letter_grant_does_not_survive_someone_elses_bank_id_login(web, invoice):
    browser = Client(HTTP_HOST="localhost")
    detail = reverse("invoices:detail", args=[invoice.myropo_id])
    assert attempt(browser, invoice.myropo_id, "00100").status_code == 302
    assert browser.get(detail).status_code == 200
    bank_id_login(browser, web, person="FI:010190-002R")  # not this letter's debtor
    assert logged_in_user(browser) is not None
    assert browser.get(detail).status_code == 404
    assert detail not in browser.get(reverse("invoices:home")).content.decode()
