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


def test_an_agent_removes_a_persons_lost_passkey_in_the_admin_and_it_is_audited(
    client, agent, debtor
):
    from accounts.models import AuditEntry

    passkey = add_passkey(debtor, name="Old phone")
    log_in(client, agent, how="password_totp")
    listing = client.get(reverse("admin:mfa_authenticator_changelist"))
    assert listing.status_code == 200
    assert "Old phone" in listing.content.decode()
    url = reverse("admin:mfa_authenticator_delete", args=[passkey.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=passkey.pk).exists()
    entry = AuditEntry.objects.get(action="passkey.removed")
    assert (entry.actor, entry.actor_label) == (agent, agent.email)
    assert entry.object_id == str(debtor.pk)
    assert entry.before["passkey"] == "Old phone"


def test_agents_cannot_remove_a_staff_members_second_factor(client, agent, django_user_model):
    from allauth.mfa.totp.internal.auth import TOTP

    colleague = django_user_model.objects.create_user(email="c@example.com", is_staff=True)
    totp = TOTP.activate(colleague, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").instance
    passkey = add_passkey(colleague)
    log_in(client, agent, how="password_totp")
    for authenticator in (totp, passkey):
        url = reverse("admin:mfa_authenticator_delete", args=[authenticator.pk])
        client.post(url, {"post": "yes"})
        assert Authenticator.objects.filter(pk=authenticator.pk).exists()
