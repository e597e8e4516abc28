"""The refund bank account: strong identification, validated, encrypted, masked, notified."""

import pytest
from django.db import connection
from django.urls import reverse

from accounts.crypto import blind_index
from accounts.models import AuditEntry
from payments.models import RefundAccount
from tests.conftest import log_in

pytestmark = pytest.mark.django_db
URL = "/account/refund-account/"
FI_IBAN = "FI21 1234 5600 0007 85"


def save(client, **data):
    form = {"holder": "Debtor Example", "iban": FI_IBAN, "bic": ""} | data
    return client.post(URL, form)


def test_the_page_lives_under_account():
    assert reverse("payments:refund_account") == URL


def test_changing_it_needs_a_fresh_strong_login(client, debtor):
    log_in(client, debtor, how="code")

    response = save(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:step_up"))
    assert not RefundAccount.objects.exists()


def test_a_finnish_iban_is_saved_encrypted_with_a_keyed_hash_and_shown_masked(
    client, debtor, mailoutbox, django_capture_on_commit_callbacks
):
    log_in(client, debtor, how="bankid")
    with django_capture_on_commit_callbacks(execute=True):
        response = save(client)

    assert response.status_code == 302
    account = RefundAccount.objects.get(user=debtor)
    assert account.iban == "FI2112345600000785"
    assert account.bic == "NDEAFIHH"  # found from the IBAN
    assert account.iban_hash == blind_index(
        "FI2112345600000785", context="payments.refund_account.iban"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT iban, holder FROM payments_refundaccount")
        stored = cursor.fetchone()
    assert "FI2112345600000785" not in stored[0] and "Debtor" not in stored[1]
    page = client.get(URL).content.decode()
    assert "FI** **** 0785" in page and "FI2112345600000785" not in page
    assert [m.to for m in mailoutbox] == [[debtor.email]]
    assert AuditEntry.objects.filter(action="refund_account.changed").count() == 1


@pytest.mark.parametrize(
    ("iban", "bic"),
    [("SE45 5000 0000 0583 9825 7466", "ESSESESS"), ("NO93 8601 1117 947", "DNBANOKK")],
)
def test_swedish_and_norwegian_accounts_are_accepted(client, debtor, iban, bic):
    log_in(client, debtor, how="bankid")

    assert save(client, iban=iban, bic=bic).status_code == 302
    assert RefundAccount.objects.get().iban == iban.replace(" ", "")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"iban": "FI21 1234 5600 0007 86"}, "not a valid IBAN"),
        ({"iban": "BR15 0000 0000 0000 1093 2840 814P 2"}, "SEPA accounts only"),
        ({"bic": "NOTABIC!"}, "not a valid BIC"),
        ({"holder": ""}, "required"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
    client, debtor, data, message
):
    log_in(client, debtor, how="bankid")

    response = save(client, **data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RefundAccount.objects.exists()
