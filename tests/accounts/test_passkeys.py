"""A passkey is another way to log in, never a second factor after the bank: a bank-ID login
or step-up of someone with a passkey goes through, and a lost passkey can be removed after a
bank-ID step-up (end to end against the sandbox's test bank)."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.accounts.test_bankid import bank_id_login, logged_in_user
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def add_passkey(user, name="Phone") -> Authenticator:
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": name, "credential": {}}
    )


def person_with_a_passkey(portal, web):
    """Aino, who logged in with bank ID once and then added a passkey; logged out."""
    bank_id_login(portal, web)
    person = logged_in_user(portal)
    add_passkey(person)
    portal.post("/accounts/logout/")
    assert logged_in_user(portal) is None
    return person


def test_a_bank_id_login_of_someone_with_a_passkey_lands_logged_in(portal, web):
    person = person_with_a_passkey(portal, web)
    response = bank_id_login(portal, web)
    assert response.status_code == 302
    assert response["Location"] != reverse("mfa_authenticate")
    assert logged_in_user(portal) == person
    assert "strong (bank ID or passkey)" in portal.get("/account/").content.decode()


def test_a_bank_id_step_up_of_someone_with_a_passkey_opens_the_change(portal, web):
    person = person_with_a_passkey(portal, web)
    log_in(portal, person, how="code")
    assert portal.get(reverse("mfa_list_webauthn"))["Location"].startswith("/account/step-up/")
    bank_id_login(portal, web)
    assert logged_in_user(portal) == person
    assert portal.get(reverse("mfa_list_webauthn")).status_code == 200


def test_someone_who_lost_their_passkey_removes_it_after_a_bank_id_step_up(portal, web):
    person = person_with_a_passkey(portal, web)
    bank_id_login(portal, web)
    passkey = person.authenticator_set.get()
    url = reverse("mfa_remove_webauthn", args=[passkey.pk])
    response = portal.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_list_webauthn")
    assert not Authenticator.objects.filter(pk=passkey.pk).exists()


def test_without_a_step_up_a_passkey_stays(client, debtor):
    passkey = add_passkey(debtor)
    log_in(client, debtor, how="code")
    response = client.post(reverse("mfa_remove_webauthn", args=[passkey.pk]))
    assert response["Location"].startswith("/account/step-up/")
    assert Authenticator.objects.filter(pk=passkey.pk).exists()


def test_a_password_login_with_a_passkey_still_asks_for_it(client, agent):
    add_passkey(agent)
    response = client.post(
        reverse("account_login"), {"login": agent.email, "password": "agent-pass-1234"}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
