import base64

import pytest
from django.core.management import call_command
from django.db import connection

from accounts import crypto
from invoices.models import DebtorParty

OLD = "old:" + base64.b64encode(b"o" * 32).decode()
NEW = "new:" + base64.b64encode(b"n" * 32).decode()


def raw_identity(debtor: DebtorParty) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT identity_code FROM invoices_debtorparty WHERE id = %s", [debtor.pk])
        return cursor.fetchone()[0]


def make_debtor(code: str = "131052-308T") -> DebtorParty:
    return DebtorParty.objects.create(
        kind="person", name="Aino Virtanen", country="FI", identity_code=code
    )


def test_round_trip_returns_the_plaintext(settings):
    token = crypto.encrypt("131052-308T", context="t.c")
    assert token.startswith("enc1$demo1$")
    assert "131052" not in token
    assert crypto.decrypt(token, context="t.c") == "131052-308T"


def test_same_plaintext_encrypts_differently_each_time():
    assert crypto.encrypt("x", context="c") != crypto.encrypt("x", context="c")


def test_tampered_value_raises():
    token = crypto.encrypt("131052-308T", context="c")
    prefix, kid, payload = token.split("$")
    raw = bytearray(base64.b64decode(payload))
    raw[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{prefix}${kid}${base64.b64encode(bytes(raw)).decode()}", context="c")


def test_value_moved_to_another_column_does_not_decrypt():
    token = crypto.encrypt("131052-308T", context="invoices.debtorparty.identity_code")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context="payments.refundaccount.iban")


def test_unknown_key_fails_closed(settings):
    token = crypto.encrypt("secret", context="c")
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context="c")


def test_plain_text_in_the_column_is_refused():
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("131052-308T", context="c")


@pytest.mark.django_db
def test_database_row_holds_no_plaintext_and_loads_decrypted():
    debtor = make_debtor()
    assert "131052" not in raw_identity(debtor)
    assert DebtorParty.objects.get(pk=debtor.pk).identity_code == "131052-308T"


@pytest.mark.django_db
def test_loading_with_a_wrong_key_raises_instead_of_showing_ciphertext(settings):
    debtor = make_debtor()
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    with pytest.raises(crypto.DecryptionError):
        DebtorParty.objects.get(pk=debtor.pk).identity_code  # noqa: B018


@pytest.mark.django_db
def test_encrypted_field_cannot_be_searched_by_value():
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        DebtorParty.objects.filter(identity_code="131052-308T").count()


@pytest.mark.django_db
def test_rotation_re_encrypts_old_values_with_the_new_primary_key(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    debtor = make_debtor()
    assert crypto.key_id_of(raw_identity(debtor)) == "old"
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    call_command("rotate_field_keys")
    assert crypto.key_id_of(raw_identity(debtor)) == "new"
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    assert DebtorParty.objects.get(pk=debtor.pk).identity_code == "131052-308T"


def test_misconfigured_keys_are_refused():
    from django.core.exceptions import ImproperlyConfigured

    for bad in (["nokey"], ["k:" + base64.b64encode(b"short").decode()], ["k:!!!"], []):
        with pytest.raises(ImproperlyConfigured):
            crypto.parse_keys(bad)
